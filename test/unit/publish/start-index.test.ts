// The action commits the agent's work from an index copied from the checkout the agent started
// from (stat data kept), so that git reads only the files whose stat changed. Such an index must
// never make git miss a change: a same-size edit in the same second as the checkout, a new file,
// a deleted one.
import { execFileSync } from "node:child_process";
import { appendFile, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Git } from "../../../src/core/git.js";
import { stageAll } from "../../../src/core/publish/collect-changes.js";
import { openPublishRepository } from "../../../src/core/publish/publish-repository.js";
import { copyIndex } from "../../../src/core/workspace/index-copy.js";
import type { WorktreeWorkspace } from "../../../src/core/workspace/prepare-workspace.js";
import { stampAgentStart } from "../../../src/core/workspace/write-stamp.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

afterAll(removeAllTempDirs);

const env = () => ({ PATH: process.env.PATH ?? "", HOME: "/nonexistent", GIT_CONFIG_NOSYSTEM: "1" });
const identity = ["-c", "user.name=Test", "-c", "user.email=test@example.invalid"];

/** A fresh clone of a repository of fifty files: its files and index written together. */
async function cloneOfFiftyFiles(prefix: string) {
  const base = (await makeTempDir(prefix)).path;
  const source = path.join(base, "source");
  const git = new Git(base, env());
  await git.run(["init", "--quiet", "--initial-branch=main", source]);
  for (let i = 0; i < 50; i++) await writeFile(path.join(source, `file-${i}.txt`), `content ${i}\n`);
  await new Git(source, env()).run(["add", "--all"]);
  await new Git(source, env()).run([...identity, "commit", "--quiet", "-m", "files"]);
  const workdir = path.join(base, "workdir");
  await git.run(["clone", "--quiet", source, workdir]);
  const startSha = (await new Git(workdir, env()).run(["rev-parse", "HEAD"])).trim();
  return { base, workdir, startSha };
}

async function checkedOutWorkdir() {
  const { base, workdir, startSha } = await cloneOfFiftyFiles("start-index");
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
  const { git: repo } = await openPublishRepository(setup.workspace, new Git("/", env()), {
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
    const { git: repo } = await openPublishRepository(setup.workspace, new Git("/", env()), {
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

const SECOND = 1_000_000_000n;

/** Waits, when the clock is late in a second, for the next one: what follows then fits in one second. */
const earlyInASecond = () =>
  new Promise((resolve) => setTimeout(resolve, Date.now() % 1000 > 500 ? 1000 - (Date.now() % 1000) : 0));

/**
 * A checkout whose files and index were written in one second (most of its entries racy), an
 * agent that starts right away, commits when told to, and then changes file-7.txt in place
 * without changing its size or mtime. Tried again until the edit's ctime falls in the checkout's
 * second, where nothing in its stat data shows it.
 */
async function editInTheCheckoutsSecond(options: { commitFirst: boolean; unlistable?: boolean }) {
  for (let attempt = 1; ; attempt++) {
    await earlyInASecond();
    const { base, workdir, startSha } = await cloneOfFiftyFiles("start-index-trusted");
    const agentGit = new Git(workdir, env());
    const startIndex = path.join(base, "start-index");
    await copyIndex(path.join(workdir, ".git", "index"), startIndex);
    const stamp = (await stampAgentStart(base, workdir))!;
    if (options.unlistable) {
      // A name git could not be given (not UTF-8), ignored: the files of that second cannot be listed.
      await appendFile(path.join(workdir, ".git", "info", "exclude"), "/odd-*\n");
      await writeFile(Buffer.from(path.join(workdir, "odd-\xe9.txt"), "latin1"), "odd\n");
    }

    if (options.commitFirst) {
      await writeFile(path.join(workdir, "file-3.txt"), "changed by a commit\n");
      await agentGit.run([...identity, "commit", "--quiet", "--all", "-m", "agent"]);
    }
    const file = path.join(workdir, "file-7.txt");
    const before = await stat(file, { bigint: true });
    await writeFile(file, "CONTENT 7\n");
    const seconds = before.mtimeNs / SECOND;
    const nanos = String(before.mtimeNs % SECOND).padStart(9, "0");
    execFileSync("touch", ["-m", "-d", `@${seconds}.${nanos}`, file]);
    const after = await stat(file, { bigint: true });
    expect(after.size).toBe(before.size);
    expect(after.mtimeNs).toBe(before.mtimeNs);
    expect(after.ino).toBe(before.ino);
    if (after.ctimeNs / SECOND !== before.ctimeNs / SECOND) {
      if (attempt < 5) continue;
      throw new Error("could not change a file within the second of its checkout");
    }
    const head = (await agentGit.run(["rev-parse", "HEAD"])).trim();
    const workspace = { workdir, startIndex, startSha, trustedGitConfig: [] } as unknown as WorktreeWorkspace;
    return { workspace, gitDir: path.join(workdir, ".git"), head, stamp };
  }
}

describe("the start index trusted but for what the agent changed in the checkout's second", () => {
  const cases = [
    { commitFirst: false, title: "" },
    { commitFirst: true, title: " (after a commit of the agent's)" },
    {
      commitFirst: false,
      unlistable: true,
      title: " (the second's files cannot be listed: git reads them all)",
    },
  ];
  for (const { title, ...options } of cases) {
    it(`a same-size edit there, its mtime put back, is committed${title}`, async () => {
      const run = await editInTheCheckoutsSecond(options);
      const { git: repo, recheck } = await openPublishRepository(
        run.workspace,
        new Git("/", env()),
        { gitDir: run.gitDir, head: run.head },
        run.stamp,
      );
      // Trusted: dated past now, so git reads none of the racy files again.
      expect((await stat(path.join(run.gitDir, "index"))).mtimeMs).toBeGreaterThan(Date.now());
      expect(recheck).toBeDefined();
      expect(await stageAll(repo, recheck)).toBe("add 'file-7.txt'\n");
      const staged = await repo.run(["diff", "--cached", "--name-only"]);
      expect(staged.trim().split("\n")).toEqual(["file-7.txt"]);
      if (options.commitFirst) {
        const committed = await repo.run(["diff", "--name-only", run.workspace.startSha, "HEAD"]);
        expect(committed.trim()).toBe("file-3.txt");
      }
    });
  }
});
