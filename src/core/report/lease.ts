import { randomUUID } from "node:crypto";
import { errorMessage, TaskError } from "../errors.js";
import type { Outcome } from "../outcome.js";
import type { GitHubPort, Logger } from "../ports.js";
import type { ChangedFiles } from "../workspace/directory-snapshot.js";
import type { LeaseStore, RefUpdate } from "./lease-store.js";
import { type Phase, STATUS_MARKER } from "./status-comment.js";

export const STATE_SCHEMA_VERSION = 1;
const STATE_PREFIX = "<!-- agent-task:state ";
const STATE_SUFFIX = " -->";

/** What a finished run tells the next one (previous_session.md, the status comment). */
export interface SessionSummary {
  outcome: Outcome;
  /** When the run read the issue: anything posted later is news to the next run. */
  readAt?: string;
  finishedAt: string;
  /** The changed files, at most SESSION_FILES_LIMIT of them (see `changeCounts`). */
  changes?: ChangedFiles;
  /** How many files of each kind changed, when `changes` lists only the first ones. */
  changeCounts?: { added: number; modified: number; deleted: number };
  prNumber?: number;
  prUrl?: string;
  branch?: string;
  agentSummary?: string;
}

/**
 * The lease of the run working on the issue, versioned: what the lease ref's commit holds, and
 * what the status comment shows in its hidden last line (for people; runs never read it there).
 */
export interface LeaseState {
  v: number;
  /** Random per run: which run's lease this is. */
  holder: string;
  runId: string;
  runAttempt: string;
  runUrl?: string;
  phase: Phase;
  startedAt: string;
  heartbeatAt: string;
  heartbeatSeconds: number;
  /**
   * Live until then without heartbeats: the ref is not renewed while an agent that shares the
   * runner's user works (see Lease.agentStarts).
   */
  quietUntil?: string;
  headBefore?: string;
  headAfter?: string;
  outcome?: Outcome;
  /** The status comment the action keeps on the issue; only this comment is the action's own. */
  commentId?: number;
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
  const quiet = state.quietUntil !== undefined && now < Date.parse(state.quietUntil);
  if (!quiet && !(age < 3 * state.heartbeatSeconds * 1000)) {
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

/** A lease read from the store: a state of this schema with the fields a judgement needs, or undefined. */
export function toLeaseState(value: unknown): LeaseState | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const state = value as Partial<LeaseState>;
  const strings = [state.holder, state.runId, state.runAttempt, state.phase, state.heartbeatAt];
  if (state.v !== STATE_SCHEMA_VERSION || strings.some((field) => typeof field !== "string"))
    return undefined;
  if (typeof state.heartbeatSeconds !== "number") return undefined;
  return state as LeaseState;
}

/** At most this many changed files travel in a session summary (the lease and the comment stay small). */
export const SESSION_FILES_LIMIT = 100;

/** The session summary with its file lists cut to SESSION_FILES_LIMIT in all, and the counts kept. */
export function capSession(session: SessionSummary): SessionSummary {
  const { changes } = session;
  if (!changes) return session;
  const total = changes.added.length + changes.modified.length + changes.deleted.length;
  if (total <= SESSION_FILES_LIMIT) return session;
  let room = SESSION_FILES_LIMIT;
  const take = (files: string[]) => {
    const taken = files.slice(0, room);
    room -= taken.length;
    return taken;
  };
  return {
    ...session,
    changes: { added: take(changes.added), modified: take(changes.modified), deleted: take(changes.deleted) },
    changeCounts: {
      added: changes.added.length,
      modified: changes.modified.length,
      deleted: changes.deleted.length,
    },
  };
}

export type Acquired =
  | { ok: true; previous?: SessionSummary; tookOver?: string }
  | { ok: false; holder: LeaseState; reason: string };

/** This run no longer holds the issue's lease: another run took it over. Nothing more is published. */
export class LeaseLostError extends TaskError {
  override name = "LeaseLostError";
  constructor(
    issueNumber: number,
    readonly holder: LeaseState | undefined,
  ) {
    const who = holder
      ? `run ${holder.runId} (attempt ${holder.runAttempt}${holder.runUrl ? `, ${holder.runUrl}` : ""})`
      : "someone else";
    super(
      `${who} took over issue #${issueNumber} while this run was working, so this run stopped before publishing`,
    );
  }
}

export interface LeaseOptions {
  store: LeaseStore;
  github: GitHubPort;
  issueNumber: number;
  logger: Logger;
  run: { runId: string; runAttempt: string; runUrl?: string };
  heartbeatMs: number;
  /** False for a dry run: the lease is read (for the last session), never written. */
  hold: boolean;
  /** Whether the run keeps the status comment (`comment: true`, not a dry run). */
  comment: boolean;
  now?: () => number;
}

/** How often acquiring reads and swaps again when other runs keep writing the lease first. */
const MAX_ACQUIRE_ATTEMPTS = 5;

/**
 * The issue's lease: one run at a time works on an issue. It lives in a git ref on the remote
 * (see GitLeaseStore), and every write is a compare-and-swap there: acquiring, each heartbeat,
 * the push of the agent branch (in the same atomic push) and the final write. A run whose swap
 * fails has lost the lease: it stops writing and publishes nothing.
 *
 * The status comment is the lease's face for people. Its id is kept in the lease, and only that
 * comment is ever read or edited as the action's own: a comment by anyone else that carries the
 * marker is ignored. The last session (previous_session.md) comes from the lease alone.
 */
export class Lease {
  private readonly state: LeaseState;
  /** The lease commit this run last put on the remote, while it holds the lease. */
  private current: string | undefined;
  private held = false;
  private lost: LeaseLostError | undefined;
  private commentId: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private pendingWrites = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Heartbeats refresh the comment only, without a git process (see agentStarts). */
  private quiet = false;
  /** The body the comment got when it was made while acquiring (see announce). */
  private announced: string | undefined;
  /** The visible part of the comment, as last rendered; the heartbeat rewrites it unchanged. */
  private visibleBody = STATUS_MARKER;

