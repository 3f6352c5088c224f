import type { Issue } from "../core/issue/issue.js";
import type { GitHubPort, PullRequest } from "../core/ports.js";
import { judgeLease, parseState } from "../core/report/lease.js";
import { isStatusComment } from "../core/report/status-comment.js";
import { AGENT_PRESETS } from "../core/settings.js";

/** An issue left out of the plan, and why. */
export interface SkippedIssue {
  number: number;
  reason: string;
}

export interface Plan {
  /** The issues to start, oldest first. */
  planned: number[];
  skipped: SkippedIssue[];
}

export interface PlanOptions {
  /** Open issues carrying the trigger label. */
  issues: readonly Pick<Issue, "number">[];
  /** The repository's open pull requests. */
  pulls: readonly PullRequest[];
  branchPrefix: string;
  /** Also plan issues that a live run holds or an open agent pull request answers. */
  all: boolean;
  /** At most this many issues; undefined for no limit. */
  limit: number | undefined;
  /** Why a live run holds the issue, or undefined when none does. */
  liveLease: (issueNumber: number) => Promise<string | undefined>;
}

/**
 * Which issues a fan-out should start: the labelled open issues, oldest first, without those an
 * open agent pull request answers or a live run holds (unless `all`), up to `limit`. Leases are
 * read one issue at a time and only until the plan is full, to spare the API.
 */
export async function planIssues(options: PlanOptions): Promise<Plan> {
  const pullOf = agentPullsByIssue(options.pulls, options.branchPrefix);
  const planned: number[] = [];
  const skipped: SkippedIssue[] = [];
  const issues = [...options.issues].sort((a, b) => a.number - b.number);
  for (const { number } of issues) {
    if (options.limit !== undefined && planned.length >= options.limit) break;
    if (!options.all) {
      const pull = pullOf.get(number);
      if (pull) {
        skipped.push({ number, reason: `open pull request #${pull.number} (${pull.headRef})` });
        continue;
      }
      const lease = await options.liveLease(number);
      if (lease) {
        skipped.push({ number, reason: `a run is working on it: ${lease}` });
        continue;
      }
    }
    planned.push(number);
  }
  return { planned, skipped };
}

/**
 * Open pull requests from agent branches, by issue: heads named `{prefix}{agent}/issue-{N}` for
 * any preset, so the plan holds whichever agent the workflow runs.
 */
export function agentPullsByIssue(
  pulls: readonly PullRequest[],
  branchPrefix: string,
): Map<number, PullRequest> {
  const byIssue = new Map<number, PullRequest>();
  for (const pull of pulls) {
    if (pull.state !== "open" || !pull.headRef.startsWith(branchPrefix)) continue;
    const match = /^([^/]+)\/issue-(\d+)$/.exec(pull.headRef.slice(branchPrefix.length));
    if (!match || !(AGENT_PRESETS as readonly string[]).includes(match[1]!)) continue;
    const issue = Number(match[2]);
    if (!byIssue.has(issue)) byIssue.set(issue, pull);
  }
  return byIssue;
}

/** The strategy.matrix value: `{"include":[{"issue":12},…]}`. */
export function matrixJson(planned: readonly number[]): string {
  return JSON.stringify({ include: planned.map((issue) => ({ issue })) });
}

/**
 * Why a live run holds the issue, judged as a run's start judges it: today the hidden state in
 * the issue's status comment. The one place `plan` asks about leases, so it follows the lease
 * wherever it lives.
 */
export async function liveLease(
  github: GitHubPort,
  issueNumber: number,
  now: number = Date.now(),
): Promise<string | undefined> {
  const comments = await github.listIssueComments(issueNumber);
  const status = comments.find((comment) => isStatusComment(comment.body));
  const state = status ? parseState(status.body) : undefined;
  if (!state || state.phase === "done") return undefined;
  const runStatus = await github.getWorkflowRunStatus(state.runId);
  // Not a run itself: no earlier attempt of "this" run to recognise.
  const verdict = judgeLease(state, { runId: "", runAttempt: "0" }, now, runStatus);
  return verdict.live ? verdict.reason : undefined;
}
