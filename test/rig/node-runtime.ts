import { execFile } from "node:child_process";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** The Node version GitHub's runner ships for `using: node24` actions. */
export const RUNNER_NODE_VERSION = "24.19.0";

/** "machine": the Node running the tests; "24": the runner's own Node 24 runtime. */
export type NodeRuntime = "machine" | "24";

// Later test processes skip npx (~2 s even when npm's cache is warm) by reading the path from here.
const pathCacheFile = path.join(tmpdir(), "agent-task-rig", `node-${RUNNER_NODE_VERSION}.path`);

let runnerNode: Promise<string> | undefined;

/** Absolute path of a node executable for the runtime; the "24" lookup runs at most once per process. */
export function nodeBinary(which: NodeRuntime): Promise<string> {
  if (which === "machine") return Promise.resolve(process.execPath);
  runnerNode ??= resolveRunnerNode().catch((error: unknown) => {
    runnerNode = undefined; // let a later call retry, e.g. after a network hiccup
    throw error;
  });
  return runnerNode;
}

async function resolveRunnerNode(): Promise<string> {
  const cached = await readCachedPath();
  if (cached && (await reportsVersion(cached))) return cached;
  const resolved = await downloadWithNpx();
  if (!(await reportsVersion(resolved))) {
    throw new Error(`npx resolved ${resolved}, which is not Node ${RUNNER_NODE_VERSION}`);
  }
  await writeCachedPath(resolved);
  return resolved;
}

/**
 * The `node` npm package ships the official binary; npx installs it into npm's on-disk cache and the
 * child prints its own execPath, which is that binary (not a shim), so it can be spawned directly.
 */
async function downloadWithNpx(): Promise<string> {
  const { stdout } = await execFileAsync(
    "npx",
    ["-y", "-p", `node@${RUNNER_NODE_VERSION}`, "--", "node", "-e", "process.stdout.write(process.execPath)"],
    // Outside the project so its package.json and lockfile play no part.
    { cwd: tmpdir(), timeout: 180_000, maxBuffer: 1024 * 1024 },
  );
  const resolved = stdout.trim();
  if (!path.isAbsolute(resolved)) throw new Error(`npx printed no node path: ${JSON.stringify(stdout)}`);
  return resolved;
}

async function reportsVersion(binary: string): Promise<boolean> {
  try {
    const { stdout } = await execFileAsync(binary, ["--version"], { timeout: 10_000 });
    return stdout.trim() === `v${RUNNER_NODE_VERSION}`;
  } catch {
    return false; // missing (npm cache cleared) or not executable
  }
}

async function readCachedPath(): Promise<string | undefined> {
  try {
    return (await readFile(pathCacheFile, "utf8")).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function writeCachedPath(binary: string): Promise<void> {
  await mkdir(path.dirname(pathCacheFile), { recursive: true });
  // Write-then-rename: parallel test workers never read a half-written file.
  const partial = `${pathCacheFile}.${process.pid}`;
  await writeFile(partial, binary);
  await rename(partial, pathCacheFile);
}
