// Re-runs on one issue are sessions of one piece of work: one branch and one pull request, each run
// continuing the last (unless `restart`), told in `.agent_context/previous_session.md` what happened
// since, and never losing a commit someone else pushed to the branch, before or during the run.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ActionRun } from "../rig/action-runner.js";
import { fixtureAgent, type Scenario, sleep, useScenario } from "./scenario.js";

let scenario: Scenario;
useScenario((started) => {
  scenario = started;
});

const nextRunId = () => scenario.newRunId();
const branchOf = (issue: number) => `agent/custom/issue-${issue}`;

/** The pull requests that close the issue, oldest first. */
function pullsOf(issue: number) {
  return scenario.github
    .pulls(scenario.owner, scenario.repo)
    .filter((pull) => new RegExp(`^Closes #${issue}$`, "m").test(pull.body ?? ""))
    .sort((a, b) => a.number - b.number);
}

function statusOf(issue: number): string {
  const comments = scenario.statusComments(issue);
  expect(comments, "one status comment").toHaveLength(1);
  return comments[0]!.body;
}

/** Commits on `ref` that are not on main, newest first. */
function commitsBeyondMain(ref: string) {
  return scenario.git.commits(scenario.owner, scenario.repo, ref, "main");
}

function fileOn(ref: string, file: string) {
  return scenario.git.readFile(scenario.owner, scenario.repo, ref, file);
}

/** What the remember-session.mjs agent of a run found in `.agent_context/previous_session.md`. */
function previousSessionSeen(issue: number, runId: string): Promise<string> {
  return readFile(path.join(scenario.envRoot(runId, issue), "output", "previous_session.md"), "utf8");
}

async function runAgent(
  issue: number,
  runId: string,
  agentCommand: string,
  inputs: Record<string, string> = {},
): Promise<ActionRun> {
  const { main } = await scenario.run({
    issueNumber: issue,
    runId,
    inputs: { "agent-command": agentCommand, ...inputs },
  });
  return main;
}

/**
 * Runs the agent on the issue's branch and, while it works, pushes a human commit to that branch;
 * the agent writes its file only after the push has landed.
 */
async function runWhileHumanPushes(issue: number, agentFile: string, humanFiles: Record<string, string>) {
  const running = scenario.startRun({
    issueNumber: issue,
    inputs: { "agent-command": fixtureAgent("sleep-then-write.mjs", "forever", agentFile) },
  });
  let human: string;
  try {
    await running.agentStarted();
    human = await scenario.git.pushCommit(
      scenario.owner,
      scenario.repo,
      branchOf(issue),
      humanFiles,
      "Human edit during the run",
    );
  } finally {
    await running.release();
  }
  const { main } = await running.done;
  return { main, human, runId: running.runId };
}

/** A first run on the issue that opens its pull request; returns that run. */
async function openPullRequest(issue: number, file = "hello.txt=hello"): Promise<ActionRun> {
  const first = await runAgent(issue, nextRunId(), fixtureAgent("remember-session.mjs", file));
  expect(first.outputs.outcome, first.log).toBe("pr-opened");
  return first;
}

