import { randomUUID } from "node:crypto";
import { errorMessage } from "../errors.js";
import type { Outcome } from "../outcome.js";
import type { GitHubPort, Logger } from "../ports.js";
import type { ChangedFiles } from "../workspace/directory-snapshot.js";
import { isStatusComment, type Phase, STATUS_MARKER } from "./status-comment.js";

export const STATE_SCHEMA_VERSION = 1;
const STATE_PREFIX = "<!-- agent-task:state ";
const STATE_SUFFIX = " -->";

/** What a finished run tells the next one (previous_session.md, the status comment). */
export interface SessionSummary {
  outcome: Outcome;
  /** When the run read the issue: anything posted later is news to the next run. */
  readAt?: string;
  finishedAt: string;
  changes?: ChangedFiles;
  prNumber?: number;
  prUrl?: string;
  branch?: string;
  agentSummary?: string;
}

/** The hidden, versioned state in the status comment: the lease of the run working on the issue. */
export interface LeaseState {
  v: number;
  /** Random per run: tells whose write is in the comment (compare-and-swap). */
  holder: string;
  runId: string;
  runAttempt: string;
  runUrl?: string;
  phase: Phase;
  startedAt: string;
  heartbeatAt: string;
  heartbeatSeconds: number;
  headBefore?: string;
  headAfter?: string;
  outcome?: Outcome;
  /** The last finished session; kept across runs. */
  session?: SessionSummary;
}

/**
 * The state as the comment's last line. `<` and `>` are escaped, so no text in it (an agent's
 * summary) can close the HTML comment or look like another state line.
 */
export function renderState(state: LeaseState): string {
  const json = JSON.stringify(state).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `${STATE_PREFIX}${json}${STATE_SUFFIX}`;
}

export function parseState(body: string): LeaseState | undefined {
  const start = body.lastIndexOf(STATE_PREFIX);
  if (start === -1) return undefined;
  const end = body.indexOf(STATE_SUFFIX, start + STATE_PREFIX.length);
  if (end === -1) return undefined;
  try {
    const state = JSON.parse(body.slice(start + STATE_PREFIX.length, end)) as LeaseState;
    return typeof state === "object" && state && state.v === STATE_SCHEMA_VERSION ? state : undefined;
  } catch {
    return undefined;
  }
}

export interface LeaseVerdict {
  live: boolean;
  reason: string;
}

/**
 * Whether another run's lease still holds. It is stale when the run finished, when its heartbeat
 * is older than three of its intervals, when its workflow run is no longer in progress, or when
 * it was an earlier attempt of this very run (GitHub starts an attempt only after the last ended).
 */
export function judgeLease(
  state: LeaseState,
  me: { runId: string; runAttempt: string },
  now: number,
  workflowRunStatus: string | undefined,
): LeaseVerdict {
  if (state.phase === "done") return { live: false, reason: "the last run finished" };
  if (state.runId === me.runId && Number(state.runAttempt) < Number(me.runAttempt)) {
    return {
      live: false,
      reason: `attempt ${state.runAttempt} of this workflow run ended without finishing`,
    };
  }
  const age = now - Date.parse(state.heartbeatAt);
  if (!(age < 3 * state.heartbeatSeconds * 1000)) {
    return { live: false, reason: `its last heartbeat was ${Math.round(age / 1000)}s ago` };
  }
  if (
    workflowRunStatus !== undefined &&
    workflowRunStatus !== "in_progress" &&
    workflowRunStatus !== "queued"
  ) {
    return { live: false, reason: `its workflow run is ${workflowRunStatus}` };
  }
  return { live: true, reason: `run ${state.runId} (attempt ${state.runAttempt}) is ${state.phase}` };
}

export type Acquired =
  | { ok: true; previous?: SessionSummary; tookOver?: string }
  | { ok: false; holder: LeaseState; reason: string };

export interface LeaseOptions {
  github: GitHubPort;
  issueNumber: number;
  logger: Logger;
  run: { runId: string; runAttempt: string; runUrl?: string };
  heartbeatMs: number;
  /** The status comment found when the task was read. */
  existing?: { id: number; body: string };
  /** False with `comment: false` or a dry run: nothing is written, the last session is still read. */
  enabled: boolean;
  /** How long to wait before reading back the first write (longer than one API round trip). */
  settleMs?: number;
  now?: () => number;
}

/**
 * The issue's status comment, which is also the lease: one run at a time works on an issue.
 * Writes are compare-and-swap: each write carries this run's random holder id, and the comment
 * is read back before the next write, so two runs cannot both believe they hold it.
 */
export class Lease {
  private commentId: number | undefined;
  private state: LeaseState;
  private lost = false;
  private queue: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  /** The visible part of the comment, as last rendered; the heartbeat rewrites it unchanged. */
  private visibleBody = STATUS_MARKER;

