// Failures around the agent: the remote refusing the push, GitHub's API failing, the runner
// cancelling the job, an agent that will not stop. Work is never lost, and no process survives.
import type { ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ActionRun, TimedSignal } from "../rig/action-runner.js";
import { git } from "../rig/git-server.js";
import { gitHubFaults } from "../rig/github-stand-in.js";
import { makeTempDir } from "../rig/temp.js";
import { fixtureAgent, isAlive, pathExists, type Scenario, useScenario } from "./scenario.js";

let scenario: Scenario;
useScenario((started) => {
  scenario = started;
});

const branchOf = (issue: number) => `agent/custom/issue-${issue}`;

function errors(main: ActionRun): string {
  return main.annotations
    .filter((a) => a.level === "error")
    .map((a) => a.message)
    .join("\n");
}

function requestsTo(operationId: string) {
  return scenario.github.requests.filter((r) => r.operationId === operationId);
}

function pullsOf(issue: number) {
  return scenario.github
    .pulls(scenario.owner, scenario.repo)
    .filter((p) => p.pull.headRef === branchOf(issue));
}

/** The kept environment of a run whose work could not be published: everything is there. */
async function expectWorkSaved(main: ActionRun, file: string): Promise<string> {
  const root = main.outputs["env-dir"]!;
  expect(root, "env-dir").not.toBe("");
  expect(await pathExists(path.join(root, "workdir", file))).toBe(true);
  const patch = await readFile(path.join(root, "output", "changes.patch"), "utf8");
  expect(patch).toContain(file);
  // The failure says where the work is.
  expect(errors(main)).toContain(root);
  return root;
}

/** Applies the patch to a fresh clone of the base branch: the saved work can be recovered. */
async function expectPatchApplies(patchFile: string): Promise<void> {
  const clone = await makeTempDir("clone");
  const dir = path.join(clone.path, "repo");
  await git([
    "clone",
    "--quiet",
    "--branch",
    "main",
    scenario.git.bareDir(scenario.owner, scenario.repo),
    dir,
  ]);
  await git(["-C", dir, "apply", "--check", patchFile]);
  await clone.remove();
}

describe("the push is rejected by the remote", () => {
  it("fails the step, keeps the environment whatever keep-env says, saves a patch that applies to the base", async () => {
    const issue = scenario.addIssue("Push will be denied");
    await scenario.git.installHook(scenario.owner, scenario.repo, "pre-receive", "echo denied >&2; exit 1");
    let main: ActionRun;
    let post: ActionRun;
    try {
      ({ main, post } = await scenario.run({
        issueNumber: issue,
        inputs: {
          "agent-command": fixtureAgent("finish.mjs", "rejected.txt=keep me", "src/widget.txt=widget v3"),
          "keep-env": "never",
        },
      }));
    } finally {
      await scenario.git.installHook(scenario.owner, scenario.repo, "pre-receive", "exit 0");
    }
    expect(main.exitCode, main.log).toBe(1);
    expect(post.exitCode, post.log).toBe(0);
    expect(errors(main)).toMatch(/push/i);
    expect(errors(main)).toContain(branchOf(issue));
    expect(errors(main)).toContain("changes.patch");
    // The agent finished its work; publishing it failed (the contract's `completed` row).
    expect(main.outputs.outcome).toBe("completed");
    expect(main.outputs).toMatchObject({ branch: "", "pr-number": "", "head-sha": "", "exit-code": "0" });
    expect(await scenario.git.headSha(scenario.owner, scenario.repo, branchOf(issue))).toBeUndefined();
    expect(pullsOf(issue)).toEqual([]);

    const root = await expectWorkSaved(main, "rejected.txt");
    expect(await pathExists(root)).toBe(true); // still there after the post step
    await expectPatchApplies(path.join(root, "output", "changes.patch"));
    const [status] = scenario.statusComments(issue);
    expect(status?.body).toMatch(/push/i);
  });
});