describe("label, then label again", () => {
  it("one PR, two agent commits, and the second agent is told what happened since the first run", async () => {
    const issue = scenario.addIssue("Greet, then say goodbye", "Add hello.txt; later a farewell.");
    const runs: string[] = [];
    scenario.github.addIssueComment(scenario.owner, scenario.repo, issue, {
      body: "An early remark, from before any run.",
      user: "alice",
      createdAt: new Date(Date.now() - 3_600_000),
    });

    runs.push(nextRunId());
    const first = await runAgent(issue, runs[0]!, fixtureAgent("remember-session.mjs", "hello.txt=hello"));
    expect(first.exitCode, first.log).toBe(0);
    expect(first.outputs.outcome).toBe("pr-opened");
    expect(await previousSessionSeen(issue, runs[0]!)).toBe("(none)");
    const pullNumber = Number(first.outputs["pr-number"]);
    const pullUrl = first.outputs["pr-url"]!;

    // Feedback after the first run finished. GitHub's timestamps have whole seconds: wait past the
    // second the run finished in, so "after the finish" is unambiguous.
    await sleep(1100);
    scenario.github.addReviewComment(scenario.owner, scenario.repo, pullNumber, {
      body: "Please also say goodbye.",
      user: "reviewer",
      path: "hello.txt",
    });
    scenario.github.addIssueComment(scenario.owner, scenario.repo, pullNumber, {
      body: "Conversation on the PR: nearly there.",
      user: "carol",
    });
    scenario.github.addIssueComment(scenario.owner, scenario.repo, issue, {
      body: "And keep it lower case.",
      user: "bob",
    });

    runs.push(nextRunId());
    const second = await runAgent(issue, runs[1]!, fixtureAgent("remember-session.mjs", "bye.txt=goodbye"));
    expect(second.exitCode, second.log).toBe(0);
    expect(second.outputs.outcome).toBe("pr-updated");
    expect(second.outputs["pr-number"]).toBe(String(pullNumber));

    const pulls = pullsOf(issue);
    expect(pulls.map((pull) => pull.number)).toEqual([pullNumber]);
    expect(pulls[0]!.state).toBe("open");
    const branch = branchOf(issue);
    expect(await commitsBeyondMain(branch)).toHaveLength(2);
    expect(await fileOn(branch, "hello.txt")).toBe("hello\n");
    expect(await fileOn(branch, "bye.txt")).toBe("goodbye\n");

    const seen = await previousSessionSeen(issue, runs[1]!);
    expect(seen).toContain("pr-opened");
    expect(seen).toContain(pullUrl);
    expect(seen).toContain("hello.txt");
    expect(seen).toContain("Please also say goodbye.");
    expect(seen).toContain("reviewer");
    expect(seen).toContain("Conversation on the PR: nearly there.");
    expect(seen).toContain("And keep it lower case.");
    expect(seen).toContain("bob");
    // Only what was said since: the remark from before the first run is not repeated there.
    expect(seen).not.toContain("An early remark");
    expect(statusOf(issue)).toContain("`pr-updated`");
  });

  it("a review posted while the last run was still working reaches the next run", async () => {
    const issue = scenario.addIssue("Review during a run");
    const pullNumber = Number((await openPullRequest(issue, "bye.txt=bye")).outputs["pr-number"]);
    const busy = scenario.startRun({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("sleep-then-write.mjs", "forever", "bye.txt=Goodbye!") },
    });
    try {
      await busy.agentStarted();
      // Its agent is already working from what it was given: this comment is news for the next run.
      scenario.github.addReviewComment(scenario.owner, scenario.repo, pullNumber, {
        body: "Mid-run review: call it farewell.txt instead.",
        user: "reviewer",
        path: "bye.txt",
      });
    } finally {
      await busy.release();
    }
    const { main: busyRun } = await busy.done;
    expect(busyRun.exitCode, busyRun.log).toBe(0);
    expect(busyRun.outputs.outcome).toBe("pr-updated");

    const nextId = nextRunId();
    const next = await runAgent(issue, nextId, fixtureAgent("remember-session.mjs", "farewell.txt=bye"));
    expect(next.exitCode, next.log).toBe(0);
    const seen = await previousSessionSeen(issue, nextId);
    expect(seen).toContain("Mid-run review: call it farewell.txt instead.");
  });

  it("each run's logs/sessions.log has one start and one end line", async () => {
    const issue = scenario.addIssue("Two sessions, two logs");
    const runs = [nextRunId(), nextRunId()];
    for (const [index, runId] of runs.entries()) {
      const run = await runAgent(issue, runId, fixtureAgent("write-files.mjs", `session-${index}.txt=x`));
      expect(run.exitCode, run.log).toBe(0);
    }
    for (const runId of runs) {
      const root = scenario.envRoot(runId, issue);
      const taskId = path.basename(root);
      const log = await readFile(path.join(root, "logs", "sessions.log"), "utf8");
      const lines = log.split("\n").filter(Boolean);
      expect(
        lines.filter((line) => / start /.test(line)),
        log,
      ).toHaveLength(1);
      expect(
        lines.filter((line) => / end /.test(line)),
        log,
      ).toHaveLength(1);
      expect(
        lines.every((line) => line.includes(`task=${taskId}`)),
        log,
      ).toBe(true);
      const [start, end] = lines.map((line) => Date.parse(line.split(" ")[0]!));
      expect(start).toBeLessThanOrEqual(end!);
    }
  });
});

