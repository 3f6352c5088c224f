import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { TaskError } from "../errors.js";
import type { Git } from "../git.js";
import { parseConfigListing } from "../git-config-listing.js";

/** A config entry that carries a credential, or includes a file that does. */
export interface CredentialEntry {
  key: string;
  value: string;
}

/** What actions/checkout persisted: config entries, and the files `includeIf` entries pull in. */
export interface PersistedCredentials {
  entries: CredentialEntry[];
  files: Array<{ file: string; content: Buffer }>;
}

const PLACEHOLDERS = ["{{agent-task:token}}", "{{agent-task:basic}}"];

/**
 * Finds the credentials actions/checkout persisted: `http.*.extraheader` entries in the
 * repository's config (checkout v4/v5) and the credentials files that `includeIf.gitdir:` entries
 * pull in (checkout v6, which also apply to worktrees). Fails when the config cannot be read:
 * the agent must not run beside credentials that could not be looked for.
 */
export async function findCredentials(repo: Git, gitDir: string): Promise<PersistedCredentials> {
  let listing: string;
  try {
    listing = await repo.run(["config", "--local", "--null", "--list"]);
  } catch (error) {
    throw new TaskError(
      `could not read the checkout's git config to hide its persisted credentials from the agent (${(error as Error).message.split("\n")[0]})`,
      "The agent is not started beside credentials that could not be hidden",
    );
  }
  const all = parseConfigListing(listing).map(({ key, value }) => ({ key, value: value ?? "" }));
  const entries = all.filter((entry) => /^http\..*\.extraheader$/i.test(entry.key));
  const files: PersistedCredentials["files"] = [];
  for (const entry of all.filter((e) => /^includeif\..*\.path$/i.test(e.key))) {
    const file = path.resolve(gitDir, entry.value);
    const content = await readFile(file).catch(() => undefined);
    if (!content || !/extraheader/i.test(content.toString("latin1"))) continue;
    entries.push(entry);
    if (!files.some((hidden) => hidden.file === file)) files.push({ file, content });
  }
  return { entries, files };
}

/** Takes the credentials away: the config entries (by key only, so no value is in an argv) and the files. */
export async function removeCredentials(repo: Git, found: PersistedCredentials): Promise<void> {
  for (const key of new Set(found.entries.map((entry) => entry.key))) {
    await repo.run(["config", "--local", "--unset-all", key]);
  }
  for (const hidden of found.files) await rm(hidden.file, { force: true });
}

/**
 * True when every credential found was made from `secrets` (this run's token), so that it can be
 * recorded with placeholders and rebuilt from the token; a credential of another token cannot.
 */
export function isDerivable(found: PersistedCredentials, secrets: string[]): boolean {
  const texts = [
    ...found.entries.map((e) => e.value),
    ...found.files.map((f) => f.content.toString("latin1")),
  ];
  return texts.every(
    (text) => !/extraheader|authorization/i.test(text) || secrets.some((secret) => text.includes(secret)),
  );
}

/** `text` with each secret replaced by its placeholder (latin1 keeps every byte as it was). */
export function template(text: string, secrets: string[]): string {
  return secrets.reduce((result, secret, i) => result.split(secret).join(PLACEHOLDERS[i]!), text);
}

/** The placeholders of `template` replaced by the secrets again. */
export function fill(text: string, secrets: string[]): string {
  return PLACEHOLDERS.reduce((result, placeholder, i) => result.split(placeholder).join(secrets[i]!), text);
}
