/**
 * A run that stays on this machine (the CLI's `--issue-file`): the issue comes from a file, the
 * workspace is a worktree of the local repository's own branches, and the agent's work is
 * committed on the local agent branch. Nothing is pushed, commented or opened, so it needs no
 * token and no network. runTask takes it through `RunContext.local` and this module.
 */
import { TaskError } from "./errors.js";
import type { IssueThread } from "./issue/issue.js";
import type { IssueFile } from "./issue/issue-file.js";
import type { GitHubPort } from "./ports.js";
import type { Changes } from "./publish/collect-changes.js";
import type { Published } from "./publish/publish.js";
import type { Workspace } from "./workspace/prepare-workspace.js";

export interface LocalIssueFacts {
  number: number;
  owner: string;
  repo: string;
  baseBranch: string;
  /** Where the issue came from, listed first among the context's references. */
  source: string;
}

/** The issue file as the thread a run reads from GitHub; the base branch stands as the default. */
export function localThread(file: IssueFile, facts: LocalIssueFacts): IssueThread {
  return {
    repository: { owner: facts.owner, name: facts.repo, defaultBranch: facts.baseBranch, htmlUrl: "" },
    issue: {
      number: facts.number,
      title: file.title,
      body: file.body,
      url: file.url || facts.source,
      author: file.author ?? "",
      labels: file.labels,
      state: file.state ?? "open",
      createdAt: file.createdAt ?? "",
    },
    comments: file.comments,
  };
}

/**
 * The GitHub port of a local run: reads are answered from the issue file (no pull requests, no
 * earlier runs), and every write is refused, so a slip can never reach GitHub.
 */
export function localGitHub(thread: IssueThread): GitHubPort {
  const refuse = (operation: string) => () =>
    Promise.reject(new TaskError(`a local run does not write to GitHub (${operation})`));
  return {
    getRepository: async () => thread.repository,
    getIssue: async () => thread.issue,
    listIssueComments: async () => thread.comments,
    getComment: async () => undefined,
    listReviewComments: async () => [],
    getWorkflowRunStatus: async () => undefined,
    listPullsForBranch: async () => [],
    listOpenIssues: async () => [],
    listOpenPulls: async () => [],
    getCollaboratorPermission: async () => undefined,
    getAccountType: async () => undefined,
    createComment: refuse("createComment"),
    updateComment: refuse("updateComment"),
    deleteComment: refuse("deleteComment"),
    createPull: refuse("createPull"),
    updatePull: refuse("updatePull"),
    addLabels: refuse("addLabels"),
  };
}

/**
 * Where a local run's work is: the commit that collectChanges made on the worktree's branch,
 * which is the local agent branch, so there is nothing to push. Undefined without a commit.
 */
export function keptOnLocalBranch(workspace: Workspace, changes: Changes): Published | undefined {
  if (workspace.mode !== "worktree" || changes.count === 0 || !changes.headSha) return undefined;
  return {
    branch: workspace.branch,
    headSha: changes.headSha,
    updated: false,
    local: true,
    note: `The work is committed on the local branch ${workspace.branch}; nothing was pushed.`,
  };
}
