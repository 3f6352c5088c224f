import type { Git } from "../git.js";
import type { Logger } from "../ports.js";
import type { AgentPreset } from "../settings.js";
import { addExcludes, removeExcludes } from "../workspace/exclude.js";
import { withRepositoryLock } from "../workspace/locks.js";
import type { Workspace } from "../workspace/prepare-workspace.js";
import { hidePersistedCredentials } from "./credential-guard.js";
import { guardFiles } from "./file-guard.js";
import { BRIEF_FILES, insertBrief, restoreBrief } from "./runtime-brief.js";

export interface AgentGuardOptions {
  workspace: Workspace;
  /** The checkout whose persisted credentials are hidden while the agent runs. */
  repoPath: string;
  git: Git;
  token: string;
  agent: AgentPreset;
  issueNumber: number;
  /** Files the agent must not change (the runner's file commands). */
  protectedFiles: string[];
  logger: Logger;
}

/**
 * Runs `run` (the agent) with what surrounds it set up and put back afterwards, whatever happens:
 * the checkout's persisted git credentials hidden, the runtime brief in the agent's instructions
 * file, and the runner's file commands guarded against the agent's writes.
 */
export async function guardAgentRun<T>(options: AgentGuardOptions, run: () => Promise<T>): Promise<T> {
  const { workspace, logger } = options;
  const repo = options.git.at(options.repoPath);
  const isCheckout = (await repo.tryRun(["rev-parse", "--git-dir"])) !== undefined;
  const restoreCredentials = isCheckout
    ? await hidePersistedCredentials(repo, workspace.root, options.token, logger)
    : undefined;
  const brief = await insertBrief(workspace.workdir, options.agent, options.issueNumber);
  const showBrief = await hideBriefFromGit(options, brief.original === undefined);
  const restoreProtected = await guardFiles(options.protectedFiles);
  try {
    return await run();
  } finally {
    await restoreCredentials?.();
    await showBrief();
    await restoreBrief(brief);
    const tampered = await restoreProtected();
    if (tampered.length > 0) {
      logger.warning(
        `The agent wrote to the runner's file commands (${tampered.join(", ")}); its writes were undone`,
      );
    }
  }
}

/**
 * The brief is the action's, not the agent's work: the agent's `git status` must not show it. A
 * file made for the run is excluded; a tracked file the brief was added to is marked
 * skip-worktree. Both are undone before the changes are collected.
 */
async function hideBriefFromGit(options: AgentGuardOptions, created: boolean): Promise<() => Promise<void>> {
  const { workspace } = options;
  if (workspace.mode !== "worktree") return async () => {};
  const worktree = options.git.at(workspace.workdir);
  const name = BRIEF_FILES[options.agent];
  if (created) {
    const commonDir = await worktree.commonDir();
    const owner = `${workspace.taskId}-brief`;
    await withRepositoryLock(commonDir, () => addExcludes(commonDir, owner, [`/${name}`]));
    return () => withRepositoryLock(commonDir, () => removeExcludes(commonDir, owner));
  }
  if ((await worktree.tryRun(["ls-files", "--error-unmatch", "--", name])) === undefined) {
    return async () => {};
  }
  await worktree.run(["update-index", "--skip-worktree", "--", name]);
  return async () => {
    await worktree.run(["update-index", "--no-skip-worktree", "--", name]);
  };
}
