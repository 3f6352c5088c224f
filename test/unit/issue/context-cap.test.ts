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
