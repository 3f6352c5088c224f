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

const env = () => ({ PATH: process.env.PATH ?? "", HOME: "/nonexistent", GIT_CONFIG_NOSYSTEM: "1" });

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
    const git = await stagedChange("commit");
    const start = (await git.run(["rev-parse", "HEAD"])).trim();
    const withoutDates = async (sha: string) =>
      (await git.run(["cat-file", "commit", sha])).replace(/> \d+ [+-]\d{4}$/gm, "> DATE");
    for (let attempt = 1; ; attempt++) {
      const made = await commit(git, text);
      expect((await git.run(["rev-parse", "refs/heads/main"])).trim()).toBe(made);
      expect(await git.run(["status", "--porcelain"])).toBe("");
      // The same index committed again by git itself, on the same parent.
      await git.run(["update-ref", "HEAD", start]);
      await git.run([...identityOptions(), "commit", "--quiet", "--no-verify", "-m", text]);
      const porcelain = (await git.run(["rev-parse", "HEAD"])).trim();
      if (made === porcelain) return;
      // git dates a commit in whole seconds from the clock (GIT_*_DATE does not reach the
      // action's git): two commits a second apart differ there, and only there.
      expect(await withoutDates(made)).toBe(await withoutDates(porcelain));
      if (attempt === 3) throw new Error("three pairs of commits fell in different seconds");
      await git.run(["update-ref", "HEAD", start]);
    }
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
