import type { AgentEnding } from "./agent/agent-process.js";
import type { KeepEnv, OnAgentFailure } from "./settings.js";

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
  keepEnv: KeepEnv;
  outcome: Outcome;
  work: WorkLocation;
}): Retention {
  const { keepEnv, outcome, work } = input;
  if (work === "at-risk") return "all";
  if (keepEnv === "always") return "all";
  if (keepEnv === "never") return "none";
  if (work === "on-disk") return "all";
  if (outcome === "canceled") return "none";
  if (isFailure(outcome)) return keepEnv === "logs" ? "logs" : "all";
  return "logs";
}
