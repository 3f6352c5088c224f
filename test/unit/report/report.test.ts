import { describe, expect, it } from "vitest";
import {
  formatDuration,
  pullTitle,
  type RunFacts,
  renderJobSummary,
  renderPullBody,
  renderStatusComment,
} from "../../../src/core/report/report.js";
import { STATUS_MARKER } from "../../../src/core/report/status-comment.js";
import type { ChangedFiles } from "../../../src/core/workspace/directory-snapshot.js";

const RUN_URL = "https://github.com/octo/widgets/actions/runs/1001";
const PR_URL = "https://github.com/octo/widgets/pull/7";

const changes: ChangedFiles = {
  added: ["src/new.ts"],
  modified: ["src/app.ts", "README.md"],
  deleted: ["old/legacy.js"],
};

const opened: RunFacts = {
  outcome: "pr-opened",
  issueNumber: 42,
  issueTitle: "Login crashes",
  agent: "claude",
  mode: "worktree",
  exitCode: 0,
  durationMs: 125_000,
  branch: "agent/claude/issue-42",
  baseBranch: "main",
  prNumber: 7,
  prUrl: PR_URL,
  headSha: "0123456789abcdef0123456789abcdef01234567",
  changes,
  runUrl: RUN_URL,
};

/**
 * The text a reader sees for a Markdown inline code span that starts at `text[start]`
 * (CommonMark: a backtick run opens, the next run of the same length closes, one space is
 * stripped from each end when both are there). Returns undefined when the span never closes.
 */
function codeSpanAt(text: string, start: number): { content: string; end: number } | undefined {
  const open = /^`+/.exec(text.slice(start))?.[0];
  if (!open) return undefined;
  const runs = /`+/g;
  runs.lastIndex = start + open.length;
  for (let m = runs.exec(text); m; m = runs.exec(text)) {
    if (m[0].length === open.length) {
      let content = text.slice(start + open.length, m.index);
      if (content.startsWith(" ") && content.endsWith(" ") && content.trim() !== "") {
        content = content.slice(1, -1);
      }
      return { content, end: m.index + m[0].length };
    }
  }
  return undefined;
}

/** GFM table cells of a row: split on unescaped pipes, then `\|` reads as `|`. */
function tableCells(row: string): string[] {
  const cells: string[] = [];
  let current = "";
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!;
    if (c === "\\" && row[i + 1] === "|") {
      current += "|";
      i++;
    } else if (c === "|") {
      cells.push(current);
      current = "";
    } else current += c;
  }
  cells.push(current);
  return cells.slice(1, -1).map((cell) => cell.trim());
}

