import { readFile, writeFile } from "node:fs/promises";

/**
 * Keeps files as they were across the agent's run. The runner's file commands (GITHUB_ENV,
 * GITHUB_PATH, GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY) are hidden from the agent's
 * environment, but an agent runs as the runner's user and could still find and append to them,
 * to set variables or PATH entries for the job's later steps. Nothing else writes to them while
 * the agent runs, so any change is the agent's and is undone.
 */
export async function guardFiles(files: string[]): Promise<() => Promise<string[]>> {
  const saved = await Promise.all(
    files.map(async (file) => ({ file, content: await readFile(file).catch(() => undefined) })),
  );
  return async () => {
    const tampered: string[] = [];
    for (const { file, content } of saved) {
      if (content === undefined) continue;
      const now = await readFile(file).catch(() => undefined);
      if (now?.equals(content)) continue;
      await writeFile(file, content);
      tampered.push(file);
    }
    return tampered;
  };
}
