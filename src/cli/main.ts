// The CLI runner arrives in a later change; the bundle entry exists so the build is complete.
process.stderr.write("agent-task CLI: not available yet\n");
process.exitCode = 2;
