/**
 * The REST operations the GitHub stand-in implements, keyed by GitHub's operationId. Requests reach a
 * handler only after authentication and OpenAPI validation, so handlers trust the request's shape and
 * check only what GitHub checks against its data (existence, duplicates, state transitions).
 */
import type { GitHubJson } from "./github-stand-in-json.js";
import {
  type GitHubState,
  gitHubTimestamp,
  isPullRequest,
  placeholderSha,
  type StoredComment,
  type StoredIssue,
  type StoredPullRequest,
  type StoredRepo,
} from "./github-stand-in-state.js";

export type BranchHeadLookup = (owner: string, repo: string, branch: string) => Promise<string | undefined>;

export interface OperationContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The JSON body, already validated against the operation's schema. */
  readonly body: unknown;
  /** Absolute URL of the request on the stand-in, for pagination links. */
  readonly url: URL;
  readonly documentationUrl: string;
  readonly state: GitHubState;
  readonly json: GitHubJson;
  readonly botLogin: string;
  readonly branchHead?: BranchHeadLookup;
}

export interface OperationResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Set when the request used a feature of the operation the stand-in does not model. */
  readonly unsupported?: string;
}

export type OperationHandler = (context: OperationContext) => OperationResult | Promise<OperationResult>;

type RepoHandler = (
  context: OperationContext,
  repo: StoredRepo,
) => OperationResult | Promise<OperationResult>;

interface FieldError {
  resource: string;
  code: string;
  field?: string;
  message?: string;
}

export function errorResult(status: number, message: string, documentationUrl: string): OperationResult {
  return { status, body: { message, documentation_url: documentationUrl, status: String(status) } };
}

function notFound(context: OperationContext): OperationResult {
  return errorResult(404, "Not Found", context.documentationUrl);
}

function validationFailed(context: OperationContext, errors: FieldError[]): OperationResult {
  return {
    status: 422,
    body: {
      message: "Validation Failed",
      errors,
      documentation_url: context.documentationUrl,
      status: "422",
    },
  };
}

/** Every implemented operation lives under /repos/{owner}/{repo}; an unknown repository is a 404. */
function inRepo(handler: RepoHandler): OperationHandler {
  return (context) => {
    const repo = context.state.findRepo(context.params.owner ?? "", context.params.repo ?? "");
    return repo ? handler(context, repo) : notFound(context);
  };
}

function numberParam(context: OperationContext, name: string): number {
  return Number(context.params[name]);
}

// ---------------------------------------------------------------------------------------------------
// Pagination and filters shared by the list operations

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

