import { isFailure, type Outcome } from "../outcome.js";
import { formatMiB, type HeldBack, type ReviewWarnings } from "../publish/hold-back.js";
import type { Mode } from "../settings.js";
import type { ChangedFiles } from "../workspace/directory-snapshot.js";
import { type Phase, STATUS_MARKER } from "./status-comment.js";

/** The facts every report (PR body, status comment, job summary, outputs) is made from. */
export interface RunFacts {
  outcome: Outcome | "running";
  issueNumber: number;
  issueTitle: string;
  agent: string;
  mode: Mode;
  exitCode?: number;
  durationMs?: number;
  branch?: string;
  baseBranch?: string;
  prNumber?: number;
  prUrl?: string;
  headSha?: string;
  changes?: ChangedFiles;
  runUrl?: string;
  envDir?: string;
  dryRun?: boolean;
  /** Why the run failed, when it did for a reason other than the agent. */
  error?: string;
  /** While running: what the run is doing, and since when the agent runs. */
  phase?: Phase;
  agentStartedAt?: number;
  /** How this run got the issue's lease, when it took it over from another run. */
  leaseNote?: string;
  /** Anything publishing had to do differently (a rebase, a side branch, a new PR after a closed one). */
  publishNote?: string;
  /** True when the runner canceled the job while the agent ran. */
  canceled?: boolean;
  /** A note about what happened to the agent (not found, timed out after …). */
  agentNote?: string;
  logTail?: string[];
  /** What of the agent's work was not pushed, and why. */
  heldBack?: HeldBack;
  /** Links and submodule changes among what was pushed. */
  reviewWarnings?: ReviewWarnings;
  agentSummary?: string;
  agentUsage?: { turns?: number; inputTokens?: number; outputTokens?: number; costUsd?: number };
}

const HEADLINES: Record<RunFacts["outcome"], string> = {
  running: "is working on this issue",
  "pr-opened": "opened a pull request",
  "pr-updated": "updated the pull request",
  "no-changes": "finished without changing anything",
  completed: "finished; the changes were kept in the environment, not published",
  canceled: "stopped before doing any work",
  "agent-failed": "failed",
  "timed-out": "timed out",
  skipped: "skipped this run",
};

const ICONS: Record<RunFacts["outcome"], string> = {
  running: "⏳",
  "pr-opened": "✅",
  "pr-updated": "✅",
  "no-changes": "➖",
  completed: "✅",
  canceled: "⛔",
  "agent-failed": "❌",
  "timed-out": "⌛",
  skipped: "⏭️",
};

export function headline(facts: RunFacts): string {
  if (facts.canceled) return `${ICONS.canceled} **agent-task** was canceled while the agent was working`;
  if (facts.error) return `${ICONS[facts.outcome]} **agent-task** ran into a problem: ${facts.error}`;
  if (facts.outcome === "running")
    return `${ICONS.running} **agent-task** ${HEADLINES.running}: ${phaseText(facts)}`;
  return `${ICONS[facts.outcome]} **agent-task** ${HEADLINES[facts.outcome]}`;
}

function phaseText(facts: RunFacts): string {
  switch (facts.phase) {
    case "running": {
      const elapsed =
        facts.agentStartedAt === undefined ? "" : ` for ${formatDuration(Date.now() - facts.agentStartedAt)}`;
      return `the agent has been running${elapsed}`;
    }
    case "publishing":
      return "publishing the agent's work";
    default:
      return "preparing the environment";
  }
}

