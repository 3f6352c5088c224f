import { constants } from "node:fs";
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
  /** 1-minute load average when the bench started: other work competing for the cores. */
  readonly loadAtStart: number;
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

async function projectCommit(): Promise<string> {
  const sha = await git(["rev-parse", "--short=12", "HEAD"]).catch(() => "unknown");
  const dirty = await git(["status", "--porcelain", "--untracked-files=no", "--", "src", "dist"]).catch(
    () => "",
  );
  return dirty ? `${sha} (with uncommitted changes to src/ or dist/)` : sha;
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
    loadAtStart: os.loadavg()[0]!,
    commit: await projectCommit(),
  };
}

export function renderMachine(machine: Machine, loadAtEnd: number, note: string | undefined): string {
  const lines = [
    `- CPU: ${machine.cpu}, ${machine.cores} cores available`,
    `- Memory: ${machine.memory}`,
    `- OS: ${machine.os}`,
    `- Node: ${machine.machineNode} runs the bench, the rig and the scripted agents; the action runs on ${machine.runnerNode}`,
    `- git: ${machine.git}`,
    `- Temp dir: ${machine.tempDir} on ${machine.tempFileSystem}`,
    `- Load average (1 min): ${machine.loadAtStart.toFixed(2)} at the start, ${loadAtEnd.toFixed(2)} at the end`,
    `- Code measured: commit ${machine.commit}`,
  ];
  if (note) lines.push(`- Note: ${note}`);
  return lines.join("\n");
}
