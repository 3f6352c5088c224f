import { guardAgentRun } from "./agent/agent-guard.js";
import { runAgent } from "./agent/run-agent.js";
import { errorMessage, TaskError } from "./errors.js";
import type { Git, GitAuth } from "./git.js";
import { writeContextFiles } from "./issue/context-files.js";
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
import { collectChanges } from "./publish/collect-changes.js";
import { publish } from "./publish/publish.js";
import { type Acquired, Lease, type SessionSummary } from "./report/lease.js";
import { GitLeaseStore, type LeaseStore } from "./report/lease-store.js";
import { type Outputs, runOutputs, skippedOutputs } from "./report/outputs.js";
import {
  pullTitle,
  type RunFacts,
  renderJobSummary,
  renderPullBody,
  renderStatusComment,
} from "./report/report.js";
import { agentFacts, describeRun, type Work } from "./report/run-facts.js";
import type { Settings } from "./settings.js";
import { releaseWorkspace, type WorkspaceHandle } from "./workspace/cleanup.js";
import { agentBranchName, taskId } from "./workspace/naming.js";
import { setUpWorkspace } from "./workspace/set-up-workspace.js";

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
  /** Where the issue's lease lives; by default a ref on the remote (GitLeaseStore). */
  leaseStore?: LeaseStore;
}

export interface RunResult {
  outcome: Outcome;
  outputs: Outputs;
  /** The step fails with this message; undefined when it succeeds. */
  failure?: string;
  /** Markdown for the job summary; undefined when the run was skipped. */
  summary?: string;
}

/**
 * The pipeline: issue → lease → workspace → agent run → changes → publish → settle → report →
 * cleanup. Errors before the workspace exists are thrown (nothing to save); after it, every
 * failure is recorded, the agent's work is kept, and the result says why the step fails.
 */
export async function runTask(ctx: RunContext): Promise<RunResult> {
  const { settings, logger, github, issueNumber } = ctx;
  const readAt = new Date().toISOString();
  const thread = await logger.group(`Read issue #${issueNumber}`, () => readIssue(github, issueNumber));
  const baseBranch = settings.baseBranch ?? thread.repository.defaultBranch;
  const start: RunFacts = {
    outcome: "running",
    issueNumber,
    issueTitle: thread.issue.title,
    agent: settings.agent,
    mode: settings.mode === "directory" ? "directory" : "worktree",
    runUrl: ctx.run.runUrl,
    dryRun: settings.dryRun,
    baseBranch,
    phase: "preparing",
  };

  const store =
    ctx.leaseStore ??
    (await GitLeaseStore.open({
      git: ctx.git,
      repoPath: settings.repoPath,
      remoteUrl: remoteUrl(ctx),
      auth: auth(ctx),
      issueNumber,
    }));
  try {
    return await runUnderLease(ctx, readAt, thread, start, baseBranch, store);
  } finally {
    await store.close?.();
  }
}

