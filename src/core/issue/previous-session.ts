import type { GitHubPort } from "../ports.js";
import type { SessionSummary } from "../report/lease.js";
import type { IssueComment } from "./issue.js";

export interface FeedbackItem extends IssueComment {
  where: string;
}

/**
 * What was said since the last session: new comments on the issue, and the pull request's
 * conversation and review comments, oldest first.
 */
export async function feedbackSince(
  github: GitHubPort,
  session: SessionSummary,
  issueComments: IssueComment[],
  /** The trigger time: what was written or edited later is not part of this run's task. */
  until?: string,
): Promise<FeedbackItem[]> {
  // From when the last run read the issue (its agent saw nothing later), rounded down to the
  // second because GitHub's timestamps have whole seconds.
  const since = Math.floor(Date.parse(session.readAt ?? session.finishedAt) / 1000) * 1000;
  const items: FeedbackItem[] = issueComments.map((c) => ({ ...c, where: "on the issue" }));
  if (session.prNumber) {
    const pull = session.prNumber;
    const [conversation, review] = await Promise.all([
      github.listIssueComments(pull),
      github.listReviewComments(pull),
    ]);
    items.push(...conversation.map((c) => ({ ...c, where: `on pull request #${pull}` })));
    items.push(...review.map((c) => ({ ...c, where: `in a review of pull request #${pull}` })));
  }
  const end = until === undefined ? Number.POSITIVE_INFINITY : Date.parse(until);
  const beforeTrigger = (item: FeedbackItem) =>
    Date.parse(item.createdAt) <= end && Date.parse(item.updatedAt ?? item.createdAt) <= end;
  return items
    .filter((item) => Date.parse(item.createdAt) >= since && !item.body.includes("<!-- agent-task:"))
    .filter((item) => until === undefined || beforeTrigger(item))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

/** `.agent_context/previous_session.md`: what the last run did and what people said since. */
export function renderPreviousSession(session: SessionSummary, feedback: FeedbackItem[]): string {
  const lines = [
    "# Previous session",
    "",
    `The last run on this issue ended \`${session.outcome}\` at ${session.finishedAt}.`,
  ];
  const facts: string[] = [];
  if (session.prUrl) facts.push(`Pull request: #${session.prNumber} (${session.prUrl})`);
  if (session.branch) facts.push(`Branch: ${session.branch} (this run continues from it)`);
  if (session.changes) {
    const { added, modified, deleted } = session.changes;
    // A large session lists only its first files; the counts are the whole.
    const counts = session.changeCounts ?? {
      added: added.length,
      modified: modified.length,
      deleted: deleted.length,
    };
    facts.push(
      `Changed files: ${counts.added} added, ${counts.modified} modified, ${counts.deleted} deleted`,
    );
    for (const [kind, files] of [
      ["added", added],
      ["modified", modified],
      ["deleted", deleted],
    ] as const) {
      for (const file of files) facts.push(`  - \`${file}\` (${kind})`);
    }
    const unlisted =
      counts.added + counts.modified + counts.deleted - added.length - modified.length - deleted.length;
    if (unlisted > 0) facts.push(`  - … and ${unlisted} more`);
  }
  if (facts.length) lines.push("", ...facts.map((fact) => (fact.startsWith("  ") ? fact : `- ${fact}`)));
  if (session.agentSummary) {
    lines.push(
      "",
      "## The agent's final message",
      "",
      ...session.agentSummary.split("\n").map((l) => `> ${l}`),
    );
  }
  lines.push("", "## Since then", "");
  if (feedback.length === 0) lines.push("Nobody has commented since.");
  for (const item of feedback) {
    lines.push(`### ${item.author} on ${item.createdAt}, ${item.where}`, "", item.body.trim(), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
