import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import type { AgentUser } from "../agent/agent-user.js";
import type { CheckoutPaths } from "../agent/checkout-guard.js";
import { errorMessage } from "../errors.js";
import type { Retention } from "../outcome.js";
import type { Logger } from "../ports.js";
import { runCommand } from "../run-command.js";
import type { Mode } from "../settings.js";
import { isWorkspaceLocked } from "./locks.js";
import type { Workspace, WorkspacePaths } from "./prepare-workspace.js";

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
  /** The checkout's git directories, found before the agent started. */
  checkout?: CheckoutPaths;
  /** The agent's own user: a post step stops its processes and takes its files back. */
  agentUser?: { name: string; via: "setpriv" | "sudo" };
}

/** What the agent's user owns in an environment, and what the run had to hand over to it. */
export function agentOwnedPaths(handle: Pick<WorkspaceHandle, "root" | "workdir">): string[] {
  return [handle.workdir, path.join(handle.root, "output"), path.join(handle.root, "home")];
}

const HANDLE_FILE = "environment.json";

/** The handle of a workspace that is ready. */
export function workspaceHandle(workspace: Workspace): WorkspaceHandle {
  return {
    ...environmentHandle(workspace, workspace.mode),
    repoPath: workspace.mode === "worktree" ? workspace.repoPath : undefined,
    // Only a branch the workspace owns is deleted with it; a local run's branch holds its work.
    branch: workspace.mode === "worktree" && !workspace.keepBranch ? workspace.branch : undefined,
    startSha: workspace.mode === "worktree" ? workspace.startSha : undefined,
  };
}

/** The handle of an environment as soon as its directories exist, before its repositories. */
export function environmentHandle(
  environment: Pick<WorkspacePaths, "root" | "workdir" | "taskId" | "checkout"> & { agentUser?: AgentUser },
  mode: Mode,
): WorkspaceHandle {
  const { root, workdir, taskId, checkout, agentUser } = environment;
  return {
    root,
    workdir,
    taskId,
    mode,
    checkout,
    agentUser: agentUser && { name: agentUser.name, via: agentUser.via },
  };
}

