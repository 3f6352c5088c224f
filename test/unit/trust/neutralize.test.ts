import { describe, expect, it } from "vitest";
import { neutralizeExcept, neutralizeMentions } from "../../../src/core/trust/neutralize.js";
import { CLOSING, MENTION } from "./notifying-text.js";

describe("neutralizeMentions leaves nothing that notifies or closes", () => {
  it.each([
    "@someone please look",
    "ping @octo-org/security-team",
    "(@admin)",
    "cc:@maintainer",
    "fixes #12",
    "Closes owner/repo#3",
    "RESOLVED: #4",
    "fixed GH-7",
    "resolves https://github.com/owner/repo/issues/9",
    "close https://github.example/o/r/pull/2",
    "Fixes #1, #2 and other/repo#3",
    "```\nfixes #12 @someone\n```",
  ])("%j", (text) => {
    const result = neutralizeMentions(text);
    expect(result).not.toMatch(MENTION);
    expect(result).not.toMatch(CLOSING);
    expect(result.replace(/\u200b/g, "")).toBe(text);
  });

  it("keeps e-mail addresses, plain references and ordinary words as they are", () => {
    const text = "mail a@b.example, see #12, the fix is in; it closes soon";
    expect(neutralizeMentions(text)).toBe(text);
  });

  it("a later reference in a list is inert too", () => {
    expect(neutralizeMentions("Fixes #1, #2")).not.toMatch(/,\s*#\d/);
  });

  it("is idempotent", () => {
    const once = neutralizeMentions("@a fixes #1, #2 closes https://x/o/r/issues/3");
    expect(neutralizeMentions(once)).toBe(once);
  });
});

describe("neutralizeExcept keeps only the action's own opening", () => {
  it("keeps `Closes #N` on the first line and neutralises the rest", () => {
    const body = neutralizeExcept("Closes #5\n\nAgent says: fixes #12, thanks @bob", "Closes #5");
    expect(body.startsWith("Closes #5\n")).toBe(true);
    const rest = body.slice("Closes #5".length);
    expect(rest).not.toMatch(CLOSING);
    expect(rest).not.toMatch(MENTION);
  });

  it("neutralises a closing line that is not the first", () => {
    expect(neutralizeExcept("Summary\nCloses #5", "Closes #5")).not.toMatch(CLOSING);
  });

  it("an opening that continues is not the own one: `Closes #5` does not keep `Closes #50`", () => {
    expect(neutralizeExcept("Closes #50\nrest", "Closes #5")).not.toMatch(CLOSING);
  });

  it("keeps a title's own `Resolve #N:` and neutralises the issue's title after it", () => {
    const title = neutralizeExcept("Resolve #5: fixes #12 for @bob", "Resolve #5:");
    expect(title.startsWith("Resolve #5: ")).toBe(true);
    expect(title.slice("Resolve #5:".length)).not.toMatch(CLOSING);
    expect(title).not.toMatch(MENTION);
  });

  it("neutralises everything when the body has no own closing line", () => {
    expect(neutralizeExcept("Closes #5 @x")).not.toMatch(CLOSING);
  });
});