/** One page of `items` and GitHub's Link header (prev, next, last, first) when there is more than one. */
function paginate<T>(
  context: OperationContext,
  items: readonly T[],
): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Number(context.query.get("per_page")) || DEFAULT_PER_PAGE, MAX_PER_PAGE);
  const page = Math.max(Number(context.query.get("page")) || 1, 1);
  const lastPage = Math.max(Math.ceil(items.length / perPage), 1);
  const pageItems = items.slice((page - 1) * perPage, page * perPage);

  const pageUrl = (number: number) => {
    const url = new URL(context.url);
    url.searchParams.set("page", String(number));
    return url.toString();
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${pageUrl(Math.min(page - 1, lastPage))}>; rel="prev"`);
  if (page < lastPage) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(lastPage)}>; rel="last"`);
  if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`);
  return { items: pageItems, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}

function listResult<T>(context: OperationContext, items: readonly T[], render: (item: T) => unknown) {
  const page = paginate(context, items);
  return { status: 200, body: page.items.map(render), headers: page.headers };
}

/** GitHub's `since`: only items updated at or after the given time. */
function updatedSince<T extends { updatedAt: string }>(context: OperationContext, items: T[]): T[] {
  const since = context.query.get("since");
  if (!since) return items;
  const threshold = Date.parse(since);
  return items.filter((item) => Date.parse(item.updatedAt) >= threshold);
}

function sortByTime<T extends { id: number; createdAt: string; updatedAt: string }>(
  items: T[],
  sort: string | null,
  direction: string,
): T[] {
  const key = sort === "updated" ? "updatedAt" : "createdAt";
  const sign = direction === "desc" ? -1 : 1;
  // Timestamps have whole seconds; the id keeps items created in the same second in creation order.
  return [...items].sort((a, b) => sign * (a[key].localeCompare(b[key]) || a.id - b.id));
}

// ---------------------------------------------------------------------------------------------------
// Repositories and permissions

const getRepo: RepoHandler = (context, repo) => ({
  status: 200,
  body: context.json.repository(repo, { full: true }),
});

const getCollaboratorPermission: RepoHandler = (context, repo) => ({
  status: 200,
  body: context.json.collaboratorPermission(repo, context.params.username ?? ""),
});

/** Every login names an account here, of the type a test set (see setAccountType). */
const getUserByUsername: OperationHandler = (context) => ({
  status: 200,
  body: context.json.publicUser(context.params.username ?? ""),
});

const getWorkflowPermissions: RepoHandler = (_context, repo) => ({
  status: 200,
  body: {
    default_workflow_permissions: repo.workflowPermissions.defaultWorkflowPermissions,
    can_approve_pull_request_reviews: repo.workflowPermissions.canApprovePullRequestReviews,
  },
});

const getWorkflowRun: RepoHandler = (context, repo) => ({
  status: 200,
  body: context.json.workflowRun(repo, context.state.workflowRun(repo, numberParam(context, "run_id"))),
});

// ---------------------------------------------------------------------------------------------------
// Issues, labels and issue comments (pull requests are issues too)

function withIssue(
  handler: (context: OperationContext, repo: StoredRepo, issue: StoredIssue) => OperationResult,
) {
  return inRepo((context, repo) => {
    const issue = repo.issues.get(numberParam(context, "issue_number"));
    return issue ? handler(context, repo, issue) : notFound(context);
  });
}

/** Filters of issues/list-for-repo the stand-in does not model; a request using one is reported. */
const UNMODELLED_ISSUE_FILTERS = ["milestone", "assignee", "type", "mentioned", "issue_field_values"];

/** Issues and pull requests of the repository, filtered by state, labels (all of them) and creator. */
const listIssuesForRepo: RepoHandler = (context, repo) => {
  const state = context.query.get("state") ?? "open";
  const labels = (context.query.get("labels") ?? "")
    .split(",")
    .map((label) => label.trim().toLowerCase())
    .filter(Boolean);
  const creator = context.query.get("creator")?.toLowerCase();
  const issues = [...repo.issues.values()].filter(
    (issue) =>
      (state === "all" || issue.state === state) &&
      labels.every((label) => issue.labels.some((name) => name.toLowerCase() === label)) &&
      (!creator || issue.user.toLowerCase() === creator),
  );
  const sort = context.query.get("sort");
  const direction = context.query.get("direction") ?? "desc";
  const commentCount = (issue: StoredIssue) =>
    [...repo.comments.values()].filter((comment) => comment.issueNumber === issue.number).length;
  const since = updatedSince(context, issues);
  const ordered =
    sort === "comments"
      ? since.sort(
          (a, b) => (direction === "desc" ? -1 : 1) * (commentCount(a) - commentCount(b)) || a.id - b.id,
        )
      : sortByTime(since, sort, direction);
  const result = listResult(context, ordered, (issue) => context.json.issue(repo, issue));
  const unmodelled = UNMODELLED_ISSUE_FILTERS.filter((name) => context.query.has(name));
  return unmodelled.length > 0
    ? { ...result, unsupported: `issues/list-for-repo with ${unmodelled.join(", ")}` }
    : result;
};

const getIssue = withIssue((context, repo, issue) => ({
  status: 200,
  body: context.json.issue(repo, issue),
}));

interface UpdateIssueBody {
  title?: string | number | null;
  body?: string | null;
  state?: "open" | "closed";
  state_reason?: "completed" | "not_planned" | "reopened" | "duplicate" | null;
  labels?: (string | { name?: string })[];
}

const updateIssue = withIssue((context, repo, issue) => {
  const body = context.body as UpdateIssueBody;
  if (body.title !== undefined && body.title !== null) issue.title = String(body.title);
  if (body.body !== undefined) issue.body = body.body;
  if (body.labels !== undefined) {
    issue.labels = [];
    context.state.addLabels(repo, issue, labelNames(body.labels));
  }
  if (body.state === "closed" && issue.state === "open") {
    const reason = body.state_reason === "not_planned" ? "not_planned" : "completed";
    context.state.closeIssue(issue, reason);
  } else if (body.state === "open" && issue.state === "closed") {
    context.state.reopenIssue(issue);
  }
  issue.updatedAt = gitHubTimestamp();
  return { status: 200, body: context.json.issue(repo, issue) };
});

/** add-labels accepts `{labels: [...]}` or a bare array, each label a name or `{name}`. */
function labelNames(body: unknown): string[] {
  const list: unknown[] = Array.isArray(body)
    ? body
    : ((body as { labels?: unknown[] } | null)?.labels ?? []);
  return list.map((item) => (typeof item === "string" ? item : String((item as { name?: unknown }).name)));
}

const addLabels = withIssue((context, repo, issue) => {
  context.state.addLabels(repo, issue, labelNames(context.body));
  issue.updatedAt = gitHubTimestamp();
  return { status: 200, body: context.json.labels(repo, issue) };
});

const listLabelsOnIssue = withIssue((context, repo, issue) =>
  listResult(context, issue.labels, (name) => context.json.label(repo, name)),
);

const removeLabel = withIssue((context, repo, issue) => {
  const name = (context.params.name ?? "").toLowerCase();
  const index = issue.labels.findIndex((label) => label.toLowerCase() === name);
  if (index < 0) return errorResult(404, "Label does not exist", context.documentationUrl);
  issue.labels.splice(index, 1);
  issue.updatedAt = gitHubTimestamp();
  return { status: 200, body: context.json.labels(repo, issue) };
});

const listComments = withIssue((context, repo, issue) => {
  const comments = [...repo.comments.values()].filter((comment) => comment.issueNumber === issue.number);
  return listResult(context, sortByTime(updatedSince(context, comments), null, "asc"), (comment) =>
    context.json.comment(repo, comment),
  );
});

const createComment = withIssue((context, repo, issue) => {
  const { body } = context.body as { body: string };
  const comment = context.state.addComment(repo, issue.number, { body, user: context.botLogin });
  issue.updatedAt = comment.createdAt;
  const json = context.json.comment(repo, comment);
  return { status: 201, body: json, headers: { location: String(json.url) } };
});

function withComment(
  handler: (context: OperationContext, repo: StoredRepo, comment: StoredComment) => OperationResult,
): OperationHandler {
  return inRepo((context, repo) => {
    const comment = repo.comments.get(numberParam(context, "comment_id"));
    return comment ? handler(context, repo, comment) : notFound(context);
  });
}

const getComment = withComment((context, repo, comment) => ({
  status: 200,
  body: context.json.comment(repo, comment),
}));

const updateComment = withComment((context, repo, comment) => {
  comment.body = (context.body as { body: string }).body;
  comment.updatedAt = gitHubTimestamp();
  return { status: 200, body: context.json.comment(repo, comment) };
});

const deleteComment = withComment((_context, repo, comment) => {
  repo.comments.delete(comment.id);
  return { status: 204 };
});

// ---------------------------------------------------------------------------------------------------
// Pull requests

function withPull(
  handler: (context: OperationContext, repo: StoredRepo, pr: StoredPullRequest) => Promise<OperationResult>,
): OperationHandler {
  return inRepo((context, repo) => {
    const issue = repo.issues.get(numberParam(context, "pull_number"));
    return issue && isPullRequest(issue) ? handler(context, repo, issue) : notFound(context);
  });
}

/**
 * The sha of a branch, or undefined when it does not exist. Without a `branchHead` lookup every branch
 * exists, with a made-up but stable sha.
 */
async function branchSha(
  context: OperationContext,
  owner: string,
  repoName: string,
  branch: string,
): Promise<string | undefined> {
  if (!context.branchHead) return placeholderSha(`${owner}/${repoName}@${branch}`);
  return context.branchHead(owner, repoName, branch);
}

/** On GitHub an open pull request's head follows its branch as commits are pushed. */
async function refreshHeadSha(
  context: OperationContext,
  repo: StoredRepo,
  pr: StoredPullRequest,
): Promise<void> {
  if (!context.branchHead || pr.state !== "open") return;
  const sha = await context.branchHead(pr.pull.headOwner, repo.name, pr.pull.headRef);
  if (sha) pr.pull.headSha = sha;
}

/** `head` is `branch` or `owner:branch`. */
function parseHead(head: string, defaultOwner: string): { owner: string; ref: string } {
  const colon = head.indexOf(":");
  return colon < 0
    ? { owner: defaultOwner, ref: head }
    : { owner: head.slice(0, colon), ref: head.slice(colon + 1) };
}

function openDuplicate(repo: StoredRepo, candidate: { headOwner: string; headRef: string; baseRef: string }) {
  return [...repo.issues.values()].find(
    (issue) =>
      isPullRequest(issue) &&
      issue.state === "open" &&
      issue.pull.headOwner.toLowerCase() === candidate.headOwner.toLowerCase() &&
      issue.pull.headRef === candidate.headRef &&
      issue.pull.baseRef === candidate.baseRef,
  );
}

function duplicateError(headOwner: string, headRef: string): FieldError {
  return {
    resource: "PullRequest",
    code: "custom",
    message: `A pull request already exists for ${headOwner}:${headRef}.`,
  };
}

interface CreatePullBody {
  title?: string;
  head: string;
  base: string;
  body?: string;
  draft?: boolean;
  maintainer_can_modify?: boolean;
  issue?: number;
}

const createPull: RepoHandler = async (context, repo) => {
  const request = context.body as CreatePullBody;
  if (request.issue !== undefined) {
    return {
      ...errorResult(
        501,
        "The GitHub stand-in cannot turn an issue into a pull request",
        context.documentationUrl,
      ),
      unsupported: "pulls/create with `issue`",
    };
  }
  if (!request.title)
    return validationFailed(context, [{ resource: "PullRequest", field: "title", code: "missing_field" }]);

  const head = parseHead(request.head, repo.owner);
  const [headSha, baseSha] = await Promise.all([
    branchSha(context, head.owner, repo.name, head.ref),
    branchSha(context, repo.owner, repo.name, request.base),
  ]);
  const missing: FieldError[] = [];
  if (headSha === undefined) missing.push({ resource: "PullRequest", field: "head", code: "invalid" });
  if (baseSha === undefined) missing.push({ resource: "PullRequest", field: "base", code: "invalid" });
  if (headSha === undefined || baseSha === undefined) return validationFailed(context, missing);

  if (openDuplicate(repo, { headOwner: head.owner, headRef: head.ref, baseRef: request.base })) {
    return validationFailed(context, [duplicateError(head.owner, head.ref)]);
  }
  // Only detectable when both shas are real; GitHub also refuses a head that is behind its base.
  if (context.branchHead && headSha === baseSha) {
    const message = `No commits between ${request.base} and ${request.head}`;
    return validationFailed(context, [{ resource: "PullRequest", code: "custom", message }]);
  }

  const pr = context.state.createIssue(repo, {
    title: request.title,
    body: request.body ?? null,
    user: context.botLogin,
    pull: {
      headOwner: head.owner,
      headRef: head.ref,
      headSha,
      baseRef: request.base,
      baseSha,
      draft: request.draft ?? false,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      maintainerCanModify: request.maintainer_can_modify ?? true,
    },
  }) as StoredPullRequest;
  return {
    status: 201,
    body: context.json.pull(repo, pr),
    headers: { location: context.json.pullApiUrl(repo, pr.number) },
  };
};

const getPull = withPull(async (context, repo, pr) => {
  await refreshHeadSha(context, repo, pr);
  return { status: 200, body: context.json.pull(repo, pr) };
});

interface UpdatePullBody {
  title?: string;
  body?: string;
  state?: "open" | "closed";
  base?: string;
  maintainer_can_modify?: boolean;
}

const updatePull = withPull(async (context, repo, pr) => {
  const request = context.body as UpdatePullBody;
  if (request.base !== undefined && request.base !== pr.pull.baseRef) {
    const baseSha = await branchSha(context, repo.owner, repo.name, request.base);
    if (baseSha === undefined) {
      return validationFailed(context, [{ resource: "PullRequest", field: "base", code: "invalid" }]);
    }
    pr.pull.baseRef = request.base;
    pr.pull.baseSha = baseSha;
  }
  if (request.state === "open" && pr.state === "closed") {
    const refusal = reopenRefusal(repo, pr);
    if (refusal) return validationFailed(context, [refusal]);
    context.state.reopenIssue(pr);
  } else if (request.state === "closed" && pr.state === "open") {
    context.state.closeIssue(pr);
  }
  if (request.title !== undefined) pr.title = request.title;
  if (request.body !== undefined) pr.body = request.body;
  if (request.maintainer_can_modify !== undefined)
    pr.pull.maintainerCanModify = request.maintainer_can_modify;
  pr.updatedAt = gitHubTimestamp();
  await refreshHeadSha(context, repo, pr);
  return { status: 200, body: context.json.pull(repo, pr) };
});

function reopenRefusal(repo: StoredRepo, pr: StoredPullRequest): FieldError | undefined {
  if (pr.pull.merged) {
    return {
      resource: "PullRequest",
      code: "custom",
      field: "state",
      message: "state cannot be changed. The pull request has been merged.",
    };
  }
  const duplicate = openDuplicate(repo, pr.pull);
  return duplicate ? duplicateError(pr.pull.headOwner, pr.pull.headRef) : undefined;
}

const listPulls: RepoHandler = async (context, repo) => {
  const state = context.query.get("state") ?? "open";
  const base = context.query.get("base");
  // GitHub ignores a `head` filter without the `owner:` prefix and lists everything; so does the stand-in.
  const head = context.query.get("head");
  const headFilter = head?.includes(":") ? parseHead(head, repo.owner) : undefined;

  const pulls = [...repo.issues.values()]
    .filter(isPullRequest)
    .filter(
      (pr) =>
        (state === "all" || pr.state === state) &&
        (!base || pr.pull.baseRef === base) &&
        (!headFilter ||
          (pr.pull.headOwner.toLowerCase() === headFilter.owner.toLowerCase() &&
            pr.pull.headRef === headFilter.ref)),
    );
  const sort = context.query.get("sort");
  const direction = context.query.get("direction") ?? (sort === null || sort === "created" ? "desc" : "asc");
  const page = paginate(context, sortByTime(pulls, sort, direction));
  await Promise.all(page.items.map((pr) => refreshHeadSha(context, repo, pr)));
  return {
    status: 200,
    body: page.items.map((pr) => context.json.pullSimple(repo, pr)),
    headers: page.headers,
  };
};

const listReviewComments = withPull(async (context, repo, pr) => {
  const comments = [...repo.reviewComments.values()].filter((comment) => comment.pullNumber === pr.number);
  const sort = context.query.get("sort");
  const direction = context.query.get("direction") ?? "asc";
  return listResult(context, sortByTime(updatedSince(context, comments), sort, direction), (comment) =>
    context.json.reviewComment(repo, comment),
  );
});

export const operationHandlers: Readonly<Record<string, OperationHandler>> = {
  "repos/get": inRepo(getRepo),
  "repos/get-collaborator-permission-level": inRepo(getCollaboratorPermission),
  "actions/get-workflow-run": inRepo(getWorkflowRun),
  "users/get-by-username": getUserByUsername,
  "actions/get-github-actions-default-workflow-permissions-repository": inRepo(getWorkflowPermissions),
  "issues/list-for-repo": inRepo(listIssuesForRepo),
  "issues/get": getIssue,
  "issues/update": updateIssue,
  "issues/add-labels": addLabels,
  "issues/list-labels-on-issue": listLabelsOnIssue,
  "issues/remove-label": removeLabel,
  "issues/list-comments": listComments,
  "issues/create-comment": createComment,
  "issues/get-comment": getComment,
  "issues/update-comment": updateComment,
  "issues/delete-comment": deleteComment,
  "pulls/list": inRepo(listPulls),
  "pulls/create": inRepo(createPull),
  "pulls/get": getPull,
  "pulls/update": updatePull,
  "pulls/list-review-comments": listReviewComments,
};
