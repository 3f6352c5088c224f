import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";

/** Where system programs (useradd, setpriv, chown) live, whatever PATH the job set. */
export const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * Where `program` is on `searchPath`, as execvp finds it: the first directory, in order, holding an
 * executable file of that name. Only absolute directories count: a relative one would depend on
 * the working directory. The directories are asked at once.
 */
export async function findOnPath(program: string, searchPath: string): Promise<string | undefined> {
  const files = searchPath
    .split(path.delimiter)
    .filter((dir) => path.isAbsolute(dir))
    .map((dir) => path.join(dir, program));
  const found = await Promise.all(files.map(isExecutableFile));
  return files[found.indexOf(true)];
}

/** True for a regular file (or a link to one) that this process may execute. */
export async function isExecutableFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

export interface CommandResult {
  /** The exit code; 128 when a signal ended it, -1 when the program could not be started. */
  code: number;
  /** The signal that ended it, if one did. */
  signal?: NodeJS.Signals;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Written to its stdin, which is closed otherwise. */
  input?: string;
  /**
   * Stops it and whatever it started (SIGTERM to a process group of its own), e.g. git's HTTP
   * helper, which holds the pipes until the server answers.
   */
  signal?: AbortSignal;
}

/**
 * Runs a program (git, id, useradd, chown, setpriv …) without a shell and collects its output.
 * Never throws: a program that is missing reports code -1 and the reason in `stderr`.
 */
export function runCommand(argv: string[], options: CommandOptions = {}): Promise<CommandResult> {
  const { input, signal } = options;
  return new Promise((resolve) => {
    const [command, ...args] = argv;
    const child = spawn(command!, args, {
      env: options.env ?? { PATH: [process.env.PATH, SYSTEM_PATH].filter(Boolean).join(":") },
      cwd: options.cwd ?? "/",
      detached: signal !== undefined,
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const stop = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    };
    if (signal?.aborted) stop();
    signal?.addEventListener("abort", stop, { once: true });
    // An early exit closes the pipe; what the program says about it comes with its exit code.
    child.stdin?.on("error", () => {});
    child.stdin?.end(input);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("error", (error) => {
      signal?.removeEventListener("abort", stop);
      resolve({ code: -1, stdout: "", stderr: error.message });
    });
    child.once("close", (code, ended) => {
      signal?.removeEventListener("abort", stop);
      resolve({
        code: code ?? (ended ? 128 : -1),
        signal: ended ?? undefined,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
  });
}
