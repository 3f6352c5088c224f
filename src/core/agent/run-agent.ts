import { appendFile } from "node:fs/promises";
import path from "node:path";
import type { Git } from "../git.js";
import type { Logger } from "../ports.js";
import {
  createImportRepository,
  type ImportedCommits,
  importAgentCommits,
} from "../publish/publish-repository.js";
import { secretForms } from "../secrets.js";
import type { Settings } from "../settings.js";
import type { Workspace } from "../workspace/prepare-workspace.js";
import { stampAgentStart } from "../workspace/write-stamp.js";
import { buildAgentEnv } from "./agent-env.js";
import { prepareAgentHome } from "./agent-home.js";
import { AGENT_MARKER, type AgentProcessResult, runAgentProcess } from "./agent-process.js";
import { type AgentResult, parseAgentResult } from "./agent-result.js";
import { hardLinksProtected } from "./agent-user.js";
import { agentArgv, installHint, presetEnv } from "./presets.js";

export interface AgentRun extends AgentProcessResult {
  /** The program that was run, for messages. */
  program: string;
  /** What to tell the user about how the agent ended, when it did not simply exit. */
  note?: string;
  /** What the CLI reported of itself: its final message, turns, tokens and cost. */
  result: AgentResult;
  /** The agent's commits, copied out of its repository (worktree mode). */
  commits?: ImportedCommits;
  /**
   * When it started, as its workdir dates changes (stampAgentStart); undefined when that is not
   * known or the action has changed all its files since (taking the workdir back).
   */
  startStamp?: bigint;
}

export interface RunAgentOptions {
  settings: Settings;
  workspace: Workspace;
  prompt: string;
  promptFile: string;
  issueNumber: number;
  hostEnv: Record<string, string | undefined>;
  git: Git;
  logger: Logger;
  cancelSignal?: AbortSignal;
}

/**
 * Variables of the runner that point into the runner's own HOME; an agent with a HOME of its own
 * uses the defaults there instead.
 * https://specifications.freedesktop.org/basedir-spec/latest/
 */
const RUNNER_HOME_VARIABLES = [
  "XDG_CONFIG_HOME",
  "XDG_CACHE_HOME",
  "XDG_DATA_HOME",
  "XDG_STATE_HOME",
  "XDG_RUNTIME_DIR",
];

/**
 * Runs the agent in the environment, with the contract's variables and without the action's
 * secrets. With a user of its own, the agent gets its workdir, output and a fresh HOME for the
 * run and gives them back when all its processes are gone; its commits are copied out first.
 */
export async function runAgent(options: RunAgentOptions): Promise<AgentRun> {
  const { settings, workspace, logger } = options;
  const user = workspace.agentUser;
  const argv = agentArgv({
    agent: settings.agent,
    command: settings.agentCommand,
    args: settings.agentArgs,
    model: settings.model,
    prompt: options.prompt,
  });
  const hostEnv = { ...options.hostEnv };
  let home: Record<string, string> = {};
  let agentEnvLines = settings.agentEnv;
  if (user && workspace.homeDir) {
    const { HOME, TMPDIR, ...configDirs } = await prepareAgentHome({
      agent: settings.agent,
      homeDir: workspace.homeDir,
      runnerHome: options.hostEnv.HOME,
      agentEnv: settings.agentEnv,
    });
    home = { HOME: HOME!, TMPDIR: TMPDIR!, USER: user.name, LOGNAME: user.name };
    agentEnvLines = { ...settings.agentEnv, ...configDirs };
    for (const name of RUNNER_HOME_VARIABLES) delete hostEnv[name];
  }
  const agentEnv = buildAgentEnv({
    hostEnv,
    secrets: secretForms(settings.token),
    agentEnv: agentEnvLines,
    extra: {
      ...home,
      ...presetEnv(settings.agent, { isRoot: !user && process.getuid?.() === 0 }),
    },
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

  const owned = [workspace.outputDir, ...(workspace.homeDir ? [workspace.homeDir] : [])];
  const workdirWithAgent = workspace.mode === "worktree" && workspace.workdirWithAgent;
  if (user && workdirWithAgent) {
    // Its files are its own already: what the action wrote since (the context, the brief, its
    // excludes) is handed over, not the whole tree.
    const dotGit = path.join(workspace.workdir, ".git");
    await user.handOverWith(
      [...owned, workspace.contextDir],
      [workspace.workdir, dotGit, path.join(dotGit, "info")],
    );
  } else if (user) {
    await user.handOver([workspace.workdir, ...owned]);
  }
  // Where its commits will be copied to, made meanwhile when the agent has a user of its own,
  // which cannot enter the action's git directory. An agent of the runner's user could write
  // into a repository made while it works (drivers in its config would run in the action's git):
  // it is made once the agent is gone, as the prepared repository was made before it started.
  const importRepository =
    workspace.mode === "worktree" && user ? createImportRepository(workspace, options.git) : undefined;
  importRepository?.catch(() => {});
  // Last, after everything the action writes into the workdir.
  let startStamp =
    workspace.mode === "worktree"
      ? await stampAgentStart(workspace.actionGitDir, workspace.workdir)
      : undefined;
  logger.beginUntrusted();
  let result: AgentProcessResult;
  let commits: ImportedCommits | undefined;
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
      sandbox: user,
      onSurvivors: (pids) =>
        logger.warning(`Processes of the agent's user survived SIGKILL: ${pids.join(", ")}`),
    });
  } finally {
    logger.endUntrusted();
    // Its processes are gone: first its commits, while its repository is still its own, then its files.
    if (workspace.mode === "worktree")
      commits = await importAgentCommits(workspace, options.git, logger, importRepository);
    if (user) {
      // Taking a hundred thousand files back is a pass over all of them. A root action can read
      // and restore them as they are, so the workdir stays the agent's until the workspace is
      // released (cleanup.ts): with no process of its user left, nothing changes it. Unless the
      // kernel lets a user hard-link files it cannot write: then it is taken back now, so that
      // a link to another user's file is removed before anything reads it.
      const keepWorkdir = workdirWithAgent && process.getuid?.() === 0 && (await hardLinksProtected());
      const removed = await user.takeBack(keepWorkdir ? owned : [workspace.workdir, ...owned]);
      if (workspace.mode === "worktree") workspace.workdirWithAgent = keepWorkdir;
      // Every file's ctime is the moment it was taken back.
      if (!keepWorkdir) startStamp = undefined;
      if (removed.length > 0) {
        logger.warning(
          `Removed ${removed.length} file(s) of the agent's directories that belong to another user (hard links made by the agent): ${removed.slice(0, 5).join(", ")}`,
        );
      }
    }
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
  return {
    ...result,
    program,
    note,
    result: parseAgentResult(settings.agent, result.stdoutTail),
    commits,
    startStamp,
  };
}

/** The variable that marks every process of one agent run (see runAgentProcess's `marker`). */
export function agentMarker(outputDir: string): { name: string; value: string } {
  return { name: AGENT_MARKER, value: outputDir };
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
