import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Hides paths from git's view of the agent's repository (its `info/exclude`), in a block named
 * after what it hides: the context folder, the runtime brief.
 * https://git-scm.com/docs/gitrepository-layout#Documentation/gitrepository-layout.txt-infoexclude
 */
export async function addExcludes(gitDir: string, owner: string, patterns: string[]): Promise<void> {
  const file = excludeFile(gitDir);
  const current = await readFile(file, "utf8").catch(() => "");
  const separator = current && !current.endsWith("\n") ? "\n" : "";
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${current}${separator}${begin(owner)}\n${patterns.join("\n")}\n${end(owner)}\n`);
}

function excludeFile(gitDir: string): string {
  return path.join(gitDir, "info", "exclude");
}

function begin(owner: string): string {
  return `# agent-task ${owner}: hidden from git while the run works`;
}

function end(owner: string): string {
  return `# agent-task ${owner}: end`;
}
