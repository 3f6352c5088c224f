import { guardAgentRun } from "./agent/agent-guard.js";
import { truncateSummary } from "./agent/agent-result.js";
import { type AgentRun, runAgent } from "./agent/run-agent.js";
import { errorMessage, TaskError } from "./errors.js";
import type { Git, GitAuth } from "./git.js";
import { writeContextFiles } from "./issue/context-files.js";
import type { IssueThread } from "./issue/issue.js";
import { readIssue } from "./issue/read-issue.js";
import {
  classifyEnding,
  decideOutcome,
  isFailure,
  type Outcome,
  type Stage,
  settleOutcome,
} from "./outcome.js";
import type { GitHubPort, Logger } from "./ports.js";
import { type Changes, collectChanges } from "./publish/collect-changes.js";
import { type Published, publish } from "./publish/publish.js";
import { type Acquired, Lease, type SessionSummary } from "./report/lease.js";
import { type Outputs, runOutputs, skippedOutputs } from "./report/outputs.js";
import {
  pullTitle,
  type RunFacts,
  renderJobSummary,
  renderPullBody,
  renderStatusComment,
} from "./report/report.js";
import type { Phase } from "./report/status-comment.js";
import { redact } from "./secrets.js";
import type { Settings } from "./settings.js";
import {
  cleanUpWorkspace,
  collectStaleWorkspaces,
  recordWorkspace,
  type WorkspaceHandle,
  workspaceHandle,
} from "./workspace/cleanup.js";
import { agentBranchName, taskId } from "./workspace/naming.js";
import { prepareWorkspace, type Workspace } from "./workspace/prepare-workspace.js";

/** Facts about the run that the host knows: where GitHub is and which workflow run this is. */
export interface RunInfo {
  owner: string;
  repo: string;
  serverUrl: string;
  runId: string;
  runAttempt: string;
  runUrl?: string;
}

export interface RunContext {
  settings: Settings;
  /** The issue to work on, as the host decided it (from the event, or a flag). */
  issueNumber: number;
  run: RunInfo;
  github: GitHubPort;
  git: Git;
  logger: Logger;
  /** The host's environment variables, from which the agent's are made. */
  hostEnv: Record<string, string | undefined>;
  cancelSignal?: AbortSignal;
  /** Files the agent must not change (the runner's file commands); changes are undone after its run. */
  protectedFiles?: string[];
  /** Called once the workspace exists, so the host can clean it up if this process dies. */
  onWorkspace?: (handle: WorkspaceHandle) => void;
  /** Called once cleanup has run. */
  onCleanedUp?: () => void;
}

export interface RunResult {
  outcome: Outcome;
  outputs: Outputs;
  /** The step fails with this message; undefined when it succeeds. */
  failure?: string;
  /** Markdown for the job summary; undefined when the run was skipped. */
  summary?: string;
}

/** Where the run's work goes: decided once the issue is read. */
interface Target {
  issueNumber: number;
  baseBranch: string;
  branch: string;
  /** When the issue was read: comments after it are news to the next run. */
  readAt: string;
}

