/** What the run works on, as read from GitHub. */
export interface Repository {
  owner: string;
  name: string;
  defaultBranch: string;
  htmlUrl: string;
}

export interface Issue {
  number: number;
  title: string;
  body: string;
  url: string;
  author: string;
  labels: string[];
  state: string;
  createdAt: string;
  /** Locked conversations take no more comments; the action does not work on them. */
  locked?: boolean;
  /** On GitHub every pull request is also an issue; the action works on issues only. */
  isPullRequest?: boolean;
}

export interface IssueComment {
  id: number;
  author: string;
  createdAt: string;
  /** When it was last edited (GitHub sets it to `createdAt` for a comment never edited). */
  updatedAt?: string;
  body: string;
  url: string;
}

/** The issue as the run read it: its repository, the issue itself and its discussion. */
export interface IssueThread {
  repository: Repository;
  issue: Issue;
  /** The discussion, without the action's own status comment. */
  comments: IssueComment[];
  /** The issue's status comment from an earlier run, when there is one. */
  statusComment?: IssueComment;
}

export function fullName(repository: Pick<Repository, "owner" | "name">): string {
  return `${repository.owner}/${repository.name}`;
}
