import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { errorMessage } from "../errors.js";
import type { Git, GitAuth } from "../git.js";
import type { Logger } from "../ports.js";
import { identityOptions } from "../publish/commit-identity.js";
import { classifyPushFailure, DEFAULT_PUSH_RETRY_DELAYS_MS } from "../publish/push-failure.js";
import type { RemoteRefs } from "../remote-refs.js";

/**
 * The issue's lease on the remote: a ref outside `refs/heads` (so no branch list, checkout or
 * workflow trigger sees it) pointing at a commit whose message is the lease's state.
 */
export function leaseRef(issueNumber: number): string {
  return `refs/agent-task/leases/issue-${issueNumber}`;
}

/** The lease as the remote holds it: the commit the ref points at, and the state in its message. */
export interface StoredLease {
  sha: string;
  /** Undefined when the commit's message is not a state this version reads. */
  state: unknown;
}

/**
 * Where the lease lives. Every change is a compare-and-swap on the server: it names the commit
 * it replaces, and fails when the ref is anywhere else.
 */
export interface LeaseStore {
  readonly ref: string;
  /** The lease as the remote holds it now; undefined when there is none. */
  read(): Promise<StoredLease | undefined>;
  /** Makes the commit holding `state`, locally; nobody sees it until it is swapped in. */
  commit(state: object): Promise<string>;
  /**
   * Moves the remote ref from `expected` (undefined: the ref must not exist yet) to `sha`.
   * False when the ref was not at `expected`: another run wrote it first.
   */
  swap(expected: string | undefined, sha: string): Promise<boolean>;
  /** Where the remote ref points now; undefined when it does not exist. */
  remoteSha(): Promise<string | undefined>;
  /** Removes what the store made on disk. */
  close?(): Promise<void>;
}

/** The tree of every lease commit: git knows the empty tree without storing it. */
const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

export interface GitLeaseStoreOptions {
  /**
   * The repository lease commits are made in: the checkout, so that the agent branch can be
   * pushed together with them.
   */
  git: Git;
  /** False when `git` is no git checkout (directory mode): commits go to the scratch repository. */
  inCheckout?: boolean;
  remoteUrl: string;
  auth: GitAuth;
  issueNumber: number;
  /** Where a push retried after a passing failure is reported. */
  logger?: Logger;
  /**
   * The remote's refs as the run listed them at its start (see listRemoteRefs): the first look at
   * the lease reads it there instead of asking the remote again.
   */
  listedAtStart?: Promise<RemoteRefs>;
  /** Waits between attempts of a push that failed for a passing reason; tests shorten them. */
  retryDelaysMs?: number[];
}

/**
 * The lease kept in a git ref. Creating it pushes with `--force-with-lease=<ref>:` (the ref must
 * not exist), renewing and taking over push with `--force-with-lease=<ref>:<old sha>`; the
 * server checks the old value under the ref's lock, so of two racing pushes exactly one lands.
 * https://git-scm.com/docs/git-push#Documentation/git-push.txt---force-with-leaseltrefnamegtltexpectgt
 * Nothing is written to the checkout but the lease's own commits (objects, no ref): another
 * run's lease is fetched into a scratch repository of the store's own, so runs sharing a
 * checkout never contend for git's lock files or trip over each other's worktrees.
 */
export class GitLeaseStore implements LeaseStore {
  readonly ref: string;
  private scratch: Promise<{ git: Git; dir: string }> | undefined;
  private listedAtStart: Promise<RemoteRefs> | undefined;

  constructor(private readonly options: GitLeaseStoreOptions) {
    this.ref = leaseRef(options.issueNumber);
    this.listedAtStart = options.listedAtStart;
  }

  private get inCheckout(): boolean {
    return this.options.inCheckout !== false;
  }

  async read(): Promise<StoredLease | undefined> {
    const sha = await this.remoteSha();
    if (!sha) return undefined;
    // This run's own commits are in the checkout; another run's are fetched into the scratch repository.
    let raw = this.inCheckout ? await this.options.git.tryRun(["cat-file", "commit", sha]) : undefined;
    if (raw === undefined) {
      const { git } = await this.scratchRepository();
      const { remoteUrl, auth } = this.options;
      const fetch = ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--no-auto-gc", remoteUrl];
      // GitHub serves any reachable commit by its id; the ref's name is the fallback.
      if ((await git.tryRun([...fetch, sha], { auth })) === undefined) {
        await git.run([...fetch, this.ref], { auth });
      }
      raw = await git.tryRun(["cat-file", "commit", sha]);
    }
    // The ref moved on between the listing and the fetch: the caller sees a lease it cannot read
    // and its next swap fails, which makes it read again.
    if (raw === undefined) return { sha, state: undefined };
    return { sha, state: parseLeaseMessage(raw) };
  }

