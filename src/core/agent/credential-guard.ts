import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { errorMessage } from "../errors.js";
import type { Git } from "../git.js";
import type { Logger } from "../ports.js";
import { secretForms } from "../secrets.js";
import { isWorkspaceLocked, withRepositoryLock } from "../workspace/locks.js";

interface HiddenEntry {
  key: string;
  value: string;
}

interface HiddenFile {
  file: string;
  content: string;
}

/**
 * What is hidden, shared by every run on the checkout. Secrets are stored as placeholders, never
 * in clear: the file sits in the git directory, which agents can read.
 */
interface HiddenState {
  /** The environment roots of the runs whose agents are working; the last one out restores. */
  holders: string[];
  entries: HiddenEntry[];
  files: HiddenFile[];
}

const STATE_FILE = "agent-task-hidden-credentials.json";
const PLACEHOLDERS = ["{{agent-task:token}}", "{{agent-task:basic}}"];

/** Restores what `hidePersistedCredentials` took away, once no other run's agent is working. */
export type RestoreCredentials = () => Promise<void>;

/**
 * Takes the credentials actions/checkout persisted out of the agent's reach for its run:
 * `http.*.extraheader` entries in the repository's config (checkout v4/v5) and the credentials
 * files that `includeIf.gitdir:` entries pull in (checkout v6, which also apply to worktrees).
 *
 * Runs sharing the checkout (self-hosted runners, the CLI) share the hiding: the first hides,
 * the last to finish puts everything back, so no agent sees a credential another run restored.
 * The credential is rebuilt from the run's own token; one made with another token is kept in
 * this process's memory instead and restored when this run ends.
 */
export async function hidePersistedCredentials(
  repo: Git,
  holder: string,
  token: string,
  logger: Logger,
): Promise<RestoreCredentials> {
  const gitDir = await repo.commonDir();
  const stateFile = path.join(gitDir, STATE_FILE);
  const secrets = secretForms(token);
  let inMemory: HiddenState | undefined;

  await withRepositoryLock(gitDir, async () => {
    const state = (await readState(stateFile)) ?? { holders: [], entries: [], files: [] };
    const found = await findCredentials(repo, gitDir);
    if (found.entries.length > 0) {
      await removeCredentials(repo, found);
      const derivable = [...found.entries.map((e) => e.value), ...found.files.map((f) => f.content)].every(
        (text) => !/extraheader|authorization/i.test(text) || secrets.some((secret) => text.includes(secret)),
      );
      if (derivable) {
        state.entries.push(...found.entries.map((e) => ({ ...e, value: template(e.value, secrets) })));
        state.files.push(...found.files.map((f) => ({ ...f, content: template(f.content, secrets) })));
      } else {
        inMemory = { holders: [], ...found };
      }
      logger.info(
        `Hid ${found.entries.length} persisted git credential entr${found.entries.length === 1 ? "y" : "ies"} from the agent for its run`,
      );
    }
    if (state.entries.length > 0) {
      state.holders.push(holder);
      await writeFile(stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    }
  });

  return async () => {
    await withRepositoryLock(gitDir, async () => {
      const state = await readState(stateFile);
      if (state) {
        const others = [];
        for (const root of state.holders) {
          if (root !== holder && (await isWorkspaceLocked(root))) others.push(root);
        }
        if (others.length > 0) {
          await writeFile(stateFile, `${JSON.stringify({ ...state, holders: others }, null, 2)}\n`, {
            mode: 0o600,
          });
        } else {
          await restoreCredentials(repo, fill(state, secrets), logger);
          await rm(stateFile, { force: true });
        }
      }
      if (inMemory) await restoreCredentials(repo, inMemory, logger);
    });
  };
}

async function findCredentials(repo: Git, gitDir: string): Promise<Omit<HiddenState, "holders">> {
  const entries: HiddenEntry[] = [...(await localEntries(repo, String.raw`^http\..*\.extraheader$`))];
  const files: HiddenFile[] = [];
  for (const entry of await localEntries(repo, String.raw`^includeif\..*\.path$`)) {
    const file = path.resolve(gitDir, entry.value);
    const content = await readFile(file, "utf8").catch(() => undefined);
    if (!content || !/extraheader/i.test(content)) continue;
    entries.push(entry);
    if (!files.some((hidden) => hidden.file === file)) files.push({ file, content });
  }
  return { entries, files };
}

async function removeCredentials(repo: Git, found: Omit<HiddenState, "holders">): Promise<void> {
  for (const key of new Set(found.entries.map((entry) => entry.key))) {
    await repo.run(["config", "--local", "--unset-all", key]);
  }
  for (const hidden of found.files) await rm(hidden.file, { force: true });
}

async function restoreCredentials(
  repo: Git,
  state: Omit<HiddenState, "holders">,
  logger: Logger,
): Promise<void> {
  for (const hidden of state.files) {
    await writeFile(hidden.file, hidden.content, { mode: 0o600 }).catch((error) =>
      logger.warning(`Could not restore ${hidden.file}: ${errorMessage(error)}`),
    );
  }
  for (const entry of state.entries) {
    await repo
      .run(["config", "--local", "--add", entry.key, entry.value])
      .catch((error) => logger.warning(`Could not restore git config ${entry.key}: ${errorMessage(error)}`));
  }
}

function template(text: string, secrets: string[]): string {
  return secrets.reduce((result, secret, i) => result.split(secret).join(PLACEHOLDERS[i]!), text);
}

function fill(state: HiddenState, secrets: string[]): Omit<HiddenState, "holders"> {
  const put = (text: string) =>
    PLACEHOLDERS.reduce((result, placeholder, i) => result.split(placeholder).join(secrets[i]!), text);
  return {
    entries: state.entries.map((entry) => ({ ...entry, value: put(entry.value) })),
    files: state.files.map((file) => ({ ...file, content: put(file.content) })),
  };
}

async function readState(file: string): Promise<HiddenState | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as HiddenState;
  } catch {
    return undefined;
  }
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

/**
 * After a run died with the credentials hidden (its restore never ran), puts them back once no
 * live run still needs them hidden. The post step calls this; a later run on the checkout does the
 * same through its own restore, which skips holders that are gone.
 */
export async function restoreAbandonedCredentials(
  repo: Git,
  token: string,
  logger: Logger,
): Promise<boolean> {
  const gitDir = await repo.commonDir();
  const stateFile = path.join(gitDir, STATE_FILE);
  return withRepositoryLock(gitDir, async () => {
    const state = await readState(stateFile);
    if (!state) return false;
    for (const root of state.holders) if (await isWorkspaceLocked(root)) return false;
    await restoreCredentials(repo, fill(state, secretForms(token)), logger);
    await rm(stateFile, { force: true });
    logger.info("Restored the git credentials a run that ended early had hidden");
    return true;
  });
}
