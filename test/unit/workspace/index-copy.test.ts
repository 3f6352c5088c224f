// markIndexChecked: after `git add --all` has checked every file, the commit that follows trusts
// the index instead of reading again the files written in the same second as it.
import { stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Git } from "../../../src/core/git.js";
import { markIndexChecked } from "../../../src/core/workspace/index-copy.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

afterAll(removeAllTempDirs);

const env = () => ({ PATH: process.env.PATH ?? "", HOME: "/nonexistent", GIT_CONFIG_NOSYSTEM: "1" });

/** A file staged at a fixed mtime, in an index dated the same second: its entry is racy. */
async function racyEntry() {
  const dir = (await makeTempDir("index-copy")).path;
  // ctime cannot be set: it is left out of the comparison, so that only the mtime rule decides.
  const git = new Git(dir, env());
  const run = (args: string[]) => git.run(["-c", "core.trustctime=false", ...args]);
  await run(["init", "--quiet"]);
  const file = path.join(dir, "widget.txt");
  const second = new Date("2020-01-01T00:00:00.500Z");
  await writeFile(file, "aaaa\n");
  await utimes(file, second, second);
  await run(["add", "--all"]);
  const index = path.join(dir, ".git", "index");
  await utimes(index, second, second);
  // Changed in place, same size, its mtime put back: only reading the file shows it.
  await writeFile(file, "bbbb\n");
  await utimes(file, second, second);
  const changed = async () =>
    (await git.tryRun(["-c", "core.trustctime=false", "diff", "--quiet"])) === undefined;
  return { index, changed };
}

describe("markIndexChecked", () => {
  it("dates the index to the next whole second", async () => {
    const { index } = await racyEntry();
    await markIndexChecked(index, Date.parse("2026-12-05T01:02:03.456Z"));
    expect((await stat(index)).mtime.toISOString()).toBe("2026-12-05T01:02:04.000Z");
  });

  it("makes git trust entries it would otherwise read again (so it may only follow a full `git add`)", async () => {
    const unmarked = await racyEntry();
    expect(await unmarked.changed()).toBe(true);
    const marked = await racyEntry();
    await markIndexChecked(marked.index);
    expect(await marked.changed()).toBe(false);
  });
});
