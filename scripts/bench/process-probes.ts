/**
 * Watching the processes of a run from outside, through /proc (Linux): when the action first
 * writes to its log, how much memory it held at most, and when the agent's processes are gone.
 */
import { type ChildProcess, execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";

export { isAlive } from "../../test/rig/processes.js";

const execFileAsync = promisify(execFile);

export async function runCommand(file: string, args: readonly string[]): Promise<string> {
  const { stdout } = await execFileAsync(file, args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** VmHWM of a process: the most resident memory it has had since its last execve. */
function highWaterMarkBytes(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined; // gone, or a zombie (its memory is released)
  }
}

/**
 * Workflow commands the runner consumes without showing a line in the job log (`::group::` shows
 * its title, annotations show their message, so those count as log lines).
 * https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands
 */
const SILENT_COMMAND = /^\s*::(add-mask|stop-commands|debug|endgroup|echo|add-matcher|remove-matcher)[\s:]/;

export function isVisibleLogLine(line: string): boolean {
  return line.trim() !== "" && !SILENT_COMMAND.test(line);
}

export interface ActionProbeResult {
  /** From the process's start (its spawn returned) to the first line it shows in the job log. */
  readonly firstLogLineMs: number | undefined;
  /** The largest VmHWM sampled: the action's own peak resident memory, children not included. */
  readonly peakRssBytes: number | undefined;
  /** Characters the action wrote to stdout and stderr (counted only with `discardOutput`). */
  readonly outputChars: number;
  /** The end of the output (only with `discardOutput`), for an error message. */
  readonly outputTail: string;
}

export interface ActionProbeOptions {
  /**
   * The rig keeps all output in memory to replay the runner's log processing; a flood of a
   * gigabyte does not fit in a string. With this set, the probe takes the output streams over:
   * they are read as fast as the runner would and counted, and only a tail is kept.
   */
  readonly discardOutput?: boolean;
  /** How often VmHWM is sampled. VmHWM only grows, so a sample misses only a peak reached after it. */
  readonly sampleMs?: number;
}

const TAIL_CHARS = 8192;

/**
 * Pass `attach` as a run's `onSpawn`. The action replaces itself once with execve (same pid);
 * VmHWM starts again from the new image, and the probe keeps the largest value it saw.
 */
export class ActionProbe {
  private spawnedAt = 0;
  private firstLogLineAt: number | undefined;
  private peak: number | undefined;
  private chars = 0;
  private tail = "";

  constructor(private readonly options: ActionProbeOptions = {}) {}

  readonly attach = (child: ChildProcess): void => {
    this.spawnedAt = performance.now();
    const pid = child.pid;
    const sample = () => {
      const hwm = pid === undefined ? undefined : highWaterMarkBytes(pid);
      if (hwm !== undefined) this.peak = Math.max(this.peak ?? 0, hwm);
    };
    sample();
    const sampler = setInterval(sample, this.options.sampleMs ?? 20);
    child.once("exit", () => clearInterval(sampler));
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      if (this.options.discardOutput) {
        stream.removeAllListeners("data");
        stream.on("data", (chunk: string | Buffer) => {
          const text = chunk.toString();
          this.chars += text.length;
          this.tail = (this.tail + text).slice(-TAIL_CHARS);
        });
      }
      this.watchForFirstLogLine(stream);
    }
  };

  private watchForFirstLogLine(stream: NodeJS.ReadableStream): void {
    let partial = "";
    const onData = (chunk: string | Buffer) => {
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop()!;
      if (this.firstLogLineAt === undefined && lines.some(isVisibleLogLine))
        this.firstLogLineAt = performance.now();
      if (this.firstLogLineAt !== undefined) stream.off("data", onData);
    };
    stream.on("data", onData);
  }

  result(): ActionProbeResult {
    return {
      firstLogLineMs: this.firstLogLineAt === undefined ? undefined : this.firstLogLineAt - this.spawnedAt,
      peakRssBytes: this.peak,
      outputChars: this.chars,
      outputTail: this.tail,
    };
  }
}
