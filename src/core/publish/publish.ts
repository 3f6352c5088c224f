import { errorMessage, TaskError } from "../errors.js";
import type { Git, GitAuth } from "../git.js";
import type { Publication } from "../outcome.js";
import type { GitHubPort, Logger, PullRequest } from "../ports.js";
import { LeaseLostError } from "../report/lease.js";
import { leasePushArgs, type RefUpdate } from "../report/lease-store.js";
import type { WorktreeWorkspace } from "../workspace/prepare-workspace.js";
import { short } from "../workspace/prepare-workspace.js";
import { classifyPushFailure, DEFAULT_PUSH_RETRY_DELAYS_MS, describePushFailure } from "./push-failure.js";
import { isAncestor, replayCommits } from "./replay.js";

export interface PublishOptions {
  env: WorktreeWorkspace;
  git: Git;
  github: GitHubPort;
  logger: Logger;
  remoteUrl: string;
  auth: GitAuth;
  publication: Exclude<Publication, "none">;
  headSha: string;
  pull: { title: string; body: string; labels: string[] };
  /** Suffix of the side branch used when the agent branch moved and the work cannot be rebased. */
  runId: string;
  /** Waits between push attempts; tests shorten them. */
  pushRetryDelaysMs?: number[];
  /** The pull request the last session recorded, if any. */
  earlierPull?: number;
  /** The lease, moved in the same atomic push as the branch (see Lease.pushWith). */
  lease?: { pushWith<T>(push: (lease: RefUpdate | undefined) => Promise<T>): Promise<T> };
}

export interface Published {
  branch: string;
  headSha: string;
  pull?: PullRequest;
  /** True when an open pull request of the branch was updated rather than a new one opened. */
  updated: boolean;
  /** True when the work went to a side branch because the agent branch moved under the run. */
  sideBranch?: boolean;
  /** True when the work stays committed on a local branch: a run without GitHub (local-run.ts). */
  local?: boolean;
  /** What publishing had to do differently, for the reports. */
  note?: string;
}

/** Pushes the agent branch, then opens or updates the one pull request. */
export async function publish(
  options: PublishOptions,
  onPushed: (pushed: Pushed) => void = () => {},
): Promise<Published> {
  const { env, logger, github, publication } = options;
  const pushed = await pushWork(options);
  onPushed(pushed);
  logger.info(`Pushed ${short(pushed.headSha)} to ${pushed.branch}`);
  if (pushed.sideBranch) {
    logger.warning(pushed.note!);
    return { ...pushed, updated: false };
  }
  if (publication === "branch") return { ...pushed, updated: false };

  const draft = publication === "draft-pr";
  // A branch that did not exist when the run started has no open pull request (GitHub closes one
  // whose branch is deleted); a closed one matters only when the issue had a pull request before.
  const mayHavePulls = env.remoteBranchSha !== undefined || options.earlierPull !== undefined;
  const pulls = mayHavePulls ? await github.listPullsForBranch(env.branch) : [];
  const open = pulls.find((pull) => pull.state === "open");
  const closed = pulls.find((pull) => pull.state === "closed" && !pull.merged);
  let pull: PullRequest;
  let note = pushed.note;
  if (open) {
    logger.info(`Pull request #${open.number} is open for ${env.branch}; updating it`);
    pull = await github.updatePull(open.number, { title: options.pull.title, body: options.pull.body });
  } else {
    pull = await github.createPull({
      title: options.pull.title,
      body: options.pull.body,
      head: env.branch,
      base: env.baseBranch,
      draft,
    });
    logger.info(`Opened ${draft ? "draft " : ""}pull request #${pull.number}: ${pull.url}`);
    if (closed && closed.number !== pull.number) {
      // A pull request closed without merging is a decision; it is not reopened.
      const text = `Pull request #${closed.number} was closed without merging, so this run opened #${pull.number}.`;
      note = note ? `${note} ${text}` : text;
    }
  }
  if (options.pull.labels.length > 0) {
    try {
      await github.addLabels(pull.number, options.pull.labels);
    } catch (error) {
      // A missing label permission should not undo a pull request that exists.
      logger.warning(`Could not add labels ${options.pull.labels.join(", ")}: ${errorMessage(error)}`);
    }
  }
  return { ...pushed, pull, updated: Boolean(open), note };
}

export interface Pushed {
  branch: string;
  headSha: string;
  sideBranch?: boolean;
  note?: string;
}

