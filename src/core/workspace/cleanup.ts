import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { errorMessage } from "../errors.js";
import type { Git } from "../git.js";
import type { Retention } from "../outcome.js";
import type { Logger } from "../ports.js";
import type { Mode } from "../settings.js";
import { removeExcludes } from "./exclude.js";
import { isWorkspaceLocked, withRepositoryLock } from "./locks.js";
import type { Workspace } from "./prepare-workspace.js";

/** What cleanup needs to know of an environment; small enough to travel from main to post. */
export interface WorkspaceHandle {
  root: string;
  workdir: string;
  taskId: string;
  mode: Mode;
  repoPath?: string;
  branch?: string;
  /** The commit the agent started from (worktree mode): what its work is measured against. */
  startSha?: string;
}

const HANDLE_FILE = "environment.json";

export function workspaceHandle(workspace: Workspace): WorkspaceHandle {
  return {
    root: workspace.root,
    workdir: workspace.workdir,
    taskId: workspace.taskId,
    mode: workspace.mode,
    repoPath: workspace.mode === "worktree" ? workspace.repoPath : undefined,
    // Only a branch the workspace owns is deleted with it; a local run's branch holds its work.
    branch: workspace.mode === "worktree" && !workspace.keepBranch ? workspace.branch : undefined,
    startSha: workspace.mode === "worktree" ? workspace.startSha : undefined,
  };
}

/** Records the handle in the environment, so a later run can collect it if this one dies. */
export async function recordWorkspace(handle: WorkspaceHandle): Promise<void> {
  const record = { ...handle, createdAt: new Date().toISOString() };
  await writeFile(path.join(handle.root, HANDLE_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Applies the retention: `none` removes the environment, `logs` keeps `output/` and `logs/`.
 * A worktree is unregistered from its repository before its directory goes, and the local agent
 * branch is deleted, so nothing is left in the user's checkout.
 */
export async function cleanUpWorkspace(
  handle: WorkspaceHandle,
  retention: Retention,
  git: Git,
  logger: Logger,
): Promise<void> {
  if (retention === "all") {
    logger.info(`Keeping the environment at ${handle.root}`);
    return;
  }
  if (handle.mode === "worktree" && handle.repoPath) {
    const repo = git.at(handle.repoPath);
    const commonDir = await repo.commonDir().catch(() => undefined);
    if (commonDir) {
      await withRepositoryLock(commonDir, async () => {
        await removeExcludes(commonDir, handle.taskId);
        await repo.tryRun(["worktree", "remove", "--force", handle.workdir]);
        await repo.tryRun(["worktree", "prune"]);
        // Only the run's own branch: another run's worktree may have it checked out, and then git refuses.
        if (handle.branch) await repo.tryRun(["branch", "-D", "--quiet", handle.branch]);
      });
    }
  }
  if (retention === "logs") {
    await rm(handle.workdir, { recursive: true, force: true });
    logger.info(`Removed the working directory; kept output/ and logs/ under ${handle.root}`);
  } else {
    await rm(handle.root, { recursive: true, force: true });
    logger.info(`Removed the environment ${handle.root}`);
  }
}

/** Releases the run's hold on its workspace and applies the retention; a failure is only a warning. */
export async function releaseWorkspace(
  workspace: Workspace,
  retention: Retention,
  git: Git,
  logger: Logger,
): Promise<boolean> {
  await workspace.releaseLock();
  try {
    await cleanUpWorkspace(workspaceHandle(workspace), retention, git, logger);
    return true;
  } catch (error) {
    logger.warning(`Cleaning up ${workspace.root} failed: ${errorMessage(error)}`);
    return false;
  }
}

/**
 * Self-hosted runners keep their disks: environments under `workspaces-root` older than
 * `maxAgeMs` whose owner is gone (no live lock) are removed, with their worktree registrations.
 */
export async function collectStaleWorkspaces(options: {
  workspacesRoot: string;
  maxAgeMs: number;
  git: Git;
  logger: Logger;
  now?: number;
}): Promise<string[]> {
  const { workspacesRoot, git, logger } = options;
  const removed: string[] = [];
  for (const handle of await findStaleWorkspaces(options)) {
    const { root } = handle;
    try {
      await cleanUpWorkspace(handle, "none", git, logger);
      removed.push(root);
    } catch (error) {
      logger.warning(`Could not remove the stale environment ${root}: ${errorMessage(error)}`);
    }
  }
  if (removed.length > 0)
    logger.info(`Removed ${removed.length} stale environment(s) from ${workspacesRoot}`);
  return removed;
}

/**
 * The environments under `workspacesRoot` older than `maxAgeMs` (by their record, else their
 * directory's time) that no live run holds, with what their records say of their worktree.
 */
export async function findStaleWorkspaces(options: {
  workspacesRoot: string;
  maxAgeMs: number;
  now?: number;
}): Promise<WorkspaceHandle[]> {
  const { workspacesRoot, maxAgeMs } = options;
  const now = options.now ?? Date.now();
  const names = await readdir(workspacesRoot).catch(() => [] as string[]);
  const stale: WorkspaceHandle[] = [];
  for (const name of names.sort()) {
    const root = path.join(workspacesRoot, name);
    const info = await stat(root).catch(() => undefined);
    if (!info?.isDirectory() || (await isWorkspaceLocked(root))) continue;
    const recorded = await readFile(path.join(root, HANDLE_FILE), "utf8")
      .then((text) => JSON.parse(text) as WorkspaceHandle & { createdAt?: string })
      .catch(() => undefined);
    const createdAt = recorded?.createdAt ? Date.parse(recorded.createdAt) : info.mtimeMs;
    if (now - createdAt < maxAgeMs) continue;
    // Paths come from the directory itself, never from the record (which the agent could edit).
    stale.push({
      mode: recorded?.mode === "worktree" ? "worktree" : "directory",
      repoPath: typeof recorded?.repoPath === "string" ? recorded.repoPath : undefined,
      branch: typeof recorded?.branch === "string" ? recorded.branch : undefined,
      root,
      workdir: path.join(root, "workdir"),
      taskId: name,
    });
  }
  return stale;
}
