import { describe, expect, it } from "vitest";
import type { IssueComment } from "../../../src/core/issue/issue.js";
import {
  type FeedbackItem,
  feedbackSince,
  renderPreviousSession,
} from "../../../src/core/issue/previous-session.js";
import type { GitHubPort } from "../../../src/core/ports.js";
import type { SessionSummary } from "../../../src/core/report/lease.js";

const PR_URL = "https://github.com/octo/widgets/pull/7";

const session: SessionSummary = {
  outcome: "pr-opened",
  readAt: "2025-03-01T10:00:00.750Z",
  finishedAt: "2025-03-01T10:20:00.000Z",
  changes: { added: ["src/new.ts"], modified: ["src/app.ts", "README.md"], deleted: ["old.js"] },
  prNumber: 7,
  prUrl: PR_URL,
  branch: "agent/claude/issue-42",
  agentSummary: "Fixed the crash.\n\nAdded a regression test.",
};

let nextId = 1;
const at = (createdAt: string, body: string, author = "octocat"): IssueComment => {
  const id = nextId++;
  return { id, author, createdAt, body, url: `https://github.com/octo/widgets/issues/42#issuecomment-${id}` };
};

/** A GitHub port with only what feedbackSince calls; it records which pull requests were read. */
function fakeGitHub(pr: { conversation?: IssueComment[]; review?: IssueComment[] } = {}) {
  const calls: string[] = [];
  const port: Pick<GitHubPort, "listIssueComments" | "listReviewComments"> = {
    async listIssueComments(issueNumber) {
      calls.push(`listIssueComments(${issueNumber})`);
      return pr.conversation ?? [];
    },
    async listReviewComments(pullNumber) {
      calls.push(`listReviewComments(${pullNumber})`);
      return pr.review ?? [];
    },
  };
  return { github: port as GitHubPort, calls };
}

