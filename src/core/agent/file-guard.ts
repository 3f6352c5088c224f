import { lstat, readFile, rm } from "node:fs/promises";
import { replaceFile } from "../workspace/replace-file.js";

/**
 * Keeps files as they were across the agent's run: the runner's file commands (GITHUB_ENV,
 * GITHUB_PATH, GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY), which are hidden from the
 * agent's environment but could still be found and appended to, to set variables or PATH entries
 * for the job's later steps; and the action's own files, which the post step runs. An agent with
 * a user of its own cannot write them at all; one running as the runner's user can. Nothing else
 * writes to them while the agent runs, so any change is the agent's and is undone (a file that
 * did not exist is removed again), and a file the agent replaced by a symlink is replaced again,
 * never written through.
 */
export async function guardFiles(files: string[]): Promise<() => Promise<string[]>> {
  const saved = await Promise.all(
    files.map(async (file) => ({
      file,
      content: await readFile(file).catch(() => undefined),
      mode: (await lstat(file).catch(() => undefined))?.mode,
    })),
  );
  return async () => {
    const tampered: string[] = [];
    for (const { file, content, mode } of saved) {
      const info = await lstat(file).catch(() => undefined);
      if (content === undefined) {
        if (info && mode === undefined) {
          await rm(file, { force: true, recursive: true });
          tampered.push(file);
        }
        continue;
      }
      const now = info?.isFile() ? await readFile(file).catch(() => undefined) : undefined;
      if (now?.equals(content) && info?.mode === mode) continue;
      await replaceFile(file, content, mode === undefined ? undefined : mode & 0o7777);
      tampered.push(file);
    }
    return tampered;
  };
}
