import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ActionRun } from "../rig/action-runner.js";
import type { RepoRole } from "../rig/github-stand-in.js";
import { type EventSender, fixtureAgent, type Scenario, useScenario } from "./scenario.js";

let scenario: Scenario;
useScenario((started) => {
  scenario = started;
});

const ROLES: RepoRole[] = ["read", "triage", "write", "maintain", "admin"];
const REQUIRED = ["triage", "write", "maintain", "admin"] as const;

/** An agent that changes nothing: an admitted run ends `no-changes`, quickly. */
const IDLE_AGENT = fixtureAgent("write-files.mjs");

/** Runs on a fresh issue started by `sender`; returns the run and the issue. */
async function runAs(sender: EventSender, inputs: Record<string, string> = {}, issueNumber?: number) {
  const issue = issueNumber ?? scenario.addIssue(`Started by ${sender.login}`);
  const run = await scenario.run({
    issueNumber: issue,
    sender,
    inputs: { "agent-command": IDLE_AGENT, ...inputs },
  });
  return { ...run, issue };
}

/** Asserts that a run was skipped and left nothing behind but, at most, one explanation. */
async function expectSkippedWithNothingMade(run: { main: ActionRun; issue: number }, explained: boolean) {
  const { main, issue } = run;
  expect(main.exitCode, main.log).toBe(0);
  expect(main.outputs.outcome).toBe("skipped");
  expect(main.outputs["exit-code"]).toBe("");
  expect(await scenario.environments(issue)).toEqual([]);
  expect(await scenario.git.branches(scenario.owner, scenario.repo)).toEqual(["main"]);
  expect(scenario.github.pulls(scenario.owner, scenario.repo)).toEqual([]);
  const comments = scenario.github.comments(scenario.owner, scenario.repo, issue);
  expect(scenario.statusComments(issue)).toEqual([]);
  expect(comments).toHaveLength(explained ? 1 : 0);
  for (const comment of comments) expect(comment.body).not.toMatch(/@\w/);
  return comments[0]?.body ?? "";
}

describe("the actor's role against required-permission", () => {
  const strength = (role: string) => ROLES.indexOf(role as RepoRole);
  const matrix = ROLES.flatMap((role) =>
    REQUIRED.map((required) => [role, required, strength(role) >= strength(required)] as const),
  );

  it.each(matrix)("a %s user with required-permission %s runs: %s", async (role, required, runs) => {
    const login = `${role}-user-for-${required}`;
    scenario.github.setPermission(scenario.owner, scenario.repo, login, role);
    const run = await runAs({ login, type: "User" }, { "required-permission": required });
    if (runs) {
      expect(run.main.exitCode, run.main.log).toBe(0);
      expect(run.main.outputs.outcome).toBe("no-changes");
      expect(run.main.outputs["exit-code"]).toBe("0");
    } else {
      const explanation = await expectSkippedWithNothingMade(run, true);
      expect(explanation).toContain(`\`${login}\``);
      expect(explanation).toContain(`\`${role}\``);
      expect(explanation).toContain(`\`${required}\``);
      expect(run.main.summary).toContain("skipped");
    }
  });

  it("the default is write: a triage user who added the label is skipped", async () => {
    scenario.github.setPermission(scenario.owner, scenario.repo, "triager", "triage");
    await expectSkippedWithNothingMade(await runAs({ login: "triager" }), true);
  });

  it("a user with no access at all (an issue template applied the label) is skipped", async () => {
    await expectSkippedWithNothingMade(await runAs({ login: "drive-by-user" }), true);
  });

  it("a refused run does not wait for a remote that does not answer", async () => {
    scenario.github.setPermission(scenario.owner, scenario.repo, "slow-remote-triager", "triage");
    // The look at the remote starts beside the permission check; a refused run stops it.
    scenario.git.setDelay(40_000);
    try {
      const run = await runAs({ login: "slow-remote-triager" });
      await expectSkippedWithNothingMade(run, true);
      expect(run.main.durationMs).toBeLessThan(40_000);
    } finally {
      scenario.git.setDelay(0);
    }
  });

  it("the dispatcher of a workflow_dispatch is checked the same way", async () => {
    scenario.github.setPermission(scenario.owner, scenario.repo, "dispatching-reader", "read");
    const issue = scenario.addIssue("Dispatched by a reader");
    const { main } = await scenario.run({
      event: "dispatch",
      issueNumber: issue,
      sender: { login: "dispatching-reader" },
      inputs: { "agent-command": IDLE_AGENT },
    });
    await expectSkippedWithNothingMade({ main, issue }, true);
  });

  it("a second refusal on the same issue adds no second comment", async () => {
    scenario.github.setPermission(scenario.owner, scenario.repo, "repeat-triager", "triage");
    const first = await runAs({ login: "repeat-triager" });
    await expectSkippedWithNothingMade(first, true);
    const second = await runAs({ login: "repeat-triager" }, {}, first.issue);
    await expectSkippedWithNothingMade(second, true);

    // A maintainer then starts it: the explanation is not part of the agent's discussion.
    const third = await runAs(
      { login: "maintainer" },
      { "agent-command": fixtureAgent("copy-context.mjs") },
      first.issue,
    );
    expect(third.main.exitCode, third.main.log).toBe(0);
    const context = await readFile(
      path.join(third.main.outputs["env-dir"]!, "output", "context", "issue_context.md"),
      "utf8",
    );
    expect(context).not.toContain("did not run");
  });

  it("with comment: false a refusal writes nothing at all", async () => {
    scenario.github.setPermission(scenario.owner, scenario.repo, "quiet-triager", "triage");
    scenario.github.clearRequests();
    const run = await runAs({ login: "quiet-triager" }, { comment: "false" });
    await expectSkippedWithNothingMade(run, false);
    expect(scenario.github.writes()).toEqual([]);
  });
});

