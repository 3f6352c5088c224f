import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/core/errors.js";
import { issueJson } from "../../../src/core/issue/issue-context.js";
import { parseIssueFile } from "../../../src/core/issue/issue-file.js";

describe("an issue in Markdown", () => {
  it("takes the first heading as the title and the rest as the body", () => {
    const file = parseIssueFile(
      "# Add a greeting\n\nPlease add `hello.txt`.\n\n## Notes\n\n- short\n",
      "ISSUE.md",
    );
    expect(file).toMatchObject({
      title: "Add a greeting",
      body: "Please add `hello.txt`.\n\n## Notes\n\n- short",
      comments: [],
      labels: [],
    });
    expect(file.number).toBeUndefined();
  });

  it("takes a heading of any level, with closing hashes, after a preamble", () => {
    const file = parseIssueFile("Some preamble.\r\n\r\n### Fix the form ###\r\nBody\r\n", "issue.md");
    expect(file.title).toBe("Fix the form");
    expect(file.body).toBe("Some preamble.\n\nBody");
  });

  it("skips headings inside code blocks", () => {
    const file = parseIssueFile("```\n# not a title\n```\n# Title\n", "x.md");
    expect(file.title).toBe("Title");
    expect(file.body).toBe("```\n# not a title\n```");
  });

  it("says what is missing when there is no heading", () => {
    expect(() => parseIssueFile("just text\n", "ISSUE.md")).toThrow(InputError);
    expect(() => parseIssueFile("just text\n", "ISSUE.md")).toThrow(/ISSUE.md has no Markdown heading/);
    expect(() => parseIssueFile("#\n", "ISSUE.md")).toThrow(/first heading is empty/);
  });
});

describe("the issue.json of a kept workspace", () => {
  const written = issueJson({
    taskId: "issue-12-99-1",
    repository: {
      owner: "octo",
      name: "widgets",
      defaultBranch: "main",
      htmlUrl: "https://github.com/octo/widgets",
    },
    issue: {
      number: 12,
      title: "Add a greeting",
      body: "Please.\n\n- [ ] hello.txt exists",
      url: "https://github.com/octo/widgets/issues/12",
      author: "octocat",
      labels: ["agent"],
      state: "open",
      createdAt: "2026-01-02T03:04:05Z",
    },
    comments: [
      {
        id: 5,
        author: "reviewer",
        createdAt: "2026-01-03T00:00:00Z",
        body: "Use a newline.",
        url: "https://github.com/octo/widgets/issues/12#issuecomment-5",
      },
    ],
    baseBranch: "develop",
    branch: "agent/claude/issue-12",
    mode: "worktree",
    instructions: "Be brief.",
  });

  it("reads back everything a run on GitHub read", () => {
    expect(parseIssueFile(written, "issue.json")).toEqual({
      title: "Add a greeting",
      body: "Please.\n\n- [ ] hello.txt exists",
      number: 12,
      url: "https://github.com/octo/widgets/issues/12",
      author: "octocat",
      labels: ["agent"],
      state: "open",
      createdAt: "2026-01-02T03:04:05Z",
      comments: [
        {
          id: 1,
          author: "reviewer",
          createdAt: "2026-01-03T00:00:00Z",
          url: "https://github.com/octo/widgets/issues/12#issuecomment-5",
          body: "Use a newline.",
        },
      ],
      repository: "octo/widgets",
      baseBranch: "develop",
      instructions: "Be brief.",
    });
  });

  it("is recognised by its content too", () => {
    expect(parseIssueFile(written, "saved-issue").number).toBe(12);
  });

  it.each([
    ["not JSON", "{oops", /is not valid JSON/],
    ["no issue", "{}", /`issue` must be an object/],
    ["no title", '{"issue":{"body":"x"}}', /`issue.title` must be a non-empty string/],
    ["a bad number", '{"issue":{"title":"t","number":-1}}', /`issue.number` must be a positive integer/],
    ["bad labels", '{"issue":{"title":"t","labels":[1]}}', /`issue.labels` must be a list of strings/],
    ["a bad comment", '{"issue":{"title":"t"},"comments":[{}]}', /`comments\[0\].body` must be a string/],
  ])("refuses %s with a message naming the field", (_case, text, message) => {
    expect(() => parseIssueFile(text, "issue.json")).toThrow(message);
  });
});
