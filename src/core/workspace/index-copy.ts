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
 * Dates an index past its files: to the next whole second. An entry whose file was written in the
 * same second as the index was is "racy" to git, which reads the file again at every later
 * command that reads and writes the index; for a fresh checkout that is most of its files. Only
 * for an index whose entries are known to match their files: one `git add --all` has just brought
 * up to date (before the commit's write-tree writes it again), or the agent's start index, whose
 * doubtful entries are checked again (see IndexRecheck).
 */
export async function markIndexChecked(indexFile: string, now = Date.now()): Promise<void> {
  const nextSecond = new Date((Math.floor(now / 1000) + 1) * 1000);
  await utimes(indexFile, nextSecond, nextSecond);
}

/** Which of `files` the index of `repo` tracks (names matched literally). */
export async function trackedOf(repo: Git, files: string[]): Promise<string[]> {
  return pathsOf(await entriesOf(repo, files));
}

/**
 * Puts the entries of `files` in the index back without their stat data, so that the next
 * `git add` reads those files again whatever their stat says; returns the files it tracks. The
 * index is dated past its files first (markIndexChecked), or writing it would have git read every
 * racy file to smudge it: only for an index whose other entries are known to match their files.
 */
export async function forgetStatData(repo: Git, indexFile: string, files: string[]): Promise<string[]> {
  const entries = await entriesOf(repo, files);
  if (!entries) return [];
  await markIndexChecked(indexFile);
  // --index-info reads what ls-files --stage prints: the entry again, without stat data.
  await repo.run(["update-index", "-z", "--index-info"], { input: entries });
  await markIndexChecked(indexFile);
  return pathsOf(entries);
}

/**
 * The index's entries for `files`, as `git ls-files --stage -z` prints them; a name that is not
 * UTF-8 could not be given back.
 */
async function entriesOf(repo: Git, files: string[]): Promise<string> {
  if (files.length === 0) return "";
  const entries = await repo.run(["--literal-pathspecs", "ls-files", "--stage", "-z", "--", ...files]);
  if (entries.includes("\uFFFD")) throw new Error("a tracked name is not UTF-8");
  return entries;
}

function pathsOf(entries: string): string[] {
  return entries
    .split("\0")
    .filter(Boolean)
    .map((entry) => entry.slice(entry.indexOf("\t") + 1));
}
