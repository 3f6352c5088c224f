import { writeFile } from "node:fs/promises";
import path from "node:path";
import { decideTrigger, type EventInfo } from "../action/trigger.js";
import { parseAgentResult, truncateSummary } from "./agent/agent-result.js";
import { hidePersistedCredentials } from "./agent/credential-guard.js";
import { guardFiles } from "./agent/file-guard.js";
import { type AgentRun, runAgent } from "./agent/run-agent.js";
import { insertBrief, restoreBrief } from "./agent/runtime-brief.js";
import { errorMessage, TaskError } from "./errors.js";
import type { Git, GitAuth } from "./git.js";
import type { GitHubPort } from "./github-port.js";
import { issueJson, renderIssueContext } from "./issue/issue-context.js";
import { feedbackSince, renderPreviousSession } from "./issue/previous-session.js";
import { buildPrompt } from "./issue/prompt.js";
import { type ReadTask, readTask } from "./issue/read-issue.js";
import {
  classifyEnding,
  decideOutcome,
  decideRetention,
  isFailure,
  type Outcome,
  type Retention,
  type WorkLocation,
} from "./outcome.js";
import type { Logger } from "./ports.js";
import { type Changes, collectChanges } from "./publish/collect-changes.js";
import { type Published, publish } from "./publish/publish.js";
import { type Acquired, Lease, type SessionSummary } from "./report/lease.js";
import {
  pullTitle,
  type RunFacts,
  renderJobSummary,
  renderPullBody,
  renderStatusComment,
} from "./report/report.js";
import type { Settings } from "./settings.js";
import type { EnvironmentHandle } from "./workspace/cleanup.js";
import { cleanupEnvironment, collectStaleEnvironments, recordEnvironment } from "./workspace/cleanup.js";
import { agentBranchName, taskId } from "./workspace/naming.js";
import { type Environment, prepareEnvironment, writeContextFiles } from "./workspace/prepare-workspace.js";

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
  event: EventInfo;
  run: RunInfo;
  github: GitHubPort;
  git: Git;
  logger: Logger;
  /** The host's environment, from which the agent's is made. */
  hostEnv: Record<string, string | undefined>;
  cancelSignal?: AbortSignal;
  /** Files the agent must not change (the runner's file commands); changes are undone after its run. */
  protectedFiles?: string[];
  /** Called once the environment exists, so the host can clean it up if this process dies. */
  onEnvironment?: (handle: EnvironmentHandle) => void;
  /** Called once cleanup has run. */
  onCleanedUp?: () => void;
}

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

export interface RunResult {
  outcome: Outcome;
  outputs: Outputs;
  /** The step fails with this message; undefined when it succeeds. */
  failure?: string;
  /** Markdown for the job summary; undefined when the run was skipped. */
  summary?: string;
}

export function emptyOutputs(): Outputs {
  return Object.fromEntries(OUTPUT_NAMES.map((name) => [name, ""])) as Outputs;
}

/**
 * The pipeline: event → task → environment → agent run → changes → publish → report → cleanup.
 * Errors before the environment exists are thrown (nothing to save); after it, every failure is
 * reported, the agent's work is kept, and the result says why the step fails.
 */
export async function runTask(ctx: RunContext): Promise<RunResult> {
  const { settings, logger, github } = ctx;
  const trigger = decideTrigger(ctx.event, settings);
  if (!trigger.run) {
    logger.info(`Skipping: ${trigger.reason}`);
    return { outcome: "skipped", outputs: { ...emptyOutputs(), outcome: "skipped" } };
  }
  const issueNumber = trigger.issueNumber;
  const readAt = new Date().toISOString();
  const task = await logger.group(`Read issue #${issueNumber}`, () => readTask(github, issueNumber));
  const baseBranch = settings.baseBranch ?? task.repository.defaultBranch;
  const branch = agentBranchName(settings.branchPrefix, settings.agent, issueNumber);
  const facts: RunFacts = {
    outcome: "running",
    issueNumber,
    issueTitle: task.issue.title,
    agent: settings.agent,
    mode: "worktree",
    runUrl: ctx.run.runUrl,
    dryRun: settings.dryRun,
    baseBranch,
    phase: "preparing",
  };
  const lease = new Lease({
    github,
    issueNumber,
    logger,
    run: ctx.run,
    heartbeatMs: settings.heartbeatMs,
    existing: task.statusComment,
    enabled: settings.comment && !settings.dryRun,
  });
  const acquired = await lease
    .acquire(() => renderStatusComment(facts), settings.onConflict === "takeover")
    .catch((error): Acquired => {
      // Without the comment there is no lease, but the work can still be done.
      logger.warning(`Could not write the status comment (${errorMessage(error)}); continuing without it`);
      lease.disable();
      return { ok: true };
    });
  if (!acquired.ok) {
    const message = `another run is working on issue #${issueNumber}: ${acquired.reason}`;
    if (settings.onConflict === "fail") {
      throw new TaskError(message, "Wait for it to finish, or set `on-conflict: takeover`");
    }
    logger.info(`Skipping: ${message} (on-conflict: skip)`);
    return { outcome: "skipped", outputs: { ...emptyOutputs(), outcome: "skipped" } };
  }
  facts.leaseNote = acquired.tookOver;
  lease.startHeartbeat();
  const stages = new Stages(
    ctx,
    task,
    facts,
    lease,
    { readAt, baseBranch, branch, issueNumber },
    acquired.previous,
  );
  try {
    return await stages.run();
  } finally {
    lease.stopHeartbeat();
  }
}