describe("renderPreviousSession tells the agent what the last run did", () => {
  it("renders the whole session, then the feedback", () => {
    const feedback: FeedbackItem[] = [
      {
        ...at("2025-03-01T11:00:00Z", "Please also handle the empty case.\n", "alice"),
        where: "on the issue",
      },
      {
        ...at("2025-03-01T11:05:00Z", "  Rename this variable.  ", "bob"),
        where: "in a review of pull request #7",
      },
    ];
    expect(renderPreviousSession(session, feedback)).toBe(
      [
        "# Previous session",
        "",
        "The last run on this issue ended `pr-opened` at 2025-03-01T10:20:00.000Z.",
        "",
        `- Pull request: #7 (${PR_URL})`,
        "- Branch: agent/claude/issue-42 (this run continues from it)",
        "- Changed files: 1 added, 2 modified, 1 deleted",
        "  - `src/new.ts` (added)",
        "  - `src/app.ts` (modified)",
        "  - `README.md` (modified)",
        "  - `old.js` (deleted)",
        "",
        "## The agent's final message",
        "",
        "> Fixed the crash.",
        "> ",
        "> Added a regression test.",
        "",
        "## Since then",
        "",
        "### alice on 2025-03-01T11:00:00Z, on the issue",
        "",
        "Please also handle the empty case.",
        "",
        "### bob on 2025-03-01T11:05:00Z, in a review of pull request #7",
        "",
        "Rename this variable.",
        "",
      ].join("\n"),
    );
  });

  it("says when nobody has commented since", () => {
    const text = renderPreviousSession(session, []);
    expect(text).toMatch(/## Since then\n\nNobody has commented since\.\n$/);
  });

  it.each([
    ["no-changes", "`no-changes`"],
    ["agent-failed", "`agent-failed`"],
    ["timed-out", "`timed-out`"],
  ] as const)("names the outcome %s", (outcome, shown) => {
    expect(renderPreviousSession({ ...session, outcome }, [])).toContain(`ended ${shown} at`);
  });

  it("leaves out what the session did not have", () => {
    const bare: SessionSummary = { outcome: "no-changes", finishedAt: "2025-03-01T10:20:00.000Z" };
    expect(renderPreviousSession(bare, [])).toBe(
      [
        "# Previous session",
        "",
        "The last run on this issue ended `no-changes` at 2025-03-01T10:20:00.000Z.",
        "",
        "## Since then",
        "",
        "Nobody has commented since.",
        "",
      ].join("\n"),
    );
  });

  it("lists no files of a kind that has none", () => {
    const text = renderPreviousSession(
      { ...session, changes: { added: [], modified: ["a.ts"], deleted: [] } },
      [],
    );
    expect(text).toContain("- Changed files: 0 added, 1 modified, 0 deleted\n  - `a.ts` (modified)\n");
    expect(text).not.toContain("(added)");
    expect(text).not.toContain("(deleted)");
  });

  it("quotes every line of the final message, so its headings stay inside the quote", () => {
    const text = renderPreviousSession({ ...session, agentSummary: "# Done\n## Notes\n- one" }, []);
    expect(text).toContain("> # Done\n> ## Notes\n> - one\n");
    expect(text).not.toMatch(/^## Notes/m);
  });
});

describe("feedbackSince: what was said after the last run read the issue", () => {
  it("keeps comments from the second the last run read the issue on, and drops earlier ones", async () => {
    const { github } = fakeGitHub();
    const comments = [
      at("2025-03-01T09:59:59Z", "before the read"),
      at("2025-03-01T10:00:00Z", "in the same second as the read"),
      at("2025-03-01T10:00:01Z", "just after"),
    ];
    const items = await feedbackSince(github, { ...session, prNumber: undefined }, comments);
    expect(items.map((item) => item.body)).toEqual(["in the same second as the read", "just after"]);
  });

  it("falls back to when the last run finished when it has no read time", async () => {
    const { github } = fakeGitHub();
    const comments = [
      at("2025-03-01T10:05:00Z", "during the run"),
      at("2025-03-01T10:20:00Z", "at the finish"),
      at("2025-03-01T10:30:00Z", "after the finish"),
    ];
    const items = await feedbackSince(
      github,
      { ...session, readAt: undefined, finishedAt: "2025-03-01T10:20:00.400Z", prNumber: undefined },
      comments,
    );
    expect(items.map((item) => item.body)).toEqual(["at the finish", "after the finish"]);
  });

  it("drops the action's own comments", async () => {
    const { github } = fakeGitHub({
      conversation: [at("2025-03-01T11:00:00Z", "## Agent pull request\n<!-- agent-task:pr -->")],
    });
    const comments = [
      at(
        "2025-03-01T11:00:00Z",
        "<!-- agent-task:status -->\n### Agent run: pr-opened",
        "github-actions[bot]",
      ),
      at("2025-03-01T11:01:00Z", "A human comment."),
    ];
    const items = await feedbackSince(github, session, comments);
    expect(items.map((item) => item.body)).toEqual(["A human comment."]);
  });

  it("merges issue, pull request and review comments, oldest first, saying where each was", async () => {
    const { github, calls } = fakeGitHub({
      conversation: [
        at("2025-03-01T11:30:00Z", "PR conversation, late", "carol"),
        at("2025-03-01T09:00:00Z", "PR conversation, before the read", "carol"),
      ],
      review: [at("2025-03-01T11:10:00Z", "Review comment", "bob")],
    });
    const issue = [
      at("2025-03-01T11:20:00Z", "Issue, second", "alice"),
      at("2025-03-01T11:00:00Z", "Issue, first", "alice"),
    ];
    const items = await feedbackSince(github, session, issue);
    expect(items.map(({ author, createdAt, body, where }) => ({ author, createdAt, body, where }))).toEqual([
      { author: "alice", createdAt: "2025-03-01T11:00:00Z", body: "Issue, first", where: "on the issue" },
      {
        author: "bob",
        createdAt: "2025-03-01T11:10:00Z",
        body: "Review comment",
        where: "in a review of pull request #7",
      },
      { author: "alice", createdAt: "2025-03-01T11:20:00Z", body: "Issue, second", where: "on the issue" },
      {
        author: "carol",
        createdAt: "2025-03-01T11:30:00Z",
        body: "PR conversation, late",
        where: "on pull request #7",
      },
    ]);
    expect(calls.sort()).toEqual(["listIssueComments(7)", "listReviewComments(7)"]);
  });

  it("keeps each comment's id and URL", async () => {
    const { github } = fakeGitHub();
    const comment = at("2025-03-01T11:00:00Z", "Hello");
    const [item] = await feedbackSince(github, session, [comment]);
    expect(item).toEqual({ ...comment, where: "on the issue" });
  });

  it("does not read pull request comments when the session had no pull request", async () => {
    const { github, calls } = fakeGitHub({
      conversation: [at("2025-03-01T11:00:00Z", "should not be read")],
      review: [at("2025-03-01T11:00:00Z", "should not be read")],
    });
    const items = await feedbackSince(github, { ...session, prNumber: undefined, prUrl: undefined }, [
      at("2025-03-01T11:00:00Z", "On the issue."),
    ]);
    expect(calls).toEqual([]);
    expect(items.map((item) => item.body)).toEqual(["On the issue."]);
  });

  it("nothing new gives an empty list", async () => {
    const { github } = fakeGitHub();
    expect(await feedbackSince(github, session, [])).toEqual([]);
  });
});
