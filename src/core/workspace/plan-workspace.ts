import type { Git } from "../git.js";
import { removedGitVariables } from "../git-environment.js";
import type { Logger } from "../ports.js";
import type { Mode, Settings } from "../settings.js";
import { chooseMode, inspectSource } from "./choose-mode.js";
import { type DirectoryCopy, formatMegabytes, planDirectoryCopy } from "./directory-copy.js";

/** What kind of workspace the run makes, decided before anything is created. */
export interface WorkspacePlan {
  mode: Mode;
  /** Whether `repo-path` is a git checkout (in either mode). */
  checkout: boolean;
  /** In directory mode: what is copied from `repo-path`. */
  copy?: DirectoryCopy;
}

/**
 * Checks `repo-path` and decides the workspace before the run creates anything (status comment,
 * branch, directories): a mistake such as a missing checkout fails here, with the fix.
 */
export async function planWorkspace(options: {
  settings: Settings;
  git: Git;
  logger: Logger;
  /** The job's environment without secrets: which of its variables the action's git ignores. */
  jobEnv: Record<string, string>;
}): Promise<WorkspacePlan> {
  const { settings, git, logger } = options;
  const ignoredByGit = removedGitVariables(options.jobEnv);
  if (ignoredByGit.length > 0) {
    logger.debug(
      `The action's git runs without the job's ${ignoredByGit.join(", ")} (or with its own values)`,
    );
  }
  const source = await inspectSource(settings.repoPath, git, [settings.workspacesRoot]);
  const choice = chooseMode(settings.mode, source);
  logger.info(choice.reason);
  const checkout = source.kind === "repository";
  if (choice.mode === "worktree") return { mode: "worktree", checkout };
  const copy = await planDirectoryCopy({
    repoPath: settings.repoPath,
    isRepository: source.kind === "repository",
    maxBytes: settings.directoryMaxBytes,
    exclude: [settings.workspacesRoot],
    git,
  });
  const leftOut = source.kind === "repository" ? "; files git ignores are left out" : "";
  logger.info(`Copying ${copy.files.length} files (${formatMegabytes(copy.bytes)})${leftOut}`);
  return { mode: "directory", checkout, copy };
}
