/** What GitHub reads as a mention: `@` and a login, not inside a word. */
export const MENTION = /(?<![A-Za-z0-9_])@[A-Za-z0-9]/;

/** What GitHub reads as a closing keyword with a reference (short, cross-repo, GH- or URL form). */
export const CLOSING =
  /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+(?:(?:[\w.-]+\/[\w.-]+)?#\d|GH-\d|https?:\/\/\S+\/(?:issues|pull)\/\d)/i;
