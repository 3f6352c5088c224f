import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { git } from "../rig/git-server.js";
import { makeTempDir } from "../rig/temp.js";
import { fixtureAgent, type Scenario, useScenario } from "./scenario.js";

let scenario: Scenario;
useScenario(
  (started) => {
    scenario = started;
  },
  {
    files: { "README.md": "# widgets\n", "AGENTS.md": "# House rules\n\nUse tabs.\n" },
  },
);

async function changedFiles(branch: string): Promise<string[]> {
  const clone = (await makeTempDir("clone")).path;
  const url = `${scenario.git.url}/${scenario.owner}/${scenario.repo}.git`;
  const auth = `http.${scenario.git.url}/.extraheader=AUTHORIZATION: basic ${Buffer.from(`x:${scenario.token}`).toString("base64")}`;
  await git(["-c", auth, "clone", "--quiet", url, clone]);
  const diff = await git(["-C", clone, "diff", "--name-only", "origin/main", `origin/${branch}`]);
  return diff.split("\n").filter(Boolean);
}

describe("the runtime brief", () => {
  it("is added to the repository's AGENTS.md for the run and absent from the PR diff", async () => {
    const issue = scenario.addIssue("Brief present");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("brief-check.mjs", "AGENTS.md") },
    });
    expect(main.exitCode, main.log).toBe(0);
    const seen = await readFile(path.join(main.outputs["env-dir"]!, "output", "brief-seen.md"), "utf8");
    expect(seen.startsWith("# House rules\n\nUse tabs.\n")).toBe(true);
    expect(seen).toContain("<!-- agent-task:brief:start -->");
    expect(seen).toContain(".agent_context/issue_context.md");
    expect(await changedFiles(main.outputs.branch!)).toEqual(["briefed.txt"]);
  });

  it("keeps the agent's own edits to AGENTS.md outside the markers", async () => {
    const issue = scenario.addIssue("Brief edited");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("brief-check.mjs", "AGENTS.md", "--edit") },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect((await changedFiles(main.outputs.branch!)).sort()).toEqual(["AGENTS.md", "briefed.txt"]);
    const agents = await scenario.git.readFile(
      scenario.owner,
      scenario.repo,
      main.outputs.branch!,
      "AGENTS.md",
    );
    expect(agents).toBe("# House rules\n\nUse tabs.\nAgent's own note.\n");
  });

  it("does not show in the agent's git status, and the checkout's exclude file is as before", async () => {
    const issue = scenario.addIssue("Brief hidden");
    const excludeFile = path.join(scenario.workspace, ".git", "info", "exclude");
    const before = await readFile(excludeFile, "utf8").catch(() => "");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("git-games.mjs", "add-all") },
    });
    expect(main.exitCode, main.log).toBe(0);
    const status = await readFile(path.join(main.outputs["env-dir"]!, "output", "git-status.txt"), "utf8");
    expect(status).toBe("");
    expect(await readFile(excludeFile, "utf8").catch(() => "")).toBe(before);
  });

  it("is created for the run when the repository has none, and gone from the PR", async () => {
    const issue = scenario.addIssue("Brief absent");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { agent: "claude", "agent-command": fixtureAgent("brief-check.mjs", "CLAUDE.md") },
    });
    expect(main.exitCode, main.log).toBe(0);
    const seen = await readFile(path.join(main.outputs["env-dir"]!, "output", "brief-seen.md"), "utf8");
    expect(seen.startsWith("<!-- agent-task:brief:start -->")).toBe(true);
    expect(await changedFiles(main.outputs.branch!)).toEqual(["briefed.txt"]);
  });
});

describe("agent output cannot issue workflow commands", () => {
  it("leaves outputs, masks and annotations as the action set them", async () => {
    const issue = scenario.addIssue("Print commands");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("print-commands.mjs") },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("no-changes");
    for (const value of [
      "agent-mask-value",
      "after-resume-value",
      "from-stderr-value",
      "legacy-mask-value",
    ]) {
      expect(main.masks).not.toContain(value);
    }
    const annotations = main.annotations.map((a) => a.message);
    for (const message of [
      "the agent says the job failed",
      "indented command",
      "legacy error from the agent",
      "legacy warning from stderr",
    ]) {
      expect(annotations).not.toContain(message);
    }
    // Not even an ignored command: a runner that still honours set-output would change the outcome.
    expect(main.commands.filter((command) => command.name === "set-output")).toEqual([]);
    expect(main.commands.map((command) => command.message)).not.toContain("agenttoken");
    // The lines are still shown, as text.
    expect(main.log).toContain("::set-output name=outcome::pr-opened");
    expect(main.log).toContain("##[set-output name=outcome;]pr-opened");
    expect(main.log).toContain("progress 50% ##[add-mask]legacy-mask-value");
    expect(main.log).toContain("agent-mask-value after-resume-value legacy-mask-value");
  });
});

describe("the runner's file commands", () => {
  it("an agent that appends to GITHUB_ENV, GITHUB_PATH or GITHUB_OUTPUT has its writes undone", async () => {
    const issue = scenario.addIssue("Tamper with file commands");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("write-file-commands.mjs") },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");
    expect(main.exportedEnv).toEqual({});
    expect(main.addedPaths).toEqual([]);
    expect(Object.values(main.outputs)).not.toContain("hijacked");
    expect(main.annotations.map((a) => a.message).join("\n")).toContain("file commands");
  });
});
