import { appendFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Git } from "../../../src/core/git.js";
import { configSection } from "../../../src/core/workspace/config-text.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

afterAll(removeAllTempDirs);

describe("configSection: config text that git reads back as written", () => {
  it.each([
    ["plain", "Agent Task"],
    ["quotes and backslashes", 'a "quoted" \\ name\\'],
    ["comment characters", "x # not a comment ; nor this"],
    ["a new section", "x\n[core]\n\thooksPath = /tmp/evil"],
    ["tabs and spaces at the ends", "\t padded \t"],
    ["an empty value", ""],
  ])("%s", async (_, value) => {
    const dir = (await makeTempDir("config-text")).path;
    const env = { HOME: dir, PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1" };
    const repo = path.join(dir, "repo");
    await new Git(dir, env).run(["init", "--quiet", repo]);
    await appendFile(
      path.join(repo, ".git", "config"),
      configSection('remote "origin"', [["url", value]]) + configSection("user", [["name", value]]),
    );
    const git = new Git(repo, env);
    expect(await git.run(["config", "--null", "--get", "remote.origin.url"])).toBe(`${value}\0`);
    expect(await git.run(["config", "--null", "--get", "user.name"])).toBe(`${value}\0`);
    expect(await git.tryRun(["config", "--local", "--get", "core.hookspath"])).toBeUndefined();
  });
});
