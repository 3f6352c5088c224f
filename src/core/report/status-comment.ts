/** The first line of the one status comment: how the action finds its own comment. */
export const STATUS_MARKER = "<!-- agent-task:status -->";

export function isStatusComment(body: string): boolean {
  return body.trimStart().startsWith(STATUS_MARKER);
}

/** Where a run is, as its status comment shows it. */
export type Phase = "preparing" | "running" | "publishing" | "done";
