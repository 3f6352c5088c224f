import { constants, readFileSync } from "node:fs";
import { access, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { git } from "../../test/rig/git-server.js";
import { nodeBinary, RUNNER_NODE_VERSION } from "../../test/rig/node-runtime.js";
import { runCommand } from "./process-probes.js";

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly os: string;
  readonly machineNode: string;
  readonly runnerNode: string;
  readonly git: string;
  readonly tempDir: string;
  readonly tempFileSystem: string;
  readonly commit: string;
}

/** The file system holding `dir`: the mount in /proc/self/mountinfo with the longest matching path. */
async function fileSystemOf(dir: string): Promise<string> {
  const mountinfo = await readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  let best = { mountPoint: "", type: "unknown" };
  for (const line of mountinfo.split("\n")) {
    // Fields: id parent major:minor root mount-point options [optional…] - type source super-options
    const fields = line.split(" ");
    const separator = fields.indexOf("-");
    const mountPoint = fields[4]?.replace(/\\040/g, " ");
    const type = fields[separator + 1];
    if (!mountPoint || separator < 0 || !type) continue;
    const inside =
      dir === mountPoint || dir.startsWith(mountPoint.endsWith("/") ? mountPoint : `${mountPoint}/`);
    if (inside && mountPoint.length >= best.mountPoint.length) best = { mountPoint, type };
  }
  return best.type;
}

/**
 * The bench writes hundreds of thousands of small files. On a disk shared with other work, the same
 * `git worktree add` of 20,000 files took 0.7 s or 19 s from one repetition to the next, which
 * drowns what the bench is after (the action's own overhead); a memory file system keeps the
 * figures steady. The choice is printed with the results.
 */
export async function chooseTempRoot(given: string | undefined): Promise<string> {
  if (given) return path.resolve(given);
  const shm = "/dev/shm";
  const writable = await access(shm, constants.W_OK).then(
    () => true,
    () => false,
  );
  return writable && (await fileSystemOf(shm)) === "tmpfs" ? shm : os.tmpdir();
}

/** The last commit that changed what is measured (the action's code, bundle and manifest). */
async function projectCommit(): Promise<string> {
  const measured = ["src", "dist", "action.yml"];
  const sha = await git(["log", "-1", "--format=%h", "--abbrev=12", "--", ...measured]).catch(
    () => "unknown",
  );
  const dirty = await git(["status", "--porcelain", "--untracked-files=no", "--", ...measured]).catch(
    () => "",
  );
  return dirty ? `${sha}, with uncommitted changes` : sha;
}

export async function describeMachine(): Promise<Machine> {
  const cpus = os.cpus();
  const tempDir = os.tmpdir();
  const runnerNode = await runCommand(await nodeBinary("24"), ["--version"]);
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    machineNode: process.version,
    runnerNode: `${runnerNode.trim()} (the runner's node24; expected v${RUNNER_NODE_VERSION})`,
    git: (await git(["--version"])).replace(/^git version /, ""),
    tempDir: path.resolve(tempDir),
    tempFileSystem: await fileSystemOf(path.resolve(tempDir)),
    commit: await projectCommit(),
  };
}

/**
 * Samples the 1-minute load average while the bench runs: with more runnable processes than cores,
 * other work was competing with the bench, and every timed figure shows it. Some virtual machines
 * report a load of about 2 while idle, so it also measures the CPU time that other work took: all
 * the CPU time the machine spent busy (/proc/stat) less the bench's own, which includes every
 * process it waited for (its runs, their git and agents, the git server's processes).
 * https://man7.org/linux/man-pages/man5/proc_stat.5.html
 */
export class LoadSampler {
  private readonly samples: number[] = [os.loadavg()[0]!];
  private readonly timer = setInterval(() => this.samples.push(os.loadavg()[0]!), 10_000).unref();
  private readonly cpuAtStart = cpuTicks();
  private readonly startedAt = performance.now();
  private otherWork: string | undefined;

  stop(): void {
    clearInterval(this.timer);
    this.samples.push(os.loadavg()[0]!);
    const start = this.cpuAtStart;
    const end = cpuTicks();
    if (!start || !end) return;
    const otherMs = ((end.busy - start.busy - (end.bench - start.bench)) * 1000) / TICKS_PER_SECOND;
    const share = otherMs / (performance.now() - this.startedAt);
    this.otherWork = `${(Math.max(0, otherMs) / 1000).toFixed(1)} s of CPU (${(Math.max(0, share) * 100).toFixed(1)}% of one core)`;
  }

  describe(): string {
    const mean = this.samples.reduce((sum, value) => sum + value, 0) / this.samples.length;
    const load = `mean ${mean.toFixed(1)}, max ${Math.max(...this.samples).toFixed(1)} (${this.samples.length} samples, every 10 s)`;
    return this.otherWork ? `${load}; other work on the machine meanwhile: ${this.otherWork}` : load;
  }
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time in clock ticks: the whole machine's busy time (every field of /proc/stat's `cpu` line
 * but idle and iowait), and this process's own with the children it waited for (/proc/self/stat
 * fields 14-17). Undefined where /proc is missing.
 */
function cpuTicks(): { busy: number; bench: number } | undefined {
  try {
    const [, ...times] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = times.map(Number);
    const self = readFileSync("/proc/self/stat", "utf8");
    // The command name (field 2) may hold spaces; the fields after it start past its ")".
    const fields = self
      .slice(self.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
    const [utime, stime, cutime, cstime] = fields.slice(11, 15);
    return {
      busy: user! + nice! + system! + irq! + softirq! + (steal ?? 0),
      bench: utime! + stime! + cutime! + cstime!,
    };
  } catch {
    return undefined;
  }
}

export function renderMachine(machine: Machine, load: string, note: string | undefined): string {
  const lines = [
    `- CPU: ${machine.cpu}, ${machine.cores} cores available`,
    `- Memory: ${machine.memory}`,
    `- OS: ${machine.os}`,
    `- Node: ${machine.machineNode} runs the bench, the rig and the scripted agents; the action runs on ${machine.runnerNode}`,
    `- git: ${machine.git}`,
    `- Temp dir: ${machine.tempDir} on ${machine.tempFileSystem}`,
    `- Load average (1 min) during the bench: ${load}`,
    `- Code measured: src/, dist/ and action.yml as of commit ${machine.commit}`,
  ];
  if (note) lines.push(`- Note: ${note}`);
  return lines.join("\n");
}
