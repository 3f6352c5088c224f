// A process's initial environment is readable at /proc/<pid>/environ by every process of the
// same user. The runner starts the action with the token in INPUT_GITHUB-TOKEN, so on the
// runner's Node 24 the action re-executes itself without it before any agent runs; and an agent
// with a user of its own cannot read the action's environment at all.
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../rig/temp.js";
import { fixtureAgent, type Scenario, useScenario } from "./scenario.js";

let scenario: Scenario;
useScenario(
  (started) => {
    scenario = started;
  },
  // A token of its own, so actions of other test files running at the same time cannot match.
  { token: `ghs_environ${randomBytes(12).toString("hex")}` },
);

async function search(agentUser: string) {
  const secret = await makeTempDir("environ-secret");
  const tokenFile = path.join(secret.path, "token");
  await writeFile(tokenFile, scenario.token);
  let actionPid = 0;
  const { main } = await scenario.run({
    issueNumber: scenario.addIssue(`Search /proc (agent-user: ${agentUser})`),
    node: "24",
    env: { GITHUB_TOKEN: scenario.token },
    inputs: {
      "agent-command": fixtureAgent("read-proc-environ.mjs", tokenFile),
      "keep-env": "always",
      "agent-user": agentUser,
    },
    onSpawn: (child) => {
      actionPid = child.pid!;
    },
  });
  expect(main.exitCode, main.log).toBe(0);
  expect(main.outputs.outcome).toBe("pr-opened");
  const result = JSON.parse(
    await readFile(path.join(main.outputs["env-dir"]!, "output", "proc-search.json"), "utf8"),
  );
  return { result, actionPid };
}

describe("the token in the action's own process environment", () => {
  it("is gone from every /proc/<pid>/environ an agent of the runner's user can read, on the runner's Node 24", async () => {
    const { result, actionPid } = await search("none");
    expect(result.readablePids).toContain(actionPid);
    expect(result.found).toEqual([]);
    // The image it started again with the token gone, and the V8 flags it gives that image.
    expect(result.commandLines[actionPid]).toEqual(
      expect.arrayContaining([
        "--max-semi-space-size=8",
        "--liftoff-only",
        expect.stringMatching(/index\.js$/),
      ]),
    );
  });

  it("cannot be read by an agent with a user of its own: the action's environ is closed to it", async () => {
    const { result, actionPid } = await search("auto");
    expect(result.readable).toBeGreaterThan(0);
    expect(result.readablePids).not.toContain(actionPid);
    expect(result.found).toEqual([]);
  });
});
