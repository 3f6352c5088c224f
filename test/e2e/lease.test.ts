// The issue's status comment is also its lease: one run at a time works on an issue. Its hidden
// state says who holds it and since when; a run refreshes it every heartbeat; a second run skips,
// fails or takes over; a lease whose run died (no heartbeat for three intervals, or a workflow run
// that is no longer in progress) is taken over.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toLeaseState } from "../../src/core/report/lease.js";
import { leaseRef, parseLeaseMessage } from "../../src/core/report/lease-store.js";
import type { ActionRun } from "../rig/action-runner.js";
import { git } from "../rig/git-server.js";
import {
  fixtureAgent,
  hiddenState,
  killProcessesWithEnv,
  pathExists,
  type Scenario,
  type StartedRun,
  sleep,
  useScenario,
  waitFor,
} from "./scenario.js";

let scenario: Scenario;
useScenario((started) => {
  scenario = started;
});

function pullsOf(issue: number) {
  return scenario.github
    .pulls(scenario.owner, scenario.repo)
    .filter((pull) => new RegExp(`^Closes #${issue}$`, "m").test(pull.body ?? ""));
}

function statusOf(issue: number) {
  const comments = scenario.statusComments(issue);
  expect(comments, "one status comment").toHaveLength(1);
  return comments[0]!;
}

function errors(main: ActionRun): string {
  return main.annotations
    .filter((a) => a.level === "error")
    .map((a) => a.message)
    .join("\n");
}

/** The runs (by run id) whose agent started, from the markers sleep-then-write.mjs leaves. */
async function runsWhoseAgentStarted(issue: number): Promise<string[]> {
  const started: string[] = [];
  for (const root of await scenario.environments(issue)) {
    if (await pathExists(path.join(root, "output", "started.json"))) {
      started.push(/^issue-\d+-(\d+)-/.exec(path.basename(root))![1]!);
    }
  }
  return started.sort();
}

/** The lease of `issue` as the remote holds it now. */
async function remoteLease(issue: number) {
  const bare = scenario.git.bareDir(scenario.owner, scenario.repo);
  return toLeaseState(
    parseLeaseMessage(await git(["--git-dir", bare, "cat-file", "commit", leaseRef(issue)])),
  );
}

/** Starts a run whose agent waits for `go` (or is killed). */
function startBusyRun(issue: number, inputs: Record<string, string> = {}, file = "busy.txt=x"): StartedRun {
  return scenario.startRun({
    issueNumber: issue,
    inputs: { "agent-command": fixtureAgent("sleep-then-write.mjs", "forever", file), ...inputs },
  });
}

/** SIGKILLs a run's main step once its agent works, and the agent it leaves behind; returns its run id. */
async function killMidAgent(issue: number, inputs: Record<string, string>): Promise<string> {
  const run = startBusyRun(issue, inputs);
  try {
    await run.agentStarted();
    // The comment is edited as the agent starts, not before: it is killed once it says so.
    await waitFor(() => {
      const [found] = scenario.statusComments(issue);
      return found && hiddenState(found.body)?.phase === "running";
    }, "the status comment to show the running phase");
    run.kill("SIGKILL");
    const { main } = await run.done;
    expect(main.signal, main.log).toBe("SIGKILL");
  } finally {
    // The agent runs in a process group of its own, which the runner would tear down with the job.
    await killProcessesWithEnv("AGENT_TASK_ID", path.basename(run.envRoot));
  }
  return run.runId;
}