describe("GitHub API faults", () => {
  it("pulls/create answering 502 twice is retried and the PR opens", async () => {
    const issue = scenario.addIssue("Flaky API");
    scenario.github.clearRequests();
    const fault = scenario.github.injectFault(
      gitHubFaults.badGateway({ operationId: "pulls/create", times: 2 }),
    );
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("finish.mjs", "flaky.txt=ok") },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(fault.hits).toBe(2);
    expect(requestsTo("pulls/create").map((r) => r.status)).toEqual([502, 502, 201]);
    expect(main.outputs.outcome).toBe("pr-opened");
    const [pull, ...others] = pullsOf(issue);
    expect(others).toEqual([]);
    expect(main.outputs["pr-number"]).toBe(String(pull!.number));
  });

  it("a 403 with the rate limit used up waits for the reset and succeeds", async () => {
    const issue = scenario.addIssue("Rate limited");
    scenario.github.clearRequests();
    // The reset lies further ahead than the 3 s the throttling plugin keeps between two PR
    // creations anyway, so only waiting for the reset can explain the retry's time.
    const fault = scenario.github.injectFault(
      gitHubFaults.rateLimitExhausted({ operationId: "pulls/create", resetInSeconds: 5 }),
    );
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("finish.mjs", "limited.txt=ok") },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(fault.hits).toBe(1);
    const creates = requestsTo("pulls/create");
    expect(creates.map((r) => r.status)).toEqual([403, 201]);
    const resetAt = Number(creates[0]!.responseHeaders["x-ratelimit-reset"]) * 1000;
    expect(resetAt - creates[0]!.at, "the reset lay ahead when the 403 came").toBeGreaterThan(3000);
    expect(creates[1]!.at, "the retry came after the reset").toBeGreaterThanOrEqual(resetAt);
    expect(main.outputs.outcome).toBe("pr-opened");
    expect(pullsOf(issue)).toHaveLength(1);
  });

  it("a 401 on pulls/create fails at once, names github-token, and keeps the work", async () => {
    const issue = scenario.addIssue("Token revoked");
    scenario.github.clearRequests();
    scenario.github.injectFault({
      operationId: "pulls/create",
      status: 401,
      body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" },
    });
    const { main, post } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("finish.mjs", "unauthorized.txt=ok"), "keep-env": "never" },
    });
    expect(main.exitCode, main.log).toBe(1);
    expect(post.exitCode, post.log).toBe(0);
    // No retry: a rejected token does not get better.
    expect(requestsTo("pulls/create").map((r) => r.status)).toEqual([401]);
    expect(errors(main)).toContain("github-token");
    expect(errors(main)).toContain("401");
    expect(pullsOf(issue)).toEqual([]);
    const root = await expectWorkSaved(main, "unauthorized.txt");
    expect(await pathExists(root)).toBe(true);
    // The branch reached the remote before the API failed; the outputs say what was pushed.
    const pushed = await scenario.git.headSha(scenario.owner, scenario.repo, branchOf(issue));
    expect(pushed, "the agent branch on the remote").toMatch(/^[0-9a-f]{40}$/);
    expect(main.outputs.branch, "branch output of a pushed branch").toBe(branchOf(issue));
    expect(main.outputs["head-sha"], "head-sha output of a pushed branch").toBe(pushed);
  });
});

/**
 * Sends the signals to the action's node process (as the runner does, not to its group) once the
 * agent is running: when its pids.json exists.
 */
function signalWhenAgentRuns(issue: number, signals: TimedSignal[]): (child: ChildProcess) => void {
  return (child) => {
    let done = false;
    const poll = setInterval(async () => {
      if (done) return;
      const [root] = await scenario.environments(issue);
      if (done || !root || !(await pathExists(path.join(root, "output", "pids.json")))) return;
      done = true;
      clearInterval(poll);
      for (const { signal, afterMs } of signals) setTimeout(() => child.kill(signal), afterMs);
    }, 50);
    child.once("exit", () => {
      done = true;
      clearInterval(poll);
    });
  };
}

