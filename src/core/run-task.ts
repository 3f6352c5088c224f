import { lstat } from "node:fs/promises";
import path from "node:path";
import { guardAgentRun, guardCheckoutAhead } from "./agent/agent-guard.js";
import { runAgent } from "./agent/run-agent.js";
import { errorMessage, TaskError } from "./errors.js";
import type { Git, GitAuth } from "./git.js";
import { writeContextFiles } from "./issue/context-files.js";
import { keptOnLocalBranch } from "./local-run.js";
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
import { openPublishRepository } from "./publish/publish-repository.js";
import { listRemoteRefs } from "./remote-refs.js";
import { type Acquired, Lease, type SessionSummary } from "./report/lease.js";
import { GitLeaseStore, type LeaseStore, leaseRef } from "./report/lease-store.js";
import { type Outputs, runOutputs, skippedOutputs } from "./report/outputs.js";
import {
  pullTitle,
  type RunFacts,
  renderJobSummary,
  renderPullBody,
  renderSkippedSummary,
  renderStatusComment,
} from "./report/report.js";
import { agentFacts, describeRun, type Work } from "./report/run-facts.js";
import { writeSummaryFile } from "./report/summary-file.js";
import { knownSecrets, withoutSecrets } from "./secrets.js";
import type { Settings } from "./settings.js";
import { admitRun, readForAdmission, type Trigger } from "./trust/admission.js";
import { neutralizeMentions } from "./trust/neutralize.js";
import { guardGitHub, outboundText } from "./trust/outbound.js";
import { releaseWorkspace, type WorkspaceHandle } from "./workspace/cleanup.js";
import { agentBranchName, taskId } from "./workspace/naming.js";
import { planWorkspace } from "./workspace/plan-workspace.js";
import { headRefs } from "./workspace/prepare-workspace.js";
import {
  abandonEarlySetUp,
  type MadeEnvironment,
  setUpWorkspace,
  startEarlySetUp,
} from "./workspace/set-up-workspace.js";

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
  /**
   * The host's own initial environment still holds the token (the CLI on a Node without
   * execve): an agent of the same user could read it, so the agent must run as a user of its own.
   */
  tokenInHostEnvironment?: boolean;
  /** What started the run (the event's actor, time and issue text); absent for a terminal run. */
  trigger?: Trigger;
  cancelSignal?: AbortSignal;
  /** Files the agent must not change (the runner's file commands); changes are undone after its run. */
  protectedFiles?: string[];
  /** Called once the workspace exists, so the host can clean it up if this process dies. */
  onWorkspace?: (handle: WorkspaceHandle) => void;
  /** Called once cleanup has run. */
  onCleanedUp?: () => void;
  /**
   * A run without GitHub (the CLI's `--issue-file`; see local-run.ts): `github` answers from the
   * issue file, the workspace is made from the local repository, no comment is written and the
   * work stays committed on the local agent branch.
   */
  local?: boolean;
  /**
   * Called as soon as the outcome is settled, before the status comment and cleanup: a canceled
   * job has seconds left, and the outputs must be set before the runner kills the process.
   */
  onSettled?: (result: RunResult) => void;
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
 * The pipeline: repo-path check → admission (who started it, the issue as it was then) → lease
 * → workspace → agent run → changes → publish → settle → report → cleanup. Errors before the
 * workspace exists are thrown (nothing to save); after it, every
 * failure is recorded, the agent's work is kept, and the result says why the step fails.
 * Everything written to GitHub goes through one outbound path (secrets hidden, mentions inert).
 */
