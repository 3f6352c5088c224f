// A process's initial environment is readable at /proc/<pid>/environ by every process of the
// same user. The runner starts the action with the token in INPUT_GITHUB-TOKEN, so on the
// runner's Node 24 the action re-executes itself without it before any agent runs.
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

describe("the token in the action's own process environment", () => {
  it("is gone from every /proc/<pid>/environ the agent can read, on the runner's Node 24", async () => {
    const secret = await makeTempDir("environ-secret");
    const tokenFile = path.join(secret.path, "token");
    await writeFile(tokenFile, scenario.token);
    const { main } = await scenario.run({
      node: "24",
      env: { GITHUB_TOKEN: scenario.token },
      inputs: { "agent-command": fixtureAgent("read-proc-environ.mjs", tokenFile), "keep-env": "always" },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");
    const result = JSON.parse(
      await readFile(path.join(main.outputs["env-dir"]!, "output", "proc-search.json"), "utf8"),
    );
    expect(result.readable).toBeGreaterThan(1);
    expect(result.found).toEqual([]);
  });
});
