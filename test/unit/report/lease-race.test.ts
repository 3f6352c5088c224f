// The lease against a real git remote (a local bare repository), with runs racing for it in
// every order of their lease steps: whatever the order, at most one run holds the lease, and a
// run that lost it can push nothing.
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Git, type GitAuth } from "../../../src/core/git.js";
import { type GitHubPort, type Logger, quietLogger } from "../../../src/core/ports.js";
import {
  type Acquired,
  Lease,
  LeaseLostError,
  type LeaseState,
  STATE_SCHEMA_VERSION,
  toLeaseState,
} from "../../../src/core/report/lease.js";
import { GitLeaseStore, leasePushArgs, leaseRef } from "../../../src/core/report/lease-store.js";
import { createOctokitGitHub } from "../../../src/github/octokit-github.js";
import { git as rigGit } from "../../rig/git-server.js";
import { type GitHubStandIn, startGitHubStandIn } from "../../rig/github-stand-in.js";
import { interleavings, SteppedLeaseStore, StepSchedule } from "../../rig/lease-steps.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

const TOKEN = "ghs_leaseRaceTest0123456789abcdefABCDEF";
const AUTH: GitAuth = { serverUrl: "http://127.0.0.1:9", token: TOKEN };
const HEARTBEAT_MS = 60_000;

let standIn: GitHubStandIn;
let github: GitHubPort;
let root: string;
let remote: string;
let issueNumber = 0;

const recordingLogger = (lines: string[] = []): Logger =>
  quietLogger({
    info: (message) => lines.push(message),
    warning: (message) => lines.push(`warning: ${message}`),
    error: (message) => lines.push(`error: ${message}`),
  });

/** PATH, and a HOME without any git configuration: nothing else of the test's environment. */
function gitEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: root };
}

/** A repository of one run's own (each run on its own machine), with git as the action runs it. */
async function runRepository(name: string): Promise<Git> {
  const dir = path.join(root, `${issueNumber}-${name}`);
  await rigGit(["init", "--quiet", dir]);
  return new Git(dir, gitEnv());
}

/** What a test opened that keeps a scratch repository or a heartbeat: closed after each test. */
const opened: Array<{ close(): Promise<void> }> = [];

/** A store on the remote, closed after the test. */
async function leaseStore(name: string): Promise<GitLeaseStore> {
  const store = new GitLeaseStore({
    git: await runRepository(name),
    remoteUrl: remote,
    auth: AUTH,
    issueNumber,
  });
  opened.push(store);
  return store;
}

interface Racer {
  name: string;
  lease: Lease;
  git: Git;
  logs: string[];
  store: GitLeaseStore;
}

async function racer(
  name: string,
  schedule: StepSchedule | undefined,
  runId: string,
  comment = false,
): Promise<Racer> {
  const git = await runRepository(name);
  const store = new GitLeaseStore({ git, remoteUrl: remote, auth: AUTH, issueNumber });
  const logs: string[] = [];
  const lease = new Lease({
    store: schedule ? new SteppedLeaseStore(store, name, schedule) : store,
    github,
    issueNumber,
    logger: recordingLogger(logs),
    run: { runId, runAttempt: "1", runUrl: `https://github.example/octo/widgets/actions/runs/${runId}` },
    heartbeatMs: HEARTBEAT_MS,
    hold: true,
    comment,
  });
  opened.push(lease);
  return { name, lease, git, logs, store };
}

/** The lease as the remote holds it. */
async function remoteLease(): Promise<LeaseState | undefined> {
  const probe = await leaseStore("probe");
  return toLeaseState((await probe.read())?.state);
}

/** Puts a lease on the remote as an earlier run left it. */
async function seedLease(patch: Partial<LeaseState>): Promise<void> {
  const store = await leaseStore("seed");
  const state: LeaseState = {
    v: STATE_SCHEMA_VERSION,
    holder: "earlier-run",
    runId: "100",
    runAttempt: "1",
    phase: "running",
    startedAt: new Date().toISOString(),
    heartbeatAt: new Date().toISOString(),
    heartbeatSeconds: 60,
    ...patch,
  };
  expect(await store.swap(undefined, await store.commit(state))).toBe(true);
}

/**
 * Which racers still hold the lease once each has written to it again (as a run does when its
 * agent starts): a run that believed it held the lease learns at that write that it does not.
 */
async function holdersAfterAWrite(racers: Racer[]): Promise<string[]> {
  for (const r of racers) await r.lease.update("<!-- agent-task:status -->", { phase: "running" });
  return racers
    .filter((r) => {
      try {
        r.lease.assertHeld();
        return true;
      } catch {
        return false;
      }
    })
    .map((r) => r.name);
}

