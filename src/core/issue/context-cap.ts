import { type ContextFacts, renderIssueContext } from "./issue-context.js";

/**
 * Keeps `issue_context.md` within `maxBytes`. The issue's own text gives way, never the
 * workspace facts or the workflow's instructions: comments go first (whole ones from the end,
 * then part of one), then the description is cut. Where text was cut, a visible marker says so
 * and where the rest is.
 */
export function fitContext(
  facts: ContextFacts,
  maxBytes: number,
): { facts: ContextFacts; truncated: boolean } {
  // Text of n UTF-16 units takes at least n bytes in UTF-8: what is longer than the limit need not
  // be rendered to know it does not fit, and no cut longer than the limit is worth trying. A
  // megabytes-long issue is then rendered at the limit's size, not at its own, at each try.
  const fits = (candidate: ContextFacts) =>
    textLength(candidate) <= maxBytes && bytes(renderIssueContext(candidate)) <= maxBytes;
  if (fits(facts)) return { facts, truncated: false };
  const marker = (what: string) =>
    `\n\n[… ${what} cut by agent-task: the context file is limited to ${maxBytes} bytes (context-max-kib); read the issue at ${facts.issue.url}]`;

  const { comments } = facts;
  const withBody = (body: string): ContextFacts => ({
    ...facts,
    issue: { ...facts.issue, body },
    comments: [],
  });
  const bodyMarker = marker(
    comments.length > 0
      ? `the rest of the description and all comments were`
      : "the rest of the description was",
  );
  if (!fits(withBody(facts.issue.body))) {
    const length = longestCut(Math.min(facts.issue.body.length, maxBytes), maxBytes, (n) =>
      withBody(cut(facts.issue.body, n) + bodyMarker),
    );
    return { facts: withBody(cut(facts.issue.body, length) + bodyMarker), truncated: true };
  }

  // The description fits: as many whole comments as fit with the marker after them, then as much
  // of the next one as fits.
  const withMarker = (k: number, length: number): ContextFacts => {
    const left = comments.length - k - 1;
    const what = left > 0 ? `this comment and ${left} more comment(s) were` : "this comment was";
    const next = comments[k]!;
    return {
      ...facts,
      comments: [...comments.slice(0, k), { ...next, body: cut(next.body, length) + marker(what) }],
    };
  };
  const whole = longestFitting(comments.length - 1, (k) => fits(withMarker(k, 0)));
  const length = longestCut(Math.min(comments[whole]!.body.length, maxBytes), maxBytes, (n) =>
    withMarker(whole, n),
  );
  const fitted = withMarker(whole, length);
  // Even the marker alone may not fit when the fixed sections fill the file.
  return { facts: fits(fitted) ? fitted : { ...facts, comments: [] }, truncated: true };
}

/** The issue's own text, in UTF-16 units: a lower bound of its size in the rendered file. */
function textLength(facts: ContextFacts): number {
  return facts.issue.body.length + facts.comments.reduce((sum, comment) => sum + comment.body.length, 0);
}

function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** The first `length` UTF-16 units of `text`, never ending between the halves of a character. */
function cut(text: string, length: number): string {
  const end = /[\ud800-\udbff]/.test(text[length - 1] ?? "") ? length - 1 : length;
  return text.slice(0, end).trimEnd();
}

/**
 * The longest cut in [0, max] whose file fits in `maxBytes`, `candidate(n)` being the file with n
 * units of the text kept. The file grows by about a byte per unit kept: stepping back from max by
 * what is over the limit finds the cut in a few renderings of a megabytes-long text, not twenty;
 * the cut one longer is checked, and halving follows only when the guess was not the cut.
 */
function longestCut(max: number, maxBytes: number, candidate: (n: number) => ContextFacts): number {
  const sizes = new Map<number, number>();
  const sizeAt = (n: number) => {
    const size = sizes.get(n) ?? bytes(renderIssueContext(candidate(n)));
    sizes.set(n, size);
    return size;
  };
  let guess = max;
  for (let step = 0; step < 3 && sizeAt(guess) > maxBytes; step++) {
    guess = Math.max(0, guess - (sizeAt(guess) - maxBytes));
  }
  return longestFitting(max, (n) => sizeAt(n) <= maxBytes, guess);
}

/**
 * The largest n in [0, max] for which `fits(n)` holds, given that it holds for every smaller n;
 * `guess` is tried first, with the one after it.
 */
function longestFitting(max: number, fits: (n: number) => boolean, guess?: number): number {
  let low = 0;
  let high = max;
  if (guess !== undefined) {
    if (!fits(guess)) high = guess - 1;
    else if (guess >= max || !fits(guess + 1)) return guess;
    else low = guess + 1;
  }
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * Cuts rendered text to `maxBytes` with a visible marker: the last resort when the fixed parts
 * alone are too long, and the cap of `previous_session.md`.
 */
export function capText(text: string, maxBytes: number, file: string): string {
  if (bytes(text) <= maxBytes) return text;
  const marker = `\n\n[… cut by agent-task: ${file} is limited to ${maxBytes} bytes (context-max-kib)]\n`;
  const room = Math.max(0, maxBytes - bytes(marker));
  // Cutting the UTF-8 bytes may split a character; decoding drops the broken end.
  const head = Buffer.from(text, "utf8")
    .subarray(0, room)
    .toString("utf8")
    .replace(/\uFFFD+$/, "");
  return cut(head, head.length) + marker;
}