/** Rows of the first Markdown table whose header row is `header`. */
function tableRows(markdown: string, header: string): string[][] {
  const lines = markdown.split("\n");
  const at = lines.indexOf(header);
  expect(at, `table "${header}"`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(at + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(tableCells(line));
  }
  return rows;
}

/** The facts table (`| | |`) as a map from label to cell. */
function factsTable(markdown: string): Map<string, string> {
  return new Map(tableRows(markdown, "| | |").map(([k, v]) => [k!, v!]));
}

const UNTRUSTED_NAMES = [
  "plain.txt",
  "a|b.txt",
  "a`b.txt",
  "a``b.txt",
  "`leading.txt",
  "trailing`",
  "a | b ` c.md",
  "||.md",
  "<!-- x -->.md",
  "*bold* _em_ [link](x).md",
];

describe("the PR body closes the issue and says who made it, how and what changed", () => {
  const body = renderPullBody(opened);

  it("closes the issue on a line of its own", () => {
    expect(body).toMatch(/^Closes #42$/m);
  });

  it("names the agent, its exit code, the duration and links the run", () => {
    const facts = factsTable(body);
    expect(facts.get("Agent")).toBe("`claude`");
    expect(facts.get("Exit code")).toBe("0");
    expect(facts.get("Duration")).toBe("2m 05s");
    expect(facts.get("Workflow run")).toContain(`](${RUN_URL})`);
  });

  it("lists every changed file with what happened to it", () => {
    expect(body).toContain("(4)");
    for (const [file, kind] of [
      ["src/new.ts", "added"],
      ["src/app.ts", "modified"],
      ["README.md", "modified"],
      ["old/legacy.js", "deleted"],
    ] as const) {
      expect(body.split("\n")).toContain(`- \`${file}\` (${kind})`);
    }
  });

  it("says so when nothing is listed", () => {
    const empty = renderPullBody({ ...opened, changes: { added: [], modified: [], deleted: [] } });
    expect(empty).toContain("(0)");
    expect(empty).toMatch(/_none_/);
  });

  it("carries no warning on success", () => {
    expect(body).not.toMatch(/WARNING/i);
  });

  it("does not link the pull request to itself", () => {
    expect(body).not.toContain(PR_URL);
  });

  it("quotes the agent's summary when there is one", () => {
    const withSummary = renderPullBody({ ...opened, agentSummary: "Fixed the crash.\nAdded a test." });
    expect(withSummary).toContain("> Fixed the crash.\n> Added a test.");
  });
});

describe("draft bodies of failed or timed-out runs warn the reviewer first", () => {
  it.each([
    ["agent-failed", 3, /failed \(exit code 3\)/],
    ["timed-out", 143, /timed out/],
  ] as const)("%s", (outcome, exitCode, what) => {
    const body = renderPullBody({ ...opened, outcome, exitCode });
    const warning = body.indexOf("WARNING");
    expect(warning).toBeGreaterThan(-1);
    expect(warning).toBeLessThan(body.indexOf("| | |"));
    expect(body.slice(warning)).toMatch(what);
    expect(body).toMatch(/partial/);
    expect(body).toMatch(/^Closes #42$/m);
  });
});

describe("untrusted file names do not break the Markdown", () => {
  const weird: ChangedFiles = { added: UNTRUSTED_NAMES, modified: [], deleted: [] };

  it.each(UNTRUSTED_NAMES)("job summary: %j sits in one table row and reads back exactly", (name) => {
    const summary = renderJobSummary({ ...opened, changes: weird });
    const rows = tableRows(summary, "| File | Change |");
    expect(rows).toHaveLength(UNTRUSTED_NAMES.length);
    const row = rows[UNTRUSTED_NAMES.indexOf(name)]!;
    expect(row, JSON.stringify(row)).toHaveLength(2);
    expect(row[1]).toBe("added");
    const span = codeSpanAt(row[0]!, 0);
    expect(span?.content).toBe(name);
    expect(span?.end).toBe(row[0]!.length);
  });

  it.each(UNTRUSTED_NAMES)("PR body: %j is one list item and reads back exactly", (name) => {
    const body = renderPullBody({ ...opened, changes: weird });
    const items = body.split("\n").filter((line) => line.startsWith("- ") && line.endsWith(" (added)"));
    expect(items).toHaveLength(UNTRUSTED_NAMES.length);
    const item = items[UNTRUSTED_NAMES.indexOf(name)]!;
    const span = codeSpanAt(item, 2);
    expect(span?.content).toBe(name);
    expect(item.slice(span!.end)).toBe(" (added)");
  });

  it("a newline in a name cannot start a new line of Markdown", () => {
    const summary = renderJobSummary({
      ...opened,
      changes: { added: ["a\nb.txt", "c\r\n# heading"], modified: [], deleted: [] },
    });
    expect(summary).not.toMatch(/^# heading/m);
    expect(tableRows(summary, "| File | Change |")).toHaveLength(2);
    const body = renderPullBody({
      ...opened,
      changes: { added: ["c\r\n# heading"], modified: [], deleted: [] },
    });
    expect(body).not.toMatch(/^# heading/m);
  });

  it("a branch name with a pipe keeps the facts table at two columns", () => {
    const comment = renderStatusComment({ ...opened, branch: "agent|x`y" });
    for (const row of tableRows(comment, "| | |")) expect(row).toHaveLength(2);
    expect(codeSpanAt(factsTable(comment).get("Branch")!, 0)?.content).toBe("agent|x`y");
  });
});

describe("long file lists are truncated", () => {
  const many = (n: number, length = 20): ChangedFiles => ({
    added: Array.from({ length: n }, (_, i) => `dir/${String(i).padStart(5, "0")}-${"x".repeat(length)}.txt`),
    modified: [],
    deleted: [],
  });

  it.each([
    ["PR body", renderPullBody, (line: string) => line.startsWith("- `")],
    ["job summary", renderJobSummary, (line: string) => line.startsWith("| `")],
  ] as const)("%s lists part of 1500 files and says how many more", (_what, render, isFile) => {
    const text = render({ ...opened, changes: many(1500) });
    const listed = text.split("\n").filter(isFile).length;
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThan(1500);
    const more = /and (\d+) more/.exec(text);
    expect(more).not.toBeNull();
    expect(listed + Number(more![1])).toBe(1500);
    expect(text).toContain("(1500)");
  });

  it("keeps the PR body under GitHub's 65,536-character limit even with long paths", () => {
    expect(renderPullBody({ ...opened, changes: many(5000, 400) }).length).toBeLessThan(65_536);
  });

  it("lists a short list in full", () => {
    const text = renderPullBody({ ...opened, changes: many(10) });
    expect(text).not.toMatch(/more/);
    expect(text.split("\n").filter((line) => line.startsWith("- `"))).toHaveLength(10);
  });
});

describe("the status comment starts with the marker and tells the outcome", () => {
  it.each([
    ["running", /working/],
    ["pr-opened", /opened a pull request/],
    ["pr-updated", /updated the pull request/],
    ["no-changes", /without changing anything/],
    ["canceled", /stopped/],
    ["agent-failed", /failed/],
    ["timed-out", /timed out/],
    ["skipped", /skipped/],
    ["completed", /finished/],
  ] as const)("%s", (outcome, headline) => {
    const comment = renderStatusComment({ ...opened, outcome });
    expect(comment.startsWith(`${STATUS_MARKER}\n`)).toBe(true);
    expect(comment.split("\n")[1]).toMatch(headline);
  });

  it("the marker is an HTML comment, invisible on GitHub", () => {
    expect(STATUS_MARKER).toMatch(/^<!--.*-->$/);
  });

  it("links the pull request at the end of a run", () => {
    const facts = factsTable(renderStatusComment(opened));
    expect(facts.get("Outcome")).toBe("`pr-opened`");
    expect(facts.get("Pull request")).toBe(`[#7](${PR_URL})`);
    expect(facts.get("Workflow run")).toContain(RUN_URL);
  });

  it("does not claim an outcome while running", () => {
    expect(factsTable(renderStatusComment({ ...opened, outcome: "running" })).has("Outcome")).toBe(false);
  });

  it("says so when the runner canceled the job", () => {
    const comment = renderStatusComment({ ...opened, outcome: "canceled", canceled: true });
    expect(comment.split("\n")[1]).toMatch(/cancel/);
  });

  it("shows the agent's last lines when there is no pull request to look at", () => {
    const comment = renderStatusComment({
      ...opened,
      outcome: "canceled",
      prUrl: undefined,
      prNumber: undefined,
      logTail: ["Error: model not found", "exiting"],
    });
    expect(comment).toContain("Error: model not found\nexiting");
  });

  it("posts the agent's last lines only when they explain why there is nothing to look at", () => {
    const comment = renderStatusComment({
      ...opened,
      outcome: "completed",
      prUrl: undefined,
      prNumber: undefined,
      logTail: ["nothing to do"],
    });
    expect(comment).not.toContain("nothing to do");
  });

  it("keeps the agent's output in its code block even when it contains a fence", () => {
    const comment = renderStatusComment({
      ...opened,
      outcome: "agent-failed",
      prUrl: undefined,
      logTail: ["```", "# not a heading", "```"],
    });
    const lines = comment.split("\n");
    const open = lines.findIndex((line) => /^(```|~~~)/.test(line) && line.length > 3);
    expect(open).toBeGreaterThan(-1);
    const fence = /^(`{3,}|~{3,})/.exec(lines[open]!)![1]!;
    const close = lines.findIndex((line, i) => i > open && line === fence);
    expect(close).toBe(open + 4);
  });

  it("reports a problem other than the agent in the headline", () => {
    const comment = renderStatusComment({ ...opened, outcome: "agent-failed", error: "push was rejected" });
    expect(comment.split("\n")[1]).toContain("push was rejected");
  });

  it("mentions a dry run and directory mode", () => {
    const facts = factsTable(
      renderStatusComment({ ...opened, outcome: "completed", mode: "directory", dryRun: true }),
    );
    expect(facts.get("Dry run")).toMatch(/nothing was pushed/);
    expect(facts.get("Mode")).toMatch(/directory/);
  });
});

describe("the job summary has the same facts", () => {
  const summary = renderJobSummary(opened);

  it("names the issue and the outcome", () => {
    expect(summary.split("\n")[0]).toMatch(/^## .*#42/);
    expect(factsTable(summary).get("Outcome")).toBe("`pr-opened`");
  });

  it("has the PR, agent, exit code, duration, commit and run link", () => {
    const facts = factsTable(summary);
    expect(facts.get("Pull request")).toBe(`[#7](${PR_URL})`);
    expect(facts.get("Agent")).toBe("`claude`");
    expect(facts.get("Exit code")).toBe("0");
    expect(facts.get("Duration")).toBe(formatDuration(125_000));
    expect(facts.get("Commit")).toContain("0123456789ab");
    expect(facts.get("Changed files")).toBe("4 (1 added, 2 modified, 1 deleted)");
    expect(facts.get("Workflow run")).toContain(RUN_URL);
  });

  it("says where the environment was kept", () => {
    const kept = renderJobSummary({ ...opened, outcome: "agent-failed", envDir: "/tmp/ws/issue-42-1-1" });
    expect(factsTable(kept).get("Workspace kept at")).toBe("`/tmp/ws/issue-42-1-1`");
  });

  it("lists the changed files in a table", () => {
    expect(tableRows(summary, "| File | Change |")).toEqual([
      ["`src/new.ts`", "added"],
      ["`src/app.ts`", "modified"],
      ["`README.md`", "modified"],
      ["`old/legacy.js`", "deleted"],
    ]);
  });
});

describe("pullTitle", () => {
  it("names the issue and its title", () => {
    const title = pullTitle(42, "Login crashes");
    expect(title).toContain("#42");
    expect(title).toContain("Login crashes");
  });

  it("is one line", () => {
    expect(pullTitle(1, "  Fix\n\tthe   thing \r\n")).not.toMatch(/\s{2}|[\r\n\t]/);
    expect(pullTitle(1, "  Fix\n\tthe   thing \r\n")).toMatch(/Fix the thing$/);
  });

  it("fits GitHub's 256-character title limit", () => {
    expect(pullTitle(123456, "x".repeat(1000)).length).toBeLessThanOrEqual(256);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [400, "0s"],
    [1_000, "1s"],
    [59_000, "59s"],
    [59_600, "1m 00s"],
    [60_000, "1m 00s"],
    [125_000, "2m 05s"],
    [3_599_000, "59m 59s"],
    [3_600_000, "1h 00m"],
    [5_025_000, "1h 23m"],
    [26 * 3_600_000, "26h 00m"],
  ])("%d ms → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
