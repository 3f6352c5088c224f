/**
 * Renders the stand-in's records as the JSON api.github.com sends: every field the OpenAPI response
 * schemas require is present with a plausible value, so a client that reads one finds it.
 */
import {
  type GitHubState,
  isPullRequest,
  placeholderSha,
  type RepoRole,
  type StoredComment,
  type StoredIssue,
  type StoredPullRequest,
  type StoredRepo,
  type StoredReviewComment,
  type StoredWorkflowRun,
} from "./github-stand-in-state.js";

type Json = Record<string, unknown>;

export interface JsonUrls {
  /** Base of REST URLs, the stand-in itself. */
  readonly api: string;
  /** Base of web URLs (html_url, clone_url), e.g. the git server's URL. */
  readonly html: string;
}

/** `permission` is the coarse legacy value GitHub still reports next to the role. */
const PERMISSION_OF_ROLE: Record<RepoRole, string> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
  none: "none",
};

const ROLES_BY_STRENGTH: RepoRole[] = ["read", "triage", "write", "maintain", "admin"];

export class GitHubJson {
  constructor(
    private readonly urls: JsonUrls,
    private readonly state: GitHubState,
    private readonly botLogin: string,
  ) {}

  user(login: string): Json {
    const api = `${this.urls.api}/users/${encodeURIComponent(login)}`;
    const type = this.state.accountType(login, this.botLogin);
    const isBot = type === "Bot";
    const id = userId(login);
    return {
      login,
      id,
      node_id: nodeId(isBot ? "BOT" : "U", id),
      avatar_url: `${this.urls.html}/avatars/u/${id}`,
      gravatar_id: "",
      url: api,
      html_url: isBot
        ? `${this.urls.html}/apps/${login.replace(/\[bot\]$/, "")}`
        : `${this.urls.html}/${encodeURIComponent(login)}`,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type,
      user_view_type: "public",
      site_admin: false,
    };
  }

  /** The `public-user` schema GET /users/{username} returns. */
  publicUser(login: string): Json {
    return {
      ...this.user(login),
      name: null,
      company: null,
      blog: "",
      location: null,
      email: null,
      hireable: null,
      bio: null,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: "2020-01-01T00:00:00Z",
      updated_at: "2020-01-01T00:00:00Z",
    };
  }

  /** The `repository` schema; `full` adds what only GET /repos/{owner}/{repo} returns. */
  repository(repo: StoredRepo, { full = false } = {}): Json {
    const fullName = `${repo.owner}/${repo.name}`;
    const api = `${this.urls.api}/repos/${fullName}`;
    const html = `${this.urls.html}/${fullName}`;
    const openIssues = [...repo.issues.values()].filter((issue) => issue.state === "open").length;
    const host = new URL(this.urls.html).host;
    const json: Json = {
      id: repo.id,
      node_id: nodeId("R", repo.id),
      name: repo.name,
      full_name: fullName,
      owner: this.user(repo.owner),
      private: false,
      visibility: "public",
      html_url: html,
      description: null,
      fork: false,
      url: api,
      archive_url: `${api}/{archive_format}{/ref}`,
      assignees_url: `${api}/assignees{/user}`,
      blobs_url: `${api}/git/blobs{/sha}`,
      branches_url: `${api}/branches{/branch}`,
      collaborators_url: `${api}/collaborators{/collaborator}`,
      comments_url: `${api}/comments{/number}`,
      commits_url: `${api}/commits{/sha}`,
      compare_url: `${api}/compare/{base}...{head}`,
      contents_url: `${api}/contents/{+path}`,
      contributors_url: `${api}/contributors`,
      deployments_url: `${api}/deployments`,
      downloads_url: `${api}/downloads`,
      events_url: `${api}/events`,
      forks_url: `${api}/forks`,
      git_commits_url: `${api}/git/commits{/sha}`,
      git_refs_url: `${api}/git/refs{/sha}`,
      git_tags_url: `${api}/git/tags{/sha}`,
      git_url: `git://${host}/${fullName}.git`,
      hooks_url: `${api}/hooks`,
      issue_comment_url: `${api}/issues/comments{/number}`,
      issue_events_url: `${api}/issues/events{/number}`,
      issues_url: `${api}/issues{/number}`,
      keys_url: `${api}/keys{/key_id}`,
      labels_url: `${api}/labels{/name}`,
      languages_url: `${api}/languages`,
      merges_url: `${api}/merges`,
      milestones_url: `${api}/milestones{/number}`,
      notifications_url: `${api}/notifications{?since,all,participating}`,
      pulls_url: `${api}/pulls{/number}`,
      releases_url: `${api}/releases{/id}`,
      ssh_url: `git@${host}:${fullName}.git`,
      stargazers_url: `${api}/stargazers`,
      statuses_url: `${api}/statuses/{sha}`,
      subscribers_url: `${api}/subscribers`,
      subscription_url: `${api}/subscription`,
      tags_url: `${api}/tags`,
      teams_url: `${api}/teams`,
      trees_url: `${api}/git/trees{/sha}`,
      clone_url: `${html}.git`,
      mirror_url: null,
      svn_url: html,
      homepage: null,
      language: null,
      forks: 0,
      forks_count: 0,
      stargazers_count: 0,
      watchers: 0,
      watchers_count: 0,
      size: 0,
      default_branch: repo.defaultBranch,
      open_issues: openIssues,
      open_issues_count: openIssues,
      is_template: false,
      topics: [],
      has_issues: true,
      has_projects: false,
      has_wiki: false,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: false,
      disabled: false,
      license: null,
      allow_forking: true,
      web_commit_signoff_required: false,
      pushed_at: repo.createdAt,
      created_at: repo.createdAt,
      updated_at: repo.createdAt,
    };
    if (full) {
      Object.assign(json, {
        network_count: 0,
        subscribers_count: 0,
        permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
        allow_merge_commit: true,
        allow_squash_merge: true,
        allow_rebase_merge: true,
        allow_auto_merge: false,
        delete_branch_on_merge: false,
      });
    }
    return json;
  }

