/**
 * The environment the action's own git commands run with. A job sets variables at workflow, job
 * and step level, and the action inherits them all; many of them change what git does (which
 * repository, index or object store it uses, who commits, which program it runs as editor, pager,
 * ssh or askpass, what it traces and where). The action's commands must do the same thing in every
 * job, so those variables are removed or pinned here, on purpose and in one place. The job's
 * network settings (proxies, CA bundles, client certificates) are kept: the job needs them to
 * reach its server.
 * https://git-scm.com/book/en/v2/Git-Internals-Environment-Variables, https://git-scm.com/docs/git#_environment_variables
 */

/**
 * `GIT_*` variables that are kept: how git's HTTP transport reaches the server. Every other `GIT_*`
 * variable is removed. (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE, CURL_CA_BUNDLE and the
 * like do not start with `GIT_` and pass unchanged.)
 */
export const KEPT_GIT_VARIABLES: readonly string[] = [
  "GIT_SSL_CAINFO",
  "GIT_SSL_CAPATH",
  "GIT_SSL_NO_VERIFY",
  "GIT_SSL_CERT",
  "GIT_SSL_KEY",
  "GIT_SSL_CERT_PASSWORD_PROTECTED",
  "GIT_SSL_VERSION",
  "GIT_SSL_CIPHER_LIST",
  "GIT_HTTP_PROXY_AUTHMETHOD",
  "GIT_PROXY_SSL_CAINFO",
  "GIT_PROXY_SSL_CERT",
  "GIT_PROXY_SSL_KEY",
  "GIT_PROXY_SSL_CERT_PASSWORD_PROTECTED",
  "GIT_HTTP_LOW_SPEED_LIMIT",
  "GIT_HTTP_LOW_SPEED_TIME",
];

/** Variables outside `GIT_*` that name programs git would run (editor, pager, askpass). */
export const REMOVED_VARIABLES: readonly string[] = ["EDITOR", "VISUAL", "PAGER", "SSH_ASKPASS", "PREFIX"];

/** Values the action's git always runs with, whatever the job set. */
export const PINNED_GIT_VARIABLES: Readonly<Record<string, string>> = {
  // A missing or rejected credential fails the command instead of waiting for a person.
  GIT_TERMINAL_PROMPT: "0",
  // Nothing the action runs needs an editor or a pager; if git still wants one, it gets a no-op.
  GIT_EDITOR: "true",
  GIT_PAGER: "cat",
  // Replace refs would make git show the action other objects than the ones it commits and pushes.
  GIT_NO_REPLACE_OBJECTS: "1",
  // The action reads git's messages (a rejected push, a missing repository): they must be in English.
  LC_ALL: "C",
};

/**
 * The job's environment (already without the action's secrets) made fit for the action's git:
 * `GIT_*` variables other than the network settings removed, editor, pager and askpass programs
 * removed, and the pinned values set. Names are compared case-insensitively.
 */
export function gitEnvironment(jobEnv: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(jobEnv)) {
    if (!isRemoved(name)) env[name] = value;
  }
  return { ...env, ...PINNED_GIT_VARIABLES };
}

/** The job's variables that `gitEnvironment` leaves out (for a debug line). */
export function removedGitVariables(jobEnv: Readonly<Record<string, string>>): string[] {
  return Object.keys(jobEnv)
    .filter((name) => isRemoved(name) || name in PINNED_GIT_VARIABLES)
    .sort();
}

function isRemoved(name: string): boolean {
  const upper = name.toUpperCase();
  // A lower-case `git_…` is not read by git; it goes too, so that no spelling of a name slips through.
  if (upper.startsWith("GIT_")) return !KEPT_GIT_VARIABLES.includes(name);
  return REMOVED_VARIABLES.includes(upper);
}
