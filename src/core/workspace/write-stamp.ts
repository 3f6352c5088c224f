import { lstat, open, rm } from "node:fs/promises";
import path from "node:path";
import { runCommand } from "../run-command.js";

const SECOND = 1_000_000_000n;
/** Beyond these the list is not worth making: git reads the racy files itself. */
const MAX_FILES = 1000;
const MAX_BYTES = 128 * 1024;

/**
 * The moment the agent starts, as the file system of its workdir dates changes: the ctime of a
 * file made there just before, in nanoseconds. ctime is the kernel's to set (touch moves mtime,
 * never ctime), so every file the agent changes has a ctime from then on, and every file the
 * checkout and the action wrote before one up to then. undefined when the stamp's directory is on
 * another file system than the workdir, whose clock granularity may differ.
 */
export async function stampAgentStart(dir: string, workdir: string): Promise<bigint | undefined> {
  const marker = path.join(dir, "agent-start");
  try {
    const handle = await open(marker, "wx", 0o600);
    try {
      const [made, work] = await Promise.all([
        handle.stat({ bigint: true }),
        lstat(workdir, { bigint: true }),
      ]);
      return made.dev === work.dev ? made.ctimeNs : undefined;
    } finally {
      await handle.close();
      await rm(marker, { force: true });
    }
  } catch {
    return undefined;
  }
}

/**
 * The files of `workdir` (not its directories) changed in the second the agent started in, from
 * its start on (stampAgentStart): the only changes git can miss. git compares stat data in whole
 * seconds, ctime included, so a change in a later second always shows; one in the same second
 * as the checkout, of the same size, only shows because git reads every file written in the
 * index's own second again ("racy git"), most files of a fresh checkout. Listed once the agent's
 * processes are gone, with GNU find: undefined when it cannot list them all (another find, an
 * unreadable directory), when a name is not UTF-8 (git could not be given it), or when there are
 * too many to be worth it.
 * https://git-scm.com/docs/racy-git
 */
export async function filesChangedInStartSecond(
  workdir: string,
  since: bigint,
): Promise<string[] | undefined> {
  const nextSecond = (since / SECOND + 1n) * SECOND;
  // `-newerct @t` is "changed after t"; both bounds are nanoseconds.
  const result = await runCommand(
    [
      "find",
      ".",
      ...["-name", ".git", "-prune", "-o"],
      ...["!", "-type", "d", "-newerct", findTime(since - 1n), "!", "-newerct", findTime(nextSecond - 1n)],
      ...["-printf", "%P\\0"],
    ],
    { cwd: workdir },
  );
  if (result.code !== 0 || result.stdout.includes("\uFFFD")) return undefined;
  if (result.stdout.length > MAX_BYTES) return undefined;
  const files = result.stdout.split("\0").slice(0, -1);
  return files.length <= MAX_FILES ? files : undefined;
}

function findTime(ns: bigint): string {
  return `@${ns / SECOND}.${String(ns % SECOND).padStart(9, "0")}`;
}
