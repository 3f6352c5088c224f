/** What the run works on: the repository, the issue and its discussion, as read from GitHub. */
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

export interface Task {
  repository: Repository;
  issue: Issue;
  comments: IssueComment[];
}

export function fullName(repository: Pick<Repository, "owner" | "name">): string {
  return `${repository.owner}/${repository.name}`;
}
