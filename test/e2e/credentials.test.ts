// actions/checkout v4/v5 persist the token as an extraheader in .git/config (v6 moved it to an
// included file, which the other end-to-end tests use): hidden from the agent, back afterwards,
// and never sent twice by the action's own push.
import { readdir, readFile, writeFile } from "node:fs/promises";
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
  { persistCredentials: "extraheader" },
);

async function extraHeaders(): Promise<string> {
  return git([
    "-C",
    scenario.workspace,
    "config",
    "--local",
    "--get-regexp",
    String.raw`^http\..*\.extraheader$`,
  ]);
}

describe("credentials persisted in .git/config (checkout v4/v5)", () => {
  it("are out of the agent's reach during its run and back afterwards", async () => {
    const before = await extraHeaders();
    expect(before).toContain("AUTHORIZATION: basic");
    const secret = await makeTempDir("secret");
    const tokenFile = path.join(secret.path, "token");
    await writeFile(tokenFile, scenario.token);

    scenario.git.requests.length = 0;
    const { main } = await scenario.run({
      inputs: { "agent-command": fixtureAgent("search-token.mjs", tokenFile), "keep-env": "always" },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");
    const result = JSON.parse(
      await readFile(path.join(main.outputs["env-dir"]!, "output", "token-search.json"), "utf8"),
    );
    expect(result.found).toEqual([]);
    expect(await extraHeaders()).toBe(before);
    // The action's own fetch and push sent exactly one Authorization header each time.
    const authenticated = scenario.git.requests.filter((request) => request.authHeaderCount > 0);
    expect(authenticated.length).toBeGreaterThan(0);
    expect(scenario.git.requests.filter((request) => request.authHeaderCount > 1)).toEqual([]);
  });
});

describe("a run whose set-up fails once its environment exists", () => {
  it("puts the credentials back, removes the environment and leaves the post step nothing to do", async () => {
    const before = await extraHeaders();
    const environments = await readdir(scenario.workspacesRoot).catch(() => []);
    const { main, post } = await scenario.run({
      inputs: { "agent-command": fixtureAgent("write-files.mjs", "never.txt=x"), "base-branch": "nope" },
    });
    expect(main.exitCode, main.log).toBe(1);
    expect(main.log).toContain("base branch `nope` does not exist");
    expect(await extraHeaders()).toBe(before);
    expect(main.outputs["env-dir"]).toBe("");
    expect(await readdir(scenario.workspacesRoot)).toEqual(environments);
    expect(post.exitCode).toBe(0);
    expect(post.log).not.toContain("did not finish");
    expect(post.log).not.toContain("::warning");
  });
});
