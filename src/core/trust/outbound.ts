import type { GitHubPort, PullRequestFields } from "../ports.js";
import { redact } from "../secrets.js";
import { neutralizeExcept } from "./neutralize.js";

/**
 * The one way out for text the action publishes. Comments, pull request bodies and titles carry
 * the agent's words and the issue's; before GitHub gets them, secrets are hidden (GitHub masks
 * secrets in the job log, not in comments), mentions and closing keywords are made inert, and
 * the text is cut to what GitHub accepts.
 */
export interface OutboundText {
  /** A comment body, or a pull request body (which keeps the action's own `Closes #N`). */
  body(text: string, kind?: "comment" | "pull"): string;
  /** A pull request title: one line, no mention, at most 256 characters. */
  title(text: string): string;
  /** The job summary: it is not on the issue, so only secrets need hiding. */
  summary(text: string): string;
}

/** GitHub refuses a comment or pull request body longer than this. */
export const GITHUB_BODY_LIMIT = 65_536;
const GITHUB_TITLE_LIMIT = 256;

export function outboundText(options: {
  secrets: string[];
  issueNumber: number;
  /** How the action's own pull request title opens (`Resolve #N:`), which may name the issue. */
  ownTitleOpening?: string;
}): OutboundText {
  const { secrets } = options;
  const ownClosingLine = `Closes #${options.issueNumber}`;
  return {
    body: (text, kind = "comment") =>
      fitBody(neutralizeExcept(redact(text, secrets), kind === "pull" ? ownClosingLine : undefined)),
    title: (text) => {
      const line = redact(text, secrets).replace(/\s+/g, " ").trim();
      return cutAt(neutralizeExcept(line, options.ownTitleOpening), GITHUB_TITLE_LIMIT);
    },
    summary: (text) => redact(text, secrets),
  };
}

/**
 * The GitHub port with every text it writes passed through `outbound`; reads go through as
 * they are. A proxy, so methods added to the port later pass through unchanged.
 */
export function guardGitHub(github: GitHubPort, outbound: OutboundText): GitHubPort {
  const pull = <T extends Partial<PullRequestFields>>(fields: T): T => ({
    ...fields,
    ...(fields.title === undefined ? {} : { title: outbound.title(fields.title) }),
    ...(fields.body === undefined ? {} : { body: outbound.body(fields.body, "pull") }),
  });
  const writes: Partial<GitHubPort> = {
    createComment: (issueNumber, body) => github.createComment(issueNumber, outbound.body(body)),
    updateComment: (commentId, body) => github.updateComment(commentId, outbound.body(body)),
    createPull: (fields) => github.createPull(pull(fields)),
    updatePull: (pullNumber, fields) => github.updatePull(pullNumber, pull(fields)),
  };
  return new Proxy(github, {
    get(target, property, receiver) {
      if (typeof property === "string" && property in writes) return writes[property as keyof GitHubPort];
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * Cuts a body to GitHub's limit with a visible marker. A hidden last line (the status comment's
 * state, `<!-- … -->`) is kept after the marker, so what reads it still finds it.
 */
export function fitBody(text: string, limit = GITHUB_BODY_LIMIT): string {
  if (text.length <= limit) return text;
  const hidden = /\n(<!--[^\n]*-->)\s*$/.exec(text);
  const tail = hidden && hidden[1]!.length <= limit / 2 ? `\n\n${hidden[1]}\n` : "";
  const head = tail && hidden ? text.slice(0, hidden.index) : text;
  const marker = `\n\n… (cut: GitHub takes at most ${limit} characters)`;
  return cutAt(head, limit - tail.length - marker.length) + marker + tail;
}

/** The first `limit` UTF-16 units, never between the two halves of a character. */
function cutAt(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = /[\ud800-\udbff]/.test(text[limit - 1] ?? "") ? limit - 1 : limit;
  return text.slice(0, cut);
}