interface Target {
  /** When the issue was read: comments after it are news to the next run. */
  readAt: string;
  baseBranch: string;
  branch: string;
  issueNumber: number;
}

/** The stages after the task is known; they share the facts that the reports are made of. */
class Stages {
  private env: Environment | undefined;
  private agent: AgentRun | undefined;
  private changes: Changes | undefined;
  private work: WorkLocation = "none";
  private outcome: Outcome = "canceled";
  private failure: string | undefined;
  private published: Published | undefined;
  private prompt = "";

  constructor(
    private readonly ctx: RunContext,
    private readonly task: ReadTask,
    private readonly facts: RunFacts,
    private readonly lease: Lease,
    private readonly target: Target,
    private readonly previous: SessionSummary | undefined,
  ) {}

  private get auth(): GitAuth {
    return { serverUrl: this.ctx.run.serverUrl, token: this.ctx.settings.token };
  }

  private get remoteUrl(): string {
    return `${this.ctx.run.serverUrl.replace(/\/+$/, "")}/${this.ctx.run.owner}/${this.ctx.run.repo}.git`;
  }

  async run(): Promise<RunResult> {
    const { logger } = this.ctx;
    try {
      this.env = await logger.group("Prepare the environment", () => this.prepare());
      await this.enterPhase("running");
      this.agent = await logger.group("Run the agent", () => this.runAgent());
      this.changes = await logger.group("Collect the changes", () =>
        collectChanges(this.env!, this.ctx.git, this.commitMessage(), logger),
      );
      await this.enterPhase("publishing");
      await logger.group("Publish", () => this.publish());
    } catch (error) {
      this.failure = errorMessage(error);
      logger.error(this.failure);
      this.afterFailure();
    }
    return logger.group("Report and clean up", () => this.finish());
  }

  private async enterPhase(phase: "running" | "publishing"): Promise<void> {
    this.facts.phase = phase;
    if (phase === "running") this.facts.agentStartedAt = Date.now();
    await this.lease.update({
      phase,
      headBefore: this.env?.mode === "worktree" ? this.env.startSha : undefined,
    });
  }

  /** A merged pull request's branch is not built on again: the next run starts from the base. */
  private async restartRequested(): Promise<boolean> {
    if (this.ctx.settings.restart) return true;
    const [latest] = await this.ctx.github.listPullsForBranch(this.target.branch);
    if (latest?.merged) {
      this.ctx.logger.info(
        `Pull request #${latest.number} of ${this.target.branch} was merged; starting again from ${this.target.baseBranch}`,
      );
      return true;
    }
    return false;
  }

  private async writePreviousSession(env: Environment): Promise<void> {
    if (!this.previous) return;
    const feedback = await feedbackSince(this.ctx.github, this.previous, this.task.comments);
    await writeFile(
      path.join(env.contextDir, "previous_session.md"),
      renderPreviousSession(this.previous, feedback),
    );
    this.ctx.logger.info(`Wrote previous_session.md (${feedback.length} comment(s) since the last run)`);
  }