/** Acquires for both racers at once in the order of `schedule`; returns what each got. */
async function race(schedule: StepSchedule, racers: Racer[], force: boolean): Promise<Acquired[]> {
  return Promise.all(
    racers.map(async (r) => {
      try {
        return await r.lease.acquire("<!-- agent-task:status -->", force);
      } finally {
        schedule.finished(r.name);
      }
    }),
  );
}

beforeAll(async () => {
  standIn = await startGitHubStandIn({ token: TOKEN });
  standIn.addRepo({ owner: "octo", name: "widgets" });
  github = createOctokitGitHub({
    token: TOKEN,
    apiUrl: standIn.url,
    owner: "octo",
    repo: "widgets",
    logger: recordingLogger(),
  });
  root = (await makeTempDir("lease-race")).path;
  remote = path.join(root, "remote.git");
  await rigGit(["init", "--quiet", "--bare", remote]);
});

afterAll(async () => {
  standIn.assertAllRequestsValid();
  await standIn.close();
  await removeAllTempDirs();
});

beforeEach(() => {
  issueNumber++;
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.close()));
});

const ACQUIRE_ORDERS = interleavings(["A:read", "A:swap"], ["B:read", "B:swap"]);

describe("two runs acquiring one issue's lease, in every order of their steps", () => {
  it("covers all six orders", () => {
    expect(new Set(ACQUIRE_ORDERS.map((order) => order.join(" "))).size).toBe(6);
  });

  const starts: Array<[string, () => Promise<void>]> = [
    ["no lease yet", async () => {}],
    ["the last run's finished lease", () => seedLease({ phase: "done", outcome: "pr-opened" })],
    [
      "a lease whose heartbeat stopped",
      () => seedLease({ heartbeatAt: new Date(Date.now() - 3_600_000).toISOString() }),
    ],
  ];

  describe.each(starts)("from %s", (_, seed) => {
    it.each(ACQUIRE_ORDERS.map((order) => [order.join(" → "), order] as const))(
      "%s: exactly one holds it, and the other names it",
      async (_, order) => {
        await seed();
        const schedule = new StepSchedule([...order]);
        const racers = [await racer("A", schedule, "201"), await racer("B", schedule, "202")];
        const results = await race(schedule, racers, false);

        const winners = results.flatMap((result, i) => (result.ok ? [racers[i]!] : []));
        expect(winners, schedule.log.join(" ")).toHaveLength(1);
        const winner = winners[0]!;
        const loser = results.find((result) => !result.ok);
        expect(loser && !loser.ok && loser.holder.runId).toBe(winner.name === "A" ? "201" : "202");
        expect(loser && !loser.ok && loser.reason).toContain(winner.name === "A" ? "201" : "202");
        expect(await remoteLease()).toMatchObject({ runId: winner.name === "A" ? "201" : "202" });
        expect(await holdersAfterAWrite(racers.filter((_, i) => results[i]!.ok))).toEqual([winner.name]);
        // Every order was really taken as scheduled.
        expect(schedule.log.filter((step) => !step.endsWith("*")).slice(0, 2)).toEqual(order.slice(0, 2));
      },
    );
  });

  it.each(ACQUIRE_ORDERS.map((order) => [order.join(" → "), order] as const))(
    "both taking over a live run (on-conflict: takeover), %s: exactly one holds it",
    async (_, order) => {
      await seedLease({ holder: "live-run", runId: "300" });
      const schedule = new StepSchedule([...order]);
      const racers = [await racer("A", schedule, "301"), await racer("B", schedule, "302")];
      const results = await race(schedule, racers, true);
      // A run that reads after the other took over takes over from it in turn (that is what it
      // was told to do); the first then loses the lease at its next write, before publishing.
      const holders = await holdersAfterAWrite(racers.filter((_, i) => results[i]!.ok));
      expect(holders, schedule.log.join(" ")).toHaveLength(1);
      expect(await remoteLease()).toMatchObject({ runId: holders[0] === "A" ? "301" : "302" });
      expect(results.some((result) => result.ok && /run 300/.test(result.tookOver ?? ""))).toBe(true);
    },
  );
});

describe("the first runs on an issue, with a status comment", () => {
  it.each(ACQUIRE_ORDERS.map((order) => [order.join(" → "), order] as const))(
    "%s: each makes its comment before its swap; one comment is left, the one the lease names",
    async (_, order) => {
      // An issue on the stand-in whose number no earlier test's lease used.
      let number = 0;
      while (number < issueNumber) number = standIn.addIssue("octo", "widgets", { title: "Race" }).number;
      issueNumber = number;
      const schedule = new StepSchedule([...order]);
      const racers = [await racer("A", schedule, "701", true), await racer("B", schedule, "702", true)];
      const results = await race(schedule, racers, false);

      expect(
        results.filter((result) => result.ok),
        schedule.log.join(" "),
      ).toHaveLength(1);
      const comments = standIn.comments("octo", "widgets", number);
      expect(comments, schedule.log.join(" ")).toHaveLength(1);
      // The lease named the comment from its first write: no second write was needed for it.
      expect(await remoteLease()).toMatchObject({ commentId: comments[0]!.id, phase: "preparing" });
      const winner = results[0]!.ok ? racers[0]! : racers[1]!;
      await winner.lease.announce("<!-- agent-task:status -->");
      expect(standIn.comments("octo", "widgets", number)).toHaveLength(1);
    },
  );
});

