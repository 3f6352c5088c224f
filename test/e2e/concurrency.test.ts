// Runs sharing one checkout and one workspaces-root, as on a self-hosted runner: at the same time,
// and after earlier runs that died and left their environments behind.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import lockfile from "proper-lockfile";
import { describe, expect, it } from "vitest";
import { git } from "../rig/git-server.js";
import { makeTempDir } from "../rig/temp.js";
import { fixtureAgent, pathExists, type Scenario, useScenario } from "./scenario.js";

let scenario: Scenario;
useScenario((started) => {
  scenario = started;
});

const branchOf = (issue: number) => `agent/custom/issue-${issue}`;
const BASE_FILES = ["README.md", "src/widget.txt"];

/** What actions/checkout persisted: the config entries and the credentials files they include. */
async function persistedCredentials(): Promise<string[]> {
  const entries = await git([
    "-C",
    scenario.workspace,
    "config",
    "--local",
    "--get-regexp",
    String.raw`^(includeif\..*\.path|http\..*\.extraheader)$`,
  ]);
  const files = (await readdir(scenario.runnerTemp)).filter((name) => name.startsWith("git-credentials-"));
  const contents = await Promise.all(
    files.map((name) => readFile(path.join(scenario.runnerTemp, name), "utf8")),
  );
  return [...entries.split("\n").sort(), ...contents];
}

describe("eight runs at once on one checkout", () => {
  it("all open their own PR with only their own change, and leave only the main worktree", async () => {
    const issues = Array.from({ length: 8 }, (_, i) => scenario.addIssue(`Concurrent task ${i + 1}`));
    const credentialsBefore = await persistedCredentials();
    // Each job has its own RUNNER_TEMP (the event file lives there); they share the checkout and
    // the workspaces-root.
    const temps = await Promise.all(issues.map(() => makeTempDir("concurrent-runner-temp")));
    const started = issues.map((issue, i) =>
      scenario.startRun({
        issueNumber: issue,
        runnerTemp: temps[i]!.path,
        inputs: {
          "issue-number": String(issue),
          "workspaces-root": scenario.workspacesRoot,
          "agent-command": fixtureAgent(
            "wait-for-go.mjs",
            "finish.mjs",
            "--lines=2",
            `concurrent-${issue}.txt=issue ${issue}`,
          ),
        },
        timeoutMs: 110_000,
      }),
    );
    // Every agent is held until all eight are running: the eight runs overlap for certain, with
    // their worktrees, credential hiding and leases all in place at once.
    try {
      await Promise.all(started.map((run) => run.agentStarted(100_000)));
      expect(started.filter((run) => run.finished).map((run) => run.runId)).toEqual([]);
    } finally {
      await Promise.all(started.map((run) => run.release()));
    }
    const runs = await Promise.all(started.map((run) => run.done));

    for (const [i, { main, post }] of runs.entries()) {
      const issue = issues[i]!;
      expect(main.exitCode, `issue ${issue}:\n${main.log}`).toBe(0);
      expect(post.exitCode, post.log).toBe(0);
      expect(main.outputs.outcome, `issue ${issue}`).toBe("pr-opened");
      const branch = branchOf(issue);
      expect(main.outputs.branch).toBe(branch);
      expect(await scenario.git.listFiles(scenario.owner, scenario.repo, branch)).toEqual(
        [...BASE_FILES, `concurrent-${issue}.txt`].sort(),
      );
      const pulls = scenario.github
        .pulls(scenario.owner, scenario.repo)
        .filter((p) => p.pull.headRef === branch);
      expect(pulls).toHaveLength(1);
      expect(pulls[0]!.body).toMatch(new RegExp(`^Closes #${issue}$`, "m"));
      expect(pulls[0]!.body).toContain(`\`concurrent-${issue}.txt\` (added)`);
      expect(main.outputs["pr-number"]).toBe(String(pulls[0]!.number));
      expect(scenario.statusComments(issue)).toHaveLength(1);

      // keep-env on-failure after a success: output/ and logs/ only.
      const roots = await scenario.environments(issue);
      expect(roots).toHaveLength(1);
      expect((await readdir(roots[0]!)).filter((name) => !name.endsWith(".json")).sort()).toEqual([
        "logs",
        "output",
      ]);
    }

    const worktrees = await scenario.worktrees();
    expect(worktrees.map((w) => w.path)).toEqual([scenario.workspace]);
    // Nor are the agent branches left in the checkout.
    const localBranches = await git(["-C", scenario.workspace, "branch", "--list", "agent/*"]);
    expect(localBranches).toBe("");
    // The checkout's own state is untouched, its persisted credentials back as they were.
    expect(await git(["-C", scenario.workspace, "status", "--porcelain"])).toBe("");
    expect(await persistedCredentials()).toEqual(credentialsBefore);
  }, 150_000);
});

