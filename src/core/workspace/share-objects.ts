import { constants } from "node:fs";
import { chmod, copyFile, link, lstat, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** How deep git follows `objects/info/alternates` chains; the same limit as git's own. */
const MAX_ALTERNATE_DEPTH = 5;

/** Files of `objects/pack` that make up a pack; `.keep` and `.promisor` markers and temporaries are not. */
const PACK_FILE = /^pack-[0-9a-f]+\.(pack|idx|rev|bitmap)$/;
const LOOSE_DIR = /^[0-9a-f]{2}$/;
/** The rest of a loose object's name (SHA-1 or SHA-256); git's temporaries (`tmp_obj_*`) are not. */
const LOOSE_OBJECT = /^[0-9a-f]{38}(?:[0-9a-f]{24})?$/;

/**
 * Fills `target` (an object directory that only the action can write) with the objects of
 * `sources` and of the directories they borrow from: each file is hard-linked, so a repository
 * of a hundred thousand files costs a handful of links instead of a pack written and indexed
 * again. A file other users could not read, or one on another file system, is copied instead,
 * readable by all. Object files are read-only: whoever borrows them cannot change them.
 * https://git-scm.com/docs/gitrepository-layout#Documentation/gitrepository-layout.txt-objects
 */
export async function shareObjects(
  sources: string[],
  target: string,
  /** `alternates: false` shares the sources' own objects only, not those they borrow. */
  options: { alternates?: boolean } = {},
): Promise<void> {
  await mkdir(path.join(target, "pack"), { recursive: true });
  const seen = new Set<string>();
  const visit = async (dir: string, depth: number): Promise<void> => {
    const resolved = path.resolve(dir);
    if (seen.has(resolved) || depth > MAX_ALTERNATE_DEPTH) return;
    seen.add(resolved);
    await shareDirectory(resolved, target);
    if (options.alternates === false) return;
    for (const alternate of await alternatesOf(resolved)) await visit(alternate, depth + 1);
  };
  for (const source of sources) await visit(source, 0);
}

async function shareDirectory(source: string, target: string): Promise<void> {
  const entries = await readdir(source, { withFileTypes: true }).catch(() => []);
  // Listed in full first, then shared: no link or copy is under way (and could fail unobserved)
  // while the listing still awaits.
  const files: Array<[string, string]> = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    if (entry.name === "pack") {
      const names = await readdir(path.join(source, "pack")).catch(() => [] as string[]);
      for (const name of names.filter((n) => PACK_FILE.test(n))) {
        files.push([path.join(source, "pack", name), path.join(target, "pack", name)]);
      }
    } else if (LOOSE_DIR.test(entry.name)) {
      const names = await readdir(path.join(source, entry.name)).catch(() => [] as string[]);
      const objects = names.filter((name) => LOOSE_OBJECT.test(name));
      if (objects.length === 0) continue;
      await mkdir(path.join(target, entry.name), { recursive: true });
      for (const name of objects) {
        files.push([path.join(source, entry.name, name), path.join(target, entry.name, name)]);
      }
    }
  }
  await Promise.all(files.map(([from, to]) => shareFile(from, to)));
}

/**
 * Shares one object file. Another git process may be writing the same repository meanwhile (a
 * run sharing the checkout makes its lease commits there): a file that is gone by the time it is
 * linked was a temporary or has moved into a pack, and is left out.
 */
async function shareFile(from: string, to: string): Promise<void> {
  const info = await lstat(from).catch(() => undefined);
  if (!info?.isFile()) return;
  // A link is the same file: other users can read it only when its mode lets them.
  if ((info.mode & 0o004) !== 0) {
    try {
      await link(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // The same object from two sources: the first one stays.
      if (code === "EEXIST" || code === "ENOENT") return;
      // EXDEV (another file system), EPERM (links refused): a copy does as well.
    }
  }
  try {
    await copyFile(from, to, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOENT") return;
    throw error;
  }
  await chmod(to, 0o444);
}

/** The object directories `objects/info/alternates` names, relative paths resolved as git does. */
async function alternatesOf(objectsDir: string): Promise<string[]> {
  const text = await readFile(path.join(objectsDir, "info", "alternates"), "utf8").catch(() => "");
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => path.resolve(objectsDir, line));
}

/**
 * Makes the repository at `gitDir` (just made, empty) borrow the objects of `objectsDir`, with the
 * shallow boundary of `shallowFrom` (a fetch into it depends on it), if that repository has one.
 * https://git-scm.com/docs/gitrepository-layout#Documentation/gitrepository-layout.txt-objectsinfoalternates
 */
export async function borrowObjects(gitDir: string, objectsDir: string, shallowFrom: string): Promise<void> {
  await mkdir(path.join(gitDir, "objects", "info"), { recursive: true });
  await writeFile(path.join(gitDir, "objects", "info", "alternates"), `${objectsDir}\n`);
  await copyShallow(shallowFrom, gitDir);
}

/** Gives `gitDir` the shallow boundary of `from` (its `shallow` file), if `from` has one. */
export async function copyShallow(from: string, gitDir: string): Promise<void> {
  await copyFile(path.join(from, "shallow"), path.join(gitDir, "shallow")).catch(() => {});
}
