// The agent's start as its workdir dates changes, and the files changed from then on within that
// second: the only changes git could miss in an index it is told to trust (stageAll).
import { statSync } from "node:fs";
import { lstat, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { filesChangedInStartSecond, stampAgentStart } from "../../../src/core/workspace/write-stamp.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

afterAll(removeAllTempDirs);

const SECOND = 1_000_000_000n;
/** Longer than a tick of the kernel's file clock, so that what follows gets a later ctime. */
const nextTick = () => new Promise((resolve) => setTimeout(resolve, 20));
/** Waits, when the clock is late in a second, for the next one: what follows then mostly fits in it. */
const earlyInASecond = () =>
  new Promise((resolve) => setTimeout(resolve, Date.now() % 1000 > 300 ? 1000 - (Date.now() % 1000) : 0));

/** Whether every one of `files` was last changed in the second of `stamp` (a loaded machine may cross it). */
async function inStampSecond(stamp: bigint, files: Array<string | Buffer>): Promise<boolean> {
  const ctimes = await Promise.all(files.map(async (file) => (await lstat(file, { bigint: true })).ctimeNs));
  return ctimes.every((ctime) => ctime / SECOND === stamp / SECOND);
}

/**
 * Runs `attempt` until it finds its files written within the stamp's second (it returns false
 * when they were not, before it asserts anything), at most five times.
 */
async function withinOneSecond(attempt: () => Promise<boolean>): Promise<void> {
  for (let tries = 1; tries <= 5; tries++) {
    await earlyInASecond();
    if (await attempt()) return;
  }
  throw new Error("five attempts crossed a second's end");
}

async function workdirWithStamp() {
  const base = (await makeTempDir("write-stamp")).path;
  const workdir = path.join(base, "workdir");
  const stamps = path.join(base, "stamps");
  await Promise.all([mkdir(workdir), mkdir(stamps)]);
  return { workdir, stamps };
}

describe("stampAgentStart", () => {
  it("is the ctime of a file made then, and leaves nothing behind", async () => {
    const { workdir, stamps } = await workdirWithStamp();
    const before = BigInt(Date.now() - 1000) * 1_000_000n;
    const stamp = await stampAgentStart(stamps, workdir);
    expect(stamp).toBeGreaterThan(before);
    expect(stamp).toBeLessThanOrEqual(BigInt(Date.now() + 1000) * 1_000_000n);
    await writeFile(path.join(workdir, "later.txt"), "x\n");
    expect((await lstat(path.join(workdir, "later.txt"), { bigint: true })).ctimeNs).toBeGreaterThanOrEqual(
      stamp!,
    );
    expect(await readdir(stamps)).toEqual([]);
  });

  // /dev/shm is a file system of its own on most Linux machines; the test needs one.
  const otherFileSystem = (() => {
    try {
      return statSync("/dev/shm").dev !== statSync(tmpdir()).dev ? "/dev/shm" : undefined;
    } catch {
      return undefined;
    }
  })();
  it.skipIf(!otherFileSystem)("is unknown when made on another file system than the workdir's", async () => {
    const { workdir } = await workdirWithStamp();
    const elsewhere = await mkdtemp(path.join(otherFileSystem!, "write-stamp-"));
    try {
      expect(await stampAgentStart(elsewhere, workdir)).toBeUndefined();
      expect(await stampAgentStart(elsewhere, elsewhere)).toBeDefined();
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it("is unknown when its directory is missing", async () => {
    const { workdir, stamps } = await workdirWithStamp();
    expect(await stampAgentStart(path.join(stamps, "missing"), workdir)).toBeUndefined();
  });
});

describe("filesChangedInStartSecond", () => {
  it("lists the files changed from the stamp on, whatever their names, and nothing under .git", async () => {
    await withinOneSecond(async () => {
      const { workdir, stamps } = await workdirWithStamp();
      await writeFile(path.join(workdir, "before.txt"), "old\n");
      await nextTick();
      const stamp = (await stampAgentStart(stamps, workdir))!;
      const written = ["a.txt", "dir/b c.txt", "dir/-n", "line\nbreak.txt", "deep/er/café.txt"];
      for (const file of written) {
        await mkdir(path.dirname(path.join(workdir, file)), { recursive: true });
        await writeFile(path.join(workdir, file), "new\n");
      }
      await mkdir(path.join(workdir, ".git"));
      await writeFile(path.join(workdir, ".git", "index"), "");
      await mkdir(path.join(workdir, "sub", ".git"), { recursive: true });
      await writeFile(path.join(workdir, "sub", ".git", "HEAD"), "");
      if (
        !(await inStampSecond(
          stamp,
          written.map((file) => path.join(workdir, file)),
        ))
      )
        return false;
      expect((await filesChangedInStartSecond(workdir, stamp))?.sort()).toEqual([...written].sort());
      return true;
    });
  });

  it("leaves out changes of the seconds after the stamp's: git sees those by their ctime", async () => {
    const { workdir } = await workdirWithStamp();
    await writeFile(path.join(workdir, "a.txt"), "new\n");
    const ctime = (await lstat(path.join(workdir, "a.txt"), { bigint: true })).ctimeNs;
    expect(await filesChangedInStartSecond(workdir, ctime - 2n * SECOND)).toEqual([]);
    expect(await filesChangedInStartSecond(workdir, ctime)).toEqual(["a.txt"]);
    expect(await filesChangedInStartSecond(workdir, ctime + 1n)).toEqual([]);
  });

  it("gives up on a name git could not be given", async () => {
    await withinOneSecond(async () => {
      const { workdir, stamps } = await workdirWithStamp();
      const stamp = (await stampAgentStart(stamps, workdir))!;
      const plain = path.join(workdir, "plain.txt");
      await writeFile(plain, "x\n");
      const odd = Buffer.from(path.join(workdir, "latin1-\xe9.txt"), "latin1");
      await writeFile(odd, "x\n");
      if (!(await inStampSecond(stamp, [plain]))) return false;
      await rm(odd);
      expect(await filesChangedInStartSecond(workdir, stamp)).toEqual(["plain.txt"]);
      await writeFile(odd, "x\n");
      if (!(await inStampSecond(stamp, [plain, odd]))) return false;
      expect(await filesChangedInStartSecond(workdir, stamp)).toBeUndefined();
      return true;
    });
  });

  it("gives up on more than 1,000 files", async () => {
    await withinOneSecond(async () => {
      const { workdir, stamps } = await workdirWithStamp();
      const stamp = (await stampAgentStart(stamps, workdir))!;
      const files = Array.from({ length: 1001 }, (_, i) => path.join(workdir, `f${i}`));
      await Promise.all(files.map((file) => writeFile(file, "")));
      if (!(await inStampSecond(stamp, files))) return false;
      expect(await filesChangedInStartSecond(workdir, stamp)).toBeUndefined();
      await rm(files[1000]!);
      expect((await filesChangedInStartSecond(workdir, stamp))?.length).toBe(1000);
      return true;
    });
  });
});