describe("overlapping runs and the checkout's persisted credentials", () => {
  it("an agent never sees the token another run put back while it was still working", async () => {
    // A hides the credentials first and its agent ends first; B's agent is still working when A
    // puts them back, and only then looks for the token.
    const [first, second] = [scenario.addIssue("Overlap: quick"), scenario.addIssue("Overlap: slow")];
    const credentialsBefore = await persistedCredentials();
    const secret = await makeTempDir("overlap-secret");
    const tokenFile = path.join(secret.path, "token");
    await writeFile(tokenFile, scenario.token);
    const [temp1, temp2] = await Promise.all([makeTempDir("overlap-1"), makeTempDir("overlap-2")]);
    const common = { "workspaces-root": scenario.workspacesRoot };
    const quick = scenario.startRun({
      issueNumber: first,
      runnerTemp: temp1.path,
      inputs: {
        ...common,
        "issue-number": String(first),
        "agent-command": fixtureAgent("wait-for-go.mjs", "finish.mjs", "--lines=1", "quick.txt=q"),
      },
    });
    const slow = scenario.startRun({
      issueNumber: second,
      runnerTemp: temp2.path,
      inputs: {
        ...common,
        "issue-number": String(second),
        "keep-env": "logs",
        "agent-command": fixtureAgent("wait-for-go.mjs", "search-token.mjs", tokenFile),
      },
    });
    let quickEndedAt: number;
    try {
      await quick.agentStarted();
      await slow.agentStarted();
      await quick.release();
      const a = await quick.done;
      quickEndedAt = Date.now();
      expect(a.main.exitCode, a.main.log).toBe(0);
      expect(a.main.outputs.outcome).toBe("pr-opened");
      // The overlap: B's agent was still at work (not yet released) when A had finished.
      expect(slow.finished).toBe(false);
      expect(await pathExists(path.join(slow.envRoot, "output", "released.json"))).toBe(false);
    } finally {
      await Promise.all([quick.release(), slow.release()]);
    }
    const b = await slow.done;
    expect(b.main.exitCode, b.main.log).toBe(0);
    const output = path.join(b.main.outputs["env-dir"]!, "output");
    const released = JSON.parse(await readFile(path.join(output, "released.json"), "utf8"));
    expect(Date.parse(released.at), "B searched after A had finished").toBeGreaterThanOrEqual(quickEndedAt);
    const result = JSON.parse(await readFile(path.join(output, "token-search.json"), "utf8"));
    expect(result.found).toEqual([]);
    expect(await persistedCredentials()).toEqual(credentialsBefore);
  }, 60_000);
});

describe("environments left by runs that died", () => {
  const HOUR = 3_600_000;

  async function fakeEnvironment(
    name: string,
    createdHoursAgo: number,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const root = path.join(scenario.workspacesRoot, name);
    await mkdir(path.join(root, "output"), { recursive: true });
    await mkdir(path.join(root, "logs"), { recursive: true });
    await mkdir(path.join(root, "workdir"), { recursive: true });
    await writeFile(path.join(root, "logs", "agent.log"), "old run\n");
    const record = {
      root,
      workdir: path.join(root, "workdir"),
      taskId: name,
      mode: "directory",
      ...extra,
      createdAt: new Date(Date.now() - createdHoursAgo * HOUR).toISOString(),
    };
    await writeFile(path.join(root, "environment.json"), `${JSON.stringify(record, null, 2)}\n`);
    return root;
  }

  it("a run removes stale unlocked ones and their worktrees, keeps locked and recent ones, prunes registrations", async () => {
    await mkdir(scenario.workspacesRoot, { recursive: true });
    // A run that died 100 h ago, with its worktree still registered in the checkout.
    const staleWorktree = path.join(scenario.workspacesRoot, "issue-900-1-1");
    await mkdir(staleWorktree);
    await git([
      "-C",
      scenario.workspace,
      "worktree",
      "add",
      "--quiet",
      "-b",
      "agent/custom/issue-900",
      path.join(staleWorktree, "workdir"),
      "HEAD",
    ]);
    await fakeEnvironment("issue-900-1-1", 100, {
      mode: "worktree",
      repoPath: scenario.workspace,
      branch: "agent/custom/issue-900",
    });
    // A plain-directory one of the same age.
    const staleDirectory = await fakeEnvironment("issue-901-1-1", 100);
    // As old, but its run is alive: it holds the owner lock.
    const locked = await fakeEnvironment("issue-902-1-1", 100);
    const release = await lockfile.lock(locked, {
      lockfilePath: path.join(locked, "owner.lock"),
      realpath: false,
      stale: 20_000,
      onCompromised: () => {},
    });
    // Recent: its run may still come back to it.
    const recent = await fakeEnvironment("issue-903-1-1", 1);
    // A worktree whose directory someone deleted: registered, prunable.
    const gone = await makeTempDir("deleted-worktree");
    await git([
      "-C",
      scenario.workspace,
      "worktree",
      "add",
      "--quiet",
      "--detach",
      path.join(gone.path, "wt"),
    ]);
    await rm(path.join(gone.path, "wt"), { recursive: true, force: true });
    expect((await scenario.worktrees()).some((w) => w.prunable)).toBe(true);

    try {
      const issue = scenario.addIssue("After the crash");
      const { main, post } = await scenario.run({
        issueNumber: issue,
        inputs: { "agent-command": fixtureAgent("finish.mjs", "--lines=1", "after-crash.txt=ok") },
      });
      expect(main.exitCode, main.log).toBe(0);
      expect(post.exitCode, post.log).toBe(0);
      expect(main.outputs.outcome).toBe("pr-opened");

      expect(await pathExists(staleWorktree)).toBe(false);
      expect(await pathExists(staleDirectory)).toBe(false);
      expect(await pathExists(path.join(locked, "workdir"))).toBe(true);
      expect(await pathExists(path.join(recent, "workdir"))).toBe(true);

      const worktrees = await scenario.worktrees();
      expect(worktrees.filter((w) => w.prunable).map((w) => w.raw)).toEqual([]);
      expect(worktrees.map((w) => w.path)).toEqual([scenario.workspace]);
      expect(await git(["-C", scenario.workspace, "branch", "--list", "agent/custom/issue-900"])).toBe("");
    } finally {
      await release();
    }
  });
});
