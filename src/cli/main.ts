import { closest, parseArguments, UsageError } from "./arguments.js";
import { type CliIo, type Command, type Environment, EXIT, reportError } from "./command.js";
import { doctorCommand } from "./commands/doctor.js";
import { gcCommand } from "./commands/gc.js";
import { planCommand } from "./commands/plan.js";
import { runCommand } from "./commands/run.js";
import { renderCommandHelp, renderUsage } from "./help.js";
import { packageVersion } from "./version.js";

export const COMMANDS: readonly Command[] = [runCommand, planCommand, gcCommand, doctorCommand];

/** The `agent-task` command: returns the exit status. */
export async function cli(
  argv: readonly string[],
  env: Environment,
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() },
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(renderUsage(COMMANDS));
    return EXIT.usage;
  }
  if (first === "-h" || first === "--help") {
    io.stdout.write(renderUsage(COMMANDS));
    return EXIT.ok;
  }
  if (first === "--version" || first === "version") {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (first === "help") return help(rest, io);
  if (first.startsWith("-")) {
    io.stderr.write(
      `agent-task: unknown option \`${first}\`; options go after the command (agent-task run ${first} …)\nSee \`agent-task --help\`.\n`,
    );
    return EXIT.usage;
  }
  const command = findCommand(first, io);
  if (!command) return EXIT.usage;
  try {
    if (rest.some((arg) => /^--github-token(=|$)/.test(arg))) {
      throw new UsageError(
        "the token is never a flag (a flag shows in the process list); set GITHUB_TOKEN or GH_TOKEN",
      );
    }
    const parsed = parseArguments(rest, command.options, {
      command: command.name,
      maxPositionals: command.maxPositionals,
    });
    if (parsed.help) {
      io.stdout.write(renderCommandHelp(command));
      return EXIT.ok;
    }
    return await command.run(parsed, env, io);
  } catch (error) {
    return reportError(command.name, error, io);
  }
}

function help(args: readonly string[], io: CliIo): number {
  const [name, ...extra] = args;
  if (name === undefined) {
    io.stdout.write(renderUsage(COMMANDS));
    return EXIT.ok;
  }
  if (extra.length > 0) {
    return reportError("help", new UsageError(`help takes one command; got \`${args.join(" ")}\``), io);
  }
  const command = findCommand(name, io);
  if (!command) return EXIT.usage;
  io.stdout.write(renderCommandHelp(command));
  return EXIT.ok;
}

function findCommand(name: string, io: CliIo): Command | undefined {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command) return command;
  const suggestion = closest(
    name,
    COMMANDS.map((candidate) => candidate.name),
  );
  io.stderr.write(
    `agent-task: unknown command \`${name}\`${suggestion ? ` (did you mean \`${suggestion}\`?)` : ""}; the commands are ${[...COMMANDS.map((c) => c.name), "help"].join(", ")}\nSee \`agent-task --help\`.\n`,
  );
  return undefined;
}
