/**
 * `git config --null` listings (`--list`, `--get-regexp`): records of `key LF value NUL`; a key
 * set without a value (`[core] bare`) has no LF, and its value is undefined here. With
 * `--show-scope`, each record is preceded by `scope NUL`.
 * https://git-scm.com/docs/git-config#Documentation/git-config.txt---null
 */
export interface ConfigRecord {
  key: string;
  value: string | undefined;
  /** With `--show-scope`: system, global, local, worktree, command. */
  scope?: string;
}

export function parseConfigListing(output: string, options: { scoped?: boolean } = {}): ConfigRecord[] {
  const fields = output.split("\0");
  const records: ConfigRecord[] = [];
  const step = options.scoped ? 2 : 1;
  for (let i = 0; i + step - 1 < fields.length; i += step) {
    const record = fields[i + step - 1]!;
    if (!record) continue;
    const newline = record.indexOf("\n");
    const entry: ConfigRecord =
      newline < 0
        ? { key: record, value: undefined }
        : { key: record.slice(0, newline), value: record.slice(newline + 1) };
    if (options.scoped) entry.scope = fields[i];
    records.push(entry);
  }
  return records;
}
