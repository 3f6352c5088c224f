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
  /** Waits before retrying a POST that creates something (after looking for it); tests shorten them. */
  createRetryDelaysMs?: number[];
  userAgent?: string;
}

/**
 * Both plugins schedule every request through Bottleneck (two or three limiters a request), whose
 * in-process store waits for a timer, `setTimeout(0)`, before each step of each job: a millisecond
 * at least, more while the event loop is busy. Against a local server that made a request take
 * 17 ms instead of 5. Bottleneck has had no release since 2019, so its store yields with
 * `setImmediate` instead: still after pending I/O, without a timer's floor (6 ms a request).
 * Nothing else changes: a job that must wait (a rate limit's retry) still waits on its own timer.
 * https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick#setimmediate-vs-settimeout
 */
function yieldWithoutTimers(): void {
  const store: { yieldLoop?: unknown } | undefined = Object.getPrototypeOf(
    (new Bottleneck() as unknown as { _store?: object })._store ?? {},
  );
  if (typeof store?.yieldLoop !== "function" || store.yieldLoop === yieldOnce) return;
  store.yieldLoop = yieldOnce;
}

function yieldOnce(this: { Promise: PromiseConstructor }): Promise<void> {
  return new this.Promise((resolve) => setImmediate(resolve));
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
  yieldWithoutTimers();
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

  const createRetryDelaysMs = (options.createRetryDelaysMs ?? [1000, 4000, 9000]).slice(0, retries);
  /**
   * A POST that creates something is not idempotent: GitHub sometimes creates the object and still
   * answers 5xx, and a blind retry then fails with 422 "already exists" or makes a second one. So
   * these POSTs bypass the retry plugin; after a failure the object is looked for first, and the
   * POST is retried only when it is not there.
   */
  const createOnce = async <T>(
    what: string,
    create: () => Promise<T>,
    find: () => Promise<T | undefined>,
  ): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await create();
      } catch (error) {
        const status = (error as { status?: number }).status;
        const answer = status ? String(status) : errorMessage(error).split("\n")[0];
        const alreadyExists = status === 422 && /already exists/i.test(errorMessage(error));
        const transient = status === undefined || status >= 500;
        if (!alreadyExists && !transient) throw error;
        const found = await find().catch(() => undefined);
        if (found !== undefined) {
          logger.info(`${what}: GitHub answered ${answer}, but it had been created; using it`);
          return found;
        }
        if (alreadyExists || attempt >= createRetryDelaysMs.length) throw error;
        const delay = createRetryDelaysMs[attempt]!;
        logger.warning(`${what} failed (${answer}) and was not created; retrying in ${delay / 1000}s`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };

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
      return toIssue(data);
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
      return createOnce(
        `Creating a comment on #${issueNumber}`,
        async () => {
          const { data } = await octokit.rest.issues.createComment({
            owner,
            repo,
            issue_number: issueNumber,
            body,
            request: { retries: 0 },
          });
          return { id: data.id, url: data.html_url };
        },
        async () => {
          // The body is this run's own (the status comment carries the run's random lease holder).
          const comments = await port.listIssueComments(issueNumber);
          const mine = comments.filter((comment) => comment.body.trimEnd() === body.trimEnd()).at(-1);
          return mine && { id: mine.id, url: mine.url };
        },
      );
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
      // Runs started outside GitHub Actions (the CLI) have ids of their own, unknown to the API.
      if (!/^\d+$/.test(runId)) return undefined;
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
      return createOnce(
        `Opening the pull request for ${fields.head}`,
        async () => {
          const { data } = await octokit.rest.pulls.create({
            owner,
            repo,
            ...fields,
            request: { retries: 0 },
          });
          return toPull(data);
        },
        // One branch has at most one open pull request, and publishing found none before this POST.
        async () => (await port.listPullsForBranch(fields.head)).find((pull) => pull.state === "open"),
      );
    },

    async updatePull(pullNumber, fields) {
      const { data } = await octokit.rest.pulls.update({ owner, repo, pull_number: pullNumber, ...fields });
      return toPull(data);
    },

    async addLabels(issueNumber, labels) {
      if (labels.length === 0) return;
      await octokit.rest.issues.addLabels({ owner, repo, issue_number: issueNumber, labels });
    },

    async listOpenIssues(label) {
      const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
        owner,
        repo,
        state: "open",
        labels: label,
        per_page: 100,
      });
      // The issues endpoint lists pull requests too; they carry `pull_request`.
      return issues.filter((issue) => !issue.pull_request).map(toIssue);
    },

    async listOpenPulls() {
      const pulls = await octokit.paginate(octokit.rest.pulls.list, {
        owner,
        repo,
        state: "open",
        per_page: 100,
      });
      return pulls.map(toPull);
    },

    async getCollaboratorPermission(username) {
      try {
        // `role_name` tells triage from read and maintain from write; the legacy `permission` does not.
        // https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username });
        return {
          roleName: data.role_name,
          permissions: data.user?.permissions,
          accountType: data.user?.type,
        };
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw error;
      }
    },

    async getAccountType(login) {
      try {
        const { data } = await octokit.rest.users.getByUsername({ username: login });
        return data.type;
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw error;
      }
    },
  };
  return withReadableErrors(port);
}