describe("two runs started at the same moment on one issue", () => {
  /**
   * Starts two runs at once whose agents wait for `go`. The one that loses the lease ends on its own
   * while the winner's agent is held, so the race needs no timing: the test waits until one run
   * has ended (or, if the lease failed, both agents started), then lets the winner's agent go.
   */
  async function race(issue: number): Promise<{ winner: ActionRun; loser: ActionRun; runIds: string[] }> {
    const runs = [startBusyRun(issue), startBusyRun(issue)];
    const runIds = runs.map((run) => run.runId);
    const agentsOfRace = async () =>
      (await runsWhoseAgentStarted(issue)).filter((runId) => runIds.includes(runId));
    try {
      await waitFor(
        async () => runs.some((run) => run.finished) || (await agentsOfRace()).length === 2,
        "one run to end, or both agents to start",
      );
      expect((await agentsOfRace()).length, "agents working at once").toBeLessThanOrEqual(1);
      await runs.find((run) => !run.finished)?.agentStarted();
    } finally {
      await Promise.all(runs.map((run) => run.release()));
    }
    const results = await Promise.all(runs.map((run) => run.done));
    for (const { main } of results) expect(main.exitCode, main.log).toBe(0);
    const skipped = results.filter(({ main }) => main.outputs.outcome === "skipped");
    expect(skipped, results.map(({ main }) => main.log).join("\n----\n")).toHaveLength(1);
    const winner = results.find(({ main }) => main.outputs.outcome !== "skipped")!.main;
    return { winner, loser: skipped[0]!.main, runIds };
  }

  it("with no status comment yet: exactly one runs the agent, the other skips", async () => {
    const issue = scenario.addIssue("Raced from the start");
    const { winner, loser, runIds } = await race(issue);
    expect(winner.outputs.outcome).toBe("pr-opened");
    const winnerId = winner.env.GITHUB_RUN_ID!;
    const loserId = loser.env.GITHUB_RUN_ID!;
    expect(runIds.sort()).toEqual([winnerId, loserId].sort());

    expect(await runsWhoseAgentStarted(issue)).toEqual([winnerId]);
    expect(await pathExists(scenario.envRoot(loserId, issue))).toBe(false);
    expect(loser.outputs["exit-code"]).toBe("");
    expect(loser.log).toContain(winnerId);

    expect(pullsOf(issue)).toHaveLength(1);
    const state = hiddenState(statusOf(issue).body);
    expect(state).toMatchObject({ runId: winnerId, phase: "done", outcome: "pr-opened" });
  });

  it("with the last run's finished status comment: again exactly one runs the agent", async () => {
    const issue = scenario.addIssue("Raced after a finished run");
    const earlier = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("write-files.mjs", "earlier.txt=x") },
    });
    expect(earlier.main.outputs.outcome, earlier.main.log).toBe("pr-opened");
    expect(hiddenState(statusOf(issue).body)).toMatchObject({ phase: "done" });
    const before = await runsWhoseAgentStarted(issue);
    const { winner, loser } = await race(issue);
    expect(winner.outputs.outcome).toBe("pr-updated");
    const winnerId = winner.env.GITHUB_RUN_ID!;
    const loserId = loser.env.GITHUB_RUN_ID!;

    expect(await runsWhoseAgentStarted(issue)).toEqual([...before, winnerId].sort());
    expect(await pathExists(scenario.envRoot(loserId, issue))).toBe(false);
    expect(loser.log).toContain(winnerId);

    expect(pullsOf(issue)).toHaveLength(1);
    const state = hiddenState(statusOf(issue).body);
    expect(state).toMatchObject({ runId: winnerId, phase: "done", outcome: "pr-updated" });
  });

  it("on-conflict: fail fails the second run with a message naming the run that holds the issue", async () => {
    const issue = scenario.addIssue("Held by a working run");
    const holder = startBusyRun(issue);
    const holderId = holder.runId;
    const secondId = scenario.newRunId();
    try {
      await holder.agentStarted();
      const { main: second, post } = await scenario.run({
        issueNumber: issue,
        runId: secondId,
        inputs: { "on-conflict": "fail", "agent-command": fixtureAgent("write-files.mjs", "second.txt=x") },
      });
      expect(second.exitCode, second.log).toBe(1);
      expect(post.exitCode).toBe(0);
      expect(errors(second)).toContain(holderId);
      expect(second.outputs["exit-code"]).toBe("");
      expect(await pathExists(scenario.envRoot(secondId, issue))).toBe(false);
      expect(hiddenState(statusOf(issue).body)).toMatchObject({ runId: holderId, phase: "running" });
    } finally {
      await holder.release();
    }
    const { main } = await holder.done;
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome, main.log).toBe("pr-opened");
    expect(hiddenState(statusOf(issue).body)).toMatchObject({ runId: holderId, phase: "done" });
  });
});

