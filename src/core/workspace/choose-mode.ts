import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { errorMessage, TaskError } from "../errors.js";
import type { Git } from "../git.js";
import type { Mode, ModeSetting } from "../settings.js";

/** What `repo-path` is, as far as the choice of workspace goes. */
export type Source =
  | { kind: "missing"; path: string }
  | { kind: "not-a-directory"; path: string }
  /** Inside a git repository (its top level or a folder of it). */
  | { kind: "repository"; path: string }
  /** A directory that git says is not inside any repository. */
  | { kind: "folder"; path: string; empty: boolean }
  /** git failed for another reason than "not a git repository". */
  | { kind: "git-error"; path: string; message: string };

/**
 * Looks at `repo-path`: whether it exists, is a directory, is inside a git repository, is empty.
 * Only git's own "not a git repository" makes a folder; any other git failure is kept as what it
 * is. `ignore` lists directories that do not count as content (the workspaces root inside it).
 */
export async function inspectSource(repoPath: string, git: Git, ignore: string[] = []): Promise<Source> {
  const info = await stat(repoPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
    throw new TaskError(`\`repo-path\` ${repoPath} cannot be read: ${error.message}`);
  });
  if (!info) return { kind: "missing", path: repoPath };
  if (!info.isDirectory()) return { kind: "not-a-directory", path: repoPath };
  let message: string;
  try {
    await git.at(repoPath).run(["rev-parse", "--absolute-git-dir"]);
    return { kind: "repository", path: repoPath };
  } catch (error) {
    message = errorMessage(error).trim();
    if (!isNotARepository(message)) return { kind: "git-error", path: repoPath, message };
  }
  const real = await realpath(repoPath);
  const ignored = await Promise.all(ignore.map((dir) => realpath(dir).catch(() => path.resolve(dir))));
  const entries = await readdir(real);
  if (entries.includes(".git")) {
    // git does not recognise a checkout whose .git is damaged, and says "not a git repository".
    return { kind: "git-error", path: repoPath, message: `${message} (although it has a .git entry)` };
  }
  const empty = entries.every((entry) => ignored.includes(path.join(real, entry)));
  return { kind: "folder", path: repoPath, empty };
}

/** git's message for a directory outside every repository (LC_ALL=C, see git-environment.ts). */
export function isNotARepository(message: string): boolean {
  return /not a git repository/i.test(message) && !/dubious ownership/i.test(message);
}

export interface ModeChoice {
  mode: Mode;
  /** Why, for the log. */
  reason: string;
}

/**
 * The `mode` input applied to what `repo-path` is. `auto` works in a plain directory only for an
 * existing, non-empty folder outside any repository; a missing `repo-path`, an empty one (the
 * workflow has no checkout) or a git failure stop the run before anything is created, saying why
 * and what to do. A worktree that cannot be made later is an error too, never a silent fallback.
 */
export function chooseMode(setting: ModeSetting, source: Source): ModeChoice {
  const where = `\`repo-path\` ${source.path}`;
  switch (source.kind) {
    case "missing":
      throw new TaskError(
        `${where} does not exist`,
        "Check out the repository first (actions/checkout), or set `repo-path` to an existing directory",
      );
    case "not-a-directory":
      throw new TaskError(`${where} is not a directory`, "Set `repo-path` to the directory of the checkout");
    case "git-error":
      throw new TaskError(`git failed in ${where}: ${firstLines(source.message)}`, gitErrorHint(source));
    case "repository":
      return setting === "directory"
        ? { mode: "directory", reason: `${where} is a git checkout; copying its files (mode: directory)` }
        : { mode: "worktree", reason: `${where} is a git checkout; working in a git worktree` };
    case "folder":
      if (setting === "directory") return { mode: "directory", reason: `working in a copy of ${where}` };
      if (setting === "worktree") {
        throw new TaskError(
          `${where} is not a git checkout (mode: worktree)`,
          "Check out the repository first (actions/checkout), or use `mode: directory`",
        );
      }
      if (source.empty) {
        throw new TaskError(
          `${where} is empty: the workflow has no checkout`,
          "Add actions/checkout before this step, or set `mode: directory` to let the agent start from an empty directory",
        );
      }
      return {
        mode: "directory",
        reason: `${where} is not inside a git repository; working in a plain copy of it (mode: auto)`,
      };
  }
}

function gitErrorHint(source: { path: string; message: string }): string {
  if (/dubious ownership/i.test(source.message)) {
    // git refuses repositories owned by another user since 2.35.2 (CVE-2022-24765).
    return `git refuses a checkout owned by another user: run \`git config --global --add safe.directory ${source.path}\` in an earlier step, or run the job as the checkout's owner`;
  }
  if (/ENOENT|not found/i.test(source.message) && /spawn/i.test(source.message)) {
    return "Install git on the runner, or put it on PATH";
  }
  return "Fix the checkout (run actions/checkout again), or point `repo-path` at a working checkout";
}

function firstLines(text: string): string {
  return text.split("\n").slice(0, 3).join(" ").slice(0, 400);
}
