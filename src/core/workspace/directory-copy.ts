import { cp, lstat, mkdir, readdir, realpath } from "node:fs/promises";
import path from "node:path";
import { TaskError } from "../errors.js";
import type { Git } from "../git.js";

/** The files a plain-directory workspace starts with: what is copied from `repo-path`, and its size. */
export interface DirectoryCopy {
  /** The real path of `repo-path`. */
  from: string;
  /** Paths relative to `from`: files and symbolic links, never directories. */
  files: string[];
  bytes: number;
}

export interface PlanCopyOptions {
  repoPath: string;
  /** True when `repo-path` is inside a git repository: only what git would commit is copied. */
  isRepository: boolean;
  /** The most `repo-path` may hold; 0 for no limit. */
  maxBytes: number;
  /** Directories left out (the workspaces root, when it is inside `repo-path`). */
  exclude: string[];
  git: Git;
}

/**
 * Lists what a directory workspace copies, and refuses before anything is copied when it is more
 * than `maxBytes`. From a repository, only the files git tracks or would add (`ls-files --cached
 * --others --exclude-standard`), so ignored content such as node_modules or build output stays
 * behind; from a plain folder, everything but `.git`.
 */
export async function planDirectoryCopy(options: PlanCopyOptions): Promise<DirectoryCopy> {
  const from = await realpath(options.repoPath);
  const exclude = await Promise.all(
    options.exclude.map((dir) => realpath(dir).catch(() => path.resolve(dir))),
  );
  const plan: DirectoryCopy = { from, files: [], bytes: 0 };
  const add = async (relative: string): Promise<void> => {
    const full = path.join(from, relative);
    if (exclude.some((dir) => isInside(full, dir))) return;
    const info = await lstat(full).catch(() => undefined);
    // A tracked file deleted from the checkout is listed by git but is not there to copy.
    if (!info) return;
    if (info.isDirectory()) {
      // A plain folder, or a submodule (git lists it as one path).
      for (const entry of await readdir(full)) {
        if (entry !== ".git") await add(path.join(relative, entry));
      }
      return;
    }
    if (!info.isFile() && !info.isSymbolicLink()) return;
    plan.files.push(relative);
    plan.bytes += info.size;
    if (options.maxBytes > 0 && plan.bytes > options.maxBytes) throw tooLarge(options, plan);
  };
  if (options.isRepository) {
    const listing = await options.git
      .at(from)
      .run(["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
    const listed = new Set(listing.split("\0").filter(Boolean));
    for (const relative of listed) await add(relative);
  } else {
    for (const entry of await readdir(from)) {
      if (entry !== ".git") await add(entry);
    }
  }
  return plan;
}

/** Copies the planned files into `workdir`, keeping modes and symbolic links as they are. */
export async function copyPlannedFiles(plan: DirectoryCopy, workdir: string): Promise<void> {
  const made = new Set<string>();
  for (const relative of plan.files) {
    const target = path.join(workdir, relative);
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await cp(path.join(plan.from, relative), target, { verbatimSymlinks: true });
  }
}

function tooLarge(options: PlanCopyOptions, plan: DirectoryCopy): TaskError {
  const counted = options.isRepository ? "files git tracks or would add" : "files";
  return new TaskError(
    `\`repo-path\` ${options.repoPath} holds more than ${formatMegabytes(options.maxBytes)} to copy into the workspace (${plan.files.length} ${counted} counted so far)`,
    "Point `repo-path` at a smaller folder, or raise `directory-max-mb` (0: no limit)",
  );
}

export function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / MEGABYTE) * 10) / 10} MB`;
}

export const MEGABYTE = 1024 * 1024;

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}
