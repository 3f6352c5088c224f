import type { AgentEnding } from "./agent/agent-process.js";
import type { KeepWorkspace, Mode, OnAgentFailure } from "./settings.js";

export const OUTCOMES = [
  "pr-opened",
  "pr-updated",
  "no-changes",
  "completed",
  "canceled",
  "agent-failed",
  "timed-out",
  "skipped",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** How the agent's run ended, reduced to what the outcome table distinguishes. */
export type EndingClass = "succeeded" | "failed" | "not-started" | "timed-out" | "interrupted";

export function classifyEnding(ending: AgentEnding): EndingClass {
  switch (ending.kind) {
    case "exited":
      return ending.exitCode === 0 ? "succeeded" : "failed";
    case "signaled":
      return "failed";
    case "not-started":
      return "not-started";
    case "timed-out":
      return "timed-out";
    case "canceled":
      return "interrupted";
  }
}

export type Publication = "pr" | "draft-pr" | "branch" | "none";

export interface OutcomeInput {
  ending: EndingClass;
  hasChanges: boolean;
  /** Only a git worktree can be pushed; a plain directory keeps its work on disk. */
  canPublish: boolean;
  dryRun: boolean;
  draft: boolean;
  onAgentFailure: OnAgentFailure;
}

export interface OutcomeDecision {
  /** `pr-opened` here becomes `pr-updated` when publishing finds the open pull request. */
  outcome: Outcome;
  publication: Publication;
  stepFails: boolean;
}

/**
 * The contract's outcome table: how the agent ended and whether it changed anything decide the
 * outcome, what is published and whether the step fails.
 */
export function decideOutcome(input: OutcomeInput): OutcomeDecision {
  const publishable = input.canPublish && !input.dryRun;
  switch (input.ending) {
    case "succeeded":
      if (!input.hasChanges) return { outcome: "no-changes", publication: "none", stepFails: false };
      if (!publishable) return { outcome: "completed", publication: "none", stepFails: false };
      return { outcome: "pr-opened", publication: input.draft ? "draft-pr" : "pr", stepFails: false };
    case "failed":
    case "not-started":
      if (!input.hasChanges) return { outcome: "canceled", publication: "none", stepFails: true };
      return {
        outcome: "agent-failed",
        publication: failurePublication(input, publishable),
        stepFails: true,
      };
    case "timed-out":
      return {
        outcome: "timed-out",
        publication: input.hasChanges ? failurePublication(input, publishable) : "none",
        stepFails: true,
      };
    case "interrupted":
      // The runner is stopping the job: nothing is published, the work is saved as a patch.
      return { outcome: "canceled", publication: "none", stepFails: true };
  }
}

function failurePublication(input: OutcomeInput, publishable: boolean): Publication {
  if (!publishable) return "none";
  return { "draft-pr": "draft-pr", branch: "branch", discard: "none" }[input.onAgentFailure] as Publication;
}

export function isFailure(outcome: Outcome): boolean {
  return outcome === "canceled" || outcome === "agent-failed" || outcome === "timed-out";
}

/** What of the environment survives the run. */
export type Retention = "none" | "logs" | "all";

/**
 * Where the agent's work lives once the run is over: nowhere (no changes), on GitHub (published),
 * only on disk by design (directory mode, dry run, `discard`), or only on disk because
 * publishing failed or the run was interrupted.
 */
export type WorkLocation = "none" | "published" | "on-disk" | "at-risk";

/** `keep-env` applied to the outcome; work at risk keeps everything whatever `keep-env` says. */
export function decideRetention(input: {
  keepWorkspace: KeepWorkspace;
  outcome: Outcome;
  work: WorkLocation;
}): Retention {
  const { keepWorkspace, outcome, work } = input;
  if (work === "at-risk") return "all";
  if (keepWorkspace === "always") return "all";
  if (keepWorkspace === "never") return "none";
  if (work === "on-disk") return "all";
  if (outcome === "canceled") return "none";
  if (isFailure(outcome)) return keepWorkspace === "logs" ? "logs" : "all";
  return "logs";
}

/** The pipeline stage a failure happened in. */
export type Stage = "prepare" | "agent" | "collect" | "publish";

/** Everything that happened in a run that has a workspace, as the settlement reads it. */
export interface RunHistory {
  mode: Mode;
  dryRun: boolean;
  draft: boolean;
  onAgentFailure: OnAgentFailure;
  keepWorkspace: KeepWorkspace;
  /** How the agent's run ended; undefined when it never ran. */
  ending?: EndingClass;
  /** How many files the agent changed; undefined when they could not be collected. */
  changedFiles?: number;
  /**
   * What publishing got done; undefined when nothing was pushed. `local`: a run without GitHub
   * committed the work on the local agent branch, which is where it is meant to stay.
   */
  published?: { sideBranch: boolean; pull?: "opened" | "updated"; local?: boolean };
  /** The first failure of the pipeline, and where it happened. */
  failure?: { stage: Stage; message: string };
  /** False when nothing of the changes may be pushed (all of them were held back). */
  publishable?: boolean;
  /** The message for an agent that did not simply exit 0 (timed out, not found …). */
  agentNote?: string;
  exitCode?: number;
  /** Where the work is on disk, for the message when it could not be published. */
  paths: { root: string; workdir: string; patchFile?: string };
}

export interface Settlement {
  outcome: Outcome;
  /** Where the agent's work is now. */
  work: WorkLocation;
  /** What of the workspace survives. */
  retention: Retention;
  stepFails: boolean;
  /** Why the step fails (and where the work is), or what went wrong in a run that still succeeds. */
  message?: string;
}

/**
 * The one place the outcome is decided: how the agent ended, what it changed, what publishing
 * got done and what failed, where, give the outcome, where the work is, what is kept, whether
 * the step fails and what it says.
 */
export function settleOutcome(history: RunHistory): Settlement {
  const { ending, failure } = history;
  if (ending === undefined) {
    // The agent never ran: there is no work to keep.
    const outcome: Outcome = "canceled";
    return {
      outcome,
      work: "none",
      retention: decideRetention({ keepWorkspace: history.keepWorkspace, outcome, work: "none" }),
      stepFails: true,
      message: failure?.message ?? "The run stopped before the agent ran",
    };
  }
  const collected = history.changedFiles !== undefined;
  const hasChanges = history.changedFiles !== 0;
  const table = decideOutcome({
    ending,
    // Changes that could not be collected are assumed to exist, and are not published.
    hasChanges,
    canPublish: history.mode === "worktree" && collected && history.publishable !== false,
    dryRun: history.dryRun,
    draft: history.draft,
    onAgentFailure: history.onAgentFailure,
  });
  let outcome = table.outcome;
  let work: WorkLocation;
  if (!hasChanges) work = "none";
  else if (!collected) work = "at-risk";
  else if (table.publication === "none") work = ending === "interrupted" ? "at-risk" : "on-disk";
  else work = history.published && !failure ? "published" : "at-risk";

  if (history.published?.sideBranch && (outcome === "pr-opened" || outcome === "pr-updated")) {
    // Pushed, but not to the branch of the pull request: the work waits on the side branch.
    outcome = "completed";
  } else if (history.published?.local && outcome === "pr-opened") {
    // Committed on the local branch: done, but not published (no pull request, nothing pushed).
    outcome = "completed";
  } else if (history.published?.pull === "updated" && outcome === "pr-opened") {
    outcome = "pr-updated";
  }
  if (failure && work === "at-risk" && outcome === "pr-opened") {
    // The agent did its job but the work could not be published: it is on disk, not on GitHub.
    outcome = "completed";
  }

  let message = failure?.message ?? (table.stepFails ? agentFailureMessage(history) : undefined);
  if (work === "at-risk") {
    const where = history.paths.patchFile ?? history.paths.workdir;
    message = `${message ?? "The run was interrupted"}. The agent's work is saved: ${where} (workspace kept at ${history.paths.root})`;
  }
  return {
    outcome,
    work,
    retention: decideRetention({ keepWorkspace: history.keepWorkspace, outcome, work }),
    stepFails: table.stepFails || failure !== undefined,
    message,
  };
}

function agentFailureMessage(history: RunHistory): string {
  return history.agentNote ?? `The agent exited with code ${history.exitCode}`;
}
