// The agent's start as its workdir dates changes, and the files changed from then on within that
// second: the only changes git could miss in an index it is told to trust (trustIndexExcept).
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
/** Waits, when the clock is late in a second, for the next one: what follows then fits in one second. */
const earlyInASecond = () =>
  new Promise((resolve) => setTimeout(resolve, Date.now() % 1000 > 600 ? 1000 - (Date.now() % 1000) : 0));

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
    const { workdir, stamps } = await workdirWithStamp();
    await earlyInASecond();
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
    expect((await filesChangedInStartSecond(workdir, stamp))?.sort()).toEqual([...written].sort());
  });

  it("leaves out changes of the seconds after the stamp's: git sees those by their ctime", async () => {
    const { workdir } = await workdirWithStamp();
    await writeFile(path.join(workdir, "a.txt"), "new\n");
    const ctime = (await lstat(path.join(workdir, "a.txt"), { bigint: true })).ctimeNs;
    expect(await filesChangedInStartSecond(workdir, ctime - 2n * SECOND)).toEqual([]);
    expect(await filesChangedInStartSecond(workdir, ctime)).toEqual(["a.txt"]);
    expect(await filesChangedInStartSecond(workdir, ctime + 1n)).toEqual([]);
  });

  it("gives up on a name git could not be given, and on too many files", async () => {
    await earlyInASecond();
    const odd = await workdirWithStamp();
    const oddStamp = (await stampAgentStart(odd.stamps, odd.workdir))!;
    await writeFile(path.join(odd.workdir, "plain.txt"), "x\n");
    expect(await filesChangedInStartSecond(odd.workdir, oddStamp)).toEqual(["plain.txt"]);
    await writeFile(Buffer.from(path.join(odd.workdir, "latin1-\xe9.txt"), "latin1"), "x\n");
    expect(await filesChangedInStartSecond(odd.workdir, oddStamp)).toBeUndefined();

    const many = await workdirWithStamp();
    const manyStamp = (await stampAgentStart(many.stamps, many.workdir))!;
    const write = (count: number) =>
      Promise.all(Array.from({ length: count }, (_, i) => writeFile(path.join(many.workdir, `f${i}`), "")));
    await write(1000);
    expect((await filesChangedInStartSecond(many.workdir, manyStamp))?.length).toBe(1000);
    await write(1001);
    expect(await filesChangedInStartSecond(many.workdir, manyStamp)).toBeUndefined();
  });
});