describe("the agent's final message", () => {
  it("is handed to the next run in previous_session.md", async () => {
    const issue = scenario.addIssue("Greet with a summary");
    const say = "I added hello.txt; a farewell can follow.";
    const first = await runAgent(
      issue,
      nextRunId(),
      fixtureAgent("remember-session.mjs", `--say=${say}`, "hello.txt=hi"),
      {
        agent: "claude",
      },
    );
    expect(first.exitCode, first.log).toBe(0);
    expect(first.outputs["agent-summary"]).toBe(say);

    const runId = nextRunId();
    const second = await runAgent(issue, runId, fixtureAgent("remember-session.mjs", "bye.txt=bye"), {
      agent: "claude",
    });
    expect(second.exitCode, second.log).toBe(0);
    expect(second.outputs.outcome).toBe("pr-updated");
    expect(await previousSessionSeen(issue, runId)).toContain(say);
  });
});

describe("commits that others push to the agent branch", () => {
  it("a human commit pushed between two runs is kept: the second run continues from it", async () => {
    const issue = scenario.addIssue("Continue after a human fix");
    const branch = branchOf(issue);
    const first = await runAgent(issue, nextRunId(), fixtureAgent("write-files.mjs", "one.txt=one"));
    expect(first.outputs.outcome, first.log).toBe("pr-opened");
    const human = await scenario.git.pushCommit(
      scenario.owner,
      scenario.repo,
      branch,
      { "human.txt": "fixed by a human\n" },
      "Human fix between runs",
    );

    const second = await runAgent(issue, nextRunId(), fixtureAgent("write-files.mjs", "two.txt=two"));
    expect(second.exitCode, second.log).toBe(0);
    expect(second.outputs.outcome).toBe("pr-updated");
    const shas = (await commitsBeyondMain(branch)).map((commit) => commit.sha);
    expect(shas).toContain(human);
    expect(shas).toHaveLength(3);
    expect(await fileOn(branch, "human.txt")).toBe("fixed by a human\n");
    expect(await fileOn(branch, "one.txt")).toBe("one\n");
    expect(await fileOn(branch, "two.txt")).toBe("two\n");
    expect(pullsOf(issue)).toHaveLength(1);

    // restart: true starts again from the base, on the same branch and pull request.
    const restarted = await runAgent(issue, nextRunId(), fixtureAgent("write-files.mjs", "three.txt=three"), {
      restart: "true",
    });
    expect(restarted.exitCode, restarted.log).toBe(0);
    expect(restarted.outputs.outcome).toBe("pr-updated");
    expect(await commitsBeyondMain(branch)).toHaveLength(1);
    expect(await fileOn(branch, "three.txt")).toBe("three\n");
    expect(await fileOn(branch, "one.txt")).toBeUndefined();
    expect(pullsOf(issue)).toHaveLength(1);
  });

  it("a commit pushed during the run is kept: the run's commit is rebased onto it", async () => {
    const issue = scenario.addIssue("Rebase onto a human fix");
    const branch = branchOf(issue);
    const first = await runAgent(issue, nextRunId(), fixtureAgent("write-files.mjs", "one.txt=one"));
    expect(first.outputs.outcome, first.log).toBe("pr-opened");

    const { main, human } = await runWhileHumanPushes(issue, "agent.txt=by the agent", {
      "human.txt": "pushed during the run\n",
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome, main.log).toBe("pr-updated");
    expect(main.outputs.branch).toBe(branch);

    const commits = await commitsBeyondMain(branch);
    expect(commits.map((commit) => commit.sha)).toContain(human);
    expect(commits).toHaveLength(3);
    expect(commits[0]!.sha).toBe(main.outputs["head-sha"]);
    expect(await fileOn(branch, "human.txt")).toBe("pushed during the run\n");
    expect(await fileOn(branch, "agent.txt")).toBe("by the agent\n");
    expect(await fileOn(branch, "one.txt")).toBe("one\n");
    expect(pullsOf(issue)).toHaveLength(1);
    expect(statusOf(issue)).toMatch(/rebased/i);
    expect(main.summary).toMatch(/rebased/i);
  });

  it("a conflicting commit pushed during the run: the work goes to {branch}-{run id}, no second PR", async () => {
    const issue = scenario.addIssue("Conflict with a human fix");
    const branch = branchOf(issue);
    const first = await runAgent(issue, nextRunId(), fixtureAgent("write-files.mjs", "shared.txt=agent v1"));
    expect(first.outputs.outcome, first.log).toBe("pr-opened");
    const pullNumber = first.outputs["pr-number"];

    const { main, human, runId } = await runWhileHumanPushes(issue, "shared.txt=agent v2", {
      "shared.txt": "human edit\n",
    });
    const side = `${branch}-${runId}`;
    expect(main.outputs.branch, main.log).toBe(side);

    // The branch of the pull request keeps the human's commit; the run's work is on the side branch.
    expect(await scenario.git.headSha(scenario.owner, scenario.repo, branch)).toBe(human!);
    expect(await fileOn(branch, "shared.txt")).toBe("human edit\n");
    expect(await fileOn(side, "shared.txt")).toBe("agent v2\n");
    expect(await scenario.git.headSha(scenario.owner, scenario.repo, side)).toBe(main.outputs["head-sha"]);

    const pulls = pullsOf(issue);
    expect(pulls.map((pull) => String(pull.number))).toEqual([pullNumber]);
    expect(pulls[0]!.pull.headRef).toBe(branch);
    const status = statusOf(issue);
    expect(status).toContain(side);
    expect(status).toMatch(/no second pull request/i);
    expect(main.summary).toContain(side);
  });
});

describe("a pull request that was closed or merged", () => {
  it("closed without merging: a re-run opens a new PR and says the earlier one was closed", async () => {
    const issue = scenario.addIssue("Try again after a closed PR");
    const first = await runAgent(issue, nextRunId(), fixtureAgent("write-files.mjs", "one.txt=one"));
    expect(first.outputs.outcome, first.log).toBe("pr-opened");
    const closed = Number(first.outputs["pr-number"]);
    scenario.github.closePull(scenario.owner, scenario.repo, closed);

    const second = await runAgent(issue, nextRunId(), fixtureAgent("write-files.mjs", "two.txt=two"));
    expect(second.exitCode, second.log).toBe(0);
    expect(second.outputs.outcome).toBe("pr-opened");
    const opened = Number(second.outputs["pr-number"]);
    expect(opened).not.toBe(closed);

    const pulls = pullsOf(issue);
    expect(pulls.map((pull) => [pull.number, pull.state])).toEqual([
      [closed, "closed"],
      [opened, "open"],
    ]);
    expect(pulls[1]!.pull.headRef).toBe(branchOf(issue));
    const status = statusOf(issue);
    expect(status).toContain(`#${closed}`);
    expect(status).toMatch(/closed without merging/i);
    expect(second.summary).toMatch(/closed without merging/i);
  });

  it("merged: a re-run starts from the base, not from the merged branch, and opens a new PR", async () => {
    const issue = scenario.addIssue("More work after a merged PR");
    const branch = branchOf(issue);
    const first = await runAgent(issue, nextRunId(), fixtureAgent("write-files.mjs", "old.txt=old"));
    expect(first.outputs.outcome, first.log).toBe("pr-opened");
    const merged = Number(first.outputs["pr-number"]);
    const oldCommits = (await commitsBeyondMain(branch)).map((commit) => commit.sha);
    expect(oldCommits).toHaveLength(1);
    // A squash merge: main gets the change as a new commit, the PR is marked merged.
    await scenario.git.pushCommit(
      scenario.owner,
      scenario.repo,
      "main",
      { "old.txt": "old\n" },
      `Squash-merge #${merged}`,
    );
    scenario.github.mergePull(scenario.owner, scenario.repo, merged);

    const second = await runAgent(issue, nextRunId(), fixtureAgent("write-files.mjs", "new.txt=new"));
    expect(second.exitCode, second.log).toBe(0);
    expect(second.outputs.outcome).toBe("pr-opened");
    const opened = Number(second.outputs["pr-number"]);
    expect(opened).not.toBe(merged);

    const commits = await commitsBeyondMain(branch);
    expect(commits).toHaveLength(1);
    const history = (await scenario.git.commits(scenario.owner, scenario.repo, branch)).map((c) => c.sha);
    expect(history).not.toContain(oldCommits[0]);
    expect(await fileOn(branch, "new.txt")).toBe("new\n");
    expect(await fileOn(branch, "old.txt")).toBe("old\n");

    const pulls = pullsOf(issue);
    expect(pulls.map((pull) => [pull.number, pull.state])).toEqual([
      [merged, "closed"],
      [opened, "open"],
    ]);
  });
});
