import type { Issue, IssueComment, Repository } from "./issue/issue.js";

/** How the core talks to whoever runs it (the action's log, a terminal). */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  /** Runs `fn` inside a titled, collapsible section of the log. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Prints text that must not be read as workflow commands (agent output, issue text). Lines
   * between `beginUntrusted` and `endUntrusted` are printed verbatim but inert.
   */
  untrusted(line: string): void;
  beginUntrusted(): void;
  endUntrusted(): void;
  /** Hides a value in every later log line (a no-op where nothing needs hiding). */
  mask(value: string): void;
  /**
   * Undefined while the log takes more text at once; else a promise that resolves once what was
   * written has gone out. Whoever floods the log waits for it, so text does not pile up in memory.
   */
  drained?(): Promise<void> | undefined;
}

/** A logger that shows nothing, but for the methods `overrides` gives (what a caller records). */
export function quietLogger(overrides: Partial<Logger> = {}): Logger {
  const nothing = () => {};
  return {
    info: nothing,
    warning: nothing,
    error: nothing,
    debug: nothing,
    group: (_title, fn) => fn(),
    untrusted: nothing,
    beginUntrusted: nothing,
    endUntrusted: nothing,
    mask: nothing,
    ...overrides,
  };
}

export interface PullRequest {
  number: number;
  url: string;
  state: "open" | "closed";
  merged: boolean;
  draft: boolean;
  headRef: string;
  baseRef: string;
}

export interface PullRequestFields {
  title: string;
  body: string;
}

/** A user's access to the repository, as the collaborator-permission API reports it. */
export interface CollaboratorPermission {
  /** The role: `admin`, `maintain`, `write`, `triage`, `read`, `none`, or a custom role's name. */
  roleName: string;
  /** What the role allows, for custom roles whose name says nothing. */
  permissions?: { admin?: boolean; maintain?: boolean; push?: boolean; triage?: boolean; pull?: boolean };
  /** The account's type (`User`, `Bot` …) when the answer carries the user. */
  accountType?: string;
}

/** What the core needs from GitHub's REST API, for one repository. */
export interface GitHubPort {
  getRepository(): Promise<Repository>;
  getIssue(issueNumber: number): Promise<Issue>;
  listIssueComments(issueNumber: number): Promise<IssueComment[]>;
  createComment(issueNumber: number, body: string): Promise<{ id: number; url: string }>;
  updateComment(commentId: number, body: string): Promise<void>;
  /** The comment's current body; undefined when it was deleted. */
  getComment(commentId: number): Promise<{ id: number; body: string } | undefined>;
  deleteComment(commentId: number): Promise<void>;
  /** Inline review comments of a pull request, oldest first. */
  listReviewComments(pullNumber: number): Promise<IssueComment[]>;
  /** The status of a workflow run (`queued`, `in_progress`, `completed` …); undefined when unknown. */
  getWorkflowRunStatus(runId: string): Promise<string | undefined>;
  /** Pull requests whose head is `branch` in this repository, newest first, in any state. */
  listPullsForBranch(branch: string): Promise<PullRequest[]>;
  createPull(
    fields: PullRequestFields & { head: string; base: string; draft: boolean },
  ): Promise<PullRequest>;
  updatePull(pullNumber: number, fields: PullRequestFields): Promise<PullRequest>;
  addLabels(issueNumber: number, labels: string[]): Promise<void>;
  /** Open issues (not pull requests) that carry `label`, in any order. */
  listOpenIssues(label: string): Promise<Issue[]>;
  /** The repository's open pull requests, in any order. */
  listOpenPulls(): Promise<PullRequest[]>;
  /** The user's role on the repository; undefined when GitHub knows no such user. */
  getCollaboratorPermission(username: string): Promise<CollaboratorPermission | undefined>;
  /** The account's type (`User`, `Bot`, `Organization`); undefined when there is no such account. */
  getAccountType(login: string): Promise<string | undefined>;
}
