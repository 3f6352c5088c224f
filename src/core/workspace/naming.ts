import type { AgentPreset } from "../settings.js";

/** The folder in the agent's working directory that holds the task; it is never committed. */
export const CONTEXT_DIR_NAME = ".agent_context";

/** `{branch-prefix}{agent-name}/issue-{N}`; the agent name is the preset, or `custom`. */
export function agentBranchName(prefix: string, agent: AgentPreset, issueNumber: number): string {
  return `${prefix}${agent}/issue-${issueNumber}`;
}

/**
 * A task id unique per run, made only of numbers the host controls, so it is safe in paths and
 * never carries user text: `issue-{N}-{run id}-{attempt}`.
 */
export function taskId(issueNumber: number, runId: string, runAttempt: string): string {
  const safe = (part: string) => part.replace(/[^0-9A-Za-z]/g, "") || "0";
  return `issue-${issueNumber}-${safe(runId)}-${safe(runAttempt)}`;
}
