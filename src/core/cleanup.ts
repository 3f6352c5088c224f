import { rm } from "node:fs/promises";
import type { Git } from "./git.js";
import type { Retention } from "./outcome.js";
import type { Logger } from "./ports.js";

/** What cleanup needs to know of an environment; small enough to travel from main to post. */
export interface EnvironmentHandle {
  root: string;
  workdir: string;
  taskId: string;
  mode: "worktree" | "directory";
  repoPath?: string;
  branch?: string;
}

/**
 * Applies the retention: `none` removes the environment, `logs` keeps `output/` and `logs/`.
 * A worktree is unregistered from its repository before its directory goes, and the local agent
 * branch and the run's private refs are deleted, so nothing is left in the user's checkout.
 */
export async function cleanupEnvironment(
  handle: EnvironmentHandle,
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
    await repo.tryRun(["worktree", "remove", "--force", handle.workdir]);
    await repo.tryRun(["worktree", "prune"]);
    if (handle.branch) await repo.tryRun(["branch", "-D", "--quiet", handle.branch]);
    for (const ref of ["base", "branch"]) {
      await repo.tryRun(["update-ref", "-d", `refs/agent-task/${handle.taskId}/${ref}`]);
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
