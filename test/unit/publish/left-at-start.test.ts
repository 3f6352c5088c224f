import { execFileSync } from "node:child_process";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { leftAtStart } from "../../../src/core/publish/publish-repository.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

afterAll(removeAllTempDirs);

const START = "1111111111111111111111111111111111111111";
const OTHER = "2222222222222222222222222222222222222222";

/** A workdir whose .git holds `files` (path → content). */
async function workdir(files: Record<string, string>): Promise<string> {
  const dir = (await makeTempDir("left-at-start")).path;
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, ".git", name)), { recursive: true });
    await writeFile(path.join(dir, ".git", name), content);
  }
  return dir;
}

describe("leftAtStart: whether the agent's HEAD is where it started, read without trusting its files", () => {
  it("is true for a branch whose ref is the start commit, and for a detached HEAD there", async () => {
    const onBranch = await workdir({
      HEAD: "ref: refs/heads/agent/issue-1\n",
      "refs/heads/agent/issue-1": `${START}\n`,
    });
    expect(await leftAtStart({ workdir: onBranch, startSha: START })).toBe(true);
    expect(await leftAtStart({ workdir: await workdir({ HEAD: `${START}\n` }), startSha: START })).toBe(true);
  });

  it("is false when the agent committed, or its ref is packed, or HEAD names no branch", async () => {
    const moved = await workdir({ HEAD: "ref: refs/heads/b\n", "refs/heads/b": `${OTHER}\n` });
    expect(await leftAtStart({ workdir: moved, startSha: START })).toBe(false);
    const packed = await workdir({ HEAD: "ref: refs/heads/b\n", "packed-refs": `${START} refs/heads/b\n` });
    expect(await leftAtStart({ workdir: packed, startSha: START })).toBe(false);
    const odd = await workdir({ HEAD: "ref: refs/tags/v1\n", "refs/tags/v1": `${START}\n` });
    expect(await leftAtStart({ workdir: odd, startSha: START })).toBe(false);
  });

  it("does not follow a link out of .git, nor climb out with ..", async () => {
    const outside = (await makeTempDir("left-at-start-outside")).path;
    await mkdir(path.join(outside, "heads"), { recursive: true });
    await writeFile(path.join(outside, "heads", "b"), `${START}\n`);
    await writeFile(path.join(outside, "HEAD"), `${START}\n`);

    const linkedRefs = await workdir({ HEAD: "ref: refs/heads/b\n" });
    await symlink(outside, path.join(linkedRefs, ".git", "refs"));
    expect(await leftAtStart({ workdir: linkedRefs, startSha: START })).toBe(false);

    const linkedGit = (await makeTempDir("left-at-start")).path;
    await symlink(outside, path.join(linkedGit, ".git"));
    expect(await leftAtStart({ workdir: linkedGit, startSha: START })).toBe(false);

    const climbing = await workdir({ HEAD: "ref: refs/heads/../../../outside/heads/b\n" });
    expect(await leftAtStart({ workdir: climbing, startSha: START })).toBe(false);
  });

  it("does not wait on a FIFO where HEAD should be", async () => {
    const dir = await workdir({});
    await mkdir(path.join(dir, ".git"));
    execFileSync("mkfifo", [path.join(dir, ".git", "HEAD")]);
    expect(await leftAtStart({ workdir: dir, startSha: START })).toBe(false);
  });
});
