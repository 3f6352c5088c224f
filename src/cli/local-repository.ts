import path from "node:path";
import { InputError } from "../core/errors.js";
import type { Git } from "../core/git.js";

/**
 * The branch a local run starts from: the one asked for, else the one issue.json names, else the
 * branch checked out in the repository. It must exist as a local branch: a local run reads
 * nothing from a remote.
 */
export async function resolveLocalBase(
  repo: Git,
  asked: { flag?: string; fromIssueFile?: string },
): Promise<string> {
  const base = asked.flag ?? asked.fromIssueFile ?? (await currentBranch(repo));
  if (!base) {
    throw new InputError(
      `${repo.dir} has no branch checked out (detached HEAD); pass --base-branch BRANCH for the run to start from`,
    );
  }
  if (await repo.tryRun(["rev-parse", "--verify", "--quiet", `refs/heads/${base}^{commit}`])) return base;
  const remote = await repo.tryRun([
    "rev-parse",
    "--verify",
    "--quiet",
    `refs/remotes/origin/${base}^{commit}`,
  ]);
  const why = asked.flag ? "--base-branch" : asked.fromIssueFile ? "the issue file's base branch" : "HEAD";
  throw new InputError(
    remote
      ? `branch \`${base}\` (${why}) is not a local branch of ${repo.dir}; create it from the remote's with \`git branch ${base} origin/${base}\`, or pass --base-branch`
      : `branch \`${base}\` (${why}) does not exist in ${repo.dir}; pass --base-branch with an existing branch`,
  );
}

async function currentBranch(repo: Git): Promise<string | undefined> {
  const ref = (await repo.tryRun(["symbolic-ref", "--quiet", "HEAD"]))?.trim();
  return ref?.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : undefined;
}

/**
 * The agent branch must not be the one checked out in the repository itself: the run makes a
 * worktree on it, and git would otherwise have to take it away from the user's checkout.
 */
export async function checkBranchFree(repo: Git, branch: string): Promise<void> {
  if ((await currentBranch(repo)) !== branch) return;
  throw new InputError(
    `the agent branch \`${branch}\` is checked out in ${repo.dir}; switch that checkout to another branch first (the run works on the agent branch in a worktree of its own)`,
  );
}

/** The name of the repository's remote to suggest for pushing: `origin`, else the first one. */
export async function pushRemote(repo: Git): Promise<string | undefined> {
  const remotes = (await repo.tryRun(["remote"]))?.split("\n").filter(Boolean) ?? [];
  return remotes.includes("origin") ? "origin" : remotes[0];
}

export interface BranchDiff {
  /** `git diff --stat` of the branch against its base. */
  stat: string;
  /** The patch, cut at `maxLines`. */
  patch: string[];
  /** Lines left out of `patch`. */
  omitted: number;
}

/** What the agent branch changes against its base (from their merge base), for the terminal. */
export async function branchDiff(
  repo: Git,
  base: string,
  head: string,
  maxLines: number,
): Promise<BranchDiff> {
  const range = `${base}...${head}`;
  const stat = await repo.run(["-c", "core.quotePath=false", "diff", "--stat", range]);
  const lines = (await repo.run(["-c", "core.quotePath=false", "diff", range]))
    .replace(/\n$/, "")
    .split("\n");
  return {
    stat: stat.trimEnd(),
    patch: lines.slice(0, maxLines),
    omitted: Math.max(0, lines.length - maxLines),
  };
}

/** `local/<folder>` when the repository names no GitHub repository: the context file still says which. */
export function localRepositoryName(repoPath: string): { owner: string; repo: string } {
  const folder = path.basename(path.resolve(repoPath)).replace(/[^A-Za-z0-9._-]/g, "-") || "repository";
  return { owner: "local", repo: folder };
}