/** The body of the issue's one status comment. */
export function renderStatusComment(facts: RunFacts): string {
  // Paths on the runner mean nothing to readers of the issue; the job summary has them.
  const lines = [
    STATUS_MARKER,
    headline(facts),
    ...notes(facts),
    ...heldBackSection(facts.heldBack, "**Held back, not pushed**"),
    "",
    factsTable({ ...facts, envDir: undefined }),
  ];
  if (facts.agentNote) lines.push("", facts.agentNote);
  if (facts.agentSummary) lines.push("", "**Agent's summary**", "", quote(facts.agentSummary));
  // The log tail is posted on the issue only when it explains why there is no work to look at
  // (a failure, or no changes): the agent's output is the text most likely to carry something
  // nobody meant to publish.
  const { outcome } = facts;
  const explains = outcome !== "running" && (isFailure(outcome) || outcome === "no-changes");
  if (facts.logTail?.length && explains && !facts.prUrl) {
    lines.push(
      "",
      "<details><summary>Last lines of the agent's output</summary>",
      "",
      codeBlock(facts.logTail),
      "</details>",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The pull request body: it closes the issue and says who made it, how, and what changed. */
export function renderPullBody(facts: RunFacts): string {
  const lines = [`Closes #${facts.issueNumber}`, ""];
  if (facts.outcome === "agent-failed" || facts.outcome === "timed-out") {
    const what = facts.outcome === "timed-out" ? "timed out" : `failed (exit code ${facts.exitCode})`;
    lines.push(
      `> [!WARNING]\n> The agent ${what}. This pull request holds its partial work; review it with care.`,
      "",
    );
  }
  lines.push(
    `Made by the **${facts.agent}** agent with agent-task for #${facts.issueNumber}.`,
    "",
    factsTable({ ...facts, prNumber: undefined, prUrl: undefined }),
    "",
    `### Changed files (${changedCount(facts.changes)})`,
    "",
    fileList(facts.changes),
    ...heldBackSection(facts.heldBack, "### Held back, not pushed"),
    ...reviewSection(facts.reviewWarnings),
  );
  if (facts.agentSummary) lines.push("", "### Agent's summary", "", quote(facts.agentSummary));
  return `${lines.join("\n")}\n`;
}

export function pullTitle(issueNumber: number, issueTitle: string): string {
  return `Resolve #${issueNumber}: ${issueTitle.replace(/\s+/g, " ").trim()}`.slice(0, 256);
}

/** The job summary: the same facts as the comment, with the full list of changed files. */
export function renderJobSummary(facts: RunFacts): string {
  const lines = [
    `## agent-task: issue #${facts.issueNumber}`,
    "",
    headline(facts),
    ...notes(facts),
    "",
    factsTable(facts),
    "",
    `### Changed files (${changedCount(facts.changes)})`,
    "",
    filesTable(facts.changes),
    ...heldBackSection(facts.heldBack, "### Held back, not pushed"),
    ...reviewSection(facts.reviewWarnings),
  ];
  if (facts.agentNote) lines.push("", facts.agentNote);
  if (facts.agentSummary) lines.push("", "### Agent's summary", "", quote(facts.agentSummary));
  if (facts.logTail?.length && facts.outcome !== "pr-opened" && facts.outcome !== "pr-updated") {
    lines.push("", "### Last lines of the agent's output", "", codeBlock(facts.logTail));
  }
  return `${lines.join("\n")}\n`;
}

/** The job summary of a run that was not admitted: what it was asked to do and why it did not. */
export function renderSkippedSummary(issueNumber: number, reason: string): string {
  return `## agent-task: issue #${issueNumber}\n\n${ICONS.skipped} **agent-task** ${HEADLINES.skipped}: ${reason}.\n`;
}

function factsTable(facts: RunFacts): string {
  const rows: Array<[string, string]> = [];
  if (facts.outcome !== "running") rows.push(["Outcome", `\`${facts.outcome}\``]);
  if (facts.prUrl) rows.push(["Pull request", `[#${facts.prNumber}](${facts.prUrl})`]);
  if (facts.branch) rows.push(["Branch", code(facts.branch)]);
  if (facts.headSha) rows.push(["Commit", code(facts.headSha.slice(0, 12))]);
  if (facts.changes) {
    const { added, modified, deleted } = facts.changes;
    rows.push([
      "Changed files",
      `${changedCount(facts.changes)} (${added.length} added, ${modified.length} modified, ${deleted.length} deleted)`,
    ]);
  }
  rows.push(["Agent", code(facts.agent)]);
  if (facts.exitCode !== undefined) rows.push(["Exit code", String(facts.exitCode)]);
  if (facts.durationMs !== undefined) rows.push(["Duration", formatDuration(facts.durationMs)]);
  const usage = facts.agentUsage;
  if (usage?.turns !== undefined) rows.push(["Turns", String(usage.turns)]);
  if (usage?.inputTokens !== undefined || usage?.outputTokens !== undefined) {
    rows.push(["Tokens", `${usage.inputTokens ?? 0} in, ${usage.outputTokens ?? 0} out`]);
  }
  if (usage?.costUsd !== undefined) rows.push(["Cost", `$${usage.costUsd.toFixed(4)}`]);
  if (facts.mode === "directory") rows.push(["Mode", "plain directory"]);
  if (facts.dryRun) rows.push(["Dry run", "yes: nothing was pushed"]);
  if (facts.envDir) rows.push(["Workspace kept at", code(facts.envDir)]);
  if (facts.runUrl) rows.push(["Workflow run", `[view the run](${facts.runUrl})`]);
  return ["| | |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`)].join("\n");
}

/** What was not pushed, why, and how to allow it. */
function heldBackSection(heldBack: HeldBack | undefined, heading: string): string[] {
  if (!heldBack) return [];
  const lines = ["", heading, ""];
  for (const file of heldBack.workflowFiles) lines.push(`- ${code(file)}: a workflow file`);
  for (const file of heldBack.largeFiles) {
    lines.push(`- ${code(file.path)}: ${formatMiB(file.bytes)}, over GitHub's 100 MiB file limit`);
  }
  if (heldBack.workflowFiles.length > 0) {
    lines.push(
      "",
      "Changes under `.github/workflows/` are held back by default and saved as `output/held-back.patch` in the run's workspace. To push them, set `allow-workflow-changes: true` and use a token with the `workflows` permission (the job's `GITHUB_TOKEN` cannot have it).",
    );
  }
  if (heldBack.largeFiles.length > 0) {
    lines.push("", "Files over the limit stay in the run's workspace and in `output/changes.patch`.");
  }
  return lines;
}

/** Links out of the repository and submodule changes, for the reviewer. */
function reviewSection(warnings: ReviewWarnings | undefined): string[] {
  if (!warnings) return [];
  const lines = ["", "### ⚠️ Review with care", ""];
  for (const link of warnings.outwardLinks) {
    lines.push(`- ${code(link.path)} is a symbolic link to ${code(link.target)}, outside the repository`);
  }
  for (const file of warnings.submodules) {
    lines.push(
      file === ".gitmodules" ? "- `.gitmodules` changed" : `- ${code(file)}: a submodule pointer changed`,
    );
  }
  return lines;
}

function notes(facts: RunFacts): string[] {
  return [facts.leaseNote, facts.publishNote]
    .filter((note): note is string => Boolean(note))
    .map((note) => `\n${note}`);
}

export function changedCount(changes: ChangedFiles | undefined): number {
  return changes ? changes.added.length + changes.modified.length + changes.deleted.length : 0;
}

const LIST_LIMIT = 100;

function entries(changes: ChangedFiles | undefined): Array<[string, string]> {
  if (!changes) return [];
  return [
    ...changes.added.map((f): [string, string] => ["added", f]),
    ...changes.modified.map((f): [string, string] => ["modified", f]),
    ...changes.deleted.map((f): [string, string] => ["deleted", f]),
  ];
}

function fileList(changes: ChangedFiles | undefined): string {
  const all = entries(changes);
  if (all.length === 0) return "_none_";
  const shown = all.slice(0, LIST_LIMIT).map(([kind, file]) => `- ${code(file)} (${kind})`);
  if (all.length > LIST_LIMIT) shown.push(`- … and ${all.length - LIST_LIMIT} more`);
  return shown.join("\n");
}

function filesTable(changes: ChangedFiles | undefined): string {
  const all = entries(changes);
  if (all.length === 0) return "_none_";
  const rows = all.slice(0, LIST_LIMIT).map(([kind, file]) => `| ${cell(code(file))} | ${kind} |`);
  if (all.length > LIST_LIMIT) rows.push(`| … and ${all.length - LIST_LIMIT} more | |`);
  return ["| File | Change |", "|---|---|", ...rows].join("\n");
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

/** Inline code that survives backticks in untrusted names: the fence is longer than any run inside. */
function code(text: string): string {
  const clean = text.replace(/[\r\n]+/g, " ");
  const longestRun = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const padded = longestRun > 0 || clean.startsWith(" ") ? ` ${clean} ` : clean;
  return `${fence}${padded}${fence}`;
}

/** Inside a table cell a pipe ends the cell, even in code, unless escaped. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function quote(text: string): string {
  return text
    .trim()
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
}

function codeBlock(lines: string[]): string {
  const body = lines.join("\n");
  const fence = body.includes("```") ? "~~~~" : "```";
  return `${fence}text\n${body}\n${fence}`;
}