  label(repo: StoredRepo, name: string): Json {
    const label = this.state.labelFor(repo, name);
    return {
      id: label.id,
      node_id: nodeId("LA", label.id),
      url: `${this.urls.api}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      // The `label` schema allows null here but `pull-request-simple` insists on a string; "" suits both.
      description: "",
      color: label.color,
      default: false,
    };
  }

  labels(repo: StoredRepo, issue: StoredIssue): Json[] {
    return issue.labels.map((name) => this.label(repo, name));
  }

  issue(repo: StoredRepo, issue: StoredIssue): Json {
    const api = this.issueApiUrl(repo, issue.number);
    const json: Json = {
      id: issue.id,
      node_id: nodeId("I", issue.id),
      url: api,
      repository_url: `${this.urls.api}/repos/${repo.owner}/${repo.name}`,
      labels_url: `${api}/labels{/name}`,
      comments_url: `${api}/comments`,
      events_url: `${api}/events`,
      html_url: this.issueHtmlUrl(repo, issue),
      number: issue.number,
      state: issue.state,
      state_reason: issue.stateReason,
      title: issue.title,
      body: issue.body,
      user: this.user(issue.user),
      labels: this.labels(repo, issue),
      assignee: null,
      assignees: [],
      milestone: null,
      locked: issue.locked ?? false,
      active_lock_reason: issue.locked ? "off-topic" : null,
      comments: this.commentsOn(repo, issue.number).length,
      closed_at: issue.closedAt,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_by: null,
      author_association: this.authorAssociation(repo, issue.user),
      reactions: emptyReactions(`${api}/reactions`),
    };
    if (isPullRequest(issue)) {
      json.draft = issue.pull.draft;
      json.pull_request = {
        url: this.pullApiUrl(repo, issue.number),
        html_url: this.issueHtmlUrl(repo, issue),
        diff_url: `${this.issueHtmlUrl(repo, issue)}.diff`,
        patch_url: `${this.issueHtmlUrl(repo, issue)}.patch`,
        merged_at: issue.pull.mergedAt,
      };
    }
    return json;
  }

  comment(repo: StoredRepo, comment: StoredComment): Json {
    const issue = repo.issues.get(comment.issueNumber);
    const issueHtml = issue
      ? this.issueHtmlUrl(repo, issue)
      : `${this.urls.html}/${repo.owner}/${repo.name}/issues/${comment.issueNumber}`;
    const api = `${this.urls.api}/repos/${repo.owner}/${repo.name}/issues/comments/${comment.id}`;
    return {
      id: comment.id,
      node_id: nodeId("IC", comment.id),
      url: api,
      html_url: `${issueHtml}#issuecomment-${comment.id}`,
      issue_url: this.issueApiUrl(repo, comment.issueNumber),
      body: comment.body,
      user: this.user(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      author_association: this.authorAssociation(repo, comment.user),
      reactions: emptyReactions(`${api}/reactions`),
    };
  }

  /** The shape pulls/list returns (schema `pull-request-simple`). */
  pullSimple(repo: StoredRepo, pr: StoredPullRequest): Json {
    const api = this.pullApiUrl(repo, pr.number);
    const html = this.issueHtmlUrl(repo, pr);
    const issueApi = this.issueApiUrl(repo, pr.number);
    const { pull } = pr;
    const headRepo = this.state.findRepo(pull.headOwner, repo.name) ?? repo;
    return {
      url: api,
      id: pr.id,
      node_id: nodeId("PR", pr.id),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: issueApi,
      commits_url: `${api}/commits`,
      review_comments_url: `${api}/comments`,
      review_comment_url: `${this.urls.api}/repos/${repo.owner}/${repo.name}/pulls/comments{/number}`,
      comments_url: `${issueApi}/comments`,
      statuses_url: `${this.urls.api}/repos/${repo.owner}/${repo.name}/statuses/${pull.headSha}`,
      number: pr.number,
      state: pr.state,
      locked: false,
      title: pr.title,
      user: this.user(pr.user),
      body: pr.body,
      labels: this.labels(repo, pr),
      milestone: null,
      active_lock_reason: null,
      created_at: pr.createdAt,
      updated_at: pr.updatedAt,
      closed_at: pr.closedAt,
      merged_at: pull.mergedAt,
      merge_commit_sha: pull.mergeCommitSha,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      // Empty on purpose: GitHub's own pulls/create example lists a team without the `type` its
      // schema requires, so a team copied from there would fail response validation.
      requested_teams: [],
      head: this.branchJson(headRepo, pull.headOwner, pull.headRef, pull.headSha),
      base: this.branchJson(repo, repo.owner, pull.baseRef, pull.baseSha),
      _links: {
        self: { href: api },
        html: { href: html },
        issue: { href: issueApi },
        comments: { href: `${issueApi}/comments` },
        review_comments: { href: `${api}/comments` },
        review_comment: { href: `${this.urls.api}/repos/${repo.owner}/${repo.name}/pulls/comments{/number}` },
        commits: { href: `${api}/commits` },
        statuses: { href: `${this.urls.api}/repos/${repo.owner}/${repo.name}/statuses/${pull.headSha}` },
      },
      author_association: this.authorAssociation(repo, pr.user),
      auto_merge: null,
      draft: pull.draft,
    };
  }

  /** The shape pulls/get, pulls/create and pulls/update return (schema `pull-request`). */
  pull(repo: StoredRepo, pr: StoredPullRequest): Json {
    return {
      ...this.pullSimple(repo, pr),
      merged: pr.pull.merged,
      // GitHub computes mergeability in the background; null is its honest "not known yet".
      mergeable: pr.state === "open" ? null : false,
      mergeable_state: "unknown",
      merged_by: pr.pull.mergedBy ? this.user(pr.pull.mergedBy) : null,
      comments: this.commentsOn(repo, pr.number).length,
      review_comments: [...repo.reviewComments.values()].filter((c) => c.pullNumber === pr.number).length,
      maintainer_can_modify: pr.pull.maintainerCanModify,
      commits: 1,
      additions: 0,
      deletions: 0,
      changed_files: 0,
    };
  }

  reviewComment(repo: StoredRepo, comment: StoredReviewComment): Json {
    const pullApi = this.pullApiUrl(repo, comment.pullNumber);
    const pr = repo.issues.get(comment.pullNumber);
    const pullHtml = pr
      ? this.issueHtmlUrl(repo, pr)
      : `${this.urls.html}/${repo.owner}/${repo.name}/pull/${comment.pullNumber}`;
    const api = `${this.urls.api}/repos/${repo.owner}/${repo.name}/pulls/comments/${comment.id}`;
    const html = `${pullHtml}#discussion_r${comment.id}`;
    return {
      url: api,
      pull_request_review_id: comment.id + 1,
      id: comment.id,
      node_id: nodeId("PRRC", comment.id),
      diff_hunk: "@@ -1 +1 @@",
      path: comment.path,
      position: 1,
      original_position: 1,
      commit_id: comment.commitId,
      original_commit_id: comment.commitId,
      user: this.user(comment.user),
      body: comment.body,
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      html_url: html,
      pull_request_url: pullApi,
      author_association: this.authorAssociation(repo, comment.user),
      _links: { self: { href: api }, html: { href: html }, pull_request: { href: pullApi } },
      line: 1,
      original_line: 1,
      side: "RIGHT",
      subject_type: "line",
      reactions: emptyReactions(`${api}/reactions`),
    };
  }

  collaboratorPermission(repo: StoredRepo, login: string): Json {
    const role = this.state.roleOf(repo, login);
    const strength = ROLES_BY_STRENGTH.indexOf(role);
    const atLeast = (wanted: RepoRole) => strength >= ROLES_BY_STRENGTH.indexOf(wanted);
    const permissions = {
      admin: atLeast("admin"),
      maintain: atLeast("maintain"),
      push: atLeast("write"),
      triage: atLeast("triage"),
      pull: atLeast("read"),
    };
    return {
      permission: PERMISSION_OF_ROLE[role],
      role_name: role,
      user: { ...this.user(login), permissions, role_name: role },
    };
  }

  workflowRun(repo: StoredRepo, run: StoredWorkflowRun): Json {
    const repoApi = `${this.urls.api}/repos/${repo.owner}/${repo.name}`;
    const api = `${repoApi}/actions/runs/${run.id}`;
    const workflowId = 161335;
    const headSha = placeholderSha(`run ${run.id}`);
    return {
      id: run.id,
      name: "agent-task",
      node_id: nodeId("WFR", run.id),
      check_suite_id: run.id + 1,
      check_suite_node_id: nodeId("CS", run.id + 1),
      head_branch: repo.defaultBranch,
      head_sha: headSha,
      path: ".github/workflows/agent-task.yml",
      display_title: "agent-task",
      run_number: 1,
      run_attempt: 1,
      event: "issues",
      status: run.status,
      conclusion: run.conclusion,
      workflow_id: workflowId,
      url: api,
      html_url: `${this.urls.html}/${repo.owner}/${repo.name}/actions/runs/${run.id}`,
      pull_requests: [],
      created_at: run.createdAt,
      updated_at: run.updatedAt,
      run_started_at: run.createdAt,
      actor: this.user(repo.owner),
      triggering_actor: this.user(repo.owner),
      jobs_url: `${api}/jobs`,
      logs_url: `${api}/logs`,
      check_suite_url: `${repoApi}/check-suites/${run.id + 1}`,
      artifacts_url: `${api}/artifacts`,
      cancel_url: `${api}/cancel`,
      rerun_url: `${api}/rerun`,
      previous_attempt_url: null,
      workflow_url: `${repoApi}/actions/workflows/${workflowId}`,
      head_commit: null,
      repository: this.repository(repo),
      head_repository: this.repository(repo),
    };
  }

  issueHtmlUrl(repo: StoredRepo, issue: StoredIssue): string {
    const kind = isPullRequest(issue) ? "pull" : "issues";
    return `${this.urls.html}/${repo.owner}/${repo.name}/${kind}/${issue.number}`;
  }

  pullApiUrl(repo: StoredRepo, number: number): string {
    return `${this.urls.api}/repos/${repo.owner}/${repo.name}/pulls/${number}`;
  }

  private issueApiUrl(repo: StoredRepo, number: number): string {
    return `${this.urls.api}/repos/${repo.owner}/${repo.name}/issues/${number}`;
  }

  private branchJson(repo: StoredRepo, owner: string, ref: string, sha: string): Json {
    return {
      label: `${owner}:${ref}`,
      ref,
      sha,
      user: this.user(owner),
      repo: this.repository(repo),
    };
  }

  private commentsOn(repo: StoredRepo, issueNumber: number): StoredComment[] {
    return [...repo.comments.values()].filter((comment) => comment.issueNumber === issueNumber);
  }

  /** What GitHub shows next to an author; clients use it to decide whom to trust. */
  private authorAssociation(repo: StoredRepo, login: string): string {
    if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
    return this.state.roleOf(repo, login) === "none" ? "NONE" : "COLLABORATOR";
  }
}

function emptyReactions(url: string): Json {
  return {
    url,
    total_count: 0,
    "+1": 0,
    "-1": 0,
    laugh: 0,
    confused: 0,
    heart: 0,
    hooray: 0,
    eyes: 0,
    rocket: 0,
  };
}

/** A stable id per login, so the same user looks the same in every response. */
function userId(login: string): number {
  return 10_000 + (Number.parseInt(placeholderSha(`user ${login}`).slice(0, 7), 16) % 90_000_000);
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}_${Buffer.from(`stand-in:${id}`).toString("base64url")}`;
}
