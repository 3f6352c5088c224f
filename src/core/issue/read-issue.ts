import type { GitHubPort } from "../github-port.js";
import { STATUS_MARKER } from "../report/report.js";
import type { IssueComment, Task } from "./issue.js";

export interface ReadTask extends Task {
  /** The issue's status comment from an earlier run, when there is one. */
  statusComment?: IssueComment;
}

/** Reads the repository, the issue and its discussion; the action's own status comment is set apart. */
export async function readTask(github: GitHubPort, issueNumber: number): Promise<ReadTask> {
  const [repository, issue, allComments] = await Promise.all([
    github.getRepository(),
    github.getIssue(issueNumber),
    github.listIssueComments(issueNumber),
  ]);
  const isStatus = (comment: IssueComment) => comment.body.trimStart().startsWith(STATUS_MARKER);
  return {
    repository,
    issue,
    comments: allComments.filter((comment) => !isStatus(comment)),
    statusComment: allComments.find(isStatus),
  };
}
