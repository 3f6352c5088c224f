// The action commits the agent's work from an index copied from the checkout the agent started
// from (stat data kept), so that git reads only the files whose stat changed. Such an index must
// never make git miss a change: a same-size edit in the same second as the checkout, a new file,
// a deleted one.
import { execFileSync } from "node:child_process";
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Git } from "../../../src/core/git.js";
import { openPublishRepository } from "../../../src/core/publish/publish-repository.js";
import { copyIndex } from "../../../src/core/workspace/index-copy.js";
import type { WorktreeWorkspace } from "../../../src/core/workspace/prepare-workspace.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

afterAll(removeAllTempDirs);

const env = () => ({ PATH: process.env.PATH ?? "", HOME: "/nonexistent", GIT_CONFIG_NOSYSTEM: "1" });
const identity = ["-c", "user.name=Test", "-c", "user.email=test@example.invalid"];

async function checkedOutWorkdir() {
  const base = (await makeTempDir("start-index")).path;
  const source = path.join(base, "source");
  const git = new Git(base, env());
  await git.run(["init", "--quiet", "--initial-branch=main", source]);
  for (let i = 0; i < 50; i++) await writeFile(path.join(source, `file-${i}.txt`), `content ${i}\n`);
  await new Git(source, env()).run(["add", "--all"]);
  await new Git(source, env()).run([...identity, "commit", "--quiet", "-m", "files"]);
  const workdir = path.join(base, "workdir");
  await git.run(["clone", "--quiet", source, workdir]);
  const startSha = (await new Git(workdir, env()).run(["rev-parse", "HEAD"])).trim();
  // An index written well after its files, as after a checkout of many files: none of its
  // entries is "racy", so git trusts their stat data.
  await new Promise((resolve) => setTimeout(resolve, 60));
  await new Git(workdir, env()).run(["update-index", "-q", "--refresh", "--force-write-index"]);
  const startIndex = path.join(base, "start-index");
  await copyIndex(path.join(workdir, ".git", "index"), startIndex);
  const workspace = {
    workdir,
    startIndex,
    startSha,
    trustedGitConfig: [],
  } as unknown as WorktreeWorkspace;
  return { workspace, gitDir: path.join(workdir, ".git"), startSha };
}

async function stagedAfterAdd(setup: Awaited<ReturnType<typeof checkedOutWorkdir>>): Promise<string[]> {
  const repo = await openPublishRepository(setup.workspace, new Git("/", env()), {
    gitDir: setup.gitDir,
    head: setup.startSha,
  });
  await repo.run(["add", "--all"]);
  return (await repo.run(["diff", "--cached", "--name-only"])).trim().split("\n").filter(Boolean);
}

describe("the start index: git reads only what changed, and misses nothing", () => {
  it("a same-size edit within the same second as the checkout is committed", async () => {
    const setup = await checkedOutWorkdir();
    const file = path.join(setup.workspace.workdir, "file-7.txt");
    const before = await stat(file, { bigint: true });
    await writeFile(file, "CONTENT 7\n");
    // Same second as the checkout wrote it, a later nanosecond: a check of whole seconds and
    // size alone would call the file unchanged.
    const seconds = before.mtimeNs / 1_000_000_000n;
    const nanos = (before.mtimeNs % 1_000_000_000n) + 1n;
    execFileSync("touch", ["-m", "-d", `@${seconds}.${String(nanos).padStart(9, "0")}`, file]);
    expect(await readFile(file, "utf8")).toBe("CONTENT 7\n");
    expect(await stagedAfterAdd(setup)).toEqual(["file-7.txt"]);
  });

  it("new and deleted files are committed too", async () => {
    const setup = await checkedOutWorkdir();
    await writeFile(path.join(setup.workspace.workdir, "new.txt"), "new\n");
    await rm(path.join(setup.workspace.workdir, "file-3.txt"));
    expect((await stagedAfterAdd(setup)).sort()).toEqual(["file-3.txt", "new.txt"]);
  });

  it("after a commit of the agent's, the entries it left alone keep their stat data", async () => {
    const setup = await checkedOutWorkdir();
    const agentGit = new Git(setup.workspace.workdir, env());
    await writeFile(path.join(setup.workspace.workdir, "file-3.txt"), "changed by a commit\n");
    await agentGit.run([...identity, "commit", "--quiet", "--all", "-m", "agent"]);
    const head = (await agentGit.run(["rev-parse", "HEAD"])).trim();
    const repo = await openPublishRepository(setup.workspace, new Git("/", env()), {
      gitDir: setup.gitDir,
      head,
    });
    // Read again from HEAD's tree, an entry has no stat data: git would read every file.
    const debug = await repo.run(["ls-files", "--debug", "--", "file-0.txt", "file-3.txt"]);
    expect(debug).toMatch(/^file-0\.txt\n\s+ctime: [1-9]/m);
    expect(debug).toMatch(/^file-3\.txt\n\s+ctime: 0:0/m);
    await repo.run(["add", "--all"]);
    expect(await repo.run(["diff", "--cached", "--name-only"])).toBe("");
  });

  it("the copy is dated before the original, so git still checks the files written last", async () => {
    const setup = await checkedOutWorkdir();
    const original = await stat(path.join(setup.gitDir, "index"));
    const copy = await stat(setup.workspace.startIndex);
    expect(copy.mtimeMs).toBeLessThan(original.mtimeMs);
  });
});
