import { appendFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../ports.js";
import { secretForms } from "../secrets.js";
import type { Settings } from "../settings.js";
import type { Workspace } from "../workspace/prepare-workspace.js";
import { buildAgentEnv } from "./agent-env.js";
import { type AgentProcessResult, runAgentProcess } from "./agent-process.js";
import { type AgentResult, parseAgentResult } from "./agent-result.js";
import { agentArgv, installHint, presetEnv } from "./presets.js";

export interface AgentRun extends AgentProcessResult {
  /** The program that was run, for messages. */
  program: string;
  /** What to tell the user about how the agent ended, when it did not simply exit. */
  note?: string;
  /** What the CLI reported of itself: its final message, turns, tokens and cost. */
  result: AgentResult;
}

export interface RunAgentOptions {
  settings: Settings;
  workspace: Workspace;
  prompt: string;
  promptFile: string;
  issueNumber: number;
  hostEnv: Record<string, string | undefined>;
  logger: Logger;
  cancelSignal?: AbortSignal;
}

/** Runs the agent in the environment, with the contract's variables and without the action's secrets. */
export async function runAgent(options: RunAgentOptions): Promise<AgentRun> {
  const { settings, workspace, logger } = options;
  const argv = agentArgv({
    agent: settings.agent,
    command: settings.agentCommand,
    args: settings.agentArgs,
    model: settings.model,
    prompt: options.prompt,
  });
  const agentEnv = buildAgentEnv({
    hostEnv: options.hostEnv,
    secrets: secretForms(settings.token),
    agentEnv: settings.agentEnv,
    extra: presetEnv(settings.agent, { isRoot: process.getuid?.() === 0 }),
    variables: {
      AGENT_TASK_ID: workspace.taskId,
      AGENT_CONTEXT_DIR: workspace.contextDir,
      AGENT_PROMPT_FILE: options.promptFile,
      AGENT_PROMPT: options.prompt,
      AGENT_ISSUE_NUMBER: String(options.issueNumber),
      AGENT_BRANCH: workspace.mode === "worktree" ? workspace.branch : "",
      AGENT_OUTPUT_DIR: workspace.outputDir,
    },
  });
  const program = argv[0]!;
  const sessionsLog = path.join(workspace.logsDir, "sessions.log");
  await appendFile(
    sessionsLog,
    `${new Date().toISOString()} start task=${workspace.taskId} agent=${settings.agent}\n`,
  );
  logger.info(
    `Running ${settings.agent === "custom" ? "the agent" : settings.agent}: ${program} (timeout ${settings.timeoutMs / 60_000} min)`,
  );

  logger.beginUntrusted();
  let result: AgentProcessResult;
  try {
    result = await runAgentProcess({
      argv,
      cwd: workspace.workdir,
      env: agentEnv,
      timeoutMs: settings.timeoutMs,
      killGraceMs: settings.killGraceMs,
      logFile: path.join(workspace.logsDir, "agent.log"),
      cancelSignal: options.cancelSignal,
      onLine: (line) => logger.untrusted(line),
      outputDrained: () => logger.drained?.(),
      // The output directory is unique on the machine (the task id alone is not: two jobs of one
      // workflow run share it), so only this run's processes carry it.
      marker: agentMarker(workspace.outputDir),
    });
  } finally {
    logger.endUntrusted();
  }

  const note = describeEnding(result, program, settings);
  await appendFile(
    sessionsLog,
    `${new Date().toISOString()} end task=${workspace.taskId} ending=${result.ending.kind} exit=${result.exitCode} duration_ms=${result.durationMs}\n`,
  );
  if (note) logger.warning(note);
  else
    logger.info(
      `The agent exited with code ${result.exitCode} after ${Math.round(result.durationMs / 1000)}s`,
    );
  return { ...result, program, note, result: parseAgentResult(settings.agent, result.stdoutTail) };
}

/** The variable that marks every process of one agent run (see runAgentProcess's `marker`). */
export function agentMarker(outputDir: string): { name: string; value: string } {
  return { name: "AGENT_OUTPUT_DIR", value: outputDir };
}

function describeEnding(result: AgentProcessResult, program: string, settings: Settings): string | undefined {
  const { ending } = result;
  switch (ending.kind) {
    case "exited":
      return undefined;
    case "not-started": {
      const hint = installHint(settings.agent);
      return hint ? `${ending.reason}. ${hint}` : ending.reason;
    }
    case "timed-out":
      return `The agent (${program}) ran past timeout-minutes (${settings.timeoutMs / 60_000}) and was stopped`;
    case "canceled":
      return `The run was canceled; the agent (${program}) was stopped`;
    case "signaled":
      return `The agent (${program}) was killed by ${ending.signal}`;
  }
}
