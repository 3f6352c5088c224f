// The action commits with plumbing (write-tree, commit-tree, update-ref) to skip `git commit`'s
// refresh of the index: the commit it makes must be the one `git commit -m` makes, byte for byte.
// When that commit is the run's only one, its diff stands in for the run's history.
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Git } from "../../../src/core/git.js";
import { commit, commitMessage } from "../../../src/core/publish/collect-changes.js";
import { identityOptions } from "../../../src/core/publish/commit-identity.js";
import { parseRawChanges, readRunHistory } from "../../../src/core/publish/hold-back.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

afterAll(removeAllTempDirs);

const DATE = "2026-12-05T01:02:03Z";
const env = () => ({
  PATH: process.env.PATH ?? "",
  HOME: "/nonexistent",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_DATE: DATE,
  GIT_COMMITTER_DATE: DATE,
});

/** A repository with one commit and a change staged on top of it. */
async function stagedChange(name: string): Promise<Git> {
  const dir = (await makeTempDir(`commit-index-${name}`)).path;
  const git = new Git(dir, env());
  await git.run(["init", "--quiet", "--initial-branch=main"]);
  await writeFile(path.join(dir, "a.txt"), "one\n");
  await git.run(["add", "--all"]);
  await git.run([...identityOptions(), "commit", "--quiet", "-m", "start"]);
  await writeFile(path.join(dir, "a.txt"), "two\n");
  await writeFile(path.join(dir, "b.txt"), "new\n");
  await git.run(["add", "--all"]);
  return git;
}

describe("committing the index", () => {
  it("makes the commit `git commit -m` makes, and moves the branch to it", async () => {
    const text = commitMessage({ issueNumber: 12, issueTitle: "  Fast   and frugal ", agent: "custom" });
    const plumbing = await stagedChange("plumbing");
    const porcelain = await stagedChange("porcelain");
    await commit(plumbing, text);
    await porcelain.run([...identityOptions(), "commit", "--quiet", "--no-verify", "-m", text]);
    const head = (git: Git) => git.run(["rev-parse", "HEAD", "refs/heads/main"]);
    const [made, branch] = (await head(plumbing)).trim().split("\n");
    expect(made).toBe((await head(porcelain)).trim().split("\n")[0]);
    expect(branch).toBe(made);
    expect(await plumbing.run(["status", "--porcelain"])).toBe("");
  });
});

describe("the run's history when it is the action's one commit", () => {
  it("is read from the run's diff as git log reads it: same changes, same start, same large blobs", async () => {
    const git = await stagedChange("history");
    const startSha = (await git.run(["rev-parse", "HEAD"])).trim();
    await rm(path.join(git.dir, "a.txt"));
    await git.run(["add", "--all"]);
    const headSha = await commit(git, "one commit");
    const diff = git.run(["diff", "--raw", "-z", "--no-renames", "--no-abbrev", startSha, headSha]);
    const read = await readRunHistory(git, startSha, headSha);
    const shortcut = await readRunHistory(git, startSha, headSha, diff);
    expect(parseRawChanges(shortcut.history)).toEqual(parseRawChanges(read.history));
    expect(parseRawChanges(read.history).map((change) => `${change.status} ${change.path}`)).toEqual([
      "D a.txt",
      "A b.txt",
    ]);
    expect(shortcut.base).toBe(read.base);
    expect(shortcut.largeBlobs).toEqual(read.largeBlobs);
  });
});
