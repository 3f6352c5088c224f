// What a run costs in API requests, by kind of run, as upper bounds: users pay for the quota,
// and fan-out multiplies it. The lease costs none (it is a git ref); the status comment costs
// one request per write.
import { describe, expect, it } from "vitest";
import type { RecordedRequest } from "../rig/github-stand-in.js";
import { fixtureAgent, type Scenario, sleep, useScenario } from "./scenario.js";

let scenario: Scenario;
useScenario((started) => {
  scenario = started;
});

let lastRunId = 9000;
const nextRunId = () => String(++lastRunId);

/**
 * The check of who may start a run (the actor's permission, and whether a bot may) has a budget
 * of one request of its own: the other requests are held to the goal minus one.
 */
const isPermissionCheck = (request: RecordedRequest) =>
  /\/collaborators\/[^/]+\/permission$|^\/users\/[^/]+$/.test(request.path);

/** The API requests made while `work` runs (main and post steps). */
async function requestsOf(work: () => Promise<unknown>): Promise<RecordedRequest[]> {
  const from = scenario.github.requests.length;
  await work();
  return scenario.github.requests.slice(from);
}

function describeRequests(requests: RecordedRequest[]): string {
  return requests.map((request) => `${request.method} ${request.path}`).join("\n");
}

async function runOn(issue: number, agentCommand: string, inputs: Record<string, string> = {}) {
  const { main } = await scenario.run({
    issueNumber: issue,
    runId: nextRunId(),
    inputs: { "agent-command": agentCommand, ...inputs },
  });
  expect(main.exitCode, main.log).toBe(0);
  return main;
}

describe("API requests per kind of run", () => {
  let issue: number;

  it("a fresh pull request from a labelled issue: at most 7, the permission check included", async () => {
    issue = scenario.addIssue("Economy: a fresh pull request");
    let outcome = "";
    const requests = await requestsOf(async () => {
      outcome = (await runOn(issue, fixtureAgent("write-files.mjs", "first.txt=first"))).outputs.outcome!;
    });
    expect(outcome).toBe("pr-opened");
    expect(requests.length, describeRequests(requests)).toBeLessThanOrEqual(7);
    expect(
      requests.filter((r) => !isPermissionCheck(r)).length,
      describeRequests(requests),
    ).toBeLessThanOrEqual(6);
  });

  it("an update of that pull request: at most 10 (the last session's feedback is read too)", async () => {
    let outcome = "";
    const requests = await requestsOf(async () => {
      outcome = (await runOn(issue, fixtureAgent("write-files.mjs", "second.txt=second"))).outputs.outcome!;
    });
    expect(outcome).toBe("pr-updated");
    expect(requests.length, describeRequests(requests)).toBeLessThanOrEqual(10);
  });

  it("a run without changes: at most 5", async () => {
    const quiet = scenario.addIssue("Economy: nothing to change");
    let outcome = "";
    const requests = await requestsOf(async () => {
      outcome = (await runOn(quiet, fixtureAgent("write-files.mjs"))).outputs.outcome!;
    });
    expect(outcome).toBe("no-changes");
    expect(requests.length, describeRequests(requests)).toBeLessThanOrEqual(5);
  });

  it("a run skipped by its label: none", async () => {
    const requests = await requestsOf(async () => {
      const { main } = await scenario.run({
        issueNumber: scenario.addIssue("Economy: another label"),
        label: "not-the-trigger",
        inputs: { "agent-command": fixtureAgent("write-files.mjs", "never.txt=x") },
      });
      expect(main.outputs.outcome, main.log).toBe("skipped");
    });
    expect(describeRequests(requests)).toBe("");
  });

  it("comment: false: no comment is written, the pull request still is", async () => {
    const requests = await requestsOf(() =>
      runOn(scenario.addIssue("Economy: no comment"), fixtureAgent("write-files.mjs", "quiet.txt=x"), {
        comment: "false",
      }),
    );
    const writes = requests.filter((request) => request.method !== "GET");
    expect(
      writes.map((request) => request.method),
      describeRequests(requests),
    ).toEqual(["POST"]);
    expect(writes[0]!.path).toMatch(/\/pulls$/);
  });

  it("dry-run: no write at all, and no push (the lease included)", async () => {
    const gitFrom = scenario.git.requests.length;
    const requests = await requestsOf(() =>
      runOn(scenario.addIssue("Economy: a dry run"), fixtureAgent("write-files.mjs", "dry.txt=x"), {
        "dry-run": "true",
      }),
    );
    expect(describeRequests(requests.filter((request) => request.method !== "GET"))).toBe("");
    expect(requests.length, describeRequests(requests)).toBeLessThanOrEqual(3);
    const pushes = scenario.git.requests
      .slice(gitFrom)
      .filter(
        (request) => request.path.endsWith("git-receive-pack") || request.query.includes("receive-pack"),
      );
    expect(pushes).toEqual([]);
  });

  it("while the agent works: one request per heartbeat (the comment), the lease costs none", async () => {
    const busy = scenario.addIssue("Economy: heartbeats");
    const runId = nextRunId();
    const run = scenario.run({
      issueNumber: busy,
      runId,
      inputs: {
        "heartbeat-seconds": "1",
        "agent-command": fixtureAgent("sleep-then-write.mjs", "forever", "beat.txt=x"),
      },
    });
    run.catch(() => {});
    let during: RecordedRequest[] = [];
    let elapsedMs = 0;
    try {
      await scenario.agentStarted(runId, busy);
      // Past the first write of the running phase, which the agent's start may still overlap.
      await sleep(500);
      const started = Date.now();
      during = await requestsOf(() => sleep(3000));
      elapsedMs = Date.now() - started;
    } finally {
      await scenario.releaseAgent(runId, busy);
    }
    const { main } = await run;
    expect(main.exitCode, main.log).toBe(0);
    // Heartbeats 1 s apart: a window of this length holds at most this many of them.
    const beats = Math.floor(elapsedMs / 1000) + 1;
    expect(during.length, describeRequests(during)).toBeGreaterThan(0);
    expect(during.length, describeRequests(during)).toBeLessThanOrEqual(beats);
    expect(during.every((r) => r.method === "PATCH" && r.path.includes("/issues/comments/"))).toBe(true);
  });
});
