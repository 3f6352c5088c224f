/**
 * The data the GitHub stand-in keeps: repositories with their issues, pull requests, comments,
 * collaborator permissions and workflow runs. Plain records in camelCase; the JSON GitHub would send
 * is produced from them by github-stand-in-json.ts.
 */
import { createHash } from "node:crypto";

/** Repository roles; `maintain` and `triage` report as `write` and `read` permission, as on GitHub. */
export type RepoRole = "admin" | "maintain" | "write" | "triage" | "read" | "none";

/** Account types as the users API reports them. */
export type AccountType = "User" | "Bot" | "Organization";

export type WorkflowRunStatus =
  | "queued"
  | "in_progress"
  | "completed"
  | "waiting"
  | "requested"
  | "pending"
  | "action_required";

export interface StoredPull {
  headOwner: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  maintainerCanModify: boolean;
}

/** An issue, or a pull request when `pull` is set: on GitHub every pull request is also an issue. */
export interface StoredIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | null;
  /** Label names in the order they were added. */
  labels: string[];
  user: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Set by lockIssue; a locked conversation takes comments from collaborators only. */
  locked?: boolean;
  pull?: StoredPull;
}

export type StoredPullRequest = StoredIssue & { pull: StoredPull };

export interface StoredComment {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredReviewComment {
  id: number;
  pullNumber: number;
  body: string;
  user: string;
  path: string;
  commitId: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredLabel {
  id: number;
  name: string;
  color: string;
}

export interface StoredWorkflowRun {
  id: number;
  status: WorkflowRunStatus;
  conclusion: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The repository's Actions settings for GITHUB_TOKEN (Settings → Actions → General → Workflow permissions). */
export interface StoredWorkflowPermissions {
  defaultWorkflowPermissions: "read" | "write";
  /** "Allow GitHub Actions to create and approve pull requests". */
  canApprovePullRequestReviews: boolean;
}

export interface StoredRepo {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  createdAt: string;
  /** Issues and pull requests draw their numbers from this one counter, as on GitHub. */
  nextNumber: number;
  issues: Map<number, StoredIssue>;
  comments: Map<number, StoredComment>;
  reviewComments: Map<number, StoredReviewComment>;
  /** Keyed by lower-case name: GitHub label names are case-insensitive. */
  labels: Map<string, StoredLabel>;
  /** Keyed by lower-case login. */
  roles: Map<string, RepoRole>;
  workflowRuns: Map<number, StoredWorkflowRun>;
  workflowPermissions: StoredWorkflowPermissions;
}

/** GitHub timestamps have whole seconds: `2024-05-01T12:00:00Z`. */
export function gitHubTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A stable, plausible commit sha for when no git remote tells the real one. */
export function placeholderSha(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

export function isPullRequest(issue: StoredIssue): issue is StoredPullRequest {
  return issue.pull !== undefined;
}

/**
 * Ids come from one counter per stand-in, started above 2^31 like today's GitHub comment ids so that a
 * client storing them in a 32-bit integer fails here too; the step keeps an issue's id apart from its number.
 */
export class GitHubState {
  private readonly repos = new Map<string, StoredRepo>();
  private lastId = 2_200_000_000;
  /** Account types set by tests, keyed by lower-case login; see accountType. */
  readonly accountTypes = new Map<string, AccountType>();

  nextId(): number {
    this.lastId += 7;
    return this.lastId;
  }

  addRepo(owner: string, name: string, defaultBranch: string): StoredRepo {
    const key = repoKey(owner, name);
    if (this.repos.has(key)) throw new Error(`GitHub stand-in: repository ${owner}/${name} already exists`);
    const repo: StoredRepo = {
      id: this.nextId(),
      owner,
      name,
      defaultBranch,
      createdAt: gitHubTimestamp(),
      nextNumber: 1,
      issues: new Map(),
      comments: new Map(),
      reviewComments: new Map(),
      labels: new Map(),
      roles: new Map([[owner.toLowerCase(), "admin"]]),
      workflowRuns: new Map(),
      // GitHub's defaults for a new repository: read-only GITHUB_TOKEN, no pull requests from Actions.
      workflowPermissions: { defaultWorkflowPermissions: "read", canApprovePullRequestReviews: false },
    };
    this.repos.set(key, repo);
    return repo;
  }

  /** Owner and repository names are case-insensitive on GitHub. */
  findRepo(owner: string, name: string): StoredRepo | undefined {
    return this.repos.get(repoKey(owner, name));
  }

  /** For the test-facing helpers: a missing repository there is a mistake in the test. */
  requireRepo(owner: string, name: string): StoredRepo {
    const repo = this.findRepo(owner, name);
    if (!repo) throw new Error(`GitHub stand-in: no repository ${owner}/${name}; call addRepo first`);
    return repo;
  }

  requireIssue(owner: string, name: string, number: number): StoredIssue {
    const issue = this.requireRepo(owner, name).issues.get(number);
    if (!issue) throw new Error(`GitHub stand-in: ${owner}/${name} has no issue or pull request #${number}`);
    return issue;
  }

  requirePull(owner: string, name: string, number: number): StoredPullRequest {
    const issue = this.requireIssue(owner, name, number);
    if (!isPullRequest(issue))
      throw new Error(`GitHub stand-in: ${owner}/${name}#${number} is not a pull request`);
    return issue;
  }

  createIssue(
    repo: StoredRepo,
    fields: {
      title: string;
      body: string | null;
      user: string;
      labels?: readonly string[];
      pull?: StoredPull;
    },
  ): StoredIssue {
    const now = gitHubTimestamp();
    const issue: StoredIssue = {
      id: this.nextId(),
      number: repo.nextNumber++,
      title: fields.title,
      body: fields.body,
      state: "open",
      stateReason: null,
      labels: [],
      user: fields.user,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      pull: fields.pull,
    };
    this.addLabels(repo, issue, fields.labels ?? []);
    repo.issues.set(issue.number, issue);
    return issue;
  }

  /** Like GitHub, adding a label the repository does not have yet creates it. */
  addLabels(repo: StoredRepo, issue: StoredIssue, names: readonly string[]): void {
    for (const name of names) {
      const label = this.labelFor(repo, name);
      if (!issue.labels.some((existing) => existing.toLowerCase() === label.name.toLowerCase())) {
        issue.labels.push(label.name);
      }
    }
  }

  labelFor(repo: StoredRepo, name: string): StoredLabel {
    const key = name.toLowerCase();
    let label = repo.labels.get(key);
    if (!label) {
      label = { id: this.nextId(), name, color: placeholderSha(name).slice(0, 6) };
      repo.labels.set(key, label);
    }
    return label;
  }

  addComment(
    repo: StoredRepo,
    issueNumber: number,
    fields: { body: string; user: string; createdAt?: string },
  ): StoredComment {
    const createdAt = fields.createdAt ?? gitHubTimestamp();
    const comment: StoredComment = {
      id: this.nextId(),
      issueNumber,
      body: fields.body,
      user: fields.user,
      createdAt,
      updatedAt: createdAt,
    };
    repo.comments.set(comment.id, comment);
    return comment;
  }

  addReviewComment(
    repo: StoredRepo,
    pull: StoredPullRequest,
    fields: { body: string; user: string; path: string },
  ): StoredReviewComment {
    const now = gitHubTimestamp();
    const comment: StoredReviewComment = {
      id: this.nextId(),
      pullNumber: pull.number,
      body: fields.body,
      user: fields.user,
      path: fields.path,
      commitId: pull.pull.headSha,
      createdAt: now,
      updatedAt: now,
    };
    repo.reviewComments.set(comment.id, comment);
    return comment;
  }

  closeIssue(issue: StoredIssue, reason: StoredIssue["stateReason"] = "completed"): void {
    const now = gitHubTimestamp();
    issue.state = "closed";
    // Pull requests have no state reason on GitHub.
    issue.stateReason = issue.pull ? null : reason;
    issue.closedAt = now;
    issue.updatedAt = now;
  }

  reopenIssue(issue: StoredIssue): void {
    issue.state = "open";
    issue.stateReason = issue.pull ? null : "reopened";
    issue.closedAt = null;
    issue.updatedAt = gitHubTimestamp();
  }

  mergePull(repo: StoredRepo, pull: StoredPullRequest): void {
    this.closeIssue(pull);
    pull.pull.merged = true;
    pull.pull.mergedAt = pull.closedAt;
    pull.pull.mergedBy = repo.owner;
    pull.pull.mergeCommitSha = placeholderSha(`merge ${repo.owner}/${repo.name}#${pull.number}`);
  }

  /** Runs nobody configured report as still running. */
  workflowRun(repo: StoredRepo, runId: number): StoredWorkflowRun {
    const now = gitHubTimestamp();
    return (
      repo.workflowRuns.get(runId) ?? {
        id: runId,
        status: "in_progress",
        conclusion: null,
        createdAt: now,
        updatedAt: now,
      }
    );
  }

  /** A type set by setAccountType; otherwise the app bot convention: logins ending in `[bot]`. */
  accountType(login: string, botLogin: string): AccountType {
    const set = this.accountTypes.get(login.toLowerCase());
    if (set) return set;
    return login === botLogin || login.endsWith("[bot]") ? "Bot" : "User";
  }

  roleOf(repo: StoredRepo, login: string): RepoRole {
    return repo.roles.get(login.toLowerCase()) ?? "none";
  }
}

function repoKey(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}