  async commit(state: object): Promise<string> {
    const git = await this.commitRepository();
    // The message goes through stdin: it can be longer than one command-line argument may be.
    const input = renderLeaseMessage(state);
    return (await git.run([...identityOptions(), "commit-tree", EMPTY_TREE], { input })).trim();
  }

  async swap(expected: string | undefined, sha: string): Promise<boolean> {
    const { remoteUrl, auth, logger } = this.options;
    const git = await this.commitRepository();
    const { options, refspec } = leasePushArgs({ ref: this.ref, expected, sha });
    const delays = this.options.retryDelaysMs ?? DEFAULT_PUSH_RETRY_DELAYS_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await git.run(["push", "--porcelain", ...options, remoteUrl, refspec], { auth });
        return true;
      } catch (error) {
        // Rejected or not, the remote says how it ended: a push whose answer was lost may have
        // landed, and a ref that moved elsewhere means another run wrote first.
        const now = await this.remoteSha().then(
          (found) => ({ found }),
          () => undefined,
        );
        if (now?.found === sha) return true;
        if (now && now.found !== expected) return false;
        const message = errorMessage(error);
        if (classifyPushFailure(message) !== "transient" || attempt >= delays.length) throw error;
        const firstLine = message.trim().split("\n").slice(0, 4).join(" ").slice(0, 400);
        logger?.warning(`Push failed (${firstLine}); retrying in ${delays[attempt]! / 1000}s`);
        await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
      }
    }
  }

  async remoteSha(): Promise<string | undefined> {
    // The listing made at the start answers the first question only; later ones ask the remote.
    const listed = this.listedAtStart;
    this.listedAtStart = undefined;
    const found = await listed?.catch(() => undefined);
    if (found?.covers([this.ref])) return found.get(this.ref);
    const { remoteUrl, auth } = this.options;
    const git = await this.commitRepository();
    const listing = await git.run(["ls-remote", remoteUrl, this.ref], { auth });
    const line = listing.split("\n").find((entry) => entry.endsWith(`\t${this.ref}`));
    return line?.split("\t")[0] || undefined;
  }

  async close(): Promise<void> {
    const scratch = await this.scratch?.catch(() => undefined);
    if (scratch) await rm(scratch.dir, { recursive: true, force: true });
  }

  private async commitRepository(): Promise<Git> {
    return this.inCheckout ? this.options.git : (await this.scratchRepository()).git;
  }

  private scratchRepository(): Promise<{ git: Git; dir: string }> {
    this.scratch ??= (async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "agent-task-lease-repo-"));
      const git = this.options.git.at(dir);
      await git.run(["init", "--quiet", "--bare"]);
      return { git, dir };
    })();
    return this.scratch;
  }
}

/** One ref moved by a push only if it is where the pusher last saw it. */
export interface RefUpdate {
  ref: string;
  /** Where the ref must be now; undefined: it must not exist. */
  expected: string | undefined;
  sha: string;
}

/** The option and refspec that make `git push` move `update.ref` only from where it is expected. */
export function leasePushArgs(update: RefUpdate): { options: string[]; refspec: string } {
  return {
    options: [`--force-with-lease=${update.ref}:${update.expected ?? ""}`],
    refspec: `${update.sha}:${update.ref}`,
  };
}

const MESSAGE_SUBJECT = "agent-task lease";

/** A subject line for people who look at the ref, then the state as JSON. */
export function renderLeaseMessage(state: object): string {
  return `${MESSAGE_SUBJECT}\n\n${JSON.stringify(state)}\n`;
}

/** The state in a lease commit as `git cat-file commit` prints it; undefined when it is not JSON. */
export function parseLeaseMessage(rawCommit: string): unknown {
  const headerEnd = rawCommit.indexOf("\n\n");
  if (headerEnd === -1) return undefined;
  const message = rawCommit.slice(headerEnd + 2);
  const bodyStart = message.indexOf("\n\n");
  if (!message.startsWith(MESSAGE_SUBJECT) || bodyStart === -1) return undefined;
  try {
    return JSON.parse(message.slice(bodyStart + 2));
  } catch {
    return undefined;
  }
}
