import { copyFile, stat, utimes } from "node:fs/promises";
import type { Git } from "../git.js";

/**
 * How far before the original's mtime a copy of an index is dated. Git trusts an entry's stat
 * data only when the file's mtime is before the index file's own ("racy git"): a file changed in
 * the same clock tick as the index was written keeps its size and mtime, and only this rule makes
 * git read it. A copy made later must not move that line forward, or such a change is missed;
 * dated a little earlier, it only makes git read the last few files the checkout wrote.
 * https://git-scm.com/docs/racy-git
 */
const RACY_MARGIN_MS = 20;

/** Copies a git index so that git's racy-entry check works on the copy as on the original. */
export async function copyIndex(from: string, to: string): Promise<void> {
  await copyFile(from, to);
  const { atime, mtimeMs } = await stat(from);
  await utimes(to, atime, new Date(Math.floor(mtimeMs) - RACY_MARGIN_MS));
}

/**
 * Dates an index that `git add --all` has just brought up to date after every file it lists: to
 * the next whole second. An entry whose file was written in the same second as the index was
 * is "racy" to git, which reads the file again at every later command that reads and writes the
 * index; for a fresh checkout that is most of its files, read once more when the commit that
 * follows (write-tree) writes the index again. Every entry was just checked against its file, so
 * nothing is lost by trusting it: whatever the commit writes is what `git add` staged either way.
 */
export async function markIndexChecked(indexFile: string, now = Date.now()): Promise<void> {
  const nextSecond = new Date((Math.floor(now / 1000) + 1) * 1000);
  await utimes(indexFile, nextSecond, nextSecond);
}

/**
 * Makes git trust the stat data of an index copied from the agent's start (copyIndex), except
 * for the entries of `changed` (filesChangedInStartSecond): those lose theirs, so git reads the
 * files again; the rest are dated past their files (markIndexChecked), so git no longer reads
 * again every file the checkout wrote in the index's second. Every other file is as the checkout
 * left it, its ctime says so. Any failure puts the copy back as it was made.
 */
export async function trustIndexExcept(
  repo: Git,
  copy: { from: string; to: string },
  changed: string[],
): Promise<boolean> {
  try {
    // ls-files --stage prints what --index-info reads: the entry again, without stat data.
    const entries =
      changed.length > 0
        ? await repo.run(["--literal-pathspecs", "ls-files", "--stage", "-z", "--", ...changed])
        : "";
    if (entries.includes("\uFFFD")) throw new Error("a tracked name is not UTF-8");
    // Dated first, or writing the index would have git read every racy file to smudge it.
    await markIndexChecked(copy.to);
    if (entries) {
      await repo.run(["update-index", "-z", "--index-info"], { input: entries });
      await markIndexChecked(copy.to);
    }
    return true;
  } catch {
    await copyIndex(copy.from, copy.to);
    return false;
  }
}
