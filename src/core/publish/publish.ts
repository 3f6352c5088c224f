import { errorMessage, TaskError } from "../errors.js";
import type { Git, GitAuth } from "../git.js";
import type { Publication } from "../outcome.js";
import type { GitHubPort, Logger, PullRequest } from "../ports.js";
import { LeaseLostError } from "../report/lease.js";
import { leasePushArgs, type RefUpdate } from "../report/lease-store.js";
import type { WorktreeWorkspace } from "../workspace/prepare-workspace.js";
import { short } from "../workspace/prepare-workspace.js";
import { COMMIT_IDENTITY } from "./collect-changes.js";

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
  /** What publishing had to do differently, for the reports. */
  note?: string;
}

const DEFAULT_PUSH_RETRY_DELAYS_MS = [2000, 5000, 10000];

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
  const pulls = await github.listPullsForBranch(env.branch);
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
 * replaces commits it has not seen. When the branch moved meanwhile (a human pushed a fix), the
 * run's commits are rebased onto the new head if they apply cleanly; otherwise they go to a side
 * branch `{branch}-{run id}`. Either way nothing is lost.
 */
async function pushWork(options: PublishOptions): Promise<Pushed> {
  const { env, git, auth, remoteUrl, logger } = options;
  const worktree = git.at(env.workdir);
  try {
    await pushRef(options, env.branch, env.remoteBranchSha, options.headSha);
    return { branch: env.branch, headSha: options.headSha };
  } catch (error) {
    if (!isLeaseRejection(errorMessage(error))) throw error;
  }
  const heads = await worktree.run(["ls-remote", remoteUrl, `refs/heads/${env.branch}`], { auth });
  const movedSha = heads.split("\t")[0]?.trim();
  logger.info(
    `${env.branch} moved on the remote during the run (now ${short(movedSha)}); rebasing this run's commits onto it`,
  );
  if (movedSha) {
    await worktree.run(["fetch", "--no-tags", "--quiet", remoteUrl, `refs/heads/${env.branch}`], { auth });
    const rebased = await rebaseOnto(worktree, movedSha, env.startSha, options.headSha);
    if (rebased) {
      await pushRef(options, env.branch, movedSha, rebased);
      return {
        branch: env.branch,
        headSha: rebased,
        note: `${env.branch} received new commits during the run; this run's commits were rebased onto them.`,
      };
    }
  }
  const side = `${env.branch}-${options.runId}`;
  await pushRef(options, side, undefined, options.headSha);
  return {
    branch: side,
    headSha: options.headSha,
    sideBranch: true,
    note: `${env.branch} received new commits during the run that conflict with this run's work, so the work was pushed to ${side} instead; no second pull request was opened.`,
  };
}

async function rebaseOnto(
  worktree: Git,
  onto: string,
  from: string,
  head: string,
): Promise<string | undefined> {
  const identity = ["-c", `user.name=${COMMIT_IDENTITY.name}`, "-c", `user.email=${COMMIT_IDENTITY.email}`];
  try {
    await worktree.run([...identity, "rebase", "--quiet", "--onto", onto, from, head]);
    return (await worktree.run(["rev-parse", "HEAD"])).trim();
  } catch {
    await worktree.tryRun(["rebase", "--abort"]);
    await worktree.tryRun(["checkout", "--quiet", "--detach", head]);
    return undefined;
  }
}

async function pushRef(
  options: PublishOptions,
  branch: string,
  expected: string | undefined,
  sha: string,
): Promise<void> {
  const { env, git, auth, remoteUrl, logger } = options;
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
    await git.at(env.workdir).run(args, { auth });
  };
  const delays = options.pushRetryDelaysMs ?? DEFAULT_PUSH_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      await (options.lease ? options.lease.pushWith(push) : push(undefined));
      return;
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      const message = errorMessage(error);
      if (isPermanentPushFailure(message) || attempt >= delays.length) {
        throw new TaskError(`pushing ${branch} failed: ${firstLines(message)}`, undefined, { cause: error });
      }
      logger.warning(`Push failed (${firstLines(message)}); retrying in ${delays[attempt]! / 1000}s`);
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}

/** The remote branch is not where the run saw it: someone pushed meanwhile. */
export function isLeaseRejection(message: string): boolean {
  return /stale info|fetch first|non-fast-forward/i.test(message);
}

/** Rejections and auth failures do not get better by retrying; network and 5xx errors may. */
export function isPermanentPushFailure(message: string): boolean {
  return /\[rejected\]|\[remote rejected\]|stale info|non-fast-forward|pre-receive hook|protected branch|Authentication failed|error: 40[134]\b|Permission|not found|does not appear to be a git repository/i.test(
    message,
  );
}

function firstLines(text: string): string {
  return text.trim().split("\n").slice(0, 4).join(" ").slice(0, 400);
}