describe("a lease whose run died", () => {
  it("a run SIGKILLed mid-agent: once its heartbeat is three intervals old, the next run takes over", async () => {
    const issue = scenario.addIssue("Abandoned by a killed run");
    const killedId = await killMidAgent(issue, { "heartbeat-seconds": "1" });
    const killedAt = Date.now();
    const held = hiddenState(statusOf(issue).body);
    expect(held).toMatchObject({ runId: killedId, phase: "running", heartbeatSeconds: 1 });

    // Stale after three heartbeat intervals without a beat. The lease itself (a git ref) may have
    // been renewed after the comment's copy was written, up to the moment the run was killed.
    const staleAt = Math.max(Date.parse(held!.heartbeatAt), killedAt) + 3 * 1000;
    await sleep(Math.max(0, staleAt - Date.now()) + 500);

    const nextId = scenario.newRunId();
    const { main } = await scenario.run({
      issueNumber: issue,
      runId: nextId,
      inputs: {
        "heartbeat-seconds": "1",
        "agent-command": fixtureAgent("write-files.mjs", "taken.txt=over"),
      },
    });
    expect(main.exitCode, main.log).toBe(0);
    // The killed run's lease named its comment: the next run edits it rather than making another.
    expect(scenario.statusComments(issue)).toHaveLength(1);
    const status = statusOf(issue).body;
    expect(status).toMatch(/took over/i);
    expect(hiddenState(status)).toMatchObject({ runId: nextId, phase: "done" });
    // The dead run's environment is still there (keep-env: on-failure); the work still goes to the PR.
    expect(main.outputs.outcome, main.log).toBe("pr-opened");
    expect(main.outputs.branch).toBe(`agent/custom/issue-${issue}`);
    expect(pullsOf(issue)).toHaveLength(1);
    expect(hiddenState(status)).toMatchObject({ outcome: "pr-opened" });
  });

  it("a fresh lease whose workflow run is no longer in progress is taken over; while in progress it is not", async () => {
    const issue = scenario.addIssue("Abandoned by a cancelled job");
    // The default heartbeat (60 s): the lease stays fresh for minutes.
    const killedId = await killMidAgent(issue, {});
    expect(hiddenState(statusOf(issue).body)).toMatchObject({ runId: killedId, phase: "running" });

    // GitHub still says the run is in progress: its lease holds.
    const blocked = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("write-files.mjs", "blocked.txt=no") },
    });
    expect(blocked.main.exitCode, blocked.main.log).toBe(0);
    expect(blocked.main.outputs.outcome).toBe("skipped");

    scenario.github.setWorkflowRun(scenario.owner, scenario.repo, Number(killedId), {
      status: "completed",
      conclusion: "cancelled",
    });
    const nextId = scenario.newRunId();
    const { main } = await scenario.run({
      issueNumber: issue,
      runId: nextId,
      inputs: { "agent-command": fixtureAgent("write-files.mjs", "taken.txt=over") },
    });
    expect(main.exitCode, main.log).toBe(0);
    const status = statusOf(issue).body;
    expect(status).toMatch(/took over/i);
    expect(status).toContain("completed");
    expect(hiddenState(status)).toMatchObject({ runId: nextId, phase: "done" });
    expect(main.outputs.outcome, main.log).toBe("pr-opened");
    expect(pullsOf(issue)).toHaveLength(1);
    expect(hiddenState(status)).toMatchObject({ outcome: "pr-opened" });
  });
});

