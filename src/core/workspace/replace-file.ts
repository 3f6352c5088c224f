import { chmod, rm, writeFile } from "node:fs/promises";

/**
 * Writes a file of the action's where the agent could have been (`output/`, a guarded file):
 * whatever is under that name goes first, and the new file is created exclusively, so a symlink
 * the agent planted there never redirects the write.
 */
export async function replaceFile(file: string, data: string | Uint8Array, mode?: number): Promise<void> {
  await rm(file, { force: true, recursive: true });
  await writeFile(file, data, { flag: "wx", mode });
  if (mode !== undefined) await chmod(file, mode);
}