interface RawIssue {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  user: { login: string } | null;
  labels: Array<string | { name?: string }>;
  state: string;
  created_at: string;
  locked?: boolean;
  pull_request?: unknown;
}

function toIssue(data: RawIssue): Issue {
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
    locked: data.locked,
    isPullRequest: Boolean(data.pull_request),
  };
}

interface RawComment {
  id: number;
  user?: { login: string } | null;
  created_at: string;
  updated_at?: string;
  html_url: string;
}

function toComment(comment: RawComment, body: string): IssueComment {
  return {
    id: comment.id,
    author: comment.user?.login ?? "ghost",
    createdAt: comment.created_at,
    updatedAt: comment.updated_at,
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

/** The permission each call needs, for the message when the token lacks it. */
const NEEDED_PERMISSION: Record<string, string> = {
  getRepository: "contents: read",
  getIssue: "issues: read",
  listIssueComments: "issues: read",
  createComment: "issues: write",
  updateComment: "issues: write",
  getComment: "issues: read",
  deleteComment: "issues: write",
  listReviewComments: "pull-requests: read",
  getWorkflowRunStatus: "actions: read",
  listPullsForBranch: "pull-requests: read",
  createPull: "pull-requests: write",
  updatePull: "pull-requests: write",
  addLabels: "issues: write",
};

const ALL_PERMISSIONS =
  "give the job `contents: write`, `pull-requests: write` and `issues: write`, and allow Actions to create pull requests in the repository settings";

export function describeApiError(operation: string, error: unknown): string {
  const status = (error as { status?: number } | null | undefined)?.status;
  const message = errorMessage(error).split("\n")[0] ?? "";
  const what = `GitHub API call ${operation} failed`;
  switch (status) {
    case 401:
      return `${what}: 401 ${message}. The \`github-token\` was rejected: it is not valid, or it expired or was revoked (GitHub App installation tokens last one hour)`;
    case 403: {
      if (isRateLimited(error)) {
        return `${what}: 403 ${message}. GitHub's rate limit for the token is used up; run again after it resets, or use a token with its own limit`;
      }
      if (/not permitted to create or approve pull requests/i.test(message)) {
        return `${what}: 403 ${message}. Allow GitHub Actions to create pull requests (repository or organization settings → Actions → General → Workflow permissions)`;
      }
      const needed = NEEDED_PERMISSION[operation];
      return `${what}: 403 ${message}. The \`github-token\` lacks a permission${needed ? `: ${operation} needs \`${needed}\`` : ""}; ${ALL_PERMISSIONS}`;
    }
    case 404:
      return `${what}: 404 ${message}. Check the repository and issue number, and that the token can read them`;
    case 422:
      return `${what}: 422 ${message}`;
    default:
      return status ? `${what}: ${status} ${message}` : `${what}: ${message}`;
  }
}

/**
 * A 403 is a rate limit, not a missing permission, when GitHub says the limit is used up or asks
 * to wait: https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#rate-limit-errors
 */
function isRateLimited(error: unknown): boolean {
  const headers = (error as { response?: { headers?: Record<string, string | undefined> } }).response
    ?.headers;
  if (headers?.["x-ratelimit-remaining"] === "0" || headers?.["retry-after"] !== undefined) return true;
  return /rate limit/i.test(errorMessage(error));
}