  constructor(private readonly options: LeaseOptions) {
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
   * Takes the lease unless another live run holds it (or `force`: then it takes over the run it
   * found, but not a run that wrote the lease after that). Returns what the last run left for
   * this one, or who holds the lease.
   */
  async acquire(body: string, force: boolean): Promise<Acquired> {
    this.visibleBody = body;
    const { store, logger, issueNumber } = this.options;
    let firstHolder: string | undefined;
    for (let attempt = 1; ; attempt++) {
      const found = await store.read();
      const existing = toLeaseState(found?.state);
      this.state.session = existing?.session;
      this.commentId = existing?.commentId;
      if (!this.options.hold) return { ok: true, previous: existing?.session };

      let tookOver: string | undefined;
      if (found && !existing) {
        tookOver = "replaced a lease this version cannot read";
      } else if (existing && existing.phase !== "done") {
        if (attempt === 1) firstHolder = existing.holder;
        const verdict = await this.judge(existing);
        const forced = force && existing.holder === firstHolder;
        if (verdict.live && !forced) return { ok: false, holder: existing, reason: verdict.reason };
        tookOver = verdict.live
          ? `took over from ${verdict.reason} (on-conflict: takeover)`
          : `took over a stale lease: ${verdict.reason}`;
      }
      // The first run on an issue (no lease yet, so no comment) makes its status comment before
      // it swaps the lease in, which then names the comment from its first write. A new comment
      // is nobody else's; a run that does not win the swap deletes it again.
      const created = !found && this.options.comment ? await this.createCommentOrWarn() : undefined;
      this.state.heartbeatAt = new Date(this.now()).toISOString();
      this.state.commentId = this.commentId;
      const sha = await store.commit(this.state);
      if (await store.swap(found?.sha, sha)) {
        this.current = sha;
        this.held = true;
        this.announced = created !== undefined ? body : undefined;
        logger.info(`Holding the lease of issue #${issueNumber} (${store.ref})`);
        if (tookOver) logger.info(`Lease: ${tookOver}`);
        return { ok: true, previous: existing?.session, tookOver };
      }
      if (created !== undefined) await this.options.github.deleteComment(created).catch(() => {});
      if (attempt >= MAX_ACQUIRE_ATTEMPTS) {
        throw new TaskError(
          `the lease of issue #${issueNumber} changed under this run ${attempt} times in a row`,
        );
      }
      logger.debug(`Another run wrote the lease of issue #${issueNumber} first; reading it again`);
    }
  }

  /**
   * Shows in the status comment that this run holds the issue, with `body`: a comment made while
   * acquiring already says so; otherwise the run's comment is edited, or made and named in the
   * lease. The lease is not renewed for this alone.
   */
  announce(body: string): Promise<void> {
    if (this.announced === body) return Promise.resolve();
    return this.writeSteps(body, {}, { renew: false }).done;
  }

  /** Whether a lease held by another run is still live; the workflow run's status is asked only then. */
  private async judge(existing: LeaseState): Promise<LeaseVerdict> {
    const byHeartbeat = judgeLease(existing, this.options.run, this.now(), undefined);
    if (!byHeartbeat.live) return byHeartbeat;
    const status = await this.options.github.getWorkflowRunStatus(existing.runId);
    return judgeLease(existing, this.options.run, this.now(), status);
  }

  /** Goes on without a lease: it could not be taken (the ref could not be read or written). */
  disable(): void {
    this.held = false;
    this.stopHeartbeat();
  }

  /** Throws when another run took the lease over: nothing more may be published. */
  assertHeld(): void {
    if (this.lost) throw this.lost;
  }

  /** Renews the lease (and refreshes the comment) every heartbeat interval until `finish`. */
  startHeartbeat(): void {
    this.timer = setInterval(() => {
      // A beat still on its way is not doubled.
      if (this.pendingWrites === 0) void this.write(this.visibleBody, {}, { heartbeat: true });
    }, this.options.heartbeatMs);
    this.timer.unref();
  }

  /**
   * Says that the agent runs; resolves when it may start: every write queued before this one is
   * done (the lease names the status comment). The comment is edited as the agent starts.
   *
   * With a user of its own, the agent cannot read this process's children, and the next heartbeat
   * renews the lease as usual: the ref is not pushed for the phase alone (it decides nothing, see
   * judgeLease). An agent that shares the runner's user could read the token in a lease push's
   * environment (/proc/<pid>/environ): `quietUntilMs` is then given, the lease is written now,
   * declared live until then without renewals, and heartbeats refresh only the comment, through
   * the API in this process, until `loudHeartbeats`. Another run still judges the lease by the
   * workflow run's status meanwhile.
   */
  async agentStarts(body: string, patch: Partial<LeaseState>, quietUntilMs?: number): Promise<void> {
    const quiet = quietUntilMs !== undefined;
    const until = quiet ? { quietUntil: new Date(quietUntilMs).toISOString() } : {};
    await this.writeSteps(body, { ...patch, ...until }, { renew: quiet }).leased;
    this.quiet = quiet;
  }

  /** Heartbeats renew the lease again (the agent is gone); the next write drops `quietUntil`. */
  loudHeartbeats(): void {
    this.quiet = false;
    delete this.state.quietUntil;
  }

  stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stops the heartbeat and, once the writes under way are done, releases the store. */
  async close(): Promise<void> {
    this.stopHeartbeat();
    await this.queue;
    await this.options.store.close?.();
  }

  /** Rewrites the lease and the comment with a new visible body and state (a phase change). */
  update(body: string, patch: Partial<LeaseState>): Promise<void> {
    return this.write(body, patch);
  }

  /** Ends the lease: the final comment, state and the session summary for the next run. */
  async finish(body: string, patch: Partial<LeaseState>): Promise<void> {
    this.stopHeartbeat();
    // The comment is edited while the lease is swapped, not after: the atomic push of the branch
    // has just shown that this run holds the lease, and a run that took it over since writes the
    // comment again itself (its own phases, its finish).
    await this.writeSteps(body, { ...patch, phase: "done" }, { together: true }).done;
  }

  /**
   * Runs a push of the agent branch that also moves the lease (`--atomic`): if another run took
   * the lease over, the whole push is refused and this throws LeaseLostError. Without a lease
   * (a dry run, or none could be taken) `push` gets no lease update. Heartbeats wait meanwhile.
   */
  pushWith<T>(push: (lease: RefUpdate | undefined) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      if (this.lost) throw this.lost;
      if (!this.held) return push(undefined);
      const { store } = this.options;
      const next = this.nextState({ phase: "publishing" });
      const sha = await store.commit(next);
      try {
        const result = await push({ ref: store.ref, expected: this.current, sha });
        this.current = sha;
        return result;
      } catch (error) {
        const now = await store.remoteSha().catch(() => this.current);
        if (now === sha) this.current = sha;
        else if (now !== this.current) throw await this.markLost();
        throw error;
      }
    });
  }

