import type { GitHubPort } from "../ports.js";
import { isStatusComment } from "../report/status-comment.js";
import type { IssueThread } from "./issue.js";

/** Reads the repository, the issue and its discussion; the action's own status comment is set apart. */
export async function readIssue(github: GitHubPort, issueNumber: number): Promise<IssueThread> {
  const [repository, issue, allComments] = await Promise.all([
    github.getRepository(),
    github.getIssue(issueNumber),
    github.listIssueComments(issueNumber),
  ]);
  return {
    repository,
    issue,
    comments: allComments.filter((comment) => !isStatusComment(comment.body)),
    statusComment: allComments.find((comment) => isStatusComment(comment.body)),
  };
}
