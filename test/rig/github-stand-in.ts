/**
 * A stand-in for api.github.com: a small, stateful HTTP server for tests. Every request is checked
 * against GitHub's official OpenAPI description; a request GitHub would not accept is answered 422 and
 * recorded, so `assertAllRequestsValid()` in an afterEach turns a malformed call into a failing test.
 * Every answer of the stand-in's handlers is checked against the documented response schema too, so
 * a client is never tested against a shape GitHub would not send.
 *
 * Request pipeline: authenticate → parse the JSON body → route to an operation → validate → injected
 * `before-handler` fault, if any → the operation's handler → response validation → injected
 * `after-handler` fault, if any. Faults come after validation so that a faulted request is still
 * checked. A `before-handler` fault changes nothing, as when GitHub's front end fails before the
 * request reaches the application; an `after-handler` one answers an error for a write that happened.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import {
  FaultQueue,
  type FaultSpec,
  type FaultTiming,
  type InjectedFault,
} from "./github-stand-in-faults.js";
import { GitHubJson } from "./github-stand-in-json.js";
import { type GitHubApiDescription, loadGitHubApiDescription } from "./github-stand-in-openapi.js";
import {
  type BranchHeadLookup,
  errorResult,
  type OperationResult,
  operationHandlers,
} from "./github-stand-in-operations.js";
import {
  type AccountType,
  GitHubState,
  gitHubTimestamp,
  isPullRequest,
  type RepoRole,
  type StoredComment,
  type StoredIssue,
  type StoredPullRequest,
  type StoredReviewComment,
  type WorkflowRunStatus,
} from "./github-stand-in-state.js";

export type { FaultMatch, FaultSpec, FaultTiming, InjectedFault } from "./github-stand-in-faults.js";
export { gitHubFaults } from "./github-stand-in-faults.js";
export type { BranchHeadLookup } from "./github-stand-in-operations.js";
export type {
  AccountType,
  RepoRole,
  StoredComment,
  StoredIssue,
  StoredPull,
  StoredPullRequest,
  StoredReviewComment,
  WorkflowRunStatus,
} from "./github-stand-in-state.js";

export interface StandInOptions {
  /** The only token accepted, as `Authorization: token X` or `Bearer X`. */
  token: string;
  /** Base of web URLs (html_url, clone_url), e.g. the git server's URL; default the stand-in's own URL. */
  htmlBaseUrl?: string;
  /** Login of the token's identity, which authors comments and pull requests; default `github-actions[bot]`. */
  botLogin?: string;
  /**
   * Whether a branch exists on the git remote, and its head sha. Used by pulls/create and pulls/update;
   * without it every branch exists.
   */
  branchHead?: BranchHeadLookup;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Parsed JSON body; the raw text when it was not JSON; undefined when empty. */
  readonly body: unknown;
  /** GitHub's operationId, e.g. `pulls/create`; undefined when the request matched no operation. */
  readonly operationId: string | undefined;
  /** Response status; 0 while the response is still pending. */
  readonly status: number;
  /** When the request arrived, in epoch milliseconds. */
  readonly at: number;
  /** The response body sent. */
  readonly response: unknown;
  /** The response headers sent (lower-case names). */
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** The operation's path template, e.g. `/repos/{owner}/{repo}/pulls`; undefined when none matched. */
  readonly route: string | undefined;
  /** Set when an injected fault answered the request, and whether the handler had run. */
  readonly fault: FaultTiming | undefined;
}

/** API requests counted by `METHOD route` (e.g. `POST /repos/{owner}/{repo}/pulls`). */
export interface RequestCounts {
  readonly total: number;
  /** Sorted by key; an unknown path is counted under the path as sent. */
  readonly byRoute: Readonly<Record<string, number>>;
}

/** Counts the requests received from its start (or its last `reset()`) on. */
export interface RequestCounter {
  counts(): RequestCounts;
  /** Starts counting afresh, e.g. before the next run. */
  reset(): void;
}

