import { chmod, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { git } from "../rig/git-server.js";
import { makeTempDir } from "../rig/temp.js";
import { type CliResult, runCliIn } from "./cli-process.js";
import { fixtureAgent, pathExists, type Scenario, useScenario } from "./scenario.js";

let scenario: Scenario;
useScenario((started) => {
  scenario = started;
});

/** `agent-task ARGS` in the scenario's clone, pointed at the rig. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runCliIn(scenario, args, env);
}

async function closeIssue(issue: number): Promise<void> {
  const response = await fetch(
    `${scenario.github.url}/repos/${scenario.owner}/${scenario.repo}/issues/${issue}`,
    {
      method: "PATCH",
      headers: { authorization: `token ${scenario.token}`, "content-type": "application/json" },
      body: JSON.stringify({ state: "closed" }),
    },
  );
  expect(response.status).toBe(200);
}

describe("agent-task plan", () => {
  it("lists exactly the labelled open issues that no live run holds and no agent PR answers", async () => {
    const { owner, repo } = scenario;
    const first = scenario.issueNumber;
    const fresh = scenario.addIssue("Fresh work");
    const unlabelled = scenario.github.addIssue(owner, repo, {
      title: "Not for the agent",
      labels: ["bug"],
    }).number;
    const closed = scenario.addIssue("Closed already");
    await closeIssue(closed);
    const finished = scenario.addIssue("An earlier run changed nothing");
    const finishedRun = await scenario.run({ issueNumber: finished, inputs: { "agent-command": "true" } });
    expect(finishedRun.main.outputs.outcome, finishedRun.main.log).toBe("no-changes");
    const answered = scenario.addIssue("Has a pull request");
    const answeredRun = await scenario.run({
      issueNumber: answered,
      // The pull request carries the trigger label too: it is not an issue to plan.
      inputs: { "agent-command": fixtureAgent("write-files.mjs", "answer.txt=yes"), "pr-labels": "agent" },
    });
    expect(answeredRun.main.outputs.outcome, answeredRun.main.log).toBe("pr-opened");
    const held = scenario.addIssue("A run is working on it");
    const runId = "73000001";
    const busy = scenario.run({
      issueNumber: held,
      runId,
      inputs: { "agent-command": fixtureAgent("sleep-then-write.mjs", "forever", "busy.txt=done") },
    });
    try {
      await scenario.agentStarted(runId, held);

      const plan = await cli(["plan"]);
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout).toBe(`{"include":[{"issue":${first}},{"issue":${fresh}},{"issue":${finished}}]}\n`);
      expect(plan.stderr).toContain(`left out #${answered}: open pull request #`);
      expect(plan.stderr).toContain(
        `left out #${held}: a run is working on it: run ${runId} (attempt 1) is running`,
      );
      expect(plan.stderr).not.toContain(`#${unlabelled}`);
      expect(plan.stderr).not.toContain(`#${closed}:`);

      const all = await cli(["plan", "--all", "--repository", `${owner}/${repo}`]);
      expect(JSON.parse(all.stdout).include.map((entry: { issue: number }) => entry.issue)).toEqual([
        first,
        fresh,
        finished,
        answered,
        held,
      ]);
      const limited = await cli(["plan", "--limit", "2"]);
      expect(limited.stdout).toBe(`{"include":[{"issue":${first}},{"issue":${fresh}}]}\n`);
      const otherLabel = await cli(["plan"], { AGENT_TASK_TRIGGER_LABEL: "bug" });
      expect(otherLabel.stdout).toBe(`{"include":[{"issue":${unlabelled}}]}\n`);
    } finally {
      await scenario.releaseAgent(runId, held);
      await busy;
    }
  });

  it("refuses a bad limit and a missing token with exit status 2", async () => {
    const limit = await cli(["plan", "--limit", "0"]);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain("--limit must be a positive whole number; got `0`");
    const token = await cli(["plan"], { GITHUB_TOKEN: "" });
    expect(token.code).toBe(2);
    expect(token.stderr).toContain("no token");
  });
});

describe("agent-task gc", () => {
  it("removes stale workspaces, keeps a local run's branch, and prunes orphaned registrations", async () => {
    const root = path.join(scenario.runnerTemp, "gc-workspaces");
    const checkout = scenario.workspace;
    const keep = ["--workspaces-root", root, "--keep-env", "always", "--json"];

    // A run on GitHub whose workspace was kept: a directory of its own, nothing in the checkout.
    const onGitHub = scenario.addIssue("Kept after a run on GitHub");
    const kept = await cli([
      "run",
      "--issue",
      String(onGitHub),
      "--agent-command",
      fixtureAgent("write-files.mjs", "k.txt=k"),
      ...keep,
    ]);
    expect(kept.code, kept.stderr).toBe(0);
    const keptRoot = JSON.parse(kept.stdout)["env-dir"] as string;
    // A local run whose workspace was kept: the checkout's local agent branch holds its work.
    const issueFile = path.join(scenario.runnerTemp, "LOCAL.md");
    await writeFile(issueFile, "# Local work\n");
    const local = await cli([
      "run",
      "--issue-file",
      issueFile,
      "--issue",
      "900",
      "--agent-command",
      fixtureAgent("write-files.mjs", "l.txt=l"),
      ...keep,
    ]);
    expect(local.code, local.stderr).toBe(0);
    const localRoot = JSON.parse(local.stdout)["env-dir"] as string;
    // A worktree registration under the root whose directory someone deleted, as a workspace of
    // an earlier version (a worktree of the checkout) leaves it.
    const orphanDir = path.join(root, "earlier-version", "workdir");
    await git(["-C", checkout, "worktree", "add", "--quiet", "-b", "agent/custom/issue-777", orphanDir]);
    await rm(path.dirname(orphanDir), { recursive: true, force: true });

    const registered = async () =>
      (await scenario.worktrees()).map((worktree) => worktree.path).filter((dir) => dir.startsWith(root));
    const localBranches = async () =>
      (await git(["-C", checkout, "for-each-ref", "--format=%(refname:short)", "refs/heads/agent"]))
        .split("\n")
        .filter(Boolean);
    // The runs registered nothing in the checkout; only the local run's branch is there.
    expect(await registered()).toEqual([orphanDir]);
    expect(await localBranches()).toContain("agent/custom/issue-900");
    expect(await localBranches()).not.toContain(`agent/custom/issue-${onGitHub}`);

    // --dry-run: says what it would do, does nothing.
    const dry = await cli(["gc", "--workspaces-root", root, "--older-than", "0", "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would remove ${keptRoot} (made from ${checkout})`);
    expect(dry.stdout).toContain(`would remove ${localRoot} (made from ${checkout})`);
    expect(dry.stdout).toContain(`would prune the registration of ${orphanDir}`);
    expect(await registered()).toEqual([orphanDir]);
    expect(await pathExists(keptRoot)).toBe(true);

    // The default age (72 hours) keeps the young workspaces; the orphaned registration goes.
    const young = await cli(["gc", "--workspaces-root", root]);
    expect(young.code, young.stderr).toBe(0);
    expect(young.stdout).toContain(
      `pruned the registration of ${orphanDir} in ${checkout}; kept branch agent/custom/issue-777`,
    );
    expect(young.stdout).not.toContain("removed");
    expect(await registered()).toEqual([]);
    expect(await pathExists(keptRoot)).toBe(true);

    // --older-than 0: every workspace no run holds.
    const all = await cli(["gc", "--workspaces-root", root, "--older-than", "0"]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain(`removed ${keptRoot}`);
    expect(all.stdout).toContain(`removed ${localRoot}`);
    expect(all.stdout).toContain("Removed 2 workspace(s) and 0 orphaned registration(s)");
    expect(await pathExists(keptRoot)).toBe(false);
    expect(await pathExists(localRoot)).toBe(false);
    const branchesAfter = await localBranches();
    expect(branchesAfter).toContain("agent/custom/issue-900");
    expect(branchesAfter).toContain("agent/custom/issue-777");

    const again = await cli(["gc", "--workspaces-root", root, "--older-than", "0"]);
    expect(again.stdout).toContain(`Nothing to remove under ${root}`);
  });
});

describe("agent-task doctor", () => {
  /** A directory with a stand-in `claude` that reports a version, for PATH. */
  async function fakeClaude(): Promise<string> {
    const dir = (await makeTempDir("fake-claude")).path;
    const program = path.join(dir, "claude");
    await writeFile(program, '#!/bin/sh\necho "2.0.0 (Claude Code)"\n');
    await chmod(program, 0o755);
    return dir;
  }

  it("passes when everything a run needs is there, and says where each setting came from", async () => {
    const bin = await fakeClaude();
    scenario.github.setTokenScopes("repo, workflow");
    scenario.github.setWorkflowPermissions(scenario.owner, scenario.repo, {
      canApprovePullRequestReviews: true,
    });
    try {
      const result = await cli(
        ["doctor", "--agent", "claude", "--agent-env", "ANTHROPIC_API_KEY=sk-secret-key"],
        {
          PATH: `${bin}:${process.env.PATH}`,
          AGENT_TASK_TIMEOUT_MINUTES: "7",
        },
      );
      expect(result.code, result.stdout).toBe(0);
      const line = (name: string) =>
        result.stdout
          .split("\n")
          .find((l) => l.includes(`  ${name}  `))
          ?.trim()
          .split(/ {2,}/);
      expect(line("git")?.slice(0, 1)).toEqual(["ok"]);
      expect(line("agent (claude)")).toEqual([
        "ok",
        "agent (claude)",
        `2.0.0 (Claude Code) at ${path.join(bin, "claude")}`,
      ]);
      expect(line("token")?.[2]).toBe("from GITHUB_TOKEN: a GitHub App or GITHUB_TOKEN installation token");
      expect(line("repository")?.slice(0, 3)).toEqual([
        "ok",
        "repository",
        "octo/widgets (the origin remote)",
      ]);
      expect(line("default branch")?.[2]).toBe("main");
      expect(line("permission contents")).toEqual(["ok", "permission contents", "write (scope repo)"]);
      expect(line("permission workflows")?.[0]).toBe("ok");
      expect(line("actions may open PRs")?.[0]).toBe("ok");
      expect(line("workspaces-root")?.[0]).toBe("ok");
      expect(result.stdout).toMatch(/^ {2}timeout-minutes +7 +AGENT_TASK_TIMEOUT_MINUTES$/m);
      expect(result.stdout).toMatch(/^ {2}agent +claude +--agent$/m);
      expect(result.stdout).toMatch(/^ {2}agent-env +ANTHROPIC_API_KEY=\*\*\* +--agent-env$/m);
      expect(result.stdout).toMatch(/^ {2}mode +auto +default \(action\.yml\)$/m);
      expect(result.stdout).toMatch(/^ {2}github-token +\(set\) +GITHUB_TOKEN$/m);
      expect(result.stdout).not.toContain("sk-secret-key");
      expect(result.stdout).not.toContain(scenario.token);
      expect(result.stdout).toContain("All checks passed.");
    } finally {
      scenario.github.setTokenScopes(undefined);
      scenario.github.setWorkflowPermissions(scenario.owner, scenario.repo, {
        canApprovePullRequestReviews: false,
      });
    }
  });

  it("fails, naming each failed check, when the agent CLI, the token's scope or the workspaces root is wrong", async () => {
    const file = path.join((await makeTempDir("doctor")).path, "a-file");
    await writeFile(file, "");
    scenario.github.setTokenScopes("read:org");
    try {
      const result = await cli(
        ["doctor", "--agent", "codex", "--workspaces-root", path.join(file, "workspaces")],
        {
          PATH: "/usr/bin:/bin",
        },
      );
      expect(result.code, result.stdout).toBe(1);
      expect(result.stdout).toMatch(
        /^ {2}FAIL +agent \(codex\) +`codex` is not on PATH .*npm install -g @openai\/codex`?$/m,
      );
      expect(result.stdout).toMatch(/^ {2}FAIL +permission contents +the token has no `repo` scope/m);
      expect(result.stdout).toMatch(/^ {2}FAIL +workspaces-root +.* is not writable/m);
      expect(result.stdout).toMatch(/^ {2}warn +actions may open PRs +not allowed/m);
      expect(result.stdout).toContain("5 check(s) failed.");
    } finally {
      scenario.github.setTokenScopes(undefined);
    }
  });

  it("says what it cannot determine instead of guessing", async () => {
    scenario.github.injectFault({
      operationId: "actions/get-github-actions-default-workflow-permissions-repository",
      status: 403,
      body: { message: "Resource not accessible by integration", status: "403" },
      headers: { "x-accepted-github-permissions": "administration=read" },
    });
    const result = await cli(["doctor", "--agent-command", "node"]);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^ {2}\? +permission contents +write: not visible through the API/m);
    expect(result.stdout).toMatch(/^ {2}\? +permission issues +read: yes; write: not visible/m);
    expect(result.stdout).toMatch(
      /^ {2}\? +actions may open PRs +could not read .*403 .*needs administration=read/m,
    );
    expect(result.stdout).toMatch(/could not be determined/);
  });

  it("fails without a token unless asked for the local checks only", async () => {
    const without = await cli(["doctor", "--agent-command", "node"], { GITHUB_TOKEN: "" });
    expect(without.code).toBe(1);
    expect(without.stdout).toMatch(/^ {2}FAIL +token +not set/m);
    const localOnly = await cli(["doctor", "--local", "--agent-command", "node"], { GITHUB_TOKEN: "" });
    expect(localOnly.code, localOnly.stdout).toBe(0);
    expect(localOnly.stdout).not.toMatch(/^ {2}\S+ +token /m);
    expect(localOnly.stdout).toMatch(/^ {2}github-token +\(not set\) +GITHUB_TOKEN and GH_TOKEN are unset$/m);
  });

  it("reports a repository the token cannot see", async () => {
    const result = await cli(["doctor", "--agent-command", "node", "--repository", "octo/missing"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^ {2}FAIL +repository +octo\/missing: GitHub API call repos.get failed: 404/m,
    );
  });

  it("checks a directory that exists but is not a git clone", async () => {
    const plain = (await makeTempDir("not-a-clone")).path;
    await mkdir(path.join(plain, "sub"));
    const result = await cli([
      "doctor",
      "--local",
      "--agent-command",
      "node",
      "--repo-path",
      plain,
      "--mode",
      "worktree",
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}FAIL +repo-path +.* is not a git clone and mode is worktree/m);
  });
});