/** Records the handle in the environment, so a later run can collect it if this one dies. */
export async function recordWorkspace(handle: WorkspaceHandle): Promise<void> {
  const record = { ...handle, createdAt: new Date().toISOString() };
  await writeFile(path.join(handle.root, HANDLE_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Applies the retention: `none` removes the environment, `logs` keeps `output/` and `logs/`.
 * Nothing of the environment lives in the user's checkout (the workdir is a repository of its
 * own), so the checkout is not touched.
 */
export async function cleanUpWorkspace(
  handle: WorkspaceHandle,
  retention: Retention,
  logger: Logger,
): Promise<void> {
  if (retention === "all") {
    logger.info(`Keeping the environment at ${handle.root}`);
    return;
  }
  if (retention === "logs") {
    // The agent's HOME may hold copies of its CLI's credentials; the action's repositories are
    // spent. Those are its own, small and out of the agent's reach: removed in this process.
    await Promise.all([
      removeTree(handle.workdir, path.join(handle.root, "home")),
      ...["git", "objects"].map((dir) => rm(path.join(handle.root, dir), { recursive: true, force: true })),
    ]);
    logger.info(`Removed the working directory; kept output/ and logs/ under ${handle.root}`);
  } else {
    await removeTree(handle.root);
    logger.info(`Removed the environment ${handle.root}`);
  }
}

/**
 * Removes directory trees with one system `rm`, which takes half the time of Node's recursive
 * rm for a hundred thousand files and leaves this process free meanwhile (Node's where there is
 * no `rm`). Only each tree's top is named: GNU rm never follows a symbolic link below it, whoever
 * made it. https://www.gnu.org/software/coreutils/manual/html_node/rm-invocation.html
 */
export async function removeTree(...dirs: string[]): Promise<void> {
  await systemRm(dirs);
}

/**
 * Empties a workdir whose files are the agent's user's, as that user, one `rm` per core on its
 * share of the tree: a hundred thousand files go in a third of the time one `rm` takes on two
 * cores. The paths given lie inside the agent's own tree, where the agent could have put links,
 * which is why they are removed with the agent's rights and never the action's. What is left
 * (nothing, or what that user could not remove) goes with the workspace.
 */
async function emptyAsAgent(user: AgentUser, dir: string): Promise<void> {
  const parts = await subtrees(dir);
  if (parts.length < SMALL_TREE) return;
  const groups: string[][] = Array.from({ length: Math.min(availableParallelism(), 4) }, () => []);
  let next = 0;
  for (const part of parts) groups[next++ % groups.length]!.push(part);
  await Promise.all(
    groups.map(async (group) => {
      for (let i = 0; i < group.length; i += RM_BATCH) {
        await user.run(["rm", "-rf", "--one-file-system", "--", ...group.slice(i, i + RM_BATCH)]);
      }
    }),
  );
}

/** Parts below which a tree is left to one `rm`. */
const SMALL_TREE = 16;

/** Paths per `rm` command: far below any limit on the length of a command line. */
const RM_BATCH = 500;

/**
 * The tree cut into parts: the entries two levels down, or three when two give too few (a
 * repository whose files all sit below one or two folders). Files at the top go with the rm of
 * the directory itself. Only real directories are looked into; a link is a part of its own.
 */
async function subtrees(dir: string): Promise<string[]> {
  let dirs = [dir];
  let others: string[] = [];
  for (let depth = 1; depth <= 3 && (depth <= 2 || dirs.length + others.length < SMALL_TREE); depth++) {
    const below: string[] = [];
    const leaves: string[] = [...others];
    for (const parent of dirs) {
      for (const entry of await readdir(parent, { withFileTypes: true }).catch(() => [])) {
        const child = path.join(parent, entry.name);
        if (entry.isDirectory()) below.push(child);
        else if (depth > 1) leaves.push(child);
      }
    }
    dirs = below;
    others = leaves;
  }
  return [...dirs, ...others];
}

async function systemRm(paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  const removed = await runCommand(["rm", "-rf", "--one-file-system", "--", ...paths]);
  if (removed.code === 0) return;
  if (removed.code === -1) {
    for (const file of paths) await rm(file, { recursive: true, force: true });
    return;
  }
  throw new Error(
    `could not remove ${paths.length === 1 ? paths[0] : `${paths.length} paths`}: ${removed.stderr.trim().split("\n")[0] || `rm exited with code ${removed.code}`}`,
  );
}

/** Releases the run's hold on its workspace and applies the retention; a failure is only a warning. */
export async function releaseWorkspace(
  workspace: Workspace,
  retention: Retention,
  logger: Logger,
): Promise<boolean> {
  await workspace.releaseLock();
  try {
    await releaseWorkdir(workspace, retention);
  } finally {
    await workspace.agentUser?.release();
  }
  try {
    await cleanUpWorkspace(workspaceHandle(workspace), retention, logger);
    return true;
  } catch (error) {
    logger.warning(`Cleaning up ${workspace.root} failed: ${errorMessage(error)}`);
    return false;
  }
}

/**
 * A workdir whose files are still the agent's user's (see run-agent.ts) is taken back, while
 * this run still holds that user, when it is kept; otherwise that user empties it.
 */
async function releaseWorkdir(workspace: Workspace, retention: Retention): Promise<void> {
  const user = workspace.agentUser;
  if (workspace.mode !== "worktree" || !workspace.workdirWithAgent || !user) return;
  if (retention === "all") await user.takeBack([workspace.workdir]);
  else await emptyAsAgent(user, workspace.workdir);
  workspace.workdirWithAgent = false;
}

/**
 * Self-hosted runners keep their disks: the environments findStaleWorkspaces found under
 * `workspacesRoot` (older than the limit, owner gone) are removed; a failure is only a warning.
 */
export async function removeStaleWorkspaces(
  workspacesRoot: string,
  stale: WorkspaceHandle[],
  logger: Logger,
): Promise<string[]> {
  const removed: string[] = [];
  for (const handle of stale) {
    const { root } = handle;
    try {
      await cleanUpWorkspace(handle, "none", logger);
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
  // A runner that keeps every run's logs holds many environments: each is looked at once, all at once.
  const found = await Promise.all(
    names.sort().map(async (name): Promise<WorkspaceHandle | undefined> => {
      const root = path.join(workspacesRoot, name);
      const info = await stat(root).catch(() => undefined);
      if (!info?.isDirectory() || (await isWorkspaceLocked(root))) return undefined;
      const recorded = await readFile(path.join(root, HANDLE_FILE), "utf8")
        .then((text) => JSON.parse(text) as WorkspaceHandle & { createdAt?: string })
        .catch(() => undefined);
      const createdAt = recorded?.createdAt ? Date.parse(recorded.createdAt) : info.mtimeMs;
      if (now - createdAt < maxAgeMs) return undefined;
      // Paths come from the directory itself, never from the record (which the agent could edit).
      return {
        mode: recorded?.mode === "worktree" ? "worktree" : "directory",
        repoPath: typeof recorded?.repoPath === "string" ? recorded.repoPath : undefined,
        branch: typeof recorded?.branch === "string" ? recorded.branch : undefined,
        root,
        workdir: path.join(root, "workdir"),
        taskId: name,
      };
    }),
  );
  return found.filter((handle) => handle !== undefined);
}
