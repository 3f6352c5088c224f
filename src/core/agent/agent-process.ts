import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { ByteTail } from "./byte-tail.js";
import { findProgram } from "./isolation.js";
import { LineSplitter } from "./line-splitter.js";

/**
 * An agent that runs as a user of its own: its processes are exactly that user's processes, so
 * stopping it stops every one of them, whatever group, session or environment they moved to.
 */
export interface AgentSandbox {
  /** The argv that runs `argv` as the agent's user. */
  wrap(argv: string[], env: Record<string, string>): string[];
  signalAll(signal: "TERM" | "KILL"): Promise<void>;
  /** Kills every process of the user and waits for them; returns any that survived. */
  stopAll(): Promise<number[]>;
}

export interface AgentProcessOptions {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  killGraceMs: number;
  logFile: string;
  /** Aborted when the host is canceled: the agent is stopped like on a timeout, with a short grace. */
  cancelSignal?: AbortSignal;
  /** Each line the agent prints, for the job log. Untrusted text. */
  onLine?: (line: string) => void;
  /** While the job log is backed up, a promise of when it is not; the agent's output waits for it. */
  outputDrained?: () => Promise<void> | undefined;
  /** Marker in every agent process's environment, used to find processes that left the group. */
  marker?: { name: string; value: string };
  /** Runs the agent as a user of its own; the marker is then not needed. */
  sandbox?: AgentSandbox;
  /** Processes of the agent's user that a kill did not stop (should never happen). */
  onSurvivors?: (pids: number[]) => void;
}

export type AgentEnding =
  | { kind: "exited"; exitCode: number }
  | { kind: "signaled"; signal: string }
  | { kind: "timed-out" }
  | { kind: "canceled" }
  | { kind: "not-started"; reason: string };

export interface AgentProcessResult {
  ending: AgentEnding;
  /** The exit code reported in outputs: the process's own, -1 when it could not start, 128+n for a signal. */
  exitCode: number;
  durationMs: number;
  /** The last lines printed, for reports. */
  tail: string[];
  /** The last part of stdout, where CLIs print their final JSON result. */
  stdoutTail: string;
}

/** The variable that marks every process of an agent of the runner's user: its output directory. */
export const AGENT_MARKER = "AGENT_OUTPUT_DIR";

const TAIL_LINES = 30;
const STDOUT_TAIL_BYTES = 1024 * 1024;
/**
 * The grace an agent gets when the job is canceled. The runner sends SIGINT, SIGTERM about 7.5 s
 * later and SIGKILL at about 10 s; within that the agent must be stopped, its work saved and
 * reported, so the agent gets much less than `kill-grace-seconds`.
 * https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-workflow-runs/canceling-a-workflow#steps-github-takes-to-cancel-a-workflow-run
 */
const CANCEL_GRACE_MS = 1500;

/**
 * Runs the agent without a shell in its own process group, streams its output to the log file
 * and `onLine`, and enforces the timeout: SIGTERM to all its processes (every process of its user
 * in a sandbox, else its group), SIGKILL after the grace. When the agent ends, whatever it left
 * running is killed too.
 */