export type StandInProblemKind =
  /** The request does not satisfy GitHub's OpenAPI description (or is not JSON, or has no such path). */
  | "invalid-request"
  /** The operation, or a feature of it, exists on GitHub but not in the stand-in. */
  | "unimplemented"
  /** The stand-in answered with a body its documented response schema rejects: a stand-in bug. */
  | "invalid-response"
  /** A handler threw: a bug in the stand-in. */
  | "stand-in-error";

export interface StandInProblem {
  readonly kind: StandInProblemKind;
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
  readonly details: readonly string[];
}

export interface GitHubStandIn {
  /** Base URL of the API, for GITHUB_API_URL or Octokit's `baseUrl`. */
  readonly url: string;
  close(): Promise<void>;

  addRepo(repo: { owner: string; name: string; defaultBranch?: string }): void;
  /** Files an issue; `user` defaults to the repository owner. */
  addIssue(
    owner: string,
    repo: string,
    issue: { title: string; body?: string; labels?: string[]; user?: string },
  ): StoredIssue;
  addIssueComment(
    owner: string,
    repo: string,
    issueNumber: number,
    comment: { body: string; user?: string; createdAt?: string | Date },
  ): StoredComment;
  addReviewComment(
    owner: string,
    repo: string,
    pullNumber: number,
    comment: { body: string; user?: string; path?: string },
  ): StoredReviewComment;

  /** Snapshots of the current state, for assertions. */
  pulls(owner: string, repo: string): StoredPullRequest[];
  issue(owner: string, repo: string, number: number): StoredIssue;
  comments(owner: string, repo: string, issueNumber: number): StoredComment[];
  reviewComments(owner: string, repo: string, pullNumber: number): StoredReviewComment[];

  mergePull(owner: string, repo: string, number: number): void;
  closePull(owner: string, repo: string, number: number): void;
  setPermission(owner: string, repo: string, username: string, role: RepoRole): void;
  /** The repository's Actions workflow permissions (GitHub's default: read-only, no pull requests). */
  setWorkflowPermissions(
    owner: string,
    repo: string,
    permissions: { defaultWorkflowPermissions?: "read" | "write"; canApprovePullRequestReviews?: boolean },
  ): void;
  /**
   * Makes every response carry `X-OAuth-Scopes: <scopes>`, as GitHub answers a classic token;
   * undefined (the default) sends no such header, as for fine-grained and GitHub App tokens.
   */
  setTokenScopes(scopes: string | undefined): void;
  /** The issue as the REST API (and a webhook payload) renders it, without making a request. */
  issueJson(owner: string, repo: string, number: number): Record<string, unknown>;
  /** The account's type in every response (users/get-by-username, `user` objects). */
  setAccountType(login: string, type: AccountType): void;
  /** Locks an issue's conversation (`locked: true`). */
  lockIssue(owner: string, repo: string, number: number): void;
  /** Edits an issue's title or body as its author would, after the fact. */
  editIssue(owner: string, repo: string, number: number, fields: { title?: string; body?: string }): void;
  /** Edits a comment's body; `updatedAt` defaults to now. */
  editIssueComment(
    owner: string,
    repo: string,
    commentId: number,
    body: string,
    updatedAt?: string | Date,
  ): void;
  /** Workflow runs not set here report `in_progress`. */
  setWorkflowRun(
    owner: string,
    repo: string,
    runId: number,
    run: { status: WorkflowRunStatus; conclusion?: string | null },
  ): void;

  /** Every request received, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** The requests that are neither GET nor HEAD. */
  writes(): RecordedRequest[];
  clearRequests(): void;
  /**
   * Counts requests by method and route from now on: the API cost of a run. Counters are independent
   * of each other and of `clearRequests()`; runs at the same time are counted together.
   */
  countRequests(): RequestCounter;

  /** Everything a test should fail on: invalid and unimplemented requests, stand-in bugs. */
  readonly problems: readonly StandInProblem[];
  /** The problems of kind `invalid-request`. */
  readonly invalidRequests: readonly StandInProblem[];
  /** Throws an Error listing every problem. */
  assertAllRequestsValid(): void;
  /**
   * Forgets the problems, then throws like `assertAllRequestsValid()` if there were any: for an
   * afterEach, so each test is judged by its own requests and one bad request fails one test.
   */
  assertAndClearProblems(): void;
  /** Returns the problems and forgets them, for a test that provokes some on purpose. */
  takeProblems(): StandInProblem[];

