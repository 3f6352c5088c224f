import { createHash } from "node:crypto";
import { readdir, readFile, readlink, stat } from "node:fs/promises";
import path from "node:path";

/** Relative path → content hash of every file (and symlink) under a directory. */
export type DirectorySnapshot = Map<string, string>;

export interface ChangedFiles {
  added: string[];
  modified: string[];
  deleted: string[];
}

/** Reads a directory tree into a snapshot; `ignore` names top-level entries to leave out. */
export async function snapshotDirectory(root: string, ignore: string[] = []): Promise<DirectorySnapshot> {
  const snapshot: DirectorySnapshot = new Map();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    await Promise.all(
      entries.map(async (entry) => {
        const full = path.join(dir, entry.name);
        const relative = path.relative(root, full).split(path.sep).join("/");
        if (dir === root && ignore.includes(entry.name)) return;
        if (entry.isDirectory()) return walk(full);
        if (entry.isSymbolicLink()) snapshot.set(relative, `link:${await readlink(full)}`);
        else if (entry.isFile()) {
          // The executable bit counts, as it does for git.
          const executable = ((await stat(full)).mode & 0o111) !== 0 ? "x:" : "";
          snapshot.set(relative, executable + hash(await readFile(full)));
        }
      }),
    );
  };
  await walk(root);
  return snapshot;
}

export function diffSnapshots(before: DirectorySnapshot, after: DirectorySnapshot): ChangedFiles {
  const added: string[] = [];
  const modified: string[] = [];
  const deleted: string[] = [];
  for (const [file, digest] of after) {
    const previous = before.get(file);
    if (previous === undefined) added.push(file);
    else if (previous !== digest) modified.push(file);
  }
  for (const file of before.keys()) if (!after.has(file)) deleted.push(file);
  return { added: added.sort(), modified: modified.sort(), deleted: deleted.sort() };
}

function hash(content: Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}