/** What the pipeline's stages produced; a stage that failed or never ran leaves its field empty. */
interface Work {
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

/**
 * The pipeline: issue → lease → workspace → agent run → changes → publish → settle → report →
 * cleanup. Errors before the workspace exists are thrown (nothing to save); after it, every
 * failure is recorded, the agent's work is kept, and the result says why the step fails.
 */
export async function runTask(ctx: RunContext): Promise<RunResult> {
  const { settings, logger, github } = ctx;
  const readAt = new Date().toISOString();
  const thread = await logger.group(`Read issue #${ctx.issueNumber}`, () =>
    readIssue(github, ctx.issueNumber),
  );
  const target: Target = {
    issueNumber: ctx.issueNumber,
    baseBranch: settings.baseBranch ?? thread.repository.defaultBranch,
    branch: agentBranchName(settings.branchPrefix, settings.agent, ctx.issueNumber),
    readAt,
  };
  const facts: RunFacts = {
    outcome: "running",
    issueNumber: target.issueNumber,
    issueTitle: thread.issue.title,
    agent: settings.agent,
    mode: settings.mode === "directory" ? "directory" : "worktree",
    runUrl: ctx.run.runUrl,
    dryRun: settings.dryRun,
    baseBranch: target.baseBranch,
    phase: "preparing",
  };

  const lease = new Lease({
    github,
    issueNumber: target.issueNumber,
    logger,
    run: ctx.run,
    heartbeatMs: settings.heartbeatMs,
    existing: thread.statusComment,
    enabled: settings.comment && !settings.dryRun,
  });
  const acquired = await takeLease(lease, renderStatusComment(facts), settings, logger);
  if (!acquired.ok) {
    const message = `another run is working on issue #${target.issueNumber}: ${acquired.reason}`;
    if (settings.onConflict === "fail") {
      throw new TaskError(message, "Wait for it to finish, or set `on-conflict: takeover`");
    }
    logger.info(`Skipping: ${message} (on-conflict: skip)`);
    return { outcome: "skipped", outputs: skippedOutputs() };
  }
  lease.startHeartbeat();
  try {
    const start = { ...facts, leaseNote: acquired.tookOver };
    const work = await doWork(ctx, thread, target, lease, acquired.previous, start);
    return await logger.group("Report and clean up", () =>
      settleAndReport(ctx, target, lease, acquired.previous, describeRun(start, work, "done"), work),
    );
  } finally {
    lease.stopHeartbeat();
  }
}

/** Takes the issue's lease; without the status comment there is no lease, but the work can go on. */
async function takeLease(lease: Lease, body: string, settings: Settings, logger: Logger): Promise<Acquired> {
  try {
    return await lease.acquire(body, settings.onConflict === "takeover");
  } catch (error) {
    logger.warning(`Could not write the status comment (${errorMessage(error)}); continuing without it`);
    lease.disable();
    return { ok: true };
  }
}

/** The stages that do the work. A failure stops them and is recorded with the stage it happened in. */
async function doWork(
  ctx: RunContext,
  thread: IssueThread,
  target: Target,
  lease: Lease,
  previous: SessionSummary | undefined,
  start: RunFacts,
): Promise<Work> {
  const { settings, logger, git } = ctx;
  const work: Work = {};
  let stage: Stage = "prepare";
  try {
    const workspace = await logger.group("Prepare the workspace", () => prepare(ctx, target));
    work.workspace = workspace;
    const { prompt, promptFile } = await writeContextFiles({
      workspace,
      thread,
      baseBranch: target.baseBranch,
      instructions: settings.prompt,
      previous,
      github: ctx.github,
      logger,
    });

    stage = "agent";
    work.agentStartedAt = Date.now();
    await lease.update(renderStatusComment(describeRun(start, work, "running")), {
      phase: "running",
      headBefore: startSha(workspace),
    });
    const agent = await logger.group("Run the agent", () =>
      guardAgentRun(
        {
          workspace,
          repoPath: settings.repoPath,
          git,
          token: settings.token,
          agent: settings.agent,
          issueNumber: target.issueNumber,
          protectedFiles: ctx.protectedFiles ?? [],
          logger,
        },
        () =>
          runAgent({
            settings,
            workspace,
            prompt,
            promptFile,
            issueNumber: target.issueNumber,
            hostEnv: ctx.hostEnv,
            logger,
            cancelSignal: ctx.cancelSignal,
          }),
      ),
    );
    work.agent = agent;
    work.agentReport = agentFacts(agent, secretsOf(settings));

    stage = "collect";
    const changes = await logger.group("Collect the changes", () =>
      collectChanges(
        workspace,
        git,
        { issueNumber: target.issueNumber, issueTitle: thread.issue.title, agent: settings.agent },
        logger,
      ),
    );
    work.changes = changes;

    stage = "publish";
    const plan = decideOutcome({
      ending: classifyEnding(agent.ending),
      hasChanges: changes.count > 0,
      canPublish: workspace.mode === "worktree",
      dryRun: settings.dryRun,
      draft: settings.draft,
      onAgentFailure: settings.onAgentFailure,
    });
    if (changes.count === 0 || plan.publication === "none" || workspace.mode !== "worktree") {
      if (changes.count > 0 && settings.dryRun) {
        logger.info("Dry run: nothing is pushed and no pull request is opened");
      }
      return work;
    }
    const publishing = describeRun(start, work, "publishing");
    await lease.update(renderStatusComment(publishing), {
      phase: "publishing",
      headBefore: workspace.startSha,
    });
    work.published = await logger.group("Publish", () =>
      publish(
        {
          env: workspace,
          git,
          github: ctx.github,
          logger,
          remoteUrl: remoteUrl(ctx),
          auth: auth(ctx),
          publication: plan.publication as Exclude<typeof plan.publication, "none">,
          headSha: changes.headSha!,
          runId: ctx.run.runId,
          pull: {
            title: pullTitle(target.issueNumber, thread.issue.title),
            body: renderPullBody({
              ...publishing,
              outcome: plan.outcome,
              branch: workspace.branch,
              headSha: changes.headSha,
            }),
            labels: settings.prLabels,
          },
        },
        // The branch is out even if opening the pull request fails next.
        (pushed) => {
          work.published = { ...pushed, updated: false };
        },
      ),
    );
  } catch (error) {
    work.failure = { stage, message: errorMessage(error) };
    logger.error(work.failure.message);
  }
  return work;
}

async function prepare(ctx: RunContext, target: Target): Promise<Workspace> {
  const { settings, git, logger } = ctx;
  if (settings.staleEnvMs > 0) {
    await collectStaleWorkspaces({
      workspacesRoot: settings.workspacesRoot,
      maxAgeMs: settings.staleEnvMs,
      git,
      logger,
    });
  }
  const workspace = await prepareWorkspace({
    mode: settings.mode,
    repoPath: settings.repoPath,
    workspacesRoot: settings.workspacesRoot,
    taskId: taskId(target.issueNumber, ctx.run.runId, ctx.run.runAttempt),
    branch: target.branch,
    baseBranch: target.baseBranch,
    restart: await restartRequested(ctx, target),
    remoteUrl: remoteUrl(ctx),
    auth: auth(ctx),
    git,
    logger,
  });
  await recordWorkspace(workspaceHandle(workspace));
  ctx.onWorkspace?.(workspaceHandle(workspace));
  logger.info(
    `Workspace ${workspace.root} (${workspace.mode === "worktree" ? `worktree on ${workspace.branch}` : "plain directory"})`,
  );
  return workspace;
}

/** A merged pull request's branch is not built on again: the next run starts from the base. */
async function restartRequested(ctx: RunContext, target: Target): Promise<boolean> {
  if (ctx.settings.restart) return true;
  const [latest] = await ctx.github.listPullsForBranch(target.branch);
  if (latest?.merged) {
    ctx.logger.info(
      `Pull request #${latest.number} of ${target.branch} was merged; starting again from ${target.baseBranch}`,
    );
    return true;
  }
  return false;
}

/** Settles the outcome once, then reports it everywhere and applies `keep-env`. */
async function settleAndReport(
  ctx: RunContext,
  target: Target,
  lease: Lease,
  previous: SessionSummary | undefined,
  facts: RunFacts,
  work: Work,
): Promise<RunResult> {
  const { settings, logger } = ctx;
  const { workspace, agent, changes, published } = work;
  const settlement = settleOutcome({
    mode: workspace?.mode ?? facts.mode,
    dryRun: settings.dryRun,
    draft: settings.draft,
    onAgentFailure: settings.onAgentFailure,
    keepWorkspace: settings.keepWorkspace,
    ending: agent ? classifyEnding(agent.ending) : undefined,
    changedFiles: changes?.count,
    published: published && {
      sideBranch: published.sideBranch === true,
      pull: published.pull ? (published.updated ? "updated" : "opened") : undefined,
    },
    failure: work.failure,
    agentNote: agent?.note,
    exitCode: agent?.exitCode,
    paths: {
      root: workspace?.root ?? "",
      workdir: workspace?.workdir ?? "",
      patchFile: changes?.patchFile,
    },
  });
  const { outcome } = settlement;
  const keptAt = workspace && settlement.retention !== "none" ? workspace.root : "";
  const final: RunFacts = {
    ...facts,
    outcome,
    branch: published?.branch,
    headSha: published?.headSha,
    prNumber: published?.pull?.number,
    prUrl: published?.pull?.url,
    envDir: keptAt || undefined,
    error: settlement.message && !isFailure(outcome) ? settlement.message : undefined,
  };

  await lease.finish(renderStatusComment(final), {
    outcome,
    headBefore: startSha(workspace),
    headAfter: published?.headSha,
    session: {
      outcome,
      readAt: target.readAt,
      finishedAt: new Date().toISOString(),
      changes: changes?.files,
      prNumber: published?.pull?.number ?? previous?.prNumber,
      prUrl: published?.pull?.url ?? previous?.prUrl,
      branch: published?.branch,
      agentSummary: final.agentSummary,
    },
  });
  const summary = renderJobSummary(final);
  if (workspace) {
    await workspace.releaseLock();
    try {
      await cleanUpWorkspace(workspaceHandle(workspace), settlement.retention, ctx.git, logger);
      ctx.onCleanedUp?.();
    } catch (error) {
      logger.warning(`Cleaning up ${workspace.root} failed: ${errorMessage(error)}`);
    }
  }
  return {
    outcome,
    failure: settlement.stepFails ? settlement.message : undefined,
    summary,
    outputs: runOutputs({ outcome, agent, changes, published, keptAt, agentSummary: final.agentSummary }),
  };
}

/** The facts the reports are made of, for the run as far as it got. */
function describeRun(start: RunFacts, work: Work, phase: Phase): RunFacts {
  return {
    ...start,
    phase,
    mode: work.workspace?.mode ?? start.mode,
    agentStartedAt: work.agentStartedAt,
    changes: work.changes?.files,
    publishNote: work.published?.note,
    ...work.agentReport,
  };
}

/** What the reports say about the agent's run; text from the agent is redacted first. */
function agentFacts(agent: AgentRun, secrets: string[]): Partial<RunFacts> {
  const { summary, ...usage } = agent.result;
  return {
    agentSummary: summary ? truncateSummary(redact(summary, secrets)) : undefined,
    agentUsage: Object.keys(usage).length > 0 ? usage : undefined,
    exitCode: agent.exitCode,
    durationMs: agent.durationMs,
    agentNote: agent.note,
    canceled: agent.ending.kind === "canceled",
    logTail: agent.tail.map((line) => redact(line, secrets)),
  };
}

function secretsOf(settings: Settings): string[] {
  return [settings.token, ...Object.values(settings.agentEnv)];
}

function startSha(workspace: Workspace | undefined): string | undefined {
  return workspace?.mode === "worktree" ? workspace.startSha : undefined;
}

function auth(ctx: RunContext): GitAuth {
  return { serverUrl: ctx.run.serverUrl, token: ctx.settings.token };
}

function remoteUrl(ctx: RunContext): string {
  return `${ctx.run.serverUrl.replace(/\/+$/, "")}/${ctx.run.owner}/${ctx.run.repo}.git`;
}
