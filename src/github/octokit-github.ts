import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck/light.js";
import { errorMessage, TaskError } from "../core/errors.js";
import type { Issue, IssueComment, Repository } from "../core/issue/issue.js";
import type { GitHubPort, Logger, PullRequest } from "../core/ports.js";

type Octokit = ReturnType<typeof getOctokit>;
type RawPull = Awaited<ReturnType<Octokit["rest"]["pulls"]["get"]>>["data"];

export interface OctokitGitHubOptions {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
  logger: Logger;
  /** Retries for transient errors (5xx, network); 0 turns retrying off. */
  retries?: number;
  userAgent?: string;
}

/** Rate-limit waits longer than this fail instead of holding the job. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 15 * 60;

/**
 * The GitHub port on Octokit, with the retry plugin (5xx and network errors) and the throttling
 * plugin (primary and secondary rate limits, waiting for their reset).
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */
export function createOctokitGitHub(options: OctokitGitHubOptions): GitHubPort {
  const { owner, repo, logger } = options;
  const retries = options.retries ?? 3;
  /** The throttling plugin asks whether to retry after a rate limit: yes, a few times, unless the wait is long. */
  const waitOrGiveUp =
    (what: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, count: number) => {
      logger.warning(`GitHub ${what} for ${request.method} ${request.url}; retrying in ${retryAfter}s`);
      return count <= retries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
    };
  const octokit = getOctokit(
    options.token,
    {
      baseUrl: options.apiUrl,
      userAgent: options.userAgent ?? "agent-task",
      retry: { retries, doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
      throttle: {
        onRateLimit: waitOrGiveUp("rate limit reached"),
        onSecondaryRateLimit: waitOrGiveUp("secondary rate limit"),
        // The plugin spaces writes 1 s apart (3 s for comments and pull requests) by default. A
        // run makes a handful of writes, far from the secondary limits, so it waits only when
        // GitHub signals a limit (the handlers above): the groups below never delay a request.
        // https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#pause-between-mutative-requests
        write: new Bottleneck.Group(),
        notifications: new Bottleneck.Group(),
      },
    },
    retry,
    throttling,
  );

  const toPull = (pull: RawPull | Awaited<ReturnType<Octokit["rest"]["pulls"]["list"]>>["data"][number]) =>
    ({
      number: pull.number,
      url: pull.html_url,
      state: pull.state === "open" ? "open" : "closed",
      merged: Boolean(pull.merged_at),
      draft: Boolean(pull.draft),
      headRef: pull.head.ref,
      baseRef: pull.base.ref,
    }) satisfies PullRequest;

  const port: GitHubPort = {
    async getRepository(): Promise<Repository> {
      const { data } = await octokit.rest.repos.get({ owner, repo });
      return { owner, name: repo, defaultBranch: data.default_branch, htmlUrl: data.html_url };
    },

    async getIssue(issueNumber): Promise<Issue> {
      const { data } = await octokit.rest.issues.get({ owner, repo, issue_number: issueNumber });
      return {
        number: data.number,
        title: data.title,
        body: data.body ?? "",
        url: data.html_url,
        author: data.user?.login ?? "ghost",
        labels: data.labels
          .map((label) => (typeof label === "string" ? label : (label.name ?? "")))
          .filter(Boolean),
        state: data.state,
        createdAt: data.created_at,
      };
    },

    async listIssueComments(issueNumber): Promise<IssueComment[]> {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: issueNumber,
        per_page: 100,
      });
      return comments.map((c) => toComment(c, c.body ?? ""));
    },

    async createComment(issueNumber, body) {
      const { data } = await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: issueNumber,
        body,
      });
      return { id: data.id, url: data.html_url };
    },

    async updateComment(commentId, body) {
      await octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
    },

    async getComment(commentId) {
      try {
        const { data } = await octokit.rest.issues.getComment({ owner, repo, comment_id: commentId });
        return { id: data.id, body: data.body ?? "" };
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw error;
      }
    },

    async deleteComment(commentId) {
      await octokit.rest.issues.deleteComment({ owner, repo, comment_id: commentId });
    },

    async listReviewComments(pullNumber) {
      const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
        owner,
        repo,
        pull_number: pullNumber,
        per_page: 100,
      });
      return comments.map((c) => toComment(c, c.path ? `(on \`${c.path}\`) ${c.body}` : c.body));
    },

    async getWorkflowRunStatus(runId) {
      try {
        const { data } = await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: Number(runId) });
        return data.status ?? undefined;
      } catch {
        // Without `actions: read` the status is unknown; the heartbeat alone then decides.
        return undefined;
      }
    },

    async listPullsForBranch(branch) {
      const pulls = await octokit.paginate(octokit.rest.pulls.list, {
        owner,
        repo,
        head: `${owner}:${branch}`,
        state: "all",
        per_page: 100,
      });
      return pulls
        .filter((pull) => pull.head.ref === branch)
        .sort((a, b) => b.number - a.number)
        .map(toPull);
    },

    async createPull(fields) {
      const { data } = await octokit.rest.pulls.create({ owner, repo, ...fields });
      return toPull(data);
    },

    async updatePull(pullNumber, fields) {
      const { data } = await octokit.rest.pulls.update({ owner, repo, pull_number: pullNumber, ...fields });
      return toPull(data);
    },

    async addLabels(issueNumber, labels) {
      if (labels.length === 0) return;
      await octokit.rest.issues.addLabels({ owner, repo, issue_number: issueNumber, labels });
    },
  };
  return withReadableErrors(port);
}

interface RawComment {
  id: number;
  user?: { login: string } | null;
  created_at: string;
  html_url: string;
}

function toComment(comment: RawComment, body: string): IssueComment {
  return {
    id: comment.id,
    author: comment.user?.login ?? "ghost",
    createdAt: comment.created_at,
    body,
    url: comment.html_url,
  };
}

/** Wraps every method so an API failure says what was asked, what GitHub answered, and what to do. */
function withReadableErrors(port: GitHubPort): GitHubPort {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(port) as Array<
    [string, (...args: unknown[]) => Promise<unknown>]
  >) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (error) {
        throw new TaskError(describeApiError(name, error), undefined, { cause: error });
      }
    };
  }
  return wrapped as unknown as GitHubPort;
}

export function describeApiError(operation: string, error: unknown): string {
  const status = (error as { status?: number } | null | undefined)?.status;
  const message = errorMessage(error).split("\n")[0];
  const what = `GitHub API call ${operation} failed`;
  switch (status) {
    case 401:
      return `${what}: 401 ${message}. The \`github-token\` was rejected; check that it is valid and not expired`;
    case 403:
      return `${what}: 403 ${message}. The token lacks permission; give the job \`contents: write\`, \`pull-requests: write\` and \`issues: write\`, and allow Actions to create pull requests in the repository settings`;
    case 404:
      return `${what}: 404 ${message}. Check the repository and issue number, and that the token can read them`;
    case 422:
      return `${what}: 422 ${message}`;
    default:
      return status ? `${what}: ${status} ${message}` : `${what}: ${message}`;
  }
}