  constructor(private readonly options: LeaseOptions) {
    this.commentId = options.existing?.id;
    const now = new Date(this.now()).toISOString();
    this.state = {
      v: STATE_SCHEMA_VERSION,
      holder: randomUUID(),
      runId: options.run.runId,
      runAttempt: options.run.runAttempt,
      runUrl: options.run.runUrl,
      phase: "preparing",
      startedAt: now,
      heartbeatAt: now,
      heartbeatSeconds: options.heartbeatMs / 1000,
    };
  }

  /**
   * Takes the lease unless another live run holds it (or `force`). Returns what the last run left
   * for this one, or who holds the lease.
   */
  async acquire(body: string, force: boolean): Promise<Acquired> {
    this.visibleBody = body;
    const { github, logger } = this.options;
    const existing = this.options.existing ? parseState(this.options.existing.body) : undefined;
    if (!this.options.enabled) {
      this.lost = true; // nothing to write
      return { ok: true, previous: existing?.session };
    }
    let tookOver: string | undefined;
    if (existing && existing.holder !== this.state.holder) {
      const status =
        existing.phase === "done" ? undefined : await github.getWorkflowRunStatus(existing.runId);
      const verdict = judgeLease(existing, this.options.run, this.now(), status);
      if (verdict.live && !force) return { ok: false, holder: existing, reason: verdict.reason };
      if (existing.phase !== "done") {
        tookOver = verdict.live
          ? `took over from ${verdict.reason} (on-conflict: takeover)`
          : `took over a stale lease: ${verdict.reason}`;
        logger.info(`Status comment lease: ${tookOver}`);
      }
      this.state.session = existing.session;
    }
    const previous = existing?.session;

    if (this.commentId === undefined) {
      const created = await github.createComment(this.options.issueNumber, this.body());
      this.commentId = created.id;
      logger.info(`Status comment: ${created.url}`);
      // Two runs that both found no comment each created one: the oldest comment wins.
      const rival = (await github.listIssueComments(this.options.issueNumber)).find(
        (comment) => isStatusComment(comment.body) && comment.id < created.id,
      );
      if (rival && !force) {
        await github.deleteComment(created.id).catch(() => {});
        this.commentId = undefined;
        const holder = parseState(rival.body);
        if (holder && holder.phase !== "done") {
          return { ok: false, holder, reason: `run ${holder.runId} started at the same moment` };
        }
        this.commentId = rival.id;
        this.state.session = holder?.session;
        await github.updateComment(rival.id, this.body());
      }
    } else {
      await github.updateComment(this.commentId, this.body());
    }

    // A concurrent run may have written between our read and our write: the last write wins,
    // and the loser sees the winner's holder id once both writes have landed.
    await sleep(this.options.settleMs ?? 1000);
    const current = await github.getComment(this.commentId!);
    const winner = current ? parseState(current.body) : undefined;
    if (winner && winner.holder !== this.state.holder && !force) {
      this.lost = true;
      return { ok: false, holder: winner, reason: `run ${winner.runId} took the lease at the same moment` };
    }
    return { ok: true, previous, tookOver };
  }

  /** Stops all writes: the comment could not be written, so the run goes on without a lease. */
  disable(): void {
    this.lost = true;
    this.stopHeartbeat();
  }

  get id(): number | undefined {
    return this.commentId;
  }

  get holderState(): LeaseState {
    return this.state;
  }

  /** Refreshes the comment every heartbeat interval until `finish`. */
  startHeartbeat(): void {
    this.timer = setInterval(() => void this.write(this.visibleBody, {}), this.options.heartbeatMs);
    this.timer.unref();
  }

  stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Rewrites the comment with a new visible body and state (a phase change). */
  update(body: string, patch: Partial<LeaseState>): Promise<void> {
    return this.write(body, patch);
  }

  /** Ends the lease: the final comment, state and the session summary for the next run. */
  async finish(body: string, patch: Partial<LeaseState>): Promise<void> {
    this.stopHeartbeat();
    await this.write(body, { ...patch, phase: "done" });
  }

  private body(): string {
    return `${this.visibleBody.trimEnd()}\n\n${renderState(this.state)}\n`;
  }

  /** Serialised writes; each checks first that the comment still carries this run's lease. */
  private write(body: string, patch: Partial<LeaseState>): Promise<void> {
    this.visibleBody = body;
    Object.assign(this.state, patch);
    this.queue = this.queue.then(async () => {
      if (this.lost || this.commentId === undefined) return;
      const { github, logger } = this.options;
      try {
        const current = await github.getComment(this.commentId);
        const holder = current ? parseState(current.body) : undefined;
        if (holder && holder.holder !== this.state.holder) {
          this.lost = true;
          logger.warning(`Run ${holder.runId} took over the status comment; this run stops updating it`);
          return;
        }
        this.state.heartbeatAt = new Date(this.now()).toISOString();
        if (current) await github.updateComment(this.commentId, this.body());
        else this.commentId = (await github.createComment(this.options.issueNumber, this.body())).id;
      } catch (error) {
        logger.warning(`Could not update the status comment: ${errorMessage(error)}`);
      }
    });
    return this.queue;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
