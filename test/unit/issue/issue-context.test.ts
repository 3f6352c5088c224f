import { describe, expect, it } from "vitest";
import type { Issue, IssueComment, Repository } from "../../../src/core/issue/issue.js";
import {
  acceptanceCriteria,
  type ContextFacts,
  contextReferences,
  issueJson,
  renderIssueContext,
} from "../../../src/core/issue/issue-context.js";

const repository: Repository = {
  owner: "octo",
  name: "widgets",
  defaultBranch: "main",
  htmlUrl: "https://github.com/octo/widgets",
};

function issue(overrides: Partial<Issue> = {}): Issue {
  return {
    number: 42,
    title: "Login crashes on empty password",
    body: "",
    url: "https://github.com/octo/widgets/issues/42",
    author: "carol",
    labels: ["agent", "bug"],
    state: "open",
    createdAt: "2024-04-30T09:00:00Z",
    ...overrides,
  };
}

function comment(author: string, createdAt: string, body: string, id = 1): IssueComment {
  return { id, author, createdAt, body, url: `https://github.com/octo/widgets/issues/42#issuecomment-${id}` };
}

const fullFacts: ContextFacts = {
  repository,
  issue: issue({
    body: [
      "",
      "The login page crashes when the password is empty.",
      "",
      "See #7 and octo/other#3, also https://example.com/docs/login.",
      "",
      "- [ ] Show an error message",
      "- [x] Keep the form filled in",
      "",
    ].join("\n"),
  }),
  comments: [
    comment("alice", "2024-05-01T10:00:00Z", "Related: #8\n", 1),
    comment("bob", "2024-05-02T11:00:00Z", "Also https://github.com/octo/widgets/pull/9.", 2),
  ],
  baseBranch: "main",
  branch: "agent/claude/issue-42",
  mode: "worktree",
  instructions: "\nKeep the diff small.\n",
  taskId: "issue-42-1001-1",
};

const minimalFacts: ContextFacts = {
  repository,
  issue: issue({ number: 1, title: "Tidy up", url: "https://github.com/octo/widgets/issues/1" }),
  comments: [],
  baseBranch: "develop",
  branch: "",
  mode: "directory",
  instructions: "",
  taskId: "issue-1-5-1",
};