  private async prepare(): Promise<Environment> {
    const { settings, run, git, logger } = this.ctx;
    if (settings.staleEnvMs > 0) {
      await collectStaleEnvironments({
        workspacesRoot: settings.workspacesRoot,
        maxAgeMs: settings.staleEnvMs,
        git,
        logger,
      });
    }
    const env = await prepareEnvironment({
      mode: settings.mode,
      repoPath: settings.repoPath,
      workspacesRoot: settings.workspacesRoot,
      taskId: taskId(this.target.issueNumber, run.runId, run.runAttempt),
      branch: this.target.branch,
      baseBranch: this.target.baseBranch,
      restart: await this.restartRequested(),
      remoteUrl: this.remoteUrl,
      auth: this.auth,
      git,
      logger,
    });
    await recordEnvironment(handleOf(env));
    this.ctx.onEnvironment?.(handleOf(env));
    this.facts.mode = env.mode;
    const contextFacts = {
      repository: this.task.repository,
      issue: this.task.issue,
      comments: this.task.comments,
      baseBranch: this.target.baseBranch,
      branch: env.mode === "worktree" ? env.branch : "",
      mode: env.mode === "worktree" ? ("git_worktree" as const) : ("directory" as const),
      instructions: settings.prompt,
      taskId: env.taskId,
    };
    this.prompt = buildPrompt(this.task.repository, this.task.issue, settings.prompt, Boolean(this.previous));
    await writeContextFiles(env, {
      issueContext: renderIssueContext(contextFacts),
      issueJson: issueJson(contextFacts),
      prompt: this.prompt,
    });
    await this.writePreviousSession(env);
    logger.info(
      `Environment ${env.root} (${env.mode === "worktree" ? `worktree on ${env.branch}` : "plain directory"})`,
    );
    return env;
  }

  private async runAgent(): Promise<AgentRun> {
    const env = this.env!;
    const repo = this.ctx.git.at(this.ctx.settings.repoPath);
    const isCheckout = (await repo.tryRun(["rev-parse", "--git-dir"])) !== undefined;
    const restoreCredentials = isCheckout
      ? await hidePersistedCredentials(repo, env.root, this.ctx.settings.token, this.ctx.logger)
      : undefined;
    const brief = await insertBrief(env.workdir, this.ctx.settings.agent, this.target.issueNumber);
    const restoreProtected = await guardFiles(this.ctx.protectedFiles ?? []);
    const agent = await runAgent({
      settings: this.ctx.settings,
      env,
      prompt: this.prompt,
      promptFile: path.join(env.contextDir, "prompt.md"),
      issueNumber: this.target.issueNumber,
      hostEnv: this.ctx.hostEnv,
      logger: this.ctx.logger,
      cancelSignal: this.ctx.cancelSignal,
    }).finally(async () => {
      await restoreCredentials?.();
      await restoreBrief(brief);
      const tampered = await restoreProtected();
      if (tampered.length > 0) {
        this.ctx.logger.warning(
          `The agent wrote to the runner's file commands (${tampered.join(", ")}); its writes were undone`,
        );
      }
    });
    const result = parseAgentResult(this.ctx.settings.agent, agent.stdoutTail);
    if (result.summary)
      this.facts.agentSummary = truncateSummary(redact([result.summary], this.secrets())[0]!);
    const { summary: _, ...usage } = result;
    if (Object.keys(usage).length > 0) this.facts.agentUsage = usage;
    this.facts.exitCode = agent.exitCode;
    this.facts.durationMs = agent.durationMs;
    this.facts.agentNote = agent.note;
    this.facts.cancelled = agent.ending.kind === "canceled";
    this.facts.logTail = redact(agent.tail, this.secrets());
    return agent;
  }

  private async publish(): Promise<void> {
    const { settings, logger } = this.ctx;
    const env = this.env!;
    const changes = this.changes!;
    const decision = decideOutcome({
      ending: classifyEnding(this.agent!.ending),
      hasChanges: changes.count > 0,
      canPublish: env.mode === "worktree",
      dryRun: settings.dryRun,
      draft: settings.draft,
      onAgentFailure: settings.onAgentFailure,
    });
    this.outcome = decision.outcome;
    this.facts.changes = changes.files;
    if (decision.stepFails) this.failure = this.agentFailureMessage();
    if (changes.count === 0) return;
    if (decision.publication === "none" || env.mode !== "worktree") {
      this.work = this.agent!.ending.kind === "canceled" ? "at-risk" : "on-disk";
      if (settings.dryRun) logger.info("Dry run: nothing is pushed and no pull request is opened");
      return;
    }
    this.work = "at-risk";
    this.published = await publish(
      {
        env,
        git: this.ctx.git,
        github: this.ctx.github,
        logger,
        remoteUrl: this.remoteUrl,
        auth: this.auth,
        publication: decision.publication,
        headSha: changes.headSha!,
        runId: this.ctx.run.runId,
        pull: {
          title: pullTitle(this.target.issueNumber, this.task.issue.title),
          body: renderPullBody({
            ...this.facts,
            outcome: this.outcome,
            branch: env.branch,
            headSha: changes.headSha,
          }),
          labels: settings.prLabels,
        },
      },
      // The branch is out even if opening the pull request fails next.
      (pushed) => {
        this.published = { ...pushed, updated: false };
      },
    );
    this.work = "published";
    this.facts.publishNote = this.published.note;
    if (this.published.sideBranch && (this.outcome === "pr-opened" || this.outcome === "pr-updated")) {
      // Pushed, but not to the branch of the pull request: the work waits on the side branch.
      this.outcome = "completed";
    } else if (this.published.updated && this.outcome === "pr-opened") {
      this.outcome = "pr-updated";
    }
  }

