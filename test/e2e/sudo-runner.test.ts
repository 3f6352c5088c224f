// GitHub-hosted runners run a job as the user `runner`, who is not root and has passwordless sudo.
// The action then makes its agent's user with sudo and starts the agent through sudo, while its
// own git, the workspace and the job's files stay the runner's. This runs the whole job that way,
// where the tests run as root and sudo is installed (CI installs it, see .ci/run).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureUser, fixtureAgent, pathExists, type Scenario, useScenario } from "./scenario.js";

const RUNNER = "agent-task-test-runner";
const SUDOERS = `/etc/sudoers.d/${RUNNER}`;
const available = process.getuid?.() === 0 && existsSync("/usr/bin/sudo") && existsSync("/usr/bin/setpriv");

describe.skipIf(!available)("a runner user with passwordless sudo, as on GitHub-hosted runners", () => {
  let scenario: Scenario;
  useScenario((started) => {
    scenario = started;
  });
  let runnerUid: number;
  let home: string;

  beforeAll(async () => {
    // No home: the job's HOME is a directory of the test's.
    runnerUid = ensureUser(RUNNER, ["--no-create-home", "--shell", "/bin/sh"]);
    await writeFile(SUDOERS, `${RUNNER} ALL=(ALL) NOPASSWD:ALL\n`, { mode: 0o440 });
    home = await mkdtemp(path.join(tmpdir(), "agent-task-runner-home-"));
    // actions/checkout ran as the runner: the checkout and RUNNER_TEMP are its own.
    const runnerRoot = path.dirname(scenario.runnerTemp);
    execFileSync("chown", ["-R", `${RUNNER}:`, runnerRoot, home]);
    return async () => {
      await rm(SUDOERS, { force: true });
      await rm(home, { recursive: true, force: true });
    };
  });

  it("opens the pull request, the agent running as a user of its own made with sudo", async () => {
    const { main, post } = await scenario.run({
      inputs: { "agent-command": fixtureAgent("identity.mjs") },
      home,
      runAs: RUNNER,
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(post.exitCode, post.log).toBe(0);
    expect(main.outputs.outcome, main.log).toBe("pr-opened");

    // The agent was neither root nor the runner: a user the action made for it through sudo.
    const envDir = main.outputs["env-dir"]!;
    const identity = JSON.parse(await readFile(path.join(envDir, "output", "identity.json"), "utf8"));
    expect(identity.uid).not.toBe(0);
    expect(identity.uid).not.toBe(runnerUid);
    expect(main.log).toContain(`The agent runs as the user \`${identity.user}\` (uid ${identity.uid})`);
    const branch = main.outputs.branch!;
    expect(await scenario.git.readFile(scenario.owner, scenario.repo, branch, "identity.txt")).toBe(
      `${identity.user}\n`,
    );

    // Its workdir is gone (keep-env: on-failure keeps output/ and logs/ of a success), and no
    // process of its user is left.
    expect(await pathExists(path.join(envDir, "workdir"))).toBe(false);
    expect(await pathExists(path.join(envDir, "output"))).toBe(true);
    const left = spawnSync("ps", ["-o", "pid=", "-u", String(identity.uid)], { encoding: "utf8" });
    expect(left.stdout.trim()).toBe("");
  });

  it("publishes in-place edits that keep each file's size, though the files changed owner twice", async () => {
    const issue = scenario.addIssue("Shout the names");
    // Same sizes as "# widgets" and "widget v1", written in place right after the checkout.
    const agent = fixtureAgent("write-files.mjs", "README.md=# WIDGETS", "src/widget.txt=WIDGET V1");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": agent },
      home,
      runAs: RUNNER,
    });
    expect(main.outputs.outcome, main.log).toBe("pr-opened");
    const branch = main.outputs.branch!;
    const read = (file: string) => scenario.git.readFile(scenario.owner, scenario.repo, branch, file);
    expect(await read("README.md")).toBe("# WIDGETS\n");
    expect(await read("src/widget.txt")).toBe("WIDGET V1\n");
    expect(main.outputs["changed-files"]).toBe("2");
  });
});
