import type { Git, GitAuth } from "../git.js";
import type { GitHubPort, Logger } from "../ports.js";
import type { Settings } from "../settings.js";
import { collectStaleWorkspaces, recordWorkspace, type WorkspaceHandle, workspaceHandle } from "./cleanup.js";
import type { WorkspacePlan } from "./plan-workspace.js";
import { prepareWorkspace, type Workspace } from "./prepare-workspace.js";

export interface SetUpOptions {
  settings: Settings;
  plan: WorkspacePlan;
  github: GitHubPort;
  git: Git;
  logger: Logger;
  taskId: string;
  branch: string;
  baseBranch: string;
  remoteUrl: string;
  auth: GitAuth;
  /** Called once the workspace exists, so the host can clean it up if this process dies. */
  onWorkspace?: (handle: WorkspaceHandle) => void;
  /** A run without GitHub: the remote is the local repository, and its agent branch is kept. */
  local?: boolean;
}

/**
 * Collects stale workspaces, then makes this run's: a worktree that continues the agent branch
 * (or starts again from the base), or a plain directory; recorded so that it is never lost.
 */
export async function setUpWorkspace(options: SetUpOptions): Promise<Workspace> {
  const { settings, git, logger } = options;
  if (settings.staleEnvMs > 0) {
    await collectStaleWorkspaces({
      workspacesRoot: settings.workspacesRoot,
      maxAgeMs: settings.staleEnvMs,
      git,
      logger,
    });
  }
  const workspace = await prepareWorkspace({
    plan: options.plan,
    repoPath: settings.repoPath,
    workspacesRoot: settings.workspacesRoot,
    taskId: options.taskId,
    branch: options.branch,
    baseBranch: options.baseBranch,
    restart: () => restartRequested(options),
    keepBranch: options.local,
    remoteUrl: options.remoteUrl,
    auth: options.auth,
    git,
    logger,
  });
  await recordWorkspace(workspaceHandle(workspace));
  options.onWorkspace?.(workspaceHandle(workspace));
  logger.info(
    `Workspace ${workspace.root} (${workspace.mode === "worktree" ? `worktree on ${workspace.branch}` : "plain directory"})`,
  );
  return workspace;
}

/** A merged pull request's branch is not built on again: the next run starts from the base. */
async function restartRequested(options: SetUpOptions): Promise<boolean> {
  if (options.settings.restart) return true;
  const [latest] = await options.github.listPullsForBranch(options.branch);
  if (latest?.merged) {
    options.logger.info(
      `Pull request #${latest.number} of ${options.branch} was merged; starting again from ${options.baseBranch}`,
    );
    return true;
  }
  return false;
}
