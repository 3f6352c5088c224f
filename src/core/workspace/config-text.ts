/**
 * Git config file text for a repository the action has just made, written in one go instead of
 * a `git config` command per key. Values are always quoted, so none of them can start a comment,
 * a section or another key: inside quotes git reads `\\`, `\"`, `\n` and `\t` as escapes.
 * https://git-scm.com/docs/git-config#_syntax
 */
export function configSection(name: string, entries: Array<[string, string]>): string {
  const lines = entries.map(([key, value]) => `\t${key} = ${quoteConfigValue(value)}`);
  return `[${name}]\n${lines.join("\n")}\n`;
}

export function quoteConfigValue(value: string): string {
  const escaped = value
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\t/g, "\\t");
  return `"${escaped}"`;
}
