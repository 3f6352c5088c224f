import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { errorMessage } from "./errors.js";
import type { Git } from "./git.js";
import type { Logger } from "./ports.js";

interface HiddenEntry {
  key: string;
  value: string;
}

interface HiddenFile {
  file: string;
  content: Buffer;
}

/** Restores what `hidePersistedCredentials` took away. */
export type RestoreCredentials = () => Promise<void>;

/**
 * Takes the credentials actions/checkout persisted out of the agent's reach for its run:
 * `http.*.extraheader` entries in the repository's config (checkout v4/v5) and the credentials
 * files that `includeIf.gitdir:` entries pull in (checkout v6, which also apply to worktrees).
 * The entries are unset and the files removed; both are kept in memory only and put back by the
 * returned function.
 */
export async function hidePersistedCredentials(repo: Git, logger: Logger): Promise<RestoreCredentials> {
  const entries: HiddenEntry[] = [];
  const files: HiddenFile[] = [];
  const gitDir = (await repo.run(["rev-parse", "--path-format=absolute", "--git-common-dir"])).trim();

  for (const entry of await localEntries(repo, String.raw`^http\..*\.extraheader$`)) {
    entries.push(entry);
  }
  for (const entry of await localEntries(repo, String.raw`^includeif\..*\.path$`)) {
    const file = path.resolve(gitDir, entry.value);
    const content = await readFile(file).catch(() => undefined);
    if (!content || !/extraheader/i.test(content.toString("utf8"))) continue;
    entries.push(entry);
    if (!files.some((hidden) => hidden.file === file)) files.push({ file, content });
  }
  if (entries.length === 0) return async () => {};

  for (const key of new Set(entries.map((entry) => entry.key))) {
    await repo.run(["config", "--local", "--unset-all", key]);
  }
  for (const hidden of files) await rm(hidden.file, { force: true });
  logger.info(
    `Hid ${entries.length} persisted git credential entr${entries.length === 1 ? "y" : "ies"} from the agent for its run`,
  );

  return async () => {
    for (const hidden of files) {
      await writeFile(hidden.file, hidden.content, { mode: 0o600 }).catch((error) =>
        logger.warning(`Could not restore ${hidden.file}: ${errorMessage(error)}`),
      );
    }
    for (const entry of entries) {
      await repo
        .run(["config", "--local", "--add", entry.key, entry.value])
        .catch((error) =>
          logger.warning(`Could not restore git config ${entry.key}: ${errorMessage(error)}`),
        );
    }
  };
}

async function localEntries(repo: Git, pattern: string): Promise<HiddenEntry[]> {
  const output = await repo.tryRun(["config", "--local", "--null", "--get-regexp", pattern]);
  if (!output) return [];
  return output
    .split("\0")
    .filter(Boolean)
    .map((record) => {
      const newline = record.indexOf("\n");
      return { key: record.slice(0, newline), value: record.slice(newline + 1) };
    });
}
