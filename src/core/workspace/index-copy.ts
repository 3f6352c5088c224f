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
 * The entries `repo`'s index holds for `files`, as `git ls-files --stage -z` prints them: what
 * forgetStatData takes. Names are matched literally; one that is not UTF-8 cannot be given back.
 */
export async function entriesOf(repo: Git, files: string[]): Promise<string> {
  if (files.length === 0) return "";
  const entries = await repo.run(["--literal-pathspecs", "ls-files", "--stage", "-z", "--", ...files]);
  if (entries.includes("\uFFFD")) throw new Error("a tracked name is not UTF-8");
  return entries;
}

/**
 * Puts `entries` (entriesOf, of this index) back without their stat data, so that the next
 * `git add` reads their files again whatever their stat says; returns their paths. The index is
 * dated past its files first (markIndexChecked), or writing it would have git read every racy
 * file to smudge it: only for an index whose other entries are known to match their files.
 */
export async function forgetStatData(repo: Git, indexFile: string, entries: string): Promise<string[]> {
  await markIndexChecked(indexFile);
  // --index-info reads what ls-files --stage prints: the entry again, without stat data.
  await repo.run(["update-index", "-z", "--index-info"], { input: entries });
  await markIndexChecked(indexFile);
  return pathsOf(entries);
}

/** The paths of entries as entriesOf gives them. */
export function pathsOf(entries: string): string[] {
  return entries
    .split("\0")
    .filter(Boolean)
    .map((entry) => entry.slice(entry.indexOf("\t") + 1));
}