describe("bots", () => {
  it("a Bot not listed in allowed-bots is skipped, whatever its role, and no agent runs", async () => {
    scenario.github.setAccountType("helper-app[bot]", "Bot");
    scenario.github.setPermission(scenario.owner, scenario.repo, "helper-app[bot]", "admin");
    const run = await runAs({ login: "helper-app[bot]", type: "Bot" }, { "allowed-bots": "other-app[bot]" });
    const explanation = await expectSkippedWithNothingMade(run, true);
    expect(explanation).toContain("`allowed-bots`");
  });

  it("a Bot listed in allowed-bots runs", async () => {
    scenario.github.setAccountType("trusted-app[bot]", "Bot");
    const run = await runAs(
      { login: "trusted-app[bot]", type: "Bot" },
      { "allowed-bots": "trusted-app[bot]" },
    );
    expect(run.main.exitCode, run.main.log).toBe(0);
    expect(run.main.outputs.outcome).toBe("no-changes");
  });

  it("a User called mallory[bot] with write access runs: the type comes from GitHub, not the login", async () => {
    scenario.github.setAccountType("mallory[bot]", "User");
    scenario.github.setPermission(scenario.owner, scenario.repo, "mallory[bot]", "write");
    const run = await runAs({ login: "mallory[bot]", type: "User" });
    expect(run.main.exitCode, run.main.log).toBe(0);
    expect(run.main.outputs.outcome).toBe("no-changes");
  });

  it("a Bot whose payload claims it is a User is still a bot", async () => {
    scenario.github.setAccountType("disguised-app[bot]", "Bot");
    scenario.github.setPermission(scenario.owner, scenario.repo, "disguised-app[bot]", "write");
    const run = await runAs({ login: "disguised-app[bot]", type: "User" });
    await expectSkippedWithNothingMade(run, true);
  });
});

describe("the issue itself", () => {
  it("a closed issue is skipped with a clear message", async () => {
    const issue = scenario.addIssue("Closed already");
    const closing = await fetch(
      `${scenario.github.url}/repos/${scenario.owner}/${scenario.repo}/issues/${issue}`,
      {
        method: "PATCH",
        headers: { authorization: `token ${scenario.token}`, "content-type": "application/json" },
        body: JSON.stringify({ state: "closed" }),
      },
    );
    expect(closing.status).toBe(200);
    const run = await runAs({ login: "maintainer" }, {}, issue);
    const explanation = await expectSkippedWithNothingMade(run, true);
    expect(explanation).toContain(`issue #${issue} is closed`);
  });

  it("a locked issue is skipped without a comment", async () => {
    const issue = scenario.addIssue("Locked conversation");
    scenario.github.lockIssue(scenario.owner, scenario.repo, issue);
    const run = await runAs({ login: "maintainer" }, {}, issue);
    await expectSkippedWithNothingMade(run, false);
    expect(run.main.log).toContain("is locked");
  });
});
