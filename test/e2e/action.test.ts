import { readFileSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rawLinesRevealing } from "../rig/action-runner.js";
import { makeTempDir } from "../rig/temp.js";
import { fixtureAgent, type Scenario, useScenario } from "./scenario.js";

let scenario: Scenario;
useScenario((started) => {
  scenario = started;
});

/** A process that exists and is not a zombie (an exited process nobody has reaped yet). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

describe("a labelled issue becomes a pull request", () => {
  it("pushes the agent's change and opens a PR that closes the issue", async () => {
    const { main, post, apiRequests } = await scenario.run({
      inputs: { "agent-command": fixtureAgent("write-files.mjs", "hello.txt=hello world") },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(post.exitCode, post.log).toBe(0);

    const branch = "agent/custom/issue-1";
    const [pull, ...others] = scenario.github.pulls(scenario.owner, scenario.repo);
    expect(others).toHaveLength(0);
    expect(pull!.body).toMatch(/^Closes #1$/m);
    expect(pull!.body).toContain("`hello.txt` (added)");
    expect(pull!.body).toContain("Exit code | 0");
    expect(pull!.body).toContain("/actions/runs/");
    expect(pull!.pull.headRef).toBe(branch);
    expect(pull!.pull.baseRef).toBe("main");

    expect(await scenario.git.readFile(scenario.owner, scenario.repo, branch, "hello.txt")).toBe(
      "hello world\n",
    );
    const files = await scenario.git.listFiles(scenario.owner, scenario.repo, branch);
    expect(files.some((file) => file.startsWith(".agent_context"))).toBe(false);

    expect(main.outputs).toMatchObject({
      outcome: "pr-opened",
      branch,
      "pr-number": String(pull!.number),
      "pr-url": `${scenario.git.url}/${scenario.owner}/${scenario.repo}/pull/${pull!.number}`,
      "head-sha": await scenario.git.headSha(scenario.owner, scenario.repo, branch),
      "changed-files": "1",
      "exit-code": "0",
    });
    expect(main.summary).toContain("opened a pull request");
    expect(main.summary).toContain(`[#${pull!.number}]`);
    expect(main.summary).toContain("| `hello.txt` | added |");

    const [status, ...moreStatus] = scenario.statusComments();
    expect(moreStatus).toHaveLength(0);
    expect(status!.body).toContain("`pr-opened`");
    expect(status!.body).toContain(pull!.pull.headRef);
    expect(status!.body).toContain(`/pull/${pull!.number}`);
    // An upper bound on the API cost of a fresh PR (main and post), permission check included.
    expect(apiRequests.total, JSON.stringify(apiRequests.byRoute, null, 2)).toBeLessThanOrEqual(15);

    // keep-env: on-failure keeps output/ and logs/ of a run that succeeded, summary.json among them.
    const summary = JSON.parse(
      await readFile(path.join(main.outputs["env-dir"]!, "output", "summary.json"), "utf8"),
    ) as { outputs: Record<string, string>; issue: { number: number } };
    expect(summary.outputs).toEqual(main.outputs);
    expect(summary.issue.number).toBe(1);
  });

  it("an edit that leaves a file's size and mtime as checked out, made as the agent starts, is pushed", async () => {
    // In place (the same inode), the same size, its mtime put back to the nanosecond: only its
    // ctime, or reading the file, shows the change. Whether it fell in the second of the checkout,
    // where git's stat data cannot tell, is noted beside: most runs, as the agent starts at once.
    const script = [
      "f=src/widget.txt",
      "t=$(stat -c %.9Y $f); before=$(stat -c %Z $f)",
      'printf "WIDGET V1\\n" > $f',
      'touch -m -d "@$t" $f',
      'echo "$before $(stat -c %Z $f)" > "$AGENT_OUTPUT_DIR/ctime-seconds"',
    ].join("; ");
    const { main } = await scenario.run({
      issueNumber: scenario.addIssue("Shout the widget"),
      inputs: { "agent-command": `/bin/sh -c '${script}'`, "keep-env": "always" },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome, main.log).toBe("pr-opened");
    const branch = main.outputs.branch!;
    expect(await scenario.git.readFile(scenario.owner, scenario.repo, branch, "src/widget.txt")).toBe(
      "WIDGET V1\n",
    );
    expect(main.outputs["changed-files"]).toBe("1");
    const seconds = await readFile(path.join(main.outputs["env-dir"]!, "output", "ctime-seconds"), "utf8");
    expect(seconds).toMatch(/^\d+ \d+\n$/);
  });

  it("a second run on the same issue updates the same PR", async () => {
    const issue = scenario.addIssue("Run twice");
    const pullsOfIssue = () =>
      scenario.github
        .pulls(scenario.owner, scenario.repo)
        .filter((pull) => pull.body?.includes(`Closes #${issue}`));
    const first = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("write-files.mjs", "first.txt=first") },
    });
    expect(first.main.outputs.outcome, first.main.log).toBe("pr-opened");
    const before = pullsOfIssue();
    expect(before).toHaveLength(1);

    const { main, apiRequests } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("write-files.mjs", "second.txt=more") },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(pullsOfIssue()).toEqual([expect.objectContaining({ number: before[0]!.number })]);
    expect(main.outputs.outcome).toBe("pr-updated");
    expect(main.outputs["pr-number"]).toBe(String(before[0]!.number));
    const branch = `agent/custom/issue-${issue}`;
    // The second run continued the branch: the first change is still there.
    expect(await scenario.git.readFile(scenario.owner, scenario.repo, branch, "first.txt")).toBe("first\n");
    expect(await scenario.git.readFile(scenario.owner, scenario.repo, branch, "second.txt")).toBe("more\n");
    expect(scenario.statusComments(issue)).toHaveLength(1);
    // An upper bound on the API cost of updating a PR (main and post).
    expect(apiRequests.total, JSON.stringify(apiRequests.byRoute, null, 2)).toBeLessThanOrEqual(16);
  });

  it("runs under the machine's Node too (the other tests use the runner's Node 24)", async () => {
    const issue = scenario.addIssue("Machine Node run");
    const { main, post } = await scenario.run({
      issueNumber: issue,
      node: "machine",
      inputs: { "agent-command": fixtureAgent("write-files.mjs", "machine-node.txt=ok") },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(post.exitCode).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");
  });
});

describe("triggers", () => {
  it("a label other than trigger-label skips with nothing created and no API write", async () => {
    scenario.github.clearRequests();
    const issue = scenario.addIssue("Not for the agent");
    const { main, post, apiRequests } = await scenario.run({
      issueNumber: issue,
      label: "bug",
      inputs: { "agent-command": fixtureAgent("write-files.mjs", "x.txt=x") },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(post.exitCode).toBe(0);
    expect(main.outputs.outcome).toBe("skipped");
    expect(main.outputs["exit-code"]).toBe("");
    expect(scenario.github.writes()).toHaveLength(0);
    expect(apiRequests.byRoute).toEqual({});
    const environments = await readdir(scenario.workspacesRoot).catch(() => []);
    expect(environments.filter((name) => name.startsWith(`issue-${issue}-`))).toHaveLength(0);
  });

  it("workflow_dispatch with issue-number fetches the issue and opens a PR", async () => {
    const issue = scenario.addIssue("Dispatched work", "- [ ] do the thing");
    const { main } = await scenario.run({
      event: "dispatch",
      issueNumber: issue,
      inputs: {
        "issue-number": String(issue),
        "agent-command": fixtureAgent("write-files.mjs", "dispatched.txt=yes"),
      },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");
    const pull = scenario.github
      .pulls(scenario.owner, scenario.repo)
      .find((p) => p.body?.includes(`Closes #${issue}`));
    expect(pull?.pull.headRef).toBe(`agent/custom/issue-${issue}`);
  });

  it("an unsupported event fails with the supported events named", async () => {
    const { main } = await scenario.run({
      event: { name: "push", payload: { ref: "refs/heads/main" } },
      inputs: { "agent-command": fixtureAgent("write-files.mjs", "x.txt=x") },
    });
    expect(main.exitCode).toBe(1);
    expect(main.annotations.map((a) => a.message).join("\n")).toMatch(/issues.*workflow_dispatch.*push/s);
  });
});

describe("the agent's environment", () => {
  it("runs in workdir with the contract's variables and no secret of the action", async () => {
    const issue = scenario.addIssue("Inspect the environment");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: {
        "agent-command": fixtureAgent("print-env.mjs"),
        "agent-env": "MY_SETTING=visible\nANOTHER=two",
        prompt: "Be brief.",
      },
      env: { GITHUB_TOKEN: scenario.token, GH_TOKEN: "other-secret-value", SOME_VAR: "kept" },
    });
    expect(main.exitCode, main.log).toBe(0);
    const envDirs = (await readdir(scenario.workspacesRoot)).filter((d) => d.startsWith(`issue-${issue}-`));
    expect(envDirs).toHaveLength(1);
    const envRoot = path.join(scenario.workspacesRoot, envDirs[0]!);
    const record = JSON.parse(await readFile(path.join(envRoot, "output", "agent-env.json"), "utf8"));
    expect(record.cwd).toBe(path.join(envRoot, "workdir"));
    expect(record.env).toMatchObject({
      AGENT_TASK_ID: envDirs[0],
      AGENT_CONTEXT_DIR: path.join(envRoot, "workdir", ".agent_context"),
      AGENT_PROMPT_FILE: path.join(envRoot, "workdir", ".agent_context", "prompt.md"),
      AGENT_ISSUE_NUMBER: String(issue),
      AGENT_BRANCH: `agent/custom/issue-${issue}`,
      AGENT_OUTPUT_DIR: path.join(envRoot, "output"),
      MY_SETTING: "visible",
      ANOTHER: "two",
      SOME_VAR: "kept",
    });
    expect(record.env.AGENT_PROMPT).toBe(record.prompt);
    expect(record.prompt).toContain(".agent_context/issue_context.md");
    expect(record.prompt).toContain("Be brief.");
    expect(record.context).toMatch(/^# Issue: Inspect the environment\n/);
    expect(record.context).toContain("## Agent Instructions\n\nBe brief.");
    const names = Object.keys(record.env);
    expect(names.filter((n) => n.startsWith("INPUT_") || n.startsWith("ACTIONS_"))).toEqual([]);
    expect(names).not.toContain("GITHUB_TOKEN");
    expect(names).not.toContain("GH_TOKEN");
    expect(names).not.toContain("GITHUB_OUTPUT");
    // agent-env values are masked in the job log.
    expect(main.masks).toContain("visible");
  });

  it("the agent finds the token nowhere: env, git config, environment files, RUNNER_TEMP", async () => {
    const issue = scenario.addIssue("Look for secrets");
    const secretDir = await makeTempDir("secret");
    const tokenFile = path.join(secretDir.path, "token");
    await writeFile(tokenFile, scenario.token);
    const { main, post } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("search-token.mjs", tokenFile), "keep-env": "always" },
      env: { GITHUB_TOKEN: scenario.token },
    });
    expect(main.exitCode, main.log).toBe(0);
    const envRoot = main.outputs["env-dir"]!;
    const result = JSON.parse(await readFile(path.join(envRoot, "output", "token-search.json"), "utf8"));
    expect(result.envRoot).toBe(envRoot);
    expect(result.found).toEqual([]);
    // The persisted checkout credential is back after the run.
    const config = await readdir(scenario.runnerTemp);
    expect(config.some((name) => name.startsWith("git-credentials-"))).toBe(true);
    // Neither step printed the token, in any form, other than to register it as a mask: looked for
    // in the raw output, since the runner masks the log and would hide a leak there.
    const forms = [scenario.token, Buffer.from(`x-access-token:${scenario.token}`).toString("base64")];
    expect(rawLinesRevealing(main, forms)).toEqual([]);
    expect(rawLinesRevealing(post, forms)).toEqual([]);
    const agentLog = await readFile(path.join(envRoot, "logs", "agent.log"), "utf8");
    for (const form of forms) expect(agentLog).not.toContain(form);
  });
});

describe("the timeout the action enforces", () => {
  it("kills the agent and its grandchildren, even one that left the process group", async () => {
    const issue = scenario.addIssue("Hang forever");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: {
        "agent-command": fixtureAgent("sleep-with-children.mjs"),
        "timeout-minutes": "0.03",
        "kill-grace-seconds": "1",
        "keep-env": "always",
      },
    });
    expect(main.exitCode).toBe(1);
    expect(main.outputs.outcome).toBe("timed-out");
    expect(main.annotations.map((a) => a.message).join("\n")).toContain("timeout-minutes");
    const pids = JSON.parse(
      await readFile(path.join(main.outputs["env-dir"]!, "output", "pids.json"), "utf8"),
    );
    for (const pid of Object.values(pids) as number[]) expect(isAlive(pid), `pid ${pid}`).toBe(false);
    expect(main.strayProcesses).toBe(false);
    // The partial work was pushed to a draft PR (on-agent-failure: draft-pr).
    const pull = scenario.github
      .pulls(scenario.owner, scenario.repo)
      .find((p) => p.body?.includes(`Closes #${issue}`));
    expect(pull?.pull.draft).toBe(true);
    expect(pull?.body).toContain("timed out");
  });
});

describe("directory mode", () => {
  it("works in a plain directory: no branch, no PR, changed files counted", async () => {
    const issue = scenario.addIssue("Directory work");
    const before = scenario.github.pulls(scenario.owner, scenario.repo).length;
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: {
        mode: "directory",
        "agent-command": fixtureAgent("write-files.mjs", "new.txt=n", "src/widget.txt=widget v2"),
      },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.branch).toBe("");
    expect(main.outputs["pr-number"]).toBe("");
    expect(main.outputs["changed-files"]).toBe("2");
    expect(scenario.github.pulls(scenario.owner, scenario.repo)).toHaveLength(before);
    expect(
      await scenario.git.headSha(scenario.owner, scenario.repo, `agent/custom/issue-${issue}`),
    ).toBeUndefined();
    const envRoot = main.outputs["env-dir"]!;
    expect(await readFile(path.join(envRoot, "workdir", "new.txt"), "utf8")).toBe("n\n");
    const changes = JSON.parse(await readFile(path.join(envRoot, "output", "changes.json"), "utf8"));
    expect(changes).toEqual({ added: ["new.txt"], modified: ["src/widget.txt"], deleted: [] });
  });
});

describe("input validation", () => {
  it.each([
    [{ "timeout-minutes": "abc" }, "timeout-minutes"],
    [{ "timeout-minutes": "-5" }, "timeout-minutes"],
    [{ agent: "copilot" }, "agent"],
    [{ "keep-env": "sometimes" }, "keep-env"],
    [{ "agent-command": "" }, "agent-command"],
  ])("%o fails before anything is created", async (inputs, name) => {
    scenario.github.clearRequests();
    const issue = scenario.addIssue(`Bad input ${name}`);
    const { main, post } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("write-files.mjs", "x.txt=x"), ...inputs },
    });
    expect(main.exitCode).toBe(1);
    const errors = main.annotations.filter((a) => a.level === "error").map((a) => a.message);
    expect(errors.join("\n")).toContain(`\`${name}\``);
    expect(scenario.github.requests).toHaveLength(0);
    const environments = await readdir(scenario.workspacesRoot).catch(() => []);
    expect(environments.filter((dir) => dir.startsWith(`issue-${issue}-`))).toHaveLength(0);
    expect(post.exitCode).toBe(0);
  });

  it("workflow_dispatch without an issue number names the input", async () => {
    scenario.github.clearRequests();
    const { main } = await scenario.run({
      event: { name: "workflow_dispatch", payload: { inputs: {} } },
      inputs: { "agent-command": fixtureAgent("write-files.mjs", "x.txt=x") },
    });
    expect(main.exitCode).toBe(1);
    expect(main.annotations.map((a) => a.message).join("\n")).toContain("`issue-number`");
    expect(scenario.github.requests).toHaveLength(0);
  });
});
