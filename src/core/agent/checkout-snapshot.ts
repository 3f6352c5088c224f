import { createHash } from "node:crypto";
import { chmod, lstat, mkdir, open, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Git } from "../git.js";

/**
 * The parts of the checkout that later steps of the job rely on, as they were before the agent
 * started, and how to put them back: the hooks in the common `.git/hooks`, and the working tree
 * (the files git status reports). `.git/config` is kept byte for byte by the checkout guard.
 */

export interface HookFile {
  name: string;
  mode: number;
  /** base64 */
  content: string;
}

/** The regular files of the hooks directory; null when there is no such directory. */
export async function snapshotHooks(hooksDir: string): Promise<HookFile[] | null> {
  const entries = await readdir(hooksDir, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return null;
  // A fresh clone holds a dozen sample hooks: read all at once.
  const hooks = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry): Promise<HookFile> => {
        const file = path.join(hooksDir, entry.name);
        const [info, content] = await Promise.all([lstat(file), readFile(file)]);
        return { name: entry.name, mode: info.mode & 0o777, content: content.toString("base64") };
      }),
  );
  return hooks.sort((a, b) => a.name.localeCompare(b.name));
}

/** Puts the hooks directory back as it was; returns the names that had changed. */
export async function restoreHooks(hooksDir: string, before: HookFile[] | null): Promise<string[]> {
  const now = await snapshotHooks(hooksDir);
  const changed: string[] = [];
  const entries = await readdir(hooksDir, { withFileTypes: true }).catch(() => []);
  if (before === null) {
    if (entries.length > 0 || now !== null) {
      await rm(hooksDir, { recursive: true, force: true });
      changed.push(...entries.map((entry) => entry.name));
    }
    return changed;
  }
  const wanted = new Map(before.map((hook) => [hook.name, hook]));
  for (const entry of entries) {
    const hook = wanted.get(entry.name);
    const same =
      hook &&
      entry.isFile() &&
      now?.some((n) => n.name === hook.name && n.content === hook.content && n.mode === hook.mode);
    if (!same) {
      await rm(path.join(hooksDir, entry.name), { recursive: true, force: true });
      changed.push(entry.name);
    }
  }
  await mkdir(hooksDir, { recursive: true });
  for (const hook of before) {
    const file = path.join(hooksDir, hook.name);
    if (await lstat(file).catch(() => undefined)) continue;
    await writeFile(file, Buffer.from(hook.content, "base64"), { flag: "wx" });
    await chmod(file, hook.mode);
    if (!changed.includes(hook.name)) changed.push(hook.name);
  }
  return changed.sort();
}

export interface WorktreeSnapshot {
  /** The commit HEAD named, and the index's own checksum (its last 20 bytes). */
  head: string;
  index: string;
  /** Each path git status reported, with what it held: a content hash, a link target, or `missing`. */
  dirty: Record<string, string>;
}

/** What git status reports of the working tree, with the state of each reported path. */
export async function snapshotWorktree(
  git: Git,
  paths: { toplevel: string; gitDir: string; exclude: string[] },
): Promise<WorktreeSnapshot> {
  const dirty: Record<string, string> = {};
  for (const { file } of await status(git, paths))
    dirty[file] = await fingerprint(path.join(paths.toplevel, file));
  return {
    head: (await git.tryRun(["rev-parse", "--verify", "--quiet", "HEAD"]))?.trim() ?? "",
    index: await indexChecksum(paths.gitDir),
    dirty,
  };
}

export interface WorktreeRestore {
  /** Paths put back: tracked files restored from the index, new files removed. */
  restored: string[];
  /** What changed and could not be put back safely. */
  unrestorable: string[];
}

/**
 * Puts back what changed in the working tree since the snapshot, where that is safe: a tracked
 * file that was clean is restored from the index (when the index itself is unchanged), a file
 * that did not exist is removed. A change to a file that was already modified, a changed index
 * or HEAD cannot be undone without a copy, and is reported instead.
 */
export async function restoreWorktree(
  git: Git,
  paths: { toplevel: string; gitDir: string; exclude: string[] },
  before: WorktreeSnapshot,
): Promise<WorktreeRestore> {
  const unrestorable: string[] = [];
  const head = (await git.tryRun(["rev-parse", "--verify", "--quiet", "HEAD"]))?.trim() ?? "";
  if (head !== before.head)
    unrestorable.push(
      `HEAD (was ${before.head.slice(0, 12) || "unborn"}, now ${head.slice(0, 12) || "unborn"})`,
    );
  const indexChanged = (await indexChecksum(paths.gitDir)) !== before.index;
  if (indexChanged) unrestorable.push("the index (.git/index)");

  const toCheckOut: string[] = [];
  const toClean: string[] = [];
  const now = await status(git, paths);
  const seen = new Set<string>();
  for (const { code, file } of now) {
    seen.add(file);
    const was = before.dirty[file];
    if (was === undefined) {
      if (code === "??") toClean.push(file);
      else if (indexChanged) unrestorable.push(file);
      else toCheckOut.push(file);
    } else if ((await fingerprint(path.join(paths.toplevel, file))) !== was) {
      unrestorable.push(file);
    }
  }
  for (const file of Object.keys(before.dirty)) if (!seen.has(file)) unrestorable.push(file);

  if (toCheckOut.length > 0) await git.run(["checkout-index", "--force", "--quiet", "--", ...toCheckOut]);
  // git clean refuses to follow a symlinked directory, which a plain rm would.
  if (toClean.length > 0)
    await git.run(["clean", "--force", "--quiet", "--", ...toClean.map((f) => `:(top,literal)${f}`)]);
  return { restored: [...toCheckOut, ...toClean].sort(), unrestorable };
}

async function status(
  git: Git,
  paths: { toplevel: string; exclude: string[] },
): Promise<Array<{ code: string; file: string }>> {
  // No optional locks: status would otherwise refresh the index, which must stay as it was.
  const output = await git.run([
    "--no-optional-locks",
    "status",
    "--porcelain=v1",
    "-z",
    "--no-renames",
    "--untracked-files=all",
    "--ignore-submodules=none",
  ]);
  const excluded = paths.exclude
    .map((dir) => path.relative(paths.toplevel, dir))
    .filter((relative) => relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative))
    .map((relative) => `${relative.split(path.sep).join("/")}/`);
  return output
    .split("\0")
    .filter((record) => record.length > 3)
    .map((record) => ({ code: record.slice(0, 2), file: record.slice(3) }))
    .filter(({ file }) => !excluded.some((dir) => `${file}/`.startsWith(dir)));
}

async function fingerprint(file: string): Promise<string> {
  const info = await lstat(file).catch(() => undefined);
  if (!info) return "missing";
  if (info.isSymbolicLink()) return `link:${await readlink(file)}`;
  if (!info.isFile()) return "other";
  const hash = createHash("sha256").update(await readFile(file));
  return `${info.mode & 0o111 ? "x" : "-"}:${hash.digest("hex")}`;
}

/** The trailing checksum git writes at the end of the index: it changes with any change to it. */
async function indexChecksum(gitDir: string): Promise<string> {
  const handle = await open(path.join(gitDir, "index"), "r").catch(() => undefined);
  if (!handle) return "";
  try {
    const { size } = await handle.stat();
    if (size < 20) return "";
    const tail = Buffer.alloc(20);
    await handle.read(tail, 0, 20, size - 20);
    return tail.toString("hex");
  } finally {
    await handle.close();
  }
}
