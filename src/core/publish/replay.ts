import type { Git } from "../git.js";
import { identityOptions } from "./commit-identity.js";

/**
 * Replays the commits `from..head` onto `onto` (a rebase that leaves HEAD detached at the result).
 * Returns the new head, or undefined when they do not apply cleanly; HEAD is then back at `head`.
 */
export async function replayCommits(
  worktree: Git,
  onto: string,
  from: string,
  head: string,
): Promise<string | undefined> {
  try {
    await worktree.run([...identityOptions(), "rebase", "--quiet", "--onto", onto, from, head]);
    return (await worktree.run(["rev-parse", "HEAD"])).trim();
  } catch {
    await worktree.tryRun(["rebase", "--abort"]);
    await worktree.tryRun(["checkout", "--quiet", "--detach", head]);
    return undefined;
  }
}

/** True when `ancestor` is `commit` or one of its ancestors. */
export async function isAncestor(git: Git, ancestor: string, commit: string): Promise<boolean> {
  return (await git.tryRun(["merge-base", "--is-ancestor", ancestor, commit])) !== undefined;
}