  private write(body: string, patch: Partial<LeaseState>, how: { heartbeat?: boolean } = {}): Promise<void> {
    return this.writeSteps(body, patch, how).done;
  }

  /**
   * Writes the state and the comment, in two steps of the queue. `leased`: the lease part is done
   * (a comment made now is named in the lease; with `renew`, the default, the lease is renewed).
   * `done`: the comment is edited too. `renew: false` leaves the ref as it is, unless the comment
   * had to be made now; `together` edits the comment while the lease is renewed (see finish).
   */
  private writeSteps(
    body: string,
    patch: Partial<LeaseState>,
    how: { heartbeat?: boolean; renew?: boolean; together?: boolean },
  ): { leased: Promise<void>; done: Promise<void> } {
    this.visibleBody = body;
    Object.assign(this.state, patch);
    if (this.state.session) this.state.session = capSession(this.state.session);
    const { github, logger } = this.options;
    const comment = this.options.comment;
    let created: number | undefined;
    let edit = false;
    const editOrWarn = () =>
      this.editComment().catch((error) =>
        logger.warning(`Could not update the status comment: ${errorMessage(error)}`),
      );
    const leased = this.enqueue(async () => {
      if (this.lost) return;
      // A new comment is nobody else's, so it is made before the lease records its id; an
      // existing one is edited once the lease is known to be this run's (the last swap).
      if (comment && this.commentId === undefined) created = await this.createCommentOrWarn();
      edit = comment && created === undefined && this.commentId !== undefined;
      const renew = how.renew !== false || created !== undefined;
      if (!renew || !this.held || (how.heartbeat && this.quiet)) return;
      const renewing = this.renew().catch((error) => {
        // The lease could not be written (the network, the token): it still holds until it is
        // stale, and the comment still says what happened.
        logger.warning(`Could not renew the issue's lease: ${errorMessage(error)}`);
        return true;
      });
      const editing = how.together && edit ? editOrWarn() : undefined;
      if (editing) edit = false;
      const held = await renewing;
      await editing;
      if (held) return;
      edit = false;
      if (created !== undefined) await github.deleteComment(created).catch(() => {});
    });
    const done = this.enqueue(async () => {
      if (edit && !this.lost) await editOrWarn();
    });
    return { leased, done };
  }

