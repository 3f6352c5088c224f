import { spawn } from "node:child_process";

/** Where system programs (useradd, setpriv, chown) live, whatever PATH the job set. */
export const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface CommandResult {
  /** The exit code; -1 when the program could not be started. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a helper program (id, useradd, chown, setpriv …) without a shell and collects its output.
 * Never throws: a program that is missing reports code -1 and the reason in `stderr`.
 */
export function runCommand(
  argv: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const [command, ...args] = argv;
    const child = spawn(command!, args, {
      env: options.env ?? { PATH: [process.env.PATH, SYSTEM_PATH].filter(Boolean).join(":") },
      cwd: options.cwd ?? "/",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("error", (error) => resolve({ code: -1, stdout: "", stderr: error.message }));
    child.once("close", (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 : -1),
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      }),
    );
  });
}
