import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AgentPreset } from "../settings.js";
import { CONTEXT_DIR_NAME } from "../workspace/naming.js";

/** The file each CLI reads for project instructions. */
export const BRIEF_FILES: Record<AgentPreset, string> = {
  claude: "CLAUDE.md",
  codex: "AGENTS.md",
  gemini: "GEMINI.md",
  custom: "AGENTS.md",
};

export const BRIEF_START = "<!-- agent-task:brief:start -->";
export const BRIEF_END = "<!-- agent-task:brief:end -->";

export function briefBlock(issueNumber: number): string {
  return [
    BRIEF_START,
    "## agent-task",
    "",
    `You are working on issue #${issueNumber} for agent-task. The task is in \`${CONTEXT_DIR_NAME}/issue_context.md\``,
    `(the same facts as JSON in \`${CONTEXT_DIR_NAME}/issue.json\`). Make the change in this directory;`,
    "do not commit, push or open a pull request: the action does that when you finish.",
    BRIEF_END,
  ].join("\n");
}

/** The instructions file with the brief appended; the repository's own content comes first, untouched. */
export function addBrief(original: string | undefined, block: string): string {
  if (original === undefined || original === "") return `${block}\n`;
  const separator = original.endsWith("\n") ? "\n" : "\n\n";
  return `${original}${separator}${block}\n`;
}

/**
 * The file as it should be committed: the brief taken out again. When the agent did not touch
 * the rest, that is the original byte for byte; its own edits outside the markers are kept.
 * `undefined` means the file should not exist.
 */
export function removeBrief(
  current: string | undefined,
  original: string | undefined,
  block: string,
): string | undefined {
  if (current === undefined) return undefined;
  const added = addBrief(original, block);
  if (current === added) return original;
  const start = current.indexOf(BRIEF_START);
  const end = current.indexOf(BRIEF_END, start);
  if (start === -1 || end === -1) return current;
  let before = current.slice(0, start);
  let after = current.slice(end + BRIEF_END.length);
  if (after.startsWith("\n")) after = after.slice(1);
  if (original) {
    // Take out the separator addBrief put before the block: all of it when the block was last,
    // else only the blank line, so text the agent added after it stays on its own line.
    const separator = original.endsWith("\n") ? "\n" : "\n\n";
    if (after === "" && before.endsWith(separator)) before = before.slice(0, -separator.length);
    else if (after !== "" && before.endsWith("\n\n")) before = before.slice(0, -1);
  }
  const result = before + after;
  return original === undefined && result.trim() === "" ? undefined : result;
}

export interface InsertedBrief {
  file: string;
  original: string | undefined;
  /** The original bytes, written back as they were when the agent left the rest alone. */
  originalBytes: Buffer | undefined;
  block: string;
}

/** Writes the brief into the preset's instructions file in the working directory. */
export async function insertBrief(
  workdir: string,
  agent: AgentPreset,
  issueNumber: number,
): Promise<InsertedBrief> {
  const file = path.join(workdir, BRIEF_FILES[agent]);
  const originalBytes = await readFile(file).catch(() => undefined);
  const original = originalBytes?.toString("utf8");
  const block = briefBlock(issueNumber);
  await writeFile(file, addBrief(original, block));
  return { file, original, originalBytes, block };
}

/** Restores the instructions file before the changes are collected. */
export async function restoreBrief(inserted: InsertedBrief): Promise<void> {
  const current = await readFile(inserted.file, "utf8").catch(() => undefined);
  const restored = removeBrief(current, inserted.original, inserted.block);
  if (restored === undefined) await rm(inserted.file, { force: true });
  else if (restored === inserted.original && inserted.originalBytes)
    await writeFile(inserted.file, inserted.originalBytes);
  else if (restored !== current) await writeFile(inserted.file, restored);
}