  /** Moves the lease on from this run's last commit; false (and the lease is lost) when it was elsewhere. */
  private async renew(): Promise<boolean> {
    const { store } = this.options;
    const sha = await store.commit(this.nextState({}));
    if (await store.swap(this.current, sha)) {
      this.current = sha;
      return true;
    }
    await this.markLost();
    return false;
  }

  private nextState(patch: Partial<LeaseState>): LeaseState {
    this.state.heartbeatAt = new Date(this.now()).toISOString();
    this.state.commentId = this.commentId;
    return { ...this.state, ...patch };
  }

  private async markLost(): Promise<LeaseLostError> {
    const { store, logger, issueNumber } = this.options;
    const holder = toLeaseState((await store.read().catch(() => undefined))?.state);
    this.lost = new LeaseLostError(issueNumber, holder?.holder === this.state.holder ? undefined : holder);
    this.held = false;
    this.stopHeartbeat();
    logger.warning(this.lost.message);
    return this.lost;
  }

  private createCommentOrWarn(): Promise<number | undefined> {
    return this.createComment().catch((error) => {
      this.options.logger.warning(`Could not update the status comment: ${errorMessage(error)}`);
      return undefined;
    });
  }

  private async createComment(): Promise<number> {
    const created = await this.options.github.createComment(this.options.issueNumber, this.commentBody());
    this.options.logger.info(`Status comment: ${created.url}`);
    this.commentId = created.id;
    return created.id;
  }

  private async editComment(): Promise<void> {
    try {
      await this.options.github.updateComment(this.commentId!, this.commentBody());
    } catch (error) {
      // Someone deleted the comment: the run makes a new one (recorded at the next lease write).
      if (statusOf(error) !== 404) throw error;
      await this.createComment();
    }
  }

  private commentBody(): string {
    return `${this.visibleBody.trimEnd()}\n\n${renderState(this.state)}\n`;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.pendingWrites++;
    const run = this.queue.then(task).finally(() => {
      this.pendingWrites--;
    });
    this.queue = run.catch(() => {});
    return run;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

/** The HTTP status of an API error, also when it is wrapped (the GitHub port adds a readable message). */
function statusOf(error: unknown): number | undefined {
  for (let e = error as { status?: number; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.status === "number") return e.status;
  }
  return undefined;
}
