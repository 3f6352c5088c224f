import { describe, expect, it } from "vitest";
import { capText, fitContext } from "../../../src/core/issue/context-cap.js";
import type { IssueComment } from "../../../src/core/issue/issue.js";
import { type ContextFacts, renderIssueContext } from "../../../src/core/issue/issue-context.js";

function facts(body: string, comments: IssueComment[] = [], instructions = "Keep it small."): ContextFacts {
  return {
    repository: { owner: "o", name: "r", defaultBranch: "main", htmlUrl: "https://x/o/r" },
    issue: {
      number: 1,
      title: "T",
      body,
      url: "https://x/o/r/issues/1",
      author: "a",
      labels: [],
      state: "open",
      createdAt: "c",
    },
    comments,
    baseBranch: "main",
    branch: "agent/custom/issue-1",
    mode: "worktree",
    instructions,
    taskId: "issue-1-2-1",
  };
}

function comment(id: number, body: string): IssueComment {
  return { id, author: `user${id}`, createdAt: "2024-01-01T00:00:00Z", body, url: `u${id}` };
}

const bytes = (text: string) => Buffer.byteLength(text, "utf8");
const MARKER =
  /\[… .* cut by agent-task: the context file is limited to \d+ bytes \(context-max-kib\); read the issue at https:\/\/x\/o\/r\/issues\/1\]/;

describe("fitContext keeps issue_context.md within context-max-kib", () => {
  it("leaves a context that fits alone", () => {
    const small = facts("short body", [comment(1, "hi")]);
    expect(fitContext(small, 4096)).toEqual({ facts: small, truncated: false });
  });

  it("cuts a long description with a visible marker, keeping the workspace facts and instructions", () => {
    const { facts: fitted, truncated } = fitContext(
      facts("é".repeat(10_000), [comment(1, "a comment")]),
      4096,
    );
    const text = renderIssueContext(fitted);
    expect(truncated).toBe(true);
    expect(bytes(text)).toBeLessThanOrEqual(4096);
    expect(text).toMatch(MARKER);
    expect(text).toContain("## Workspace Context");
    expect(text).toContain("Keep it small.");
    expect(text).toContain("éééé");
  });

  it("drops comments before it cuts the description", () => {
    const many = Array.from({ length: 50 }, (_, i) => comment(i + 1, `comment number ${i + 1} `.repeat(10)));
    const { facts: fitted } = fitContext(facts("The description stays whole.", many), 4096);
    const text = renderIssueContext(fitted);
    expect(bytes(text)).toBeLessThanOrEqual(4096);
    expect(text).toContain("The description stays whole.");
    expect(text).toContain("comment number 1 ");
    expect(text).not.toContain("comment number 50 ");
    expect(text).toMatch(/this comment and \d+ more comment\(s\) were cut/);
  });

  it("cuts the description where one more character would not fit, whatever the text", () => {
    const texts = {
      ascii: "a line of a long log pasted into the issue\n".repeat(2_000),
      // Each kept line adds a reference and a criterion elsewhere in the file too.
      growing: "- [ ] step #12 of owner/repo#7 fails\n".repeat(2_000),
      "two bytes": "é".repeat(20_000),
      mixed: "ab😀 é #3\n".repeat(3_000),
    };
    for (const [name, body] of Object.entries(texts)) {
      const { facts: fitted } = fitContext(facts(body), 4096);
      const marker = fitted.issue.body.slice(fitted.issue.body.lastIndexOf("\n\n[…"));
      const kept = fitted.issue.body.length - marker.length;
      expect(bytes(renderIssueContext(fitted)), name).toBeLessThanOrEqual(4096);
      // One unit more (two for a character outside the BMP), trailing spaces aside: too long.
      const longer = (extra: number) => facts(`${body.slice(0, kept + extra).trimEnd()}${marker}`);
      const next = /[\ud800-\udbff]/.test(body[kept] ?? "") ? 2 : 1;
      let extra = next;
      while (body.slice(0, kept + extra).trimEnd().length <= kept && kept + extra < body.length) extra++;
      expect(bytes(renderIssueContext(longer(extra))), name).toBeGreaterThan(4096);
    }
  });

  it("cuts a comment where one more character would not fit", () => {
    const body = "- [ ] step #12 of owner/repo#7 fails, é😀\n".repeat(2_000);
    const short = comment(1, "a short comment");
    const { facts: fitted } = fitContext(facts("The description.", [short, comment(2, body)]), 4096);
    const kept = fitted.comments[1]!.body;
    const marker = kept.slice(kept.lastIndexOf("\n\n[…"));
    const length = kept.length - marker.length;
    expect(bytes(renderIssueContext(fitted))).toBeLessThanOrEqual(4096);
    const next = /[\ud800-\udbff]/.test(body[length] ?? "") ? 2 : 1;
    let extra = next;
    while (body.slice(0, length + extra).trimEnd().length <= length && length + extra < body.length) extra++;
    const longer = {
      ...fitted,
      comments: [
        short,
        { ...fitted.comments[1]!, body: `${body.slice(0, length + extra).trimEnd()}${marker}` },
      ],
    };
    expect(bytes(renderIssueContext(longer))).toBeGreaterThan(4096);
  });

  it("never splits a character outside the BMP", () => {
    const { facts: fitted } = fitContext(facts("😀".repeat(5_000)), 4096);
    expect(fitted.issue.body).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe("capText is the last resort", () => {
  it("cuts text to the limit in bytes with a marker", () => {
    const text = capText("ü".repeat(10_000), 1000, "previous_session.md");
    expect(bytes(text)).toBeLessThanOrEqual(1000);
    expect(text).toContain("previous_session.md is limited to 1000 bytes");
    expect(text).not.toContain("\uFFFD");
  });

  it("leaves short text alone", () => {
    expect(capText("short", 1000, "x")).toBe("short");
  });
});
