import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../rig/action-runner.js";
import { fixtureAgent, type Scenario, useScenario } from "./scenario.js";

const run = promisify(execFile);
const CLI = path.join(REPO_ROOT, "dist", "cli", "index.js");
let scenario: Scenario;
useScenario((started) => {
  scenario = started;
});

async function cli(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [CLI, ...args], {
    cwd: scenario.workspace,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      GITHUB_TOKEN: scenario.token,
      GITHUB_API_URL: scenario.github.url,
      GITHUB_SERVER_URL: scenario.git.url,
      ...env,
    },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

describe("the CLI runs the same pipeline", () => {
  it("opens a pull request for an issue from a local checkout", async () => {
    const issue = scenario.addIssue("From the terminal");
    const result = await cli([
      "run",
      "--repo",
      `${scenario.owner}/${scenario.repo}`,
      "--issue",
      String(issue),
      "--agent-command",
      fixtureAgent("write-files.mjs", "cli.txt=from the cli"),
      "--workspaces-root",
      path.join(scenario.runnerTemp, "cli-workspaces"),
      "--json",
    ]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const outputs = JSON.parse(result.stdout.slice(result.stdout.lastIndexOf("\n{")));
    expect(outputs.outcome).toBe("pr-opened");
    expect(await scenario.git.readFile(scenario.owner, scenario.repo, outputs.branch, "cli.txt")).toBe(
      "from the cli\n",
    );
    expect(result.stdout).toContain("│ wrote cli.txt");
    expect(result.stdout).not.toContain(scenario.token);
  });

  it("refuses bad input with a message and exit status 2", async () => {
    const result = await cli([
      "run",
      "--repo",
      "octo/widgets",
      "--issue",
      "1",
      "--agent-command",
      "true",
      "--timeout-minutes",
      "abc",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("`timeout-minutes`");
  });

  it("needs a token from the environment", async () => {
    const result = await cli(["run", "--repo", "octo/widgets", "--issue", "1", "--agent-command", "true"], {
      GITHUB_TOKEN: "",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("GITHUB_TOKEN");
  });

  it("prints usage for --help", async () => {
    const result = await cli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: agent-task run");
  });
});
