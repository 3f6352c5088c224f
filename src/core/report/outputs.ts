import type { AgentRun } from "../agent/run-agent.js";
import type { Outcome } from "../outcome.js";
import type { Changes } from "../publish/collect-changes.js";
import type { Published } from "../publish/publish.js";

/** The action's outputs, in action.yml's order. */
export const OUTPUT_NAMES = [
  "outcome",
  "branch",
  "pr-number",
  "pr-url",
  "head-sha",
  "changed-files",
  "exit-code",
  "env-dir",
  "agent-summary",
] as const;
export type Outputs = Record<(typeof OUTPUT_NAMES)[number], string>;

/** Every output empty: what the action sets first, so each one is set on every path. */
export function emptyOutputs(): Outputs {
  return Object.fromEntries(OUTPUT_NAMES.map((name) => [name, ""])) as Outputs;
}

export function skippedOutputs(): Outputs {
  return { ...emptyOutputs(), outcome: "skipped" };
}

/** The outputs of a run that worked on the issue; empty where a stage never got that far. */
export function runOutputs(run: {
  outcome: Outcome;
  agent?: AgentRun;
  changes?: Changes;
  published?: Pick<Published, "branch" | "headSha" | "pull">;
  keptAt: string;
  agentSummary?: string;
}): Outputs {
  const { published } = run;
  return {
    outcome: run.outcome,
    branch: published?.branch ?? "",
    "pr-number": published?.pull ? String(published.pull.number) : "",
    "pr-url": published?.pull?.url ?? "",
    "head-sha": published?.headSha ?? "",
    "changed-files": run.changes ? String(run.changes.count) : "",
    "exit-code": run.agent ? String(run.agent.exitCode) : "",
    "env-dir": run.keptAt,
    "agent-summary": run.agentSummary ?? "",
  };
}
