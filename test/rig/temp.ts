import { chmod, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** A directory under the OS temp dir that the rig created and will remove. */
export interface TempDir {
  /** Absolute, symlink-free path (see makeTempDir). */
  readonly path: string;
  remove(): Promise<void>;
}

// Every directory made in this process, so a suite can clean up in one afterAll
// even when a test failed half-way and never reached its own cleanup.
const liveDirs = new Set<TempDir>();

/** Set AGENT_TASK_KEEP_TEMP=1 to keep rig directories for post-mortem debugging. */
const keepForDebugging = process.env.AGENT_TASK_KEEP_TEMP === "1";

/**
 * Creates a fresh directory named `agent-task-<prefix>-XXXXXX`.
 *
 * The path is resolved with realpath because git compares `includeIf.gitdir:` patterns and
 * worktree paths against real paths; on hosts where the temp dir is a symlink (macOS:
 * /var -> /private/var) an unresolved path would silently stop matching.
 *
 * The directory is open to other users (0755, like a runner's work directory on a machine whose
 * home directories are not closed), so that an agent running as a user of its own reaches what a
 * test puts there; `mode` says otherwise (0700: like /home/runner on an image that closes it).
 */
export async function makeTempDir(prefix: string, mode = 0o755): Promise<TempDir> {
  const created = await mkdtemp(path.join(tmpdir(), `agent-task-${prefix}-`));
  await chmod(created, mode);
  const dir: TempDir = {
    path: await realpath(created),
    async remove() {
      liveDirs.delete(dir);
      if (!keepForDebugging) await rm(created, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  liveDirs.add(dir);
  return dir;
}

/** Removes every directory made by makeTempDir in this process that is still present. */
export async function removeAllTempDirs(): Promise<void> {
  await Promise.all([...liveDirs].map((dir) => dir.remove()));
}