  /** The next `times` (default 1) matching requests get this response instead of the real one. */
  injectFault(fault: FaultSpec): InjectedFault;
  /** Delays every response by `ms`. */
  setDelay(ms: number): void;

  /**
   * From now on the token is refused (401 Bad credentials), as GitHub does once an installation
   * token expired or was revoked. `restoreToken()` accepts it again.
   */
  revokeToken(): void;
  restoreToken(): void;
}

const DEFAULT_BOT_LOGIN = "github-actions[bot]";
const RATE_LIMIT = 5000;
const DOCUMENTATION_URL = "https://docs.github.com/rest";

export async function startGitHubStandIn(options: StandInOptions): Promise<GitHubStandIn> {
  const api = await loadGitHubApiDescription();
  const standIn = new StandInServer(api, options);
  await standIn.listen();
  return standIn;
}

interface Outcome extends OperationResult {
  readonly delayMs?: number;
}

type MutableRecord = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] };

class StandInServer implements GitHubStandIn {
  private readonly server: Server;
  private readonly state = new GitHubState();
  private readonly faults = new FaultQueue();
  private readonly recorded: MutableRecord[] = [];
  private recordedProblems: StandInProblem[] = [];
  private json: GitHubJson | undefined;
  private baseUrl = "";
  private delayMs = 0;
  private tokenRevoked = false;
  /** Requests received since the server started, for counters (clearRequests does not reset it). */
  private readonly allRequests: MutableRecord[] = [];
  private rateLimitUsed = 0;
  private readonly rateLimitReset = Math.floor(Date.now() / 1000) + 3600;
  private nextRequestNumber = 1;
  private tokenScopes: string | undefined;

  constructor(
    private readonly api: GitHubApiDescription,
    private readonly options: StandInOptions,
  ) {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        // Only reachable if writing the response itself failed; nothing left to answer.
        console.error("GitHub stand-in: failed to answer", error);
        response.destroy();
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.json = new GitHubJson(
      { api: this.baseUrl, html: (this.options.htmlBaseUrl ?? this.baseUrl).replace(/\/+$/, "") },
      this.state,
      this.botLogin,
    );
  }

  get url(): string {
    return this.baseUrl;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Octokit keeps connections alive; without this, close() waits for them to time out.
    this.server.closeAllConnections();
    await closed;
  }

  // -------------------------------------------------------------------------------------------------
  // State helpers for tests

  addRepo({
    owner,
    name,
    defaultBranch = "main",
  }: {
    owner: string;
    name: string;
    defaultBranch?: string;
  }): void {
    this.state.addRepo(owner, name, defaultBranch);
  }

  addIssue(
    owner: string,
    repo: string,
    issue: { title: string; body?: string; labels?: string[]; user?: string },
  ): StoredIssue {
    const stored = this.state.requireRepo(owner, repo);
    const created = this.state.createIssue(stored, {
      title: issue.title,
      body: issue.body ?? null,
      user: issue.user ?? stored.owner,
      labels: issue.labels,
    });
    return structuredClone(created);
  }

  addIssueComment(
    owner: string,
    repo: string,
    issueNumber: number,
    comment: { body: string; user?: string; createdAt?: string | Date },
  ): StoredComment {
    const stored = this.state.requireRepo(owner, repo);
    this.state.requireIssue(owner, repo, issueNumber);
    const { createdAt } = comment;
    const created = this.state.addComment(stored, issueNumber, {
      body: comment.body,
      user: comment.user ?? stored.owner,
      createdAt: createdAt instanceof Date ? gitHubTimestamp(createdAt) : createdAt,
    });
    return structuredClone(created);
  }

  addReviewComment(
    owner: string,
    repo: string,
    pullNumber: number,
    comment: { body: string; user?: string; path?: string },
  ): StoredReviewComment {
    const stored = this.state.requireRepo(owner, repo);
    const pull = this.state.requirePull(owner, repo, pullNumber);
    const created = this.state.addReviewComment(stored, pull, {
      body: comment.body,
      user: comment.user ?? stored.owner,
      path: comment.path ?? "README.md",
    });
    return structuredClone(created);
  }

