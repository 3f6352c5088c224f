import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { FILE_COMMANDS, isSecretVariable, secretForms } from "../core/secrets.js";

const TOKEN_INPUT = "INPUT_GITHUB-TOKEN";
const HANDOVER = "AGENT_TASK_TOKEN_HANDOVER";

/**
 * V8 flags the new image gets, each unless the runner's Node options set it already:
 * - The action streams an agent's output, possibly gigabytes of short-lived lines. Under that load
 *   V8 grows its young generation to two 32 MB semi-spaces (Node runs without pointer
 *   compression), which the action does not need: 8 MB costs a few more, quicker scavenges.
 * - WebAssembly stays with its baseline compiler, Liftoff. The only WebAssembly the action runs
 *   is the HTTP parser of Node's fetch (undici's llhttp), for a few small API responses, and
 *   optimising it with TurboFan took about 20 MB of compiler memory for a moment, as the run was
 *   admitted: with a 5 MB issue body that moment made the run's peak, up to 164 MB.
 * https://nodejs.org/api/cli.html#--max-semi-space-sizesize-in-mib
 * https://v8.dev/docs/wasm-compilation-pipeline
 */
const NODE_FLAGS = ["--max-semi-space-size=8", "--liftoff-only"];

/**
 * The runner starts the action with the token in its environment (`INPUT_GITHUB-TOKEN`), and a
 * process's initial environment stays readable at /proc/<pid>/environ by every process of the
 * same user, the agent included; deleting the variable in Node does not erase it there. So the
 * action replaces itself (execve keeps the pid the runner waits on) with an environment without
 * the token, handing the token over in a private file that the new image reads and deletes
 * before anything else runs. Where execve is missing (Node < 22.15) nothing changes.
 * https://man7.org/linux/man-pages/man5/proc_pid_environ.5.html,
 * https://nodejs.org/api/process.html#processexecvefile-args-env
 */
/** True in the process that replaced the one the runner started (the token was handed over). */
export function isHandedOver(): boolean {
  return Boolean(process.env[HANDOVER]);
}

export function scrubTokenFromEnvironment(): void {
  const handover = process.env[HANDOVER];
  if (handover) {
    process.env[TOKEN_INPUT] = readFileSync(handover, "utf8");
    rmSync(path.dirname(handover), { recursive: true, force: true });
    delete process.env[HANDOVER];
    return;
  }
  const token = process.env[TOKEN_INPUT];
  const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never })
    .execve;
  if (!token || typeof execve !== "function" || process.platform !== "linux") return;

  const dir = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), "agent-task-"));
  const file = path.join(dir, "token");
  writeFileSync(file, token, { mode: 0o600 });
  const forms = secretForms(token);
  const env: NodeJS.ProcessEnv = { [HANDOVER]: file };
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || forms.some((form) => value.includes(form))) continue;
    // The action still needs its other inputs and the file commands; runtime tokens go.
    if (isSecretVariable(key) && !key.startsWith("INPUT_") && !FILE_COMMANDS.includes(key)) continue;
    env[key] = value;
  }
  const nodeFlags = [...process.execArgv];
  for (const flag of NODE_FLAGS) {
    const name = flag.split("=")[0]!;
    if (!nodeFlags.some((given) => given.split("=")[0] === name)) nodeFlags.push(flag);
  }
  execve(process.execPath, [process.execPath, ...nodeFlags, ...process.argv.slice(1)], env);
}