/**
 * Pushes with `--force-with-lease` against the head seen when the run started, so a push never
 * replaces commits it has not seen; and on a continued branch only a head that contains the
 * branch's commits is pushed there, so none of them is pushed away. When the branch moved
 * meanwhile (a human pushed a fix), the run's commits are rebased onto the new head if they apply
 * cleanly; otherwise, as when the agent rewrote the branch's history, they go to a side branch
 * `{branch}-{run id}`. Either way nothing is lost.
 */
async function pushWork(options: PublishOptions): Promise<Pushed> {
  const { env, git, auth, remoteUrl, logger } = options;
  // The action's publish repository, its work tree the agent's workdir (publish-repository.ts).
  const worktree = git;
  const side = `${env.branch}-${options.runId}`;
  if (
    env.continued &&
    env.remoteBranchSha &&
    !(await isAncestor(worktree, env.remoteBranchSha, options.headSha))
  ) {
    await pushRef(options, side, undefined, options.headSha);
    return {
      branch: side,
      headSha: options.headSha,
      sideBranch: true,
      note: `The agent rewrote the history of ${env.branch} (a reset, rebase or amend) and its work does not apply on top of the branch's commits, so ${env.branch} was left as it is and the work was pushed to ${side}; no second pull request was opened.`,
    };
  }
  try {
    await pushRef(options, env.branch, env.remoteBranchSha, options.headSha);
    return { branch: env.branch, headSha: options.headSha };
  } catch (error) {
    const gitMessage = errorMessage(error instanceof Error && error.cause ? error.cause : error);
    if (classifyPushFailure(gitMessage) !== "lease") throw error;
  }
  const heads = await worktree.run(["ls-remote", remoteUrl, `refs/heads/${env.branch}`], { auth });
  const movedSha = heads.split("\t")[0]?.trim();
  logger.info(
    `${env.branch} moved on the remote during the run (now ${short(movedSha)}); rebasing this run's commits onto it`,
  );
  if (movedSha) {
    await worktree.run(["fetch", "--no-tags", "--quiet", remoteUrl, `refs/heads/${env.branch}`], { auth });
    const rebased = await replayCommits(worktree, movedSha, env.startSha, options.headSha);
    if (rebased) {
      await pushRef(options, env.branch, movedSha, rebased);
      return {
        branch: env.branch,
        headSha: rebased,
        note: `${env.branch} received new commits during the run; this run's commits were rebased onto them.`,
      };
    }
  }
  await pushRef(options, side, undefined, options.headSha);
  return {
    branch: side,
    headSha: options.headSha,
    sideBranch: true,
    note: `${env.branch} received new commits during the run that conflict with this run's work, so the work was pushed to ${side} instead; no second pull request was opened.`,
  };
}

/**
 * One push, retried with growing waits when it failed for a reason that may pass (a 5xx, a reset
 * connection); a rejection or a refused token fails at once, with a message that says what to do.
 */
async function pushRef(
  options: PublishOptions,
  branch: string,
  expected: string | undefined,
  sha: string,
): Promise<void> {
  const { git, auth, remoteUrl, logger } = options;
  const branchLease = `--force-with-lease=refs/heads/${branch}:${expected ?? ""}`;
  const refspec = `${sha}:refs/heads/${branch}`;
  // With the lease in the same atomic push, a run that lost the lease pushes nothing.
  const push = async (lease: RefUpdate | undefined) => {
    const withLease = lease && leasePushArgs(lease);
    const args = withLease
      ? [
          "push",
          "--porcelain",
          "--atomic",
          branchLease,
          ...withLease.options,
          remoteUrl,
          refspec,
          withLease.refspec,
        ]
      : ["push", "--porcelain", branchLease, remoteUrl, refspec];
    await git.run(args, { auth });
  };
  const delays = options.pushRetryDelaysMs ?? DEFAULT_PUSH_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      await (options.lease ? options.lease.pushWith(push) : push(undefined));
      return;
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      const message = errorMessage(error);
      if (classifyPushFailure(message) !== "transient" || attempt >= delays.length) {
        throw new TaskError(describePushFailure(branch, message), undefined, { cause: error });
      }
      logger.warning(`Push failed (${firstLines(message)}); retrying in ${delays[attempt]! / 1000}s`);
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}

function firstLines(text: string): string {
  return text.trim().split("\n").slice(0, 4).join(" ").slice(0, 400);
}