  pulls(owner: string, repo: string): StoredPullRequest[] {
    const issues = [...this.state.requireRepo(owner, repo).issues.values()];
    return structuredClone(issues.filter(isPullRequest));
  }

  issue(owner: string, repo: string, number: number): StoredIssue {
    return structuredClone(this.state.requireIssue(owner, repo, number));
  }

  comments(owner: string, repo: string, issueNumber: number): StoredComment[] {
    const comments = [...this.state.requireRepo(owner, repo).comments.values()];
    return structuredClone(comments.filter((comment) => comment.issueNumber === issueNumber));
  }

  reviewComments(owner: string, repo: string, pullNumber: number): StoredReviewComment[] {
    const comments = [...this.state.requireRepo(owner, repo).reviewComments.values()];
    return structuredClone(comments.filter((comment) => comment.pullNumber === pullNumber));
  }

  mergePull(owner: string, repo: string, number: number): void {
    this.state.mergePull(this.state.requireRepo(owner, repo), this.state.requirePull(owner, repo, number));
  }

  closePull(owner: string, repo: string, number: number): void {
    this.state.closeIssue(this.state.requirePull(owner, repo, number));
  }

  setPermission(owner: string, repo: string, username: string, role: RepoRole): void {
    this.state.requireRepo(owner, repo).roles.set(username.toLowerCase(), role);
  }

  setWorkflowPermissions(
    owner: string,
    repo: string,
    permissions: { defaultWorkflowPermissions?: "read" | "write"; canApprovePullRequestReviews?: boolean },
  ): void {
    const stored = this.state.requireRepo(owner, repo);
    stored.workflowPermissions = { ...stored.workflowPermissions, ...permissions };
  }

  setTokenScopes(scopes: string | undefined): void {
    this.tokenScopes = scopes;
  }

  issueJson(owner: string, repo: string, number: number): Record<string, unknown> {
    const stored = this.state.requireRepo(owner, repo);
    return this.json!.issue(stored, this.state.requireIssue(owner, repo, number));
  }

  setAccountType(login: string, type: AccountType): void {
    this.state.accountTypes.set(login.toLowerCase(), type);
  }

  lockIssue(owner: string, repo: string, number: number): void {
    this.state.requireIssue(owner, repo, number).locked = true;
  }

  editIssue(owner: string, repo: string, number: number, fields: { title?: string; body?: string }): void {
    const issue = this.state.requireIssue(owner, repo, number);
    if (fields.title !== undefined) issue.title = fields.title;
    if (fields.body !== undefined) issue.body = fields.body;
    issue.updatedAt = gitHubTimestamp();
  }

  editIssueComment(
    owner: string,
    repo: string,
    commentId: number,
    body: string,
    updatedAt?: string | Date,
  ): void {
    const comment = this.state.requireRepo(owner, repo).comments.get(commentId);
    if (!comment) throw new Error(`GitHub stand-in: ${owner}/${repo} has no comment ${commentId}`);
    comment.body = body;
    comment.updatedAt =
      updatedAt instanceof Date ? gitHubTimestamp(updatedAt) : (updatedAt ?? gitHubTimestamp());
  }

  setWorkflowRun(
    owner: string,
    repo: string,
    runId: number,
    run: { status: WorkflowRunStatus; conclusion?: string | null },
  ): void {
    const stored = this.state.requireRepo(owner, repo);
    const current = this.state.workflowRun(stored, runId);
    stored.workflowRuns.set(runId, {
      ...current,
      status: run.status,
      conclusion: run.conclusion ?? null,
      updatedAt: gitHubTimestamp(),
    });
  }

  // -------------------------------------------------------------------------------------------------
  // Recording, problems, faults

  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  writes(): RecordedRequest[] {
    return this.recorded.filter((request) => request.method !== "GET" && request.method !== "HEAD");
  }

  clearRequests(): void {
    this.recorded.length = 0;
  }

  countRequests(): RequestCounter {
    let from = this.allRequests.length;
    return {
      counts: () => countByRoute(this.allRequests.slice(from)),
      reset: () => {
        from = this.allRequests.length;
      },
    };
  }

