import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { PRESETS } from "../../src/core/agent/presets.js";
import { type AgentKind, agentHome, RIG_MODELS, useAgentClis } from "../rig/agent-clis.js";
import { type ModelServer, type Script, startModelServer } from "../rig/model-server.js";
import { removeAllTempDirs } from "../rig/temp.js";
import { Scenario } from "./scenario.js";

const FINAL_TEXT = "I added hello.txt and recorded that the command ran.";
const SCRIPT: Script = [
  { writeFile: { path: "hello.txt", content: "hello from the model\n" } },
  { shell: "echo done > ran.txt" },
  { finalText: FINAL_TEXT },
];
/** Every preset the action has; the rig installs a CLI for each (test/agents/real-cli.test.ts checks). */
const PRESET_KINDS = Object.keys(PRESETS) as AgentKind[];

const cli = useAgentClis();
let scenario: Scenario;
const servers: ModelServer[] = [];

beforeAll(async () => {
  scenario = await Scenario.start();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  scenario.github.assertAndClearProblems();
});
afterAll(async () => {
  await scenario?.close();
  await removeAllTempDirs();
});

/**
 * The endpoint settings a user would give through secrets and agent-env; the action's own flags
 * and preset variables (permissions, telemetry, IS_SANDBOX for root) are left to the action.
 */
async function endpointSettings(kind: AgentKind, serverUrl: string) {
  const { env, home } = await agentHome(kind, serverUrl);
  const { PATH: _path, HOME: _home, ...rest } = env;
  return { home, agentEnv: Object.entries(rest).map(([key, value]) => `${key}=${value}`) };
}

describe("presets run the real CLIs through the bundled action", () => {
  test.for(PRESET_KINDS)(
    "%s: the PR holds exactly the model's change and the summary its final message",
    async (kind, ctx) => {
      if (cli.unavailable()) ctx.skip(cli.unavailable());
      const server = await startModelServer(SCRIPT);
      servers.push(server);
      const issue = scenario.addIssue(`Greet from ${kind}`, "Add hello.txt and run a command.");
      const { home, agentEnv } = await endpointSettings(kind, server.url);

      const { main } = await scenario.run({
        issueNumber: issue,
        home,
        extraPath: [path.dirname(cli.clis()[kind])],
        inputs: {
          agent: kind,
          model: RIG_MODELS[kind],
          "agent-env": agentEnv.join("\n"),
          "timeout-minutes": "2",
        },
        timeoutMs: 120_000,
      });
      expect(main.exitCode, main.log).toBe(0);
      expect(main.outputs.outcome).toBe("pr-opened");
      expect(main.outputs.branch).toBe(`agent/${kind}/issue-${issue}`);
      expect(main.outputs["agent-summary"]).toBe(FINAL_TEXT);

      const branch = main.outputs.branch!;
      const base = await scenario.git.listFiles(scenario.owner, scenario.repo, "main");
      const files = await scenario.git.listFiles(scenario.owner, scenario.repo, branch);
      expect(files.filter((file) => !base.includes(file)).sort()).toEqual(["hello.txt", "ran.txt"]);
      expect(await scenario.git.readFile(scenario.owner, scenario.repo, branch, "hello.txt")).toBe(
        "hello from the model\n",
      );
      // The runtime brief was only there for the run.
      for (const brief of ["CLAUDE.md", "AGENTS.md", "GEMINI.md"]) expect(files).not.toContain(brief);

      const pull = scenario.github
        .pulls(scenario.owner, scenario.repo)
        .find((p) => p.number === Number(main.outputs["pr-number"]));
      expect(pull?.body).toContain(FINAL_TEXT);
      expect(main.summary).toContain(FINAL_TEXT);
      expect(main.summary).toMatch(/Tokens \| \d+ in, \d+ out/);
      const status = scenario.statusComments(issue)[0];
      expect(status?.body).toContain(FINAL_TEXT);

      // The CLI got the action's prompt, which points at the context file.
      const scripted = server.requests.filter((request) => request.step !== undefined);
      expect(scripted.length).toBe(SCRIPT.length);
      expect(scripted[0]?.prompt).toContain(".agent_context/issue_context.md");
      expect(scripted[0]?.model).toBe(RIG_MODELS[kind]);
    },
  );

  test("claude with a scripted git push: the push fails and no token is in reach", async (ctx) => {
    if (cli.unavailable()) ctx.skip(cli.unavailable());
    const server = await startModelServer([
      {
        shell:
          'git push origin HEAD:refs/heads/stolen > "$AGENT_OUTPUT_DIR/push.txt" 2>&1; echo "exit=$?" >> "$AGENT_OUTPUT_DIR/push.txt"; env > "$AGENT_OUTPUT_DIR/env.txt"; git config --list --show-origin > "$AGENT_OUTPUT_DIR/config.txt"',
      },
      { writeFile: { path: "tried.txt", content: "tried\n" } },
      { finalText: "Tried to push." },
    ]);
    servers.push(server);
    const issue = scenario.addIssue("Try to push");
    const { home, agentEnv } = await endpointSettings("claude", server.url);
    const { main } = await scenario.run({
      issueNumber: issue,
      home,
      extraPath: [path.dirname(cli.clis().claude)],
      env: { GITHUB_TOKEN: scenario.token },
      inputs: { agent: "claude", "agent-env": agentEnv.join("\n"), "keep-env": "always" },
      timeoutMs: 120_000,
    });
    expect(main.exitCode, main.log).toBe(0);
    const output = path.join(main.outputs["env-dir"]!, "output");
    const { readFile, readdir } = await import("node:fs/promises");
    const push = await readFile(path.join(output, "push.txt"), "utf8");
    expect(push).toMatch(/exit=[1-9]/);
    expect(await scenario.git.headSha(scenario.owner, scenario.repo, "stolen")).toBeUndefined();
    const basic = Buffer.from(`x-access-token:${scenario.token}`).toString("base64");
    for (const file of ["env.txt", "config.txt"]) {
      const text = await readFile(path.join(output, file), "utf8");
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toContain(scenario.token);
      expect(text).not.toContain(basic);
    }
    // The checkout's persisted credential is back for later steps.
    expect((await readdir(scenario.runnerTemp)).some((name) => name.startsWith("git-credentials-"))).toBe(
      true,
    );
  });
});