describe("an agent of the runner's user (agent-user: none)", () => {
  it("finds the lease written to hold until its timeout before it starts, and no heartbeat pushes it", async () => {
    const issue = scenario.addIssue("Quiet lease");
    const run = startBusyRun(issue, {
      "agent-user": "none",
      "heartbeat-seconds": "1",
      "timeout-minutes": "5",
    });
    try {
      await run.agentStarted();
      const held = await remoteLease(issue);
      expect(held).toMatchObject({ runId: run.runId, phase: "running" });
      // Live without heartbeats until the timeout, the grace and one interval have passed.
      const quietFor = Date.parse(held!.quietUntil!) - Date.parse(held!.heartbeatAt);
      expect(quietFor).toBeGreaterThanOrEqual(5 * 60_000);
      // Two heartbeats later the comment was refreshed, the ref was not moved.
      const commentEdits = () =>
        scenario.github.requests.filter((r) => r.method === "PATCH" && r.path.includes("/issues/comments/"))
          .length;
      const before = commentEdits();
      await waitFor(() => commentEdits() - before >= 2, "two heartbeats while the agent works", 15_000);
      expect(await remoteLease(issue)).toEqual(held);
    } finally {
      await run.release();
    }
    const { main } = await run.done;
    expect(main.exitCode, main.log).toBe(0);
    expect(await remoteLease(issue)).toMatchObject({ runId: run.runId, phase: "done" });
  });
});

describe("the status comment's hidden state", () => {
  it("shows the running phase and is rewritten every heartbeat while the agent works; then phase done", async () => {
    const issue = scenario.addIssue("Watch the heartbeat");
    const run = startBusyRun(issue, { "heartbeat-seconds": "1" }, "watched.txt=x");
    const runId = run.runId;
    let running: { body: string; heartbeatAt: string };
    let later: { phase: string; heartbeatAt: string };
    try {
      await run.agentStarted();
      const comment = await waitFor(() => {
        const [found] = scenario.statusComments(issue);
        return found && hiddenState(found.body)?.phase === "running" ? found : undefined;
      }, "the status comment to show the running phase");
      running = { body: comment.body, heartbeatAt: hiddenState(comment.body)!.heartbeatAt };
      const commentPath = `/repos/${scenario.owner}/${scenario.repo}/issues/comments/${comment.id}`;
      const patches = () =>
        scenario.github.requests.filter((r) => r.method === "PATCH" && r.path === commentPath).length;
      // Two more heartbeats while the agent is held: the comment is rewritten on its own.
      const before = patches();
      await waitFor(() => patches() - before >= 2, "two heartbeats while the agent works", 15_000);
      later = hiddenState(statusOf(issue).body)!;
    } finally {
      await run.release();
    }
    const { main } = await run.done;
    expect(main.exitCode, main.log).toBe(0);

    expect(running.body).toContain("is working on this issue");
    expect(later.phase).toBe("running");
    expect(Date.parse(later.heartbeatAt)).toBeGreaterThan(Date.parse(running.heartbeatAt));

    const body = statusOf(issue).body;
    const lastLine = body.trimEnd().split("\n").at(-1)!;
    expect(lastLine).toMatch(/^<!-- agent-task:state \{.*\} -->$/);
    const state = hiddenState(body)!;
    expect(state).toMatchObject({
      v: 1,
      runId,
      runAttempt: "1",
      phase: "done",
      outcome: "pr-opened",
      heartbeatSeconds: 1,
    });
    const beat = Date.parse(state.heartbeatAt);
    expect(beat).toBeGreaterThan(Date.now() - 60_000);
    expect(beat).toBeLessThanOrEqual(Date.now());
    expect(state.session).toMatchObject({
      outcome: "pr-opened",
      prNumber: Number(main.outputs["pr-number"]),
    });
  });
});