describe("issue_context.md has the contract's format", () => {
  it("renders a full issue with every section, in the contract's order", () => {
    expect(renderIssueContext(fullFacts)).toBe(
      [
        "# Issue: Login crashes on empty password",
        "",
        "## Description",
        "",
        "The login page crashes when the password is empty.",
        "",
        "See #7 and octo/other#3, also https://example.com/docs/login.",
        "",
        "- [ ] Show an error message",
        "- [x] Keep the form filled in",
        "",
        "## Acceptance Criteria",
        "",
        "- Show an error message",
        "- Keep the form filled in",
        "",
        "## Context References",
        "",
        "- https://github.com/octo/widgets/issues/42",
        "- #7",
        "- octo/other#3",
        "- https://example.com/docs/login",
        "- #8",
        "- https://github.com/octo/widgets/pull/9",
        "",
        "## Comments",
        "",
        "### alice on 2024-05-01T10:00:00Z",
        "",
        "Related: #8",
        "",
        "### bob on 2024-05-02T11:00:00Z",
        "",
        "Also https://github.com/octo/widgets/pull/9.",
        "",
        "## Workspace Context",
        "",
        "- Repository: octo/widgets",
        "- Base branch: main",
        "- Agent branch: agent/claude/issue-42",
        "- Mode: git_worktree",
        "",
        "## Agent Instructions",
        "",
        "Keep the diff small.",
        "",
      ].join("\n"),
    );
  });

  it("renders a minimal issue without the empty sections", () => {
    expect(renderIssueContext(minimalFacts)).toBe(
      [
        "# Issue: Tidy up",
        "",
        "## Context References",
        "",
        "- https://github.com/octo/widgets/issues/1",
        "",
        "## Workspace Context",
        "",
        "- Repository: octo/widgets",
        "- Base branch: develop",
        "- Mode: directory",
        "",
      ].join("\n"),
    );
  });

  it.each([
    ["Description", { issue: issue({ body: "   \n\n  " }) }],
    ["Acceptance Criteria", { issue: issue({ body: "Just prose, no list." }) }],
    ["Comments", { comments: [] }],
    ["Agent Instructions", { instructions: "  \n " }],
  ] as Array<[string, Partial<ContextFacts>]>)("omits ## %s when it is empty", (section, overrides) => {
    const text = renderIssueContext({ ...fullFacts, ...overrides });
    expect(text).not.toContain(`## ${section}`);
    expect(text).not.toMatch(/\n\n\n/);
  });

  it("follows every heading with exactly one blank line, and never leaves two blank lines", () => {
    const facts: ContextFacts = {
      ...fullFacts,
      issue: issue({ body: "\n\n\nBody after blank lines\n\n\n" }),
      comments: [comment("dave", "2024-05-03T00:00:00Z", "\n\ncomment text\n\n")],
      instructions: "\n\n\nDo it.\n\n\n",
    };
    const lines = renderIssueContext(facts).split("\n");
    const headings = lines.flatMap((line, i) => (/^#{1,3} /.test(line) ? [i] : []));
    expect(headings.length).toBeGreaterThanOrEqual(6);
    for (const i of headings) {
      expect(lines[i + 1], `after "${lines[i]}"`).toBe("");
      expect(lines[i + 2], `two lines after "${lines[i]}"`).not.toBe("");
    }
    expect(lines.join("\n")).not.toMatch(/\n\n\n/);
    expect(lines.join("\n").endsWith("Do it.\n")).toBe(true);
  });

  it("puts a multi-line title on one line", () => {
    const text = renderIssueContext({ ...minimalFacts, issue: issue({ title: "Fix\n  the   thing\r\n" }) });
    expect(text.split("\n")[0]).toBe("# Issue: Fix the thing");
  });

  it("ends with exactly one newline", () => {
    expect(renderIssueContext(fullFacts)).toMatch(/[^\n]\n$/);
    expect(renderIssueContext(minimalFacts)).toMatch(/[^\n]\n$/);
  });

  it("names the agent branch only when there is one", () => {
    expect(renderIssueContext(fullFacts)).toContain("- Agent branch: agent/claude/issue-42\n");
    expect(renderIssueContext(minimalFacts)).not.toMatch(/Agent branch: *$/m);
  });
});

describe("acceptance criteria: task-list items anywhere in the body", () => {
  it.each([
    ["- [ ] open item", ["open item"]],
    ["- [x] done item", ["done item"]],
    ["* [X] star item", ["star item"]],
    ["+ [ ] plus item", ["plus item"]],
    ["  - [ ] nested item", ["nested item"]],
    ["Intro\n\n- [ ] a\n- [ ] b\n\nOutro\n\n- [x] c", ["a", "b", "c"]],
    ["- [ ] a\r\n- [ ] b\r\n", ["a", "b"]],
    ["- [ ] same\n- [x] same", ["same"]],
  ])("%j → %j", (body, criteria) => {
    expect(acceptanceCriteria(body)).toEqual(criteria);
  });

  it.each([
    ["plain bullets outside a criteria section", "- just a bullet\n* another"],
    ["an empty checkbox", "- [] not a task"],
    ["no space after the dash", "-[ ] not a task"],
    ["no bullet", "[ ] not a task"],
    ["prose", "Please fix the bug."],
    ["an empty body", ""],
  ])("ignores %s", (_what, body) => {
    expect(acceptanceCriteria(body)).toEqual([]);
  });
});

describe('acceptance criteria: bullets under an "Acceptance Criteria" heading', () => {
  it.each([
    "# Acceptance Criteria",
    "## Acceptance Criteria",
    "### Acceptance criteria",
    "#### ACCEPTANCE CRITERIA",
    "## Acceptance Criteria:",
    "## Acceptance Criteria ##",
    "**Acceptance Criteria**",
    "**Acceptance criteria:**",
    "**Acceptance Criteria**:",
  ])("under %j", (heading) => {
    const body = `Intro\n\n${heading}\n\n- first\n* second\n+ third\n1. fourth\n2) fifth\n- [ ] sixth`;
    expect(acceptanceCriteria(body)).toEqual(["first", "second", "third", "fourth", "fifth", "sixth"]);
  });

  it("skips prose lines inside the section", () => {
    expect(acceptanceCriteria("## Acceptance Criteria\n\nThe change must:\n\n- work\n\nThanks!")).toEqual([
      "work",
    ]);
  });

  it.each([
    ["the next heading of the same level", "## Acceptance Criteria\n- a\n## Notes\n- b", ["a"]],
    ["the next heading of a higher level", "### Acceptance Criteria\n- a\n# Appendix\n- b", ["a"]],
    [
      "a lower heading only after its own end",
      "## Acceptance Criteria\n- a\n### Edge cases\n- b\n## Notes\n- c",
      ["a", "b"],
    ],
    ["a bold-line heading after a bold-line heading", "**Acceptance Criteria**\n- a\n**Notes**\n- b", ["a"]],
    ["any # heading after a bold-line heading", "**Acceptance Criteria**\n- a\n###### Notes\n- b", ["a"]],
  ])("ends at %s", (_what, body, criteria) => {
    expect(acceptanceCriteria(body)).toEqual(criteria);
  });

  it("keeps the order of the body and drops duplicates", () => {
    const body = "- [ ] alpha\n\n## Acceptance Criteria\n\n- beta\n- alpha\n- [x] gamma\n- beta";
    expect(acceptanceCriteria(body)).toEqual(["alpha", "beta", "gamma"]);
  });

  it("ignores headings named otherwise", () => {
    expect(acceptanceCriteria("## Steps to reproduce\n\n- open the page\n- click")).toEqual([]);
  });
});

describe("acceptance criteria: fenced code is ignored", () => {
  it.each([
    ["task items in a ``` fence", "```md\n- [ ] not me\n```\n- [ ] me", ["me"]],
    ["task items in a ~~~ fence", "~~~\n- [x] not me\n~~~\n- [ ] me", ["me"]],
    ["bullets in a fence inside the section", "## Acceptance Criteria\n```\n- not me\n```\n- me", ["me"]],
    ["a heading inside a fence", "```\n## Acceptance Criteria\n```\n- not a criterion", []],
    ["an indented fence", "## Acceptance Criteria\n  ```\n  - not me\n  ```\n- me", ["me"]],
  ])("%s", (_what, body, criteria) => {
    expect(acceptanceCriteria(body)).toEqual(criteria);
  });
});

describe("context references", () => {
  const refs = (body: string, comments: string[] = [], of: Issue = issue()) =>
    contextReferences(
      { ...of, body },
      comments.map((text, i) => comment("x", "2024-01-01", text, i + 1)),
      repository,
    );
  const SELF = "https://github.com/octo/widgets/issues/42";

  it("always starts with the issue's own URL", () => {
    expect(refs("")).toEqual([SELF]);
  });

  it.each([
    ["#N", "Depends on #7.", ["#7"]],
    ["owner/repo#N", "Like octo/other#3 did", ["octo/other#3"]],
    ["dotted and dashed repo names", "see my-org/my.repo#12", ["my-org/my.repo#12"]],
    ["a reference at the start of a line", "#5 is related", ["#5"]],
    ["a reference in parentheses", "(see #6)", ["#6"]],
    ["a URL", "Docs: https://example.com/docs/a", ["https://example.com/docs/a"]],
    ["an http URL", "http://example.com/x", ["http://example.com/x"]],
  ])("finds %s", (_what, body, found) => {
    expect(refs(body)).toEqual([SELF, ...found]);
  });

  it.each([
    ["a full stop", "See https://example.com/a.", "https://example.com/a"],
    ["a comma", "https://example.com/a, and more", "https://example.com/a"],
    ["several marks", "Really https://example.com/a?!", "https://example.com/a"],
    ["a colon and semicolon", "https://example.com/a:; x", "https://example.com/a"],
    ["a closing parenthesis", "(https://example.com/a)", "https://example.com/a"],
    ["a Markdown link", "[the docs](https://example.com/a)", "https://example.com/a"],
    ["an angle-bracket autolink", "<https://example.com/a>", "https://example.com/a"],
    ["quotes", `"https://example.com/a"`, "https://example.com/a"],
  ])("trims %s from a URL", (_what, body, url) => {
    expect(refs(body)).toEqual([SELF, url]);
  });

  it("keeps the query and inner punctuation of a URL", () => {
    expect(refs("https://example.com/a.b/c?x=1&y=2.")).toEqual([SELF, "https://example.com/a.b/c?x=1&y=2"]);
  });

  it.each([
    [
      "a URL fragment",
      "https://github.com/octo/widgets/issues/5#issuecomment-9",
      ["https://github.com/octo/widgets/issues/5#issuecomment-9"],
    ],
    ["an HTML entity", "it&#39;s broken", []],
    ["a word glued to #", "C#12 and abc#3", []],
    ["a number glued to text", "#12abc", []],
    ["fenced code", "```\nfixes #9 https://example.com/code\n```", []],
  ])("does not take a reference from %s", (_what, body, found) => {
    expect(refs(body)).toEqual([SELF, ...found]);
  });

  it("excludes the issue itself in every form", () => {
    expect(refs(`This is #42, octo/widgets#42, ${SELF}. Also #43.`)).toEqual([SELF, "#43"]);
  });

  it("lists each reference once, in order of appearance across the body and then the comments", () => {
    expect(
      refs("See https://example.com/b then #2 and #1. Again #2.", [
        "Also #3 and https://example.com/b",
        "And octo/other#1, #1 and https://example.com/a",
      ]),
    ).toEqual([SELF, "https://example.com/b", "#2", "#1", "#3", "octo/other#1", "https://example.com/a"]);
  });

  it("orders URLs and #N references by position within a text", () => {
    expect(refs("#5 https://example.com/x #4 https://example.com/y")).toEqual([
      SELF,
      "#5",
      "https://example.com/x",
      "#4",
      "https://example.com/y",
    ]);
  });
});

describe("issue.json holds the same facts", () => {
  it("carries the issue, criteria, references, comments, workspace and instructions", () => {
    const text = issueJson(fullFacts);
    expect(text.endsWith("}\n")).toBe(true);
    const json = JSON.parse(text);
    expect(json).toMatchObject({
      taskId: "issue-42-1001-1",
      repository: "octo/widgets",
      issue: {
        number: 42,
        title: "Login crashes on empty password",
        url: "https://github.com/octo/widgets/issues/42",
        author: "carol",
        state: "open",
        labels: ["agent", "bug"],
        createdAt: "2024-04-30T09:00:00Z",
        body: fullFacts.issue.body,
      },
      acceptanceCriteria: ["Show an error message", "Keep the form filled in"],
      references: [
        "https://github.com/octo/widgets/issues/42",
        "#7",
        "octo/other#3",
        "https://example.com/docs/login",
        "#8",
        "https://github.com/octo/widgets/pull/9",
      ],
      workspace: { baseBranch: "main", branch: "agent/claude/issue-42", mode: "git_worktree" },
    });
    expect(json.comments).toEqual([
      {
        author: "alice",
        createdAt: "2024-05-01T10:00:00Z",
        url: "https://github.com/octo/widgets/issues/42#issuecomment-1",
        body: "Related: #8\n",
      },
      {
        author: "bob",
        createdAt: "2024-05-02T11:00:00Z",
        url: "https://github.com/octo/widgets/issues/42#issuecomment-2",
        body: "Also https://github.com/octo/widgets/pull/9.",
      },
    ]);
    expect(json.instructions.trim()).toBe("Keep the diff small.");
  });

  it("keeps text that would need escaping intact", () => {
    const tricky = 'quotes " backslash \\ newline\n tab\t unicode ✓ </script>';
    const json = JSON.parse(issueJson({ ...minimalFacts, issue: issue({ title: tricky, body: tricky }) }));
    expect(json.issue.title).toBe(tricky);
    expect(json.issue.body).toBe(tricky);
  });
});