async function runUnderLease(
  ctx: RunContext,
  readAt: string,
  thread: Awaited<ReturnType<typeof readIssue>>,
  start: RunFacts,
  baseBranch: string,
  store: LeaseStore,
): Promise<RunResult> {
  const { settings, logger, github, issueNumber } = ctx;
  const lease = new Lease({
    store,
    github,
    issueNumber,
    logger,
    run: ctx.run,
    heartbeatMs: settings.heartbeatMs,
    // A dry run pushes nothing, the lease included; it reads the last session.
    hold: !settings.dryRun,
    comment: settings.comment && !settings.dryRun,
  });
  const acquired = await takeLease(lease, renderStatusComment(start), settings, logger);
  if (!acquired.ok) {
    const message = `another run is working on issue #${issueNumber}: ${acquired.reason}`;
    if (settings.onConflict === "fail") {
      throw new TaskError(message, "Wait for it to finish, or set `on-conflict: takeover`");
    }
    logger.info(`Skipping: ${message} (on-conflict: skip)`);
    return { outcome: "skipped", outputs: skippedOutputs() };
  }
  lease.startHeartbeat();
  try {
    const facts = { ...start, leaseNote: acquired.tookOver };
    const work: Work = {};
    let stage: Stage = "prepare";
    try {
      const branch = agentBranchName(settings.branchPrefix, settings.agent, issueNumber);
      const workspace = await logger.group("Prepare the workspace", () =>
        setUpWorkspace({
          ...ctx,
          taskId: taskId(issueNumber, ctx.run.runId, ctx.run.runAttempt),
          branch,
          baseBranch,
          remoteUrl: remoteUrl(ctx),
          auth: auth(ctx),
        }),
      );
      work.workspace = workspace;
      const { prompt, promptFile } = await writeContextFiles({
        ...ctx,
        workspace,
        thread,
        baseBranch,
        instructions: settings.prompt,
        previous: acquired.previous,
      });

      stage = "agent";
      work.agentStartedAt = Date.now();
      const headBefore = workspace.mode === "worktree" ? workspace.startSha : undefined;
      // Not awaited: the agent need not wait for the comment; later writes queue behind it.
      void lease.update(renderStatusComment(describeRun(facts, work, "running")), {
        phase: "running",
        headBefore,
      });
      const guard = { ...ctx, workspace, repoPath: settings.repoPath, token: settings.token };
      const agent = await logger.group("Run the agent", () =>
        guardAgentRun({ ...guard, agent: settings.agent, protectedFiles: ctx.protectedFiles ?? [] }, () =>
          runAgent({ ...ctx, workspace, prompt, promptFile }),
        ),
      );
      work.agent = agent;
      work.agentReport = agentFacts(agent, [settings.token, ...Object.values(settings.agentEnv)]);

      stage = "collect";
      const commit = { issueNumber, issueTitle: thread.issue.title, agent: settings.agent };
      const changes = await logger.group("Collect the changes", () =>
        collectChanges(workspace, ctx.git, commit, logger),
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
      if (changes.count > 0 && settings.dryRun)
        logger.info("Dry run: nothing is pushed and no pull request is opened");
      if (changes.count > 0 && plan.publication !== "none" && workspace.mode === "worktree") {
        lease.assertHeld();
        const publishing = describeRun(facts, work, "publishing");
        const body = renderPullBody({ ...publishing, outcome: plan.outcome, branch: workspace.branch });
        work.published = await logger.group("Publish", () =>
          publish(
            {
              ...ctx,
              env: workspace,
              remoteUrl: remoteUrl(ctx),
              auth: auth(ctx),
              publication: plan.publication as Exclude<typeof plan.publication, "none">,
              headSha: changes.headSha!,
              runId: ctx.run.runId,
              pull: { title: pullTitle(issueNumber, thread.issue.title), body, labels: settings.prLabels },
              lease,
            },
            // The branch is out even if opening the pull request fails next.
            (pushed) => {
              work.published = { ...pushed, updated: false };
            },
          ),
        );
      }
    } catch (error) {
      work.failure = { stage, message: errorMessage(error) };
      logger.error(work.failure.message);
    }
    return await logger.group("Report and clean up", () =>
      settleAndReport(ctx, readAt, lease, acquired.previous, describeRun(facts, work, "done"), work),
    );
  } finally {
    lease.stopHeartbeat();
  }
}

/** Takes the issue's lease; when its ref cannot be read or written, the work goes on without it. */
async function takeLease(lease: Lease, body: string, settings: Settings, logger: Logger): Promise<Acquired> {
  try {
    return await lease.acquire(body, settings.onConflict === "takeover");
  } catch (error) {
    logger.warning(`Could not take the issue's lease (${errorMessage(error)}); continuing without it`);
    lease.disable();
    return { ok: true };
  }
}

/** Settles the outcome once, then reports it everywhere and applies `keep-env`. */
async function settleAndReport(
  ctx: RunContext,
  readAt: string,
  lease: Lease,
  previous: SessionSummary | undefined,
  facts: RunFacts,
  work: Work,
): Promise<RunResult> {
  const { settings } = ctx;
  const { workspace, agent, changes, published } = work;
  const settlement = settleOutcome({
    ...settings,
    mode: facts.mode,
    ending: agent ? classifyEnding(agent.ending) : undefined,
    changedFiles: changes?.count,
    published: published && {
      sideBranch: published.sideBranch === true,
      pull: published.pull ? (published.updated ? "updated" : "opened") : undefined,
    },
    failure: work.failure,
    agentNote: agent?.note,
    exitCode: agent?.exitCode,
    paths: { root: workspace?.root ?? "", workdir: workspace?.workdir ?? "", patchFile: changes?.patchFile },
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
  const finished = lease.finish(renderStatusComment(final), {
    outcome,
    headBefore: workspace?.mode === "worktree" ? workspace.startSha : undefined,
    headAfter: published?.headSha,
    session: {
      outcome,
      readAt,
      finishedAt: new Date().toISOString(),
      changes: changes?.files,
      prNumber: published?.pull?.number ?? previous?.prNumber,
      prUrl: published?.pull?.url ?? previous?.prUrl,
      branch: published?.branch,
      agentSummary: final.agentSummary,
    },
  });
  // The lease's last write and the cleanup do not depend on each other.
  const [, released] = await Promise.all([
    finished,
    workspace && releaseWorkspace(workspace, settlement.retention, ctx.git, ctx.logger),
  ]);
  if (released) ctx.onCleanedUp?.();
  return {
    outcome,
    failure: settlement.stepFails ? settlement.message : undefined,
    summary: renderJobSummary(final),
    outputs: runOutputs({ outcome, agent, changes, published, keptAt, agentSummary: final.agentSummary }),
  };
}

function auth(ctx: RunContext): GitAuth {
  return { serverUrl: ctx.run.serverUrl, token: ctx.settings.token };
}

function remoteUrl(ctx: RunContext): string {
  return `${ctx.run.serverUrl.replace(/\/+$/, "")}/${ctx.run.owner}/${ctx.run.repo}.git`;
}