async function expectAgentProcessesGone(root: string): Promise<void> {
  const pids = JSON.parse(await readFile(path.join(root, "output", "pids.json"), "utf8")) as Record<
    string,
    number
  >;
  expect(Object.keys(pids).sort()).toEqual(["agent", "escaped", "inGroup"]);
  for (const [name, pid] of Object.entries(pids)) expect(isAlive(pid), `${name} (pid ${pid})`).toBe(false);
}

describe("the runner cancels the job while the agent runs", () => {
  it.each([
    ["SIGTERM", [{ signal: "SIGTERM", afterMs: 0 }], "on-failure"],
    // The runner's cancellation: SIGINT, then SIGTERM while the action is still finishing.
    [
      "SIGINT then SIGTERM",
      [
        { signal: "SIGINT", afterMs: 0 },
        { signal: "SIGTERM", afterMs: 300 },
      ],
      "logs",
    ],
  ] as Array<[string, TimedSignal[], string]>)(
    "%s: the agent is stopped at once, its work saved, the comment says cancelled",
    async (_name, signals, keepWorkspace) => {
      const issue = scenario.addIssue("Cancelled mid-run");
      const { main, post } = await scenario.run({
        issueNumber: issue,
        inputs: {
          "agent-command": fixtureAgent("sleep-with-children.mjs"),
          "timeout-minutes": "2",
          "keep-env": keepWorkspace,
        },
        onSpawn: signalWhenAgentRuns(issue, signals),
      });
      // Well before the timeout: the cancel grace is short, and this agent stops on SIGTERM.
      expect(main.durationMs).toBeLessThan(20_000);
      expect(main.signal, main.log).toBeNull();
      expect(main.exitCode, main.log).toBe(1);
      expect(main.strayProcesses).toBe(false);
      expect(post.exitCode, post.log).toBe(0);

      expect(Object.keys(main.outputs)).toHaveLength(9);
      expect(main.outputs.outcome).toBe("canceled");
      expect(main.outputs["changed-files"]).toBe("1");
      expect(main.outputs["exit-code"]).not.toBe("");
      const [status, ...more] = scenario.statusComments(issue);
      expect(more).toEqual([]);
      expect(status!.body).toMatch(/cancel/i);

      // After the post step too, the partial work is on disk.
      const root = main.outputs["env-dir"]!;
      expect(root).not.toBe("");
      expect(await scenario.environments(issue)).toEqual([root]);
      const patch = await readFile(path.join(root, "output", "changes.patch"), "utf8");
      expect(patch).toContain("partial.txt");
      expect(patch).toContain("+work in progress");
      await expectAgentProcessesGone(root);
    },
  );
});

describe("an agent that ignores SIGTERM", () => {
  it("is killed with its grandchildren after kill-grace-seconds", async () => {
    const issue = scenario.addIssue("Stubborn agent");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: {
        "agent-command": fixtureAgent("sleep-with-children.mjs", "--ignore-term"),
        "timeout-minutes": "0.03",
        "kill-grace-seconds": "1",
        "keep-env": "always",
      },
    });
    expect(main.exitCode, main.log).toBe(1);
    expect(main.outputs.outcome).toBe("timed-out");
    // Timeout (1.8 s) plus grace (1 s) plus the run's own work; nowhere near a hang.
    expect(main.durationMs).toBeLessThan(20_000);
    const root = main.outputs["env-dir"]!;
    await expectAgentProcessesGone(root);
    // SIGTERM came first (and was ignored), SIGKILL after the grace.
    expect(await readFile(path.join(root, "logs", "agent.log"), "utf8")).toContain("agent: ignoring SIGTERM");
    expect(main.strayProcesses).toBe(false);
  });
});
