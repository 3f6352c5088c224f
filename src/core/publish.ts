import type { WorktreeEnvironment } from "./environment.js";
import { short } from "./environment.js";
import { errorMessage, TaskError } from "./errors.js";
import type { Git, GitAuth } from "./git.js";
import type { GitHubPort, PullRequest } from "./github-port.js";
import type { Publication } from "./outcome.js";
import type { Logger } from "./ports.js";

export interface PublishOptions {
  env: WorktreeEnvironment;
  git: Git;
  github: GitHubPort;
  logger: Logger;
  remoteUrl: string;
  auth: GitAuth;
  publication: Exclude<Publication, "none">;
  headSha: string;
  pull: { title: string; body: string; labels: string[] };
  /** Waits between push attempts; tests shorten them. */
  pushRetryDelaysMs?: number[];
}

export interface Published {
  branch: string;
  headSha: string;
  pull?: PullRequest;
  /** True when an open pull request of the branch was updated rather than a new one opened. */
  updated: boolean;
}

const DEFAULT_PUSH_RETRY_DELAYS_MS = [2000, 5000, 10000];

/** Pushes the agent branch, then opens or updates the one pull request. */
export async function publish(options: PublishOptions): Promise<Published> {
  const { env, logger, github, publication } = options;
  await push(options);
  logger.info(`Pushed ${short(options.headSha)} to ${env.branch}`);
  if (publication === "branch") return { branch: env.branch, headSha: options.headSha, updated: false };

  const draft = publication === "draft-pr";
  const open = (await github.listPullsForBranch(env.branch)).find((pull) => pull.state === "open");
  let pull: PullRequest;
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
  }
  if (options.pull.labels.length > 0) {
    try {
      await github.addLabels(pull.number, options.pull.labels);
    } catch (error) {
      // A missing label permission should not undo a pull request that exists.
      logger.warning(`Could not add labels ${options.pull.labels.join(", ")}: ${errorMessage(error)}`);
    }
  }
  return { branch: env.branch, headSha: options.headSha, pull, updated: Boolean(open) };
}

/**
 * `--force-with-lease` against the head seen when the run started: the push replaces only what
 * this run built on, and never a commit it has not seen. Transient failures are retried.
 */
async function push(options: PublishOptions): Promise<void> {
  const { env, git, auth, remoteUrl, logger } = options;
  const lease = `--force-with-lease=refs/heads/${env.branch}:${env.remoteBranchSha ?? ""}`;
  const args = ["push", "--porcelain", lease, remoteUrl, `${options.headSha}:refs/heads/${env.branch}`];
  const delays = options.pushRetryDelaysMs ?? DEFAULT_PUSH_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      await git.at(env.workdir).run(args, { auth });
      return;
    } catch (error) {
      const message = errorMessage(error);
      const permanent = isPermanentPushFailure(message);
      if (permanent || attempt >= delays.length) {
        throw new TaskError(`pushing ${env.branch} failed: ${firstLines(message)}`, undefined, {
          cause: error,
        });
      }
      logger.warning(`Push failed (${firstLines(message)}); retrying in ${delays[attempt]! / 1000}s`);
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}

/** Rejections and auth failures do not get better by retrying; network and 5xx errors may. */
export function isPermanentPushFailure(message: string): boolean {
  return /\[rejected\]|\[remote rejected\]|stale info|non-fast-forward|pre-receive hook|protected branch|Authentication failed|403|401|Permission|not found|does not appear to be a git repository/i.test(
    message,
  );
}

function firstLines(text: string): string {
  return text.trim().split("\n").slice(0, 4).join(" ").slice(0, 400);
}
