import { truncateSummary } from "../agent/agent-result.js";
import type { AgentRun } from "../agent/run-agent.js";
import type { Stage } from "../outcome.js";
import type { Changes } from "../publish/collect-changes.js";
import type { Published } from "../publish/publish.js";
import { redact } from "../secrets.js";
import { neutralizeMentions } from "../trust/neutralize.js";
import type { Workspace } from "../workspace/prepare-workspace.js";
import type { RunFacts } from "./report.js";
import type { Phase } from "./status-comment.js";

/** What the pipeline's stages produced; a stage that failed or never ran leaves its field empty. */
export interface Work {
  workspace?: Workspace;
  agentStartedAt?: number;
  agent?: AgentRun;
  /** What the reports say of the agent's run, its own text already redacted. */
  agentReport?: Partial<RunFacts>;
  changes?: Changes;
  /** What was pushed, and the pull request when it was opened or updated. */
  published?: Published;
  failure?: { stage: Stage; message: string };
}

/** The facts the reports are made of, for the run as far as it got. */
export function describeRun(start: RunFacts, work: Work, phase: Phase): RunFacts {
  return {
    ...start,
    phase,
    mode: work.workspace?.mode ?? start.mode,
    agentStartedAt: work.agentStartedAt,
    changes: work.changes?.files,
    heldBack: work.changes?.heldBack,
    reviewWarnings: work.changes?.warnings,
    publishNote: [work.changes?.note, work.published?.note].filter(Boolean).join(" ") || undefined,
    ...work.agentReport,
  };
}

/**
 * What the reports say about the agent's run; text from the agent is redacted and its mentions
 * made inert here already, so the status comment's state (which carries the summary) is stored
 * as written: the outbound path then changes nothing in it.
 */
export function agentFacts(agent: AgentRun, secrets: string[]): Partial<RunFacts> {
  const { summary, ...usage } = agent.result;
  return {
    agentSummary: summary ? truncateSummary(neutralizeMentions(redact(summary, secrets))) : undefined,
    agentUsage: Object.keys(usage).length > 0 ? usage : undefined,
    exitCode: agent.exitCode,
    durationMs: agent.durationMs,
    agentNote: agent.note,
    canceled: agent.ending.kind === "canceled",
    logTail: agent.tail.map((line) => neutralizeMentions(redact(line, secrets))),
  };
}