export async function runAgentProcess(options: AgentProcessOptions): Promise<AgentProcessResult> {
  const started = Date.now();
  const log = createWriteStream(options.logFile, { flags: "a" });
  const tail: string[] = [];
  // Raw chunks, decoded once at the end: a string grown and cut at every chunk would copy the
  // whole megabyte each time, and an agent printing gigabytes would make hundreds of them.
  const stdoutTail = new ByteTail(STDOUT_TAIL_BYTES);
  const splitter = new LineSplitter((line) => {
    tail.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
    if (tail.length > TAIL_LINES) tail.shift();
    options.onLine?.(line);
  });

  const [command, ...args] = options.argv;
  const { sandbox } = options;
  let argv = options.argv;
  if (sandbox) {
    // The wrapper (setpriv, sudo) would report a missing program as its own failure.
    const program = await findProgram(command!, options.env.PATH ?? "");
    if (!program) {
      await closeStream(log);
      const error = Object.assign(new Error("not found"), { code: "ENOENT" });
      return {
        ending: { kind: "not-started", reason: describeStartError(command!, error) },
        exitCode: -1,
        durationMs: Date.now() - started,
        tail,
        stdoutTail: "",
      };
    }
    argv = sandbox.wrap([program, ...args], options.env);
  }
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: options.cwd,
    env: options.env,
    // A new process group (setsid), so the timeout can signal the agent and everything it started.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });

  const startError = new Promise<Error>((resolve) => child.once("error", resolve));
  const spawned = new Promise<void>((resolve) => child.once("spawn", () => resolve()));
  const first = await Promise.race([spawned.then(() => undefined), startError]);
  if (first instanceof Error) {
    await closeStream(log);
    return {
      ending: { kind: "not-started", reason: describeStartError(command!, first) },
      exitCode: -1,
      durationMs: Date.now() - started,
      tail,
      stdoutTail: "",
    };
  }

  const pid = child.pid!;
  const pump = (stream: Readable, isStdout: boolean) =>
    new Promise<void>((resolve) => {
      // The agent's pipe is read no faster than the log file and the job log take its output:
      // an agent printing gigabytes waits for them instead of filling the action's memory.
      let holds = 0;
      const holdUntil = (ready: Promise<unknown>) => {
        if (holds++ === 0) stream.pause();
        void ready.then(() => {
          if (--holds === 0) stream.resume();
        });
      };
      stream.on("data", (chunk: Buffer) => {
        if (!log.write(chunk)) holdUntil(once(log, "drain"));
        splitter.push(chunk);
        if (isStdout) stdoutTail.push(chunk);
        const drained = options.outputDrained?.();
        if (drained) holdUntil(drained);
      });
      stream.once("close", resolve);
      stream.once("error", () => resolve());
    });
  const outputs = Promise.all([pump(child.stdout!, true), pump(child.stderr!, false)]);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );

  let stopReason: "timed-out" | "canceled" | undefined;
  const stop = (reason: "timed-out" | "canceled", graceMs: number) => {
    if (stopReason) return;
    stopReason = reason;
    if (sandbox) void sandbox.signalAll("TERM");
    else killGroup(pid, "SIGTERM");
    const escalate = setTimeout(
      () => void (sandbox ? sandbox.stopAll() : killAll(pid, options.marker, "SIGKILL")),
      graceMs,
    );
    void exited.then(() => clearTimeout(escalate));
  };
  const timer = setTimeout(() => stop("timed-out", options.killGraceMs), options.timeoutMs);
  const onCancel = () => stop("canceled", Math.min(options.killGraceMs, CANCEL_GRACE_MS));
  if (options.cancelSignal?.aborted) onCancel();
  options.cancelSignal?.addEventListener("abort", onCancel, { once: true });

  const { code, signal } = await exited;
  clearTimeout(timer);
  options.cancelSignal?.removeEventListener("abort", onCancel);

  // Whatever the agent left behind (background jobs, grandchildren holding the pipes) goes now.
  if (sandbox) {
    const survivors = await sandbox.stopAll();
    if (survivors.length > 0) options.onSurvivors?.(survivors);
  } else {
    await killAll(pid, options.marker, "SIGKILL");
  }
  await withTimeout(outputs, 2000);
  splitter.end();
  await closeStream(log);

  const ending: AgentEnding = stopReason
    ? { kind: stopReason }
    : signal
      ? { kind: "signaled", signal }
      : { kind: "exited", exitCode: code ?? 0 };
  return {
    ending,
    exitCode: exitCodeOf(code, signal),
    durationMs: Date.now() - started,
    tail,
    stdoutTail: stdoutTail.text(),
  };
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const signals: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return 128 + (signal ? (signals[signal] ?? 0) : 0);
}

function describeStartError(command: string, error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT")
    return `agent command \`${command}\` not found (not on PATH and not an existing file)`;
  if (code === "EACCES") return `agent command \`${command}\` is not executable (check its permissions)`;
  return `agent command \`${command}\` could not be started: ${error.message}`;
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Kills the agent's process group, and on Linux any process carrying the run's marker in its
 * environment: a grandchild that called setsid() has left the group but not the environment.
 */
async function killAll(
  pgid: number,
  marker: AgentProcessOptions["marker"],
  signal: NodeJS.Signals,
): Promise<void> {
  killGroup(pgid, signal);
  if (!marker || process.platform !== "linux") return;
  for (const pid of await markedProcesses(marker)) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone between the scan and the kill.
    }
  }
}

/**
 * Kills (SIGKILL) every process whose environment carries the marker: what a post step can do
 * for an agent of the runner's own user that its dead main step left running. A process that
 * dropped the marker is out of reach; an agent with a user of its own never is.
 */
export async function killMarkedProcesses(marker: { name: string; value: string }): Promise<number[]> {
  if (process.platform !== "linux") return [];
  const pids = await markedProcesses(marker);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone between the scan and the kill.
    }
  }
  return pids;
}

async function markedProcesses(marker: { name: string; value: string }): Promise<number[]> {
  const needle = Buffer.from(`\0${marker.name}=${marker.value}\0`);
  const entries = await readdir("/proc").catch(() => [] as string[]);
  const found: number[] = [];
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
      .map(async (entry) => {
        const environ = await readFile(`/proc/${entry}/environ`).catch(() => undefined);
        if (environ && Buffer.concat([Buffer.from([0]), environ]).includes(needle)) found.push(Number(entry));
      }),
  );
  return found;
}

function closeStream(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.end(resolve));
}

async function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