  get problems(): readonly StandInProblem[] {
    return this.recordedProblems;
  }

  get invalidRequests(): readonly StandInProblem[] {
    return this.recordedProblems.filter((problem) => problem.kind === "invalid-request");
  }

  assertAllRequestsValid(): void {
    if (this.recordedProblems.length === 0) return;
    const lines = this.recordedProblems.map((problem) => {
      const operation = problem.operationId ? ` (${problem.operationId})` : "";
      const details = problem.details.map((detail) => `\n      ${detail}`).join("");
      return `  ${problem.kind}: ${problem.method} ${problem.path}${operation}${details}`;
    });
    throw new Error(`GitHub stand-in saw ${lines.length} problem(s):\n${lines.join("\n")}`);
  }

  assertAndClearProblems(): void {
    try {
      this.assertAllRequestsValid();
    } finally {
      this.takeProblems();
    }
  }

  takeProblems(): StandInProblem[] {
    const taken = this.recordedProblems;
    this.recordedProblems = [];
    return taken;
  }

  injectFault(fault: FaultSpec): InjectedFault {
    return this.faults.add(fault);
  }

  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  revokeToken(): void {
    this.tokenRevoked = true;
  }

  restoreToken(): void {
    this.tokenRevoked = false;
  }

  // -------------------------------------------------------------------------------------------------
  // Request handling

  private get botLogin(): string {
    return this.options.botLogin ?? DEFAULT_BOT_LOGIN;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.baseUrl);
    const rawBody = await readBody(request);
    const record: MutableRecord = {
      method: (request.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: rawBody === "" ? undefined : rawBody,
      operationId: undefined,
      status: 0,
      at: Date.now(),
      response: undefined,
      responseHeaders: {},
      route: undefined,
      fault: undefined,
    };
    this.recorded.push(record);
    this.allRequests.push(record);

    let outcome: Outcome;
    try {
      outcome = await this.respond(request, url, rawBody, record);
    } catch (error) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.report("stand-in-error", record, [detail]);
      outcome = errorResult(500, `GitHub stand-in failed: ${detail}`, DOCUMENTATION_URL);
    }

