import type { Git, GitScope } from "./git.js";
import { parseConfigListing } from "./git-config-listing.js";

/**
 * Configuration keys that make git run a program, load more configuration, or read files chosen
 * by the config: dropped even from the trusted system and global files, so that nothing the
 * agent writes into `.gitattributes` (which picks filter, diff and merge drivers by name) or
 * anywhere else can make the action's git run a command.
 * https://git-scm.com/docs/git-config, https://git-scm.com/docs/gitattributes#_effects
 */
const DRIVER_KEY =
  /^(filter|diff|merge|credential|gpg|alias|include|includeif|sequence)\.|^core\.(fsmonitor|hookspath|sshcommand|gitproxy|askpass|editor|pager|attributesfile|alternaterefscommand|alternaterefsprefixes|worktree|bare|sparsecheckout)$|\.(uploadpack|receivepack|vcs|proxycommand)$|^uploadpack\.|gpgsign$|^protocol\./;

/** Whether `key` (as `git config --list` prints it) may be replayed into the action's git. */
export function isTrustedKey(key: string): boolean {
  return !DRIVER_KEY.test(key.toLowerCase());
}

/**
 * Added after the trusted entries, so they win: no alternate's refs are read by running git in
 * it, and no transport runs a command (`ext::`); hooks and fsmonitor are off in every command.
 * https://git-scm.com/docs/git-config#Documentation/git-config.txt-corealternateRefsCommand,
 * https://git-scm.com/docs/git-config#Documentation/git-config.txt-protocolallow
 */
const PINNED: Array<[string, string]> = [
  ["core.alternateRefsCommand", "true"],
  ["protocol.allow", "never"],
  ["protocol.https.allow", "always"],
  ["protocol.http.allow", "always"],
  ["protocol.file.allow", "always"],
];

/**
 * The system and global configuration as it was before the agent started, without anything that
 * runs a program: read once, kept in memory, and given to every later git command instead of
 * the files (which an agent running as the runner's user could rewrite). Keeps what a runner
 * needs to reach its server: proxies, CA files, URL rewrites of its own.
 */
export async function readTrustedConfig(git: Git): Promise<Array<[string, string]>> {
  // One command for both files; a repository's own config (the command may run inside one) and
  // the command line's are not the runner's. A key without a value is left out, as ever.
  const output = await git.tryRun(["config", "--list", "--show-scope", "--includes", "--null"]);
  return parseConfigListing(output ?? "", { scoped: true }).flatMap(({ scope, key, value }) =>
    (scope === "system" || scope === "global") && value !== undefined && isTrustedKey(key)
      ? [[key, value] as [string, string]]
      : [],
  );
}

/** A scope for one repository with the trusted configuration and the pinned entries. */
export function pinnedScope(paths: Omit<GitScope, "config">, trusted: Array<[string, string]>): GitScope {
  return { ...paths, config: [...trusted, ...PINNED] };
}
