import type { GitHubPort } from "../ports.js";
import { isStatusComment } from "../report/status-comment.js";
import type { Issue, IssueThread } from "./issue.js";

/**
 * Reads the repository, the issue and its discussion; the action's own status comment is set
 * apart. An issue the event already carried is not read again.
 */
export async function readIssue(
  github: GitHubPort,
  issueNumber: number,
  known?: Issue,
): Promise<IssueThread> {
  const [repository, issue, allComments] = await Promise.all([
    github.getRepository(),
    known ?? github.getIssue(issueNumber),
    github.listIssueComments(issueNumber),
  ]);
  return {
    repository,
    issue,
    comments: allComments.filter((comment) => !isStatusComment(comment.body)),
    statusComment: allComments.find((comment) => isStatusComment(comment.body)),
  };
}