    const delay = this.delayMs + (outcome.delayMs ?? 0);
    if (delay > 0) await sleep(delay);
    record.status = outcome.status;
    record.response = outcome.body;
    record.responseHeaders = this.send(response, outcome);
  }

  private async respond(
    request: IncomingMessage,
    url: URL,
    rawBody: string,
    record: MutableRecord,
  ): Promise<Outcome> {
    if (!this.isAuthorized(request.headers.authorization)) {
      return errorResult(401, "Bad credentials", DOCUMENTATION_URL);
    }
    this.rateLimitUsed++;

    const body = parseJson(rawBody);
    if (body instanceof SyntaxError) {
      this.report("invalid-request", record, [`body is not JSON: ${body.message}`]);
      return errorResult(400, "Problems parsing JSON", DOCUMENTATION_URL);
    }
    record.body = body;

    const match = this.api.match(record.method, record.path);
    if (!match) {
      this.report("invalid-request", record, [
        "GitHub's OpenAPI description has no operation for this method and path",
      ]);
      return errorResult(404, "Not Found", DOCUMENTATION_URL);
    }
    const { operation } = match;
    record.operationId = operation.operationId;
    record.route = operation.pathTemplate;

    const errors = this.api.validateRequest(operation, {
      method: record.method,
      path: record.path,
      query: url.search.slice(1),
      headers: headersOf(request),
      body,
    });
    if (errors.length > 0) {
      this.report("invalid-request", record, errors);
      return invalidRequestResult(errors, operation.documentationUrl);
    }

    const target = { method: record.method, path: record.path, operationId: operation.operationId };
    const fault = this.faults.take(target, "before-handler");
    if (fault) {
      record.fault = "before-handler";
      return faultOutcome(fault);
    }

    const handler = operationHandlers[operation.operationId];
    if (!handler) {
      this.report("unimplemented", record, ["the GitHub stand-in does not implement this operation"]);
      const message = `The GitHub stand-in does not implement ${operation.operationId} (${record.method} ${operation.pathTemplate})`;
      return errorResult(501, message, operation.documentationUrl);
    }

    const result = await handler({
      params: match.params,
      query: url.searchParams,
      body,
      url,
      documentationUrl: operation.documentationUrl,
      state: this.state,
      json: this.json!,
      botLogin: this.botLogin,
      branchHead: this.options.branchHead,
    });
    if (fault) return faultOutcome(fault);
    if (result.unsupported) this.report("unimplemented", record, [result.unsupported]);
    if (result.body !== undefined) {
      const responseErrors = this.api.validateResponse(operation, result.status, result.body);
      if (responseErrors.length > 0) this.report("invalid-response", record, responseErrors);
    }
    // Only a write that happened can have its answer lost; a refused one keeps the fault for later.
    const lateFault = result.status < 400 ? this.faults.take(target, "after-handler") : undefined;
    if (lateFault) {
      record.fault = "after-handler";
      return faultOutcome(lateFault);
    }
    return result;
  }

  private isAuthorized(header: string | undefined): boolean {
    const found = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? "");
    return !this.tokenRevoked && found?.[1] === this.options.token;
  }

  private report(kind: StandInProblemKind, record: RecordedRequest, details: string[]): void {
    this.recordedProblems.push({
      kind,
      method: record.method,
      path: record.path,
      operationId: record.operationId,
      details,
    });
  }

  private send(response: ServerResponse, outcome: Outcome): Record<string, string> {
    const body = outcome.body;
    const headers: Record<string, string> = {
      "content-type":
        typeof body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8",
      "x-github-request-id": this.nextRequestId(),
      "x-github-media-type": "github.v3; format=json",
      ...this.rateLimitHeaders(),
      ...(this.tokenScopes === undefined ? {} : { "x-oauth-scopes": this.tokenScopes }),
      ...outcome.headers,
    };
    response.writeHead(outcome.status, headers);
    if (body === undefined || outcome.status === 204) {
      response.end();
    } else {
      response.end(typeof body === "string" ? body : JSON.stringify(body));
    }
    return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  }

  private rateLimitHeaders(): Record<string, string> {
    return {
      "x-ratelimit-limit": String(RATE_LIMIT),
      "x-ratelimit-remaining": String(Math.max(RATE_LIMIT - this.rateLimitUsed, 0)),
      "x-ratelimit-reset": String(this.rateLimitReset),
      "x-ratelimit-used": String(this.rateLimitUsed),
      "x-ratelimit-resource": "core",
    };
  }

  /** Shaped like GitHub's `C0DE:1F2E:3D4C5B:6A7980:665F1234`. */
  private nextRequestId(): string {
    const number = this.nextRequestNumber++;
    return `57A0:${number.toString(16).toUpperCase().padStart(4, "0")}:${process.pid.toString(16).toUpperCase()}`;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The parsed body, undefined for an empty one, or the SyntaxError of a malformed one. */
function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    return error instanceof SyntaxError ? error : new SyntaxError(String(error));
  }
}

function headersOf(request: IncomingMessage): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/** GitHub's answer to a request its schema rejects: 422 with the reasons in the message. */
function invalidRequestResult(errors: string[], documentationUrl: string): OperationResult {
  return {
    status: 422,
    body: {
      message: `Invalid request.\n\n${errors.join("\n")}`,
      errors,
      documentation_url: documentationUrl,
      status: "422",
    },
  };
}

function faultOutcome(fault: Readonly<FaultSpec>): Outcome {
  return {
    status: fault.status,
    body: fault.body ?? { message: STATUS_CODES[fault.status] ?? "Error", status: String(fault.status) },
    headers: typeof fault.headers === "function" ? fault.headers(new Date()) : fault.headers,
    delayMs: fault.delayMs,
  };
}

function countByRoute(requests: readonly RecordedRequest[]): RequestCounts {
  const byRoute: Record<string, number> = {};
  for (const request of requests) {
    const key = `${request.method} ${request.route ?? request.path}`;
    byRoute[key] = (byRoute[key] ?? 0) + 1;
  }
  const sorted = Object.fromEntries(Object.entries(byRoute).sort(([a], [b]) => a.localeCompare(b)));
  return { total: requests.length, byRoute: sorted };
}
