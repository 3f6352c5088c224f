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
}

export interface IssueComment {
  id: number;
  author: string;
  createdAt: string;
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
