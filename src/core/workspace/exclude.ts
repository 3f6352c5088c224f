import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Paths a run hides from git's view of its worktree. git reads one exclude file for all the
 * worktrees of a repository (`info/` lives in the common git directory), so each run writes its
 * own block, named after it, and takes exactly that block out again: the user's checkout is
 * left as it was, and runs sharing the checkout do not undo each other's lines.
 * https://git-scm.com/docs/gitrepository-layout#Documentation/gitrepository-layout.txt-infoexclude
 */
export async function addExcludes(commonDir: string, owner: string, patterns: string[]): Promise<void> {
  const file = excludeFile(commonDir);
  const current = await readFile(file, "utf8").catch(() => "");
  const separator = current && !current.endsWith("\n") ? "\n" : "";
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${current}${separator}${begin(owner)}\n${patterns.join("\n")}\n${end(owner)}\n`);
}

/** Takes the owner's block out of the exclude file; nothing else changes. */
export async function removeExcludes(commonDir: string, owner: string): Promise<void> {
  const file = excludeFile(commonDir);
  const current = await readFile(file, "utf8").catch(() => undefined);
  if (current === undefined) return;
  const lines = current.split("\n");
  const first = lines.indexOf(begin(owner));
  const last = lines.indexOf(end(owner), first);
  if (first === -1 || last === -1) return;
  lines.splice(first, last - first + 1);
  await writeFile(file, lines.join("\n"));
}

function excludeFile(commonDir: string): string {
  return path.join(commonDir, "info", "exclude");
}

function begin(owner: string): string {
  return `# agent-task ${owner}: hidden from git while the run works`;
}

function end(owner: string): string {
  return `# agent-task ${owner}: end`;
}
