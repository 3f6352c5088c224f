import { readFile } from "node:fs/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { removeAllTempDirs } from "../rig/temp.js";
import { fixtureAgent, Scenario } from "./scenario.js";

let scenario: Scenario;

beforeAll(async () => {
  scenario = await Scenario.start();
});
afterEach(() => scenario.github.assertAllRequestsValid());
afterAll(async () => {
  await scenario?.close();
  await removeAllTempDirs();
});

describe("a labelled issue becomes a pull request", () => {
  it("opens a PR with the agent's change", async () => {
    const { main, post } = await scenario.run({
      inputs: { "agent-command": fixtureAgent("write-files.mjs", "hello.txt=hello world") },
    });
    console.log(main.log);
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");
    expect(post.exitCode).toBe(0);
    const pulls = scenario.github.pulls(scenario.owner, scenario.repo);
    expect(pulls).toHaveLength(1);
    console.log(JSON.stringify(pulls[0], null, 2));
    console.log(main.summary);
  });
});
