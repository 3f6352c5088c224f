import type { IssueComment, IssueThread } from "../issue/issue.js";
import { sanitizeMarkdown } from "./sanitize.js";

/**
 * The issue as it was when the run was triggered. Whoever triggered the run approved the text
 * they saw then; an edit after it (a body rewritten once the label is on, a comment added or
 * edited) must not change the task. The event's title and body replace what the API returns
 * now, and only comments created and last edited by the trigger time count. GitHub's
 * timestamps have whole seconds, so a comment in the trigger's own second still counts.
 */
export function freezeAtTrigger(
  thread: IssueThread,
  trigger: { at: string; issue?: { title: string; body: string } } | undefined,
): { thread: IssueThread; commentsLeftOut: number } {
  if (!trigger) return { thread, commentsLeftOut: 0 };
  const at = Date.parse(trigger.at);
  // An unreadable trigger time keeps no comment: better too little context than a late edit.
  const before = (comment: IssueComment) =>
    Date.parse(comment.createdAt) <= at && Date.parse(comment.updatedAt ?? comment.createdAt) <= at;
  const comments = thread.comments.filter(before);
  return {
    thread: {
      ...thread,
      issue: {
        ...thread.issue,
        title: trigger.issue?.title ?? thread.issue.title,
        body: trigger.issue?.body ?? thread.issue.body,
      },
      comments,
    },
    commentsLeftOut: thread.comments.length - comments.length,
  };
}

/** The thread with the title, body and every comment sanitised; counts what was removed. */
export function sanitizeThread(thread: IssueThread): { thread: IssueThread; removed: number } {
  let removed = 0;
  const clean = (text: string) => {
    const result = sanitizeMarkdown(text);
    removed += result.removed;
    return result.text;
  };
  const sanitized: IssueThread = {
    ...thread,
    issue: { ...thread.issue, title: clean(thread.issue.title), body: clean(thread.issue.body) },
    comments: thread.comments.map((comment) => ({ ...comment, body: clean(comment.body) })),
  };
  return { thread: sanitized, removed };
}
