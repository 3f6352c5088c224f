/**
 * Text the action publishes on someone else's say-so (issue text, the agent's output) must not
 * make GitHub notify people or close issues. A zero-width space after `@` or `#` keeps the text
 * readable while GitHub no longer sees a mention or a reference, in prose and in code alike.
 * https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#mentioning-people-and-teams
 * https://docs.github.com/en/issues/tracking-your-work-with-issues/using-issues/linking-a-pull-request-to-an-issue#linking-a-pull-request-to-an-issue-using-a-keyword
 */

const ZERO_WIDTH_SPACE = "\u200b";

/** `@login` or `@org/team`; an `@` inside a word (an e-mail address) is no mention. */
const MENTION = /(?<![A-Za-z0-9_])@(?=[A-Za-z0-9])/g;

const KEYWORD = String.raw`\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)`;
/** `fixes #12`, `Closes: owner/repo#3`, `resolved GH-7`. */
const KEYWORD_REFERENCE = new RegExp(
  String.raw`(${KEYWORD}\s*:?\s+(?:[\w.-]+\/[\w.-]+)?)(#|GH-)(?=\d)`,
  "gi",
);
/** The rest of a list after a neutralised reference: `fixes #1, #2 and owner/repo#3`. */
const LISTED_REFERENCE = new RegExp(
  String.raw`((?:#|GH-)${ZERO_WIDTH_SPACE}\d+\s*(?:,|&|\band\b)?\s*(?:[\w.-]+\/[\w.-]+)?)(#|GH-)(?=\d)`,
  "gi",
);
/** `fixes https://github.com/owner/repo/issues/3`. */
const KEYWORD_URL = new RegExp(
  String.raw`(${KEYWORD})(\s*:?\s+)(?=https?:\/\/\S+\/(?:issues|pull)\/\d)`,
  "gi",
);

/** The same text with every mention and every closing keyword's reference made inert. */
export function neutralizeMentions(text: string): string {
  let result = text
    .replace(MENTION, `@${ZERO_WIDTH_SPACE}`)
    .replace(KEYWORD_REFERENCE, (_match, keyword: string, hash: string) => {
      return `${keyword}${hash}${ZERO_WIDTH_SPACE}`;
    })
    .replace(KEYWORD_URL, (_match, keyword: string, gap: string) => {
      return `${keyword.slice(0, 1)}${ZERO_WIDTH_SPACE}${keyword.slice(1)}${gap}`;
    });
  // Each pass reaches one more item of a list; every pass inserts, so this ends.
  for (let previous = ""; previous !== result; ) {
    previous = result;
    result = result.replace(LISTED_REFERENCE, (_match, before: string, hash: string) => {
      return `${before}${hash}${ZERO_WIDTH_SPACE}`;
    });
  }
  return result;
}

/**
 * Neutralises text the action sends except its own opening, which may link to the issue it
 * works on: a pull request body's first line `Closes #N`, or its title's `Resolve #N:`. The
 * opening counts only when it ends there (`Closes #5` does not open `Closes #50`).
 */
export function neutralizeExcept(text: string, ownOpening?: string): string {
  const neutral = neutralizeMentions(text);
  if (!ownOpening || !text.startsWith(ownOpening) || /^[\w#]/.test(text.slice(ownOpening.length))) {
    return neutral;
  }
  const neutralOpening = neutralizeMentions(ownOpening);
  return neutral.startsWith(neutralOpening) ? ownOpening + neutral.slice(neutralOpening.length) : neutral;
}