  private async finish(): Promise<RunResult> {
    const { settings, logger } = this.ctx;
    if (this.failure && this.work === "at-risk" && this.outcome === "pr-opened") {
      // The agent did its job but the work could not be published: it is on disk, not on GitHub.
      this.outcome = "completed";
    }
    const retention: Retention = this.env
      ? decideRetention({ keepEnv: settings.keepEnv, outcome: this.outcome, work: this.work })
      : "none";
    const envDir = this.env && retention !== "none" ? this.env.root : "";
    if (this.work === "at-risk" && this.env) {
      const where = this.changes?.patchFile ?? path.join(this.env.root, "workdir");
      this.failure = `${this.failure ?? "The run was interrupted"}. The agent's work is saved: ${where} (environment kept at ${this.env.root})`;
    }
    Object.assign(this.facts, {
      outcome: this.outcome,
      branch: this.published?.branch,
      headSha: this.published?.headSha,
      prNumber: this.published?.pull?.number,
      prUrl: this.published?.pull?.url,
      envDir: envDir || undefined,
      error: this.failure && !isFailure(this.outcome) ? this.failure : undefined,
    } satisfies Partial<RunFacts>);

    await this.lease.finish({
      outcome: this.outcome,
      headBefore: this.env?.mode === "worktree" ? this.env.startSha : undefined,
      headAfter: this.published?.headSha,
      session: {
        outcome: this.outcome,
        readAt: this.target.readAt,
        finishedAt: new Date().toISOString(),
        changes: this.changes?.files,
        prNumber: this.published?.pull?.number ?? this.previous?.prNumber,
        prUrl: this.published?.pull?.url ?? this.previous?.prUrl,
        branch: this.published?.branch,
        agentSummary: this.facts.agentSummary,
      },
    });
    const summary = renderJobSummary(this.facts);
    if (this.env) {
      await this.env.releaseLock();
      try {
        await cleanupEnvironment(handleOf(this.env), retention, this.ctx.git, logger);
        this.ctx.onCleanedUp?.();
      } catch (error) {
        logger.warning(`Cleaning up ${this.env.root} failed: ${errorMessage(error)}`);
      }
    }
    return {
      outcome: this.outcome,
      failure: this.failure,
      summary,
      outputs: {
        outcome: this.outcome,
        branch: this.published?.branch ?? "",
        "pr-number": this.published?.pull ? String(this.published.pull.number) : "",
        "pr-url": this.published?.pull?.url ?? "",
        "head-sha": this.published?.headSha ?? "",
        "changed-files": this.changes ? String(this.changes.count) : "",
        "exit-code": this.agent ? String(this.agent.exitCode) : "",
        "env-dir": envDir,
        "agent-summary": this.facts.agentSummary ?? "",
      },
    };
  }

  /** After a failure, whatever the agent may have done stays on disk, and the outcome says how it ended. */
  private afterFailure(): void {
    if (!this.agent) {
      this.outcome = "canceled";
      return;
    }
    if (this.work === "published") return;
    if (!this.changes || this.changes.count > 0) this.work = "at-risk";
    if (!this.changes) {
      // The changes could not be collected: assume there are some, and that none were published.
      this.outcome = decideOutcome({
        ending: classifyEnding(this.agent.ending),
        hasChanges: true,
        canPublish: false,
        dryRun: this.ctx.settings.dryRun,
        draft: false,
        onAgentFailure: this.ctx.settings.onAgentFailure,
      }).outcome;
    }
  }

  private agentFailureMessage(): string {
    const agent = this.agent!;
    if (agent.note) return agent.note;
    return `The agent exited with code ${agent.exitCode}`;
  }

  private commitMessage() {
    return {
      issueNumber: this.target.issueNumber,
      issueTitle: this.task.issue.title,
      agent: this.ctx.settings.agent,
    };
  }

  private secrets(): string[] {
    return [this.ctx.settings.token, ...Object.values(this.ctx.settings.agentEnv)];
  }
}

function handleOf(env: Environment): EnvironmentHandle {
  return {
    root: env.root,
    workdir: env.workdir,
    taskId: env.taskId,
    mode: env.mode,
    repoPath: env.mode === "worktree" ? env.repoPath : undefined,
    branch: env.mode === "worktree" ? env.branch : undefined,
  };
}

/** Hides secret values in text that will be shown on GitHub. */
export function redact(lines: string[], secrets: string[]): string[] {
  const hidden = secrets.filter((secret) => secret.length >= 4);
  return lines.map((line) => hidden.reduce((text, secret) => text.split(secret).join("***"), line));
}
