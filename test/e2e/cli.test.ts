import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../rig/action-runner.js";
import { git } from "../rig/git-server.js";
import { type CliResult, runCliIn } from "./cli-process.js";
import { fixtureAgent, type Scenario, useScenario } from "./scenario.js";

const execFileAsync = promisify(execFile);

let scenario: Scenario;
useScenario((started) => {
  scenario = started;
});

/** `agent-task ARGS` in the scenario's clone, pointed at the rig. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runCliIn(scenario, args, env);
}

function workspacesRoot(name: string): string {
  return path.join(scenario.runnerTemp, name);
}

/** The one JSON line `--json` prints on stdout. */
function outputsOf(result: CliResult): Record<string, string> {
  const lines = result.stdout.split("\n").filter(Boolean);
  expect(lines, result.stderr).toHaveLength(1);
  return JSON.parse(lines[0]!);
}

describe("agent-task run on a GitHub issue", () => {
  it("opens a pull request, keeping every --agent-env and --pr-label, and honours --no-comment", async () => {
    const issue = scenario.addIssue("From the terminal");
    const result = await cli([
      "run",
      "--issue",
      String(issue),
      "--agent-command",
      fixtureAgent("print-env.mjs"),
      "--agent-env",
      "FIRST_SETTING=one",
      "--agent-env",
      "SECOND_SETTING=two",
      "--pr-label",
      "from-cli",
      "--pr-label",
      "second-label",
      "--no-comment",
      "--workspaces-root",
      workspacesRoot("cli-run"),
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const outputs = outputsOf(result);
    expect(outputs.outcome).toBe("pr-opened");
    expect(outputs.branch).toBe(`agent/custom/issue-${issue}`);
    const pull = scenario.github
      .pulls(scenario.owner, scenario.repo)
      .find((p) => p.number === Number(outputs["pr-number"]));
    expect(pull?.labels).toEqual(["from-cli", "second-label"]);
    expect(await scenario.git.readFile(scenario.owner, scenario.repo, outputs.branch!, "env-seen.txt")).toBe(
      "seen\n",
    );
    // --no-comment: no status comment on the issue.
    expect(scenario.statusComments(issue)).toHaveLength(0);
    const seen = JSON.parse(
      await readFile(path.join(outputs["env-dir"]!, "output", "agent-env.json"), "utf8"),
    );
    expect(seen.env).toMatchObject({ FIRST_SETTING: "one", SECOND_SETTING: "two" });
    expect(seen.env.GITHUB_TOKEN).toBeUndefined();
    // The repository came from the clone's origin remote; the log went to stderr with --json.
    expect(result.stderr).toContain(`[0:00] Read issue #${issue}`);
    expect(result.stdout + result.stderr).not.toContain(scenario.token);
  });

  it("prints a final table of the outputs without --json", async () => {
    const issue = scenario.addIssue("A table at the end");
    const result = await cli([
      "run",
      `--repository=${scenario.owner}/${scenario.repo}`,
      `--issue=${issue}`,
      `--agent-command=${fixtureAgent("write-files.mjs", "table.txt=t")}`,
      `--workspaces-root=${workspacesRoot("cli-table")}`,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("  | wrote table.txt");
    expect(result.stdout).toMatch(/^outcome +pr-opened$/m);
    expect(result.stdout).toMatch(new RegExp(`^branch +agent/custom/issue-${issue}$`, "m"));
    expect(result.stdout).toMatch(/^pr-url +http:\/\/127\.0\.0\.1:\d+\/octo\/widgets\/pull\/\d+$/m);
    // Not a terminal: no escape sequences.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape sequences
    expect(result.stdout).not.toMatch(/\x1b/);
  });

  it("gives the same outputs as the action for the same inputs", async () => {
    const inputs: Record<string, string> = {
      "agent-command": fixtureAgent("write-files.mjs", "same.txt=the same"),
      "keep-env": "never",
      draft: "true",
      "pr-labels": "one,two",
      prompt: "Keep it short.",
      "timeout-minutes": "5",
      "on-conflict": "fail",
    };
    const title = "The same work twice";
    const body = "Write `same.txt`.\n\n- [ ] it says the same";
    const viaAction = scenario.addIssue(title, body);
    const viaCli = scenario.addIssue(title, body);

    const { main } = await scenario.run({ issueNumber: viaAction, inputs });
    expect(main.exitCode, main.log).toBe(0);
    const flags = Object.entries(inputs).map(([name, value]) => `--${name}=${value}`);
    const result = await cli(["run", "--issue", String(viaCli), ...flags, "--json"], {
      AGENT_TASK_WORKSPACES_ROOT: scenario.workspacesRoot,
    });
    expect(result.code, result.stderr).toBe(0);
    const fromCli = outputsOf(result);

    const pulls = scenario.github.pulls(scenario.owner, scenario.repo);
    const pullOf = (outputs: Record<string, string>) =>
      pulls.find((p) => p.number === Number(outputs["pr-number"]))!;
    /** The outputs with what differs by issue (its number, the PR's number) taken out. */
    const comparable = async (outputs: Record<string, string>, issue: number) => {
      const pull = pullOf(outputs);
      const bare = scenario.git.bareDir(scenario.owner, scenario.repo);
      return {
        ...outputs,
        branch: outputs.branch!.replace(`issue-${issue}`, "issue-N"),
        "pr-number": outputs["pr-number"]!.replace(String(pull.number), "PR"),
        "pr-url": outputs["pr-url"]!.replace(`/pull/${pull.number}`, "/pull/PR"),
        // The commits differ (their messages name the issue); what they hold must not.
        "head-sha": (await git(["--git-dir", bare, "rev-parse", `${outputs["head-sha"]}^{tree}`])).trim(),
        draft: pull.pull.draft,
        labels: pull.labels,
      };
    };
    expect(await comparable(fromCli, viaCli)).toEqual(await comparable(main.outputs, viaAction));
    expect(fromCli).toMatchObject({
      outcome: "pr-opened",
      "changed-files": "1",
      "exit-code": "0",
      "env-dir": "",
    });
  });

  it("refuses bad input with exit status 2, naming the input and where the value came from", async () => {
    const flag = await cli(["run", "--issue", "1", "--agent-command", "true", "--timeout-minutes", "abc"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain(
      "input `timeout-minutes` must be a positive number of minutes; got `abc` (set by --timeout-minutes)",
    );
    const variable = await cli(["run", "--issue", "1", "--agent-command", "true"], {
      AGENT_TASK_KEEP_ENV: "sometimes",
    });
    expect(variable.code).toBe(2);
    expect(variable.stderr).toContain("(set by AGENT_TASK_KEEP_ENV)");
    expect(variable.stderr).toContain("never, logs, on-failure, always");
  });

  it("needs a token from the environment for a GitHub issue, and never takes one as a flag", async () => {
    const missing = await cli(["run", "--issue", "1", "--agent-command", "true"], { GITHUB_TOKEN: "" });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no token: set GITHUB_TOKEN (or GH_TOKEN)");
    const flag = await cli(["run", "--issue", "1", "--github-token", "ghp_x", "--agent-command", "true"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("the token is never a flag");
  });

  it("reads --repository strictly", async () => {
    const result = await cli(["run", "--repository", "a/b/c", "--issue", "1", "--agent-command", "true"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--repository must be OWNER/NAME, e.g. octo-org/widgets; got `a/b/c`");
  });
});

describe("the command line", () => {
  const version = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version as string;

  it.each([["--help"], ["-h"], ["help"]])("%s prints the usage and the commands", async (arg) => {
    const result = await cli([arg]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: agent-task <command> [options]");
    for (const command of ["run", "plan", "gc", "doctor"])
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
  });

  it("--version prints the package's version", async () => {
    const result = await cli(["--version"]);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it("runs as `npx agent-task` in a checkout of the project (package.json's bin)", async () => {
    const { stdout } = await execFileAsync("npx", ["--no-install", "agent-task", "--version"], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", npm_config_offline: "true" },
    });
    expect(stdout).toBe(`${version}\n`);
  });

  it.each([
    ["help", "run"],
    ["run", "--help"],
    ["run", "-h"],
  ])("%s %s prints every option of run", async (...args) => {
    const result = await cli(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: agent-task run (--issue N | --issue-file FILE) [options]");
    for (const option of [
      "--timeout-minutes N",
      "--dry-run, --no-dry-run",
      "--agent-env KEY=VALUE (repeatable)",
    ]) {
      expect(result.stdout).toContain(option);
    }
  });

  it.each<[string[], string]>([
    [[], "Usage: agent-task <command>"],
    [["deploy"], "agent-task: unknown command `deploy`; the commands are run, plan, gc, doctor, help"],
    [["rnu"], "unknown command `rnu` (did you mean `run`?)"],
    [["help", "deploy"], "unknown command `deploy`"],
    [["--dry-run"], "agent-task: unknown option `--dry-run`; options go after the command"],
    [["run", "--dryrun"], "agent-task run: unknown option `--dryrun` (did you mean --dry-run?)"],
    [["run", "-x"], "agent-task run: unknown option `-x`"],
    [
      ["run", "--dry-run", "false"],
      'unexpected argument `false`: a boolean option takes its value after "=": --dry-run=false (or --no-dry-run)',
    ],
    [["run", "--dry-run=maybe"], "--dry-run takes true or false"],
    [["run", "--issue"], "--issue needs a value: --issue N"],
    [["plan", "extra"], "unexpected argument `extra`"],
  ])("%j exits 2: %s", async (args, message) => {
    const result = await cli(args);
    expect(result.code, result.stdout).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe("");
  });

  it.each<[string[], Record<string, string>, string, string]>([
    [["--draft"], {}, "true", "--draft"],
    [["--draft=true"], {}, "true", "--draft"],
    [["--draft=false"], { AGENT_TASK_DRAFT: "true" }, "false", "--draft"],
    [["--no-draft"], { AGENT_TASK_DRAFT: "true" }, "false", "--no-draft"],
    [[], { AGENT_TASK_DRAFT: "true" }, "true", "AGENT_TASK_DRAFT"],
    [[], {}, "false", "default (action.yml)"],
  ])("%j with %j sets draft to %s, from %s", async (args, env, value, from) => {
    const result = await cli(["doctor", "--local", "--agent-command", "node", ...args], env);
    expect(result.code, result.stdout).toBe(0);
    const row = result.stdout.split("\n").find((line) => /^ {2}draft /.test(line));
    expect(row?.trim().split(/ {2,}/)).toEqual(["draft", value, from]);
  });
});
