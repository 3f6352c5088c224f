import { errorMessage, InputError } from "../core/errors.js";
import type { OptionSpec, ParsedArguments } from "./arguments.js";
import { UsageError } from "./arguments.js";

/** Where a command prints, and the directory it runs in. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
}

export type Environment = Record<string, string | undefined>;

export interface Command {
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** The synopsis after `Usage: `. */
  usage: string;
  /** What the command does, for `agent-task help <command>`. */
  description: string;
  options: OptionSpec[];
  maxPositionals: number;
  run(parsed: ParsedArguments, env: Environment, io: CliIo): Promise<number>;
}

/** Exit statuses: 0 success, 1 a run or check failed, 2 bad usage or bad input. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Bad usage and bad input values exit 2 with the message; anything else is a failure (1). */
export function reportError(command: string, error: unknown, io: CliIo): number {
  const usage = error instanceof UsageError || error instanceof InputError;
  io.stderr.write(`agent-task ${command}: ${errorMessage(error)}\n`);
  if (error instanceof UsageError) io.stderr.write(`See \`agent-task help ${command}\`.\n`);
  return usage ? EXIT.usage : EXIT.failed;
}

/** Decorations (colours, a live status line) only on a terminal that can show them. */
export function isTerminal(stream: { isTTY?: boolean }, env: Environment): boolean {
  return stream.isTTY === true && env.TERM !== "dumb";
}