export async function runTask(input: RunContext): Promise<RunResult> {
  const secrets = knownSecrets({ ...input.settings, hostEnv: input.hostEnv });
  const ownTitleOpening = pullTitle(input.issueNumber, "").trim();
  const outbound = outboundText({ secrets, issueNumber: input.issueNumber, ownTitleOpening });
  const guarded = guardGitHub(input.github, outbound);
  // Asked once: the admission reads it, and the look at the remote below needs its default branch.
  const repository = guarded.getRepository();
  repository.catch(() => {});
  const ctx: RunContext = { ...input, github: { ...guarded, getRepository: () => repository } };
  const { settings, logger, github, issueNumber } = ctx;
  const branch = agentBranchName(settings.branchPrefix, settings.agent, issueNumber);
  // What admission decides from is read while repo-path is checked: reads that say nothing and
  // change nothing, dropped when the check fails. Refusing, and saying so, waits for the check.
  const readAt = new Date().toISOString();
  const admissionReads = readForAdmission(ctx);
  admissionReads.catch(() => {});
  // One look at the remote for the lease, the base and the agent branch (see listRemoteRefs),
  // taken while the run is admitted: a read that a run which goes on makes anyway. The lease and
  // the workspace ask again when it failed. It starts with the check of repo-path when a `.git`
  // is there, and after it when the checkout is found above repo-path.
  const stopListing = new AbortController();
  const listRefs = async () => {
    const base = settings.baseBranch ?? (await repository).defaultBranch;
    const refs = [leaseRef(issueNumber), ...headRefs(base, branch)];
    const git = ctx.git.at(settings.repoPath);
    return listRemoteRefs(git, remoteUrl(ctx), auth(ctx), refs, stopListing.signal);
  };
  let listedAtStart = (await lstat(path.join(settings.repoPath, ".git")).catch(() => undefined))
    ? listRefs()
    : undefined;
  listedAtStart?.catch(() => {});
  // So is the set-up's local work that needs no answer from GitHub.
  const early = startEarlySetUp(ctx);
  // A run that does not go on neither waits for the remote nor leaves a git process or a request
  // behind, and hands the agent's user back.
  const notGoingOn = async () => {
    stopListing.abort();
    await Promise.all([
      listedAtStart?.catch(() => {}),
      admissionReads.catch(() => {}),
      abandonEarlySetUp(early),
    ]);
  };
  const workspacePlan = await logger
    .group("Check repo-path", () => planWorkspace({ ...ctx, jobEnv: withoutSecrets(ctx.hostEnv) }))
    .catch(async (error) => {
      await notGoingOn();
      throw error;
    });
  if (workspacePlan.checkout) {
    listedAtStart ??= listRefs();
    listedAtStart.catch(() => {});
  }
  const admission = await logger
    .group(`Read issue #${issueNumber}`, () => admitRun(ctx, admissionReads))
    .catch(async (error) => {
      await notGoingOn();
      throw error;
    });
  if (!admission.admitted) {
    await notGoingOn();
    logger.info(`Skipping: ${admission.reason}`);
    const summary = outbound.summary(renderSkippedSummary(issueNumber, admission.reason));
    return { outcome: "skipped", outputs: skippedOutputs(), summary };
  }
  const { thread, provenance } = admission;
  const baseBranch = settings.baseBranch ?? thread.repository.defaultBranch;
  const start: RunFacts = {
    outcome: "running",
    issueNumber,
    issueTitle: thread.issue.title,
    agent: settings.agent,
    mode: workspacePlan.mode,
    runUrl: ctx.run.runUrl,
    dryRun: settings.dryRun,
    baseBranch,
    phase: "preparing",
  };

  const lease = new Lease({
    store:
      ctx.leaseStore ??
      new GitLeaseStore({
        git: ctx.git.at(settings.repoPath),
        inCheckout: workspacePlan.checkout,
        listedAtStart,
        remoteUrl: remoteUrl(ctx),
        auth: auth(ctx),
        issueNumber,
        logger,
      }),
    github,
    issueNumber,
    logger,
    run: ctx.run,
    heartbeatMs: settings.heartbeatMs,
    // A dry run pushes nothing, the lease included; it reads the last session. A local run has
    // no remote to hold it on.
    hold: !settings.dryRun && !ctx.local,
    comment: settings.comment && !settings.dryRun && !ctx.local,
  });
  // The workspace is prepared while the lease is taken: neither waits for the other's network
  // round trips. A run that does not get the lease removes it again before it says so.
  let environmentMade: (made: MadeEnvironment) => void = () => {};
  const environment = new Promise<MadeEnvironment>((resolve) => {
    environmentMade = resolve;
  });
  const preparing = logger.group("Prepare the workspace", () =>
    setUpWorkspace({
      ...ctx,
      plan: workspacePlan,
      taskId: taskId(issueNumber, ctx.run.runId, ctx.run.runAttempt),
      branch,
      baseBranch,
      remoteUrl: remoteUrl(ctx),
      auth: auth(ctx),
      listedAtStart,
      early,
      onEnvironment: environmentMade,
    }),
  );
  // Observed below, whichever way the lease goes.
  preparing.catch(() => {});
  // The checkout is guarded while the agent's files are checked out (and the lease is taken).
  // No environment (the set-up failed first), no guard.
  const checkoutGuard = guardCheckoutAhead({
    // A set-up that has failed already wins over the environment it had made.
    environment: Promise.race([preparing.then(() => environment), environment]),
    token: settings.token,
    git: ctx.git,
    workspacesRoot: settings.workspacesRoot,
  });
  const acquired = await takeLease(lease, renderStatusComment(start), settings, logger);
  if (!acquired.ok) {
    await lease.close();
    await checkoutGuard.abandon(logger);
    const unneeded = await preparing.catch(() => undefined);
    if (unneeded && (await releaseWorkspace(unneeded, "none", ctx.logger))) ctx.onCleanedUp?.();
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
    // The status comment says so while the workspace is prepared. A comment made now is named
    // in the lease before the agent starts (the lease's writes queue), so a run killed later
    // never leaves a comment that the lease does not name.
    lease.announce(renderStatusComment(facts)).catch(() => {});
    const work: Work = {};
    let stage: Stage = "prepare";
    try {
      const workspace = await preparing;
      work.workspace = workspace;
      work.agentStartedAt = Date.now();
      const headBefore = workspace.mode === "worktree" ? workspace.startSha : undefined;
      // The comment says that the agent runs as it starts; the context is written meanwhile. An
      // agent of the runner's user could read the token in a lease push's environment: its lease
      // is written before it starts, to hold without heartbeats (Lease.agentStarts).
      const running = renderStatusComment(describeRun(facts, work, "running"));
      const quietUntil = workspace.agentUser
        ? undefined
        : Date.now() + settings.timeoutMs + settings.killGraceMs + settings.heartbeatMs;
      const saidRunning = lease.agentStarts(running, { phase: "running", headBefore }, quietUntil);
      // Failures are the lease's to report; a lost lease stops the publishing.
      saidRunning.catch(() => {});
      // The context is written while the guards are set up: neither touches what the other does.
      const contextWritten = writeContextFiles({
        ...ctx,
        workspace,
        thread,
        baseBranch,
        instructions: settings.prompt,
        previous: acquired.previous,
        maxBytes: settings.contextMaxBytes,
        provenance,
      });
      contextWritten.catch(() => {});

      stage = "agent";
      const agent = await logger.group("Run the agent", () =>
        guardAgentRun(
          {
            ...ctx,
            workspace,
            agent: settings.agent,
            protectedFiles: ctx.protectedFiles ?? [],
            checkout: checkoutGuard,
          },
          async () => {
            const { prompt, promptFile } = await contextWritten;
            await saidRunning.catch(() => {});
            return runAgent({ ...ctx, workspace, prompt, promptFile });
          },
        ),
      );
      lease.loudHeartbeats();
      work.agent = agent;
      work.agentReport = agentFacts(agent, secrets);

      stage = "collect";
      // The title lands in a commit message: a closing keyword there would close issues on merge.
      const commit = {
        issueNumber,
        issueTitle: neutralizeMentions(thread.issue.title),
        agent: settings.agent,
      };
      // From here on, git runs only in the action's own repository (publish-repository.ts).
      const { git: repo, recheck } =
        workspace.mode === "worktree"
          ? await openPublishRepository(workspace, ctx.git, agent.commits, agent.startStamp)
          : { git: ctx.git, recheck: undefined };
      const changes = await logger.group("Collect the changes", () =>
        collectChanges(workspace, repo, commit, logger, {
          policy: ctx.local ? undefined : settings,
          agentHead: agent.commits?.head,
          recheck,
        }),
      );
      work.changes = changes;

      stage = "publish";
      const plan = decideOutcome({
        ending: classifyEnding(agent.ending),
        hasChanges: changes.count > 0,
        canPublish: workspace.mode === "worktree" && !changes.nothingToPush,
        dryRun: settings.dryRun,
        draft: settings.draft,
        onAgentFailure: settings.onAgentFailure,
      });
      if (changes.count > 0 && settings.dryRun)
        logger.info("Dry run: nothing is pushed and no pull request is opened");
      if (ctx.local) {
        // The work was committed in the action's own repository; the local agent branch gets it.
        if (workspace.mode === "worktree" && changes.count > 0 && changes.headSha) {
          await repo.run([
            "push",
            "--quiet",
            "--force",
            remoteUrl(ctx),
            `${changes.headSha}:refs/heads/${workspace.branch}`,
          ]);
        }
        work.published = keptOnLocalBranch(workspace, changes);
      } else if (changes.count > 0 && plan.publication !== "none" && workspace.mode === "worktree") {
        lease.assertHeld();
        const publishing = describeRun(facts, work, "publishing");
        const body = renderPullBody({ ...publishing, outcome: plan.outcome, branch: workspace.branch });
        work.published = await logger.group("Publish", () =>
          publish(
            {
              ...ctx,
              git: repo,
              env: workspace,
              remoteUrl: remoteUrl(ctx),
              auth: auth(ctx),
              publication: plan.publication as Exclude<typeof plan.publication, "none">,
              headSha: changes.headSha!,
              runId: ctx.run.runId,
              pull: { title: pullTitle(issueNumber, thread.issue.title), body, labels: settings.prLabels },
              earlierPull: acquired.previous?.prNumber,
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
    // When the agent never started, the checkout's guard is put back here.
    await checkoutGuard.abandon(logger);
    const result = await logger.group("Report and clean up", () =>
      settleAndReport(ctx, readAt, lease, acquired.previous, describeRun(facts, work, "done"), work),
    );
    return { ...result, summary: result.summary && outbound.summary(result.summary) };
  } finally {
    await lease.close();
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
      local: published.local,
    },
    failure: work.failure,
    publishable: !changes?.nothingToPush,
    agentNote: agent?.note,
    exitCode: agent?.exitCode,
    paths: { root: workspace?.root ?? "", workdir: workspace?.workdir ?? "", patchFile: changes?.patchFile },
  });
  const { outcome } = settlement;
  // Held-back work exists only on this machine: its patches in output/ outlive `keep-env: never`.
  const retention = changes?.heldBack && settlement.retention === "none" ? "logs" : settlement.retention;
  const keptAt = workspace && retention !== "none" ? workspace.root : "";
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
  const result: RunResult = {
    outcome,
    failure: settlement.stepFails ? settlement.message : undefined,
    summary: renderJobSummary(final),
    outputs: runOutputs({ outcome, agent, changes, published, keptAt, agentSummary: final.agentSummary }),
  };
  ctx.onSettled?.(result);
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
  // The lease's last write, the summary file and the cleanup do not depend on each other; the
  // cleanup only waits for the file it may keep.
  const releasing = (async () => {
    if (!workspace) return false;
    await writeSummaryFile(workspace.outputDir, result, final).catch((error) =>
      ctx.logger.warning(`Could not write output/summary.json: ${errorMessage(error)}`),
    );
    return releaseWorkspace(workspace, retention, ctx.logger);
  })();
  const [, released] = await Promise.all([finished, releasing]);
  if (released) ctx.onCleanedUp?.();
  return result;
}

function auth(ctx: RunContext): GitAuth {
  return { serverUrl: ctx.run.serverUrl, token: ctx.settings.token };
}

function remoteUrl(ctx: RunContext): string {
  // A local run's branches come from the local repository itself.
  if (ctx.local) return ctx.settings.repoPath;
  return `${ctx.run.serverUrl.replace(/\/+$/, "")}/${ctx.run.owner}/${ctx.run.repo}.git`;
}