describe("a run whose lease is taken over while it works", () => {
  /**
   * A holds the lease and pushes its branch with it (`A:push`); B takes the lease over
   * (`B:read`, `B:swap`). The branch reaches the remote only when A's push came first.
   */
  const orders = interleavings(["A:push"], ["B:read", "B:swap"]);

  it.each(orders.map((order) => [order.join(" → "), order] as const))(
    "%s: A's branch is pushed only before the takeover, and A then learns who holds the issue",
    async (_, order) => {
      const schedule = new StepSchedule([...order]);
      const a = await racer("A", undefined, "401");
      expect((await a.lease.acquire("<!-- agent-task:status -->", false)).ok).toBe(true);
      const b = await racer("B", schedule, "402");
      const identity = ["-c", "user.name=Agent", "-c", "user.email=agent@example.invalid"];
      const emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
      const head = (await a.git.run([...identity, "commit-tree", emptyTree, "-m", "work"])).trim();
      const branch = `refs/heads/agent/issue-${issueNumber}`;

      const push = schedule.step("A:push", () =>
        a.lease.pushWith(async (update) => {
          const withLease = leasePushArgs(update!);
          await a.git.run(
            [
              "push",
              "--porcelain",
              "--atomic",
              ...withLease.options,
              remote,
              `${head}:${branch}`,
              withLease.refspec,
            ],
            { auth: AUTH },
          );
        }),
      );
      const takeover = b.lease
        .acquire("<!-- agent-task:status -->", true)
        .finally(() => schedule.finished("B"));
      const [pushed, taken] = await Promise.allSettled([push, takeover]);

      expect(taken).toMatchObject({ status: "fulfilled", value: { ok: true } });
      const branchOnRemote = await rigGit([
        "--git-dir",
        remote,
        "for-each-ref",
        "--format=%(objectname)",
        branch,
      ]);
      const pushedFirst = order.indexOf("A:push") < order.indexOf("B:swap");
      if (pushedFirst) {
        expect(pushed.status, schedule.log.join(" ")).toBe("fulfilled");
        expect(branchOnRemote).toBe(head);
      } else {
        expect(pushed.status, schedule.log.join(" ")).toBe("rejected");
        const error = (pushed as PromiseRejectedResult).reason;
        expect(error).toBeInstanceOf(LeaseLostError);
        expect(String(error.message)).toContain("run 402");
        expect(branchOnRemote).toBe("");
      }
      // Either way A holds the lease no more: its last write changes nothing and says who has it.
      await a.lease.finish("<!-- agent-task:status -->", { outcome: "pr-opened" });
      expect(await remoteLease()).toMatchObject({ runId: "402", phase: "preparing" });
      expect(() => a.lease.assertHeld()).toThrow(/run 402/);
      expect(a.logs.join("\n")).toMatch(
        /run 402 \(attempt 1, https:\/\/github\.example\/.*\/402\) took over/,
      );
    },
  );
});

describe("the ref and its commits", () => {
  it("lives outside refs/heads, and its commit's message is the state", async () => {
    const a = await racer("A", undefined, "501");
    expect((await a.lease.acquire("<!-- agent-task:status -->", false)).ok).toBe(true);
    const refs = await rigGit(["--git-dir", remote, "for-each-ref", "--format=%(refname)"]);
    expect(refs.split("\n")).toContain(leaseRef(issueNumber));
    expect(leaseRef(issueNumber)).toBe(`refs/agent-task/leases/issue-${issueNumber}`);
    expect(await remoteLease()).toMatchObject({ v: STATE_SCHEMA_VERSION, runId: "501", phase: "preparing" });
  });

  it("a lease this version cannot read is replaced, not obeyed", async () => {
    const store = await leaseStore("junk");
    const junk = (await store.commit({ not: "a lease" })).trim();
    expect(await store.swap(undefined, junk)).toBe(true);
    const a = await racer("A", undefined, "601");
    expect(await a.lease.acquire("<!-- agent-task:status -->", false)).toMatchObject({
      ok: true,
      tookOver: expect.stringMatching(/cannot read/),
    });
  });
});
