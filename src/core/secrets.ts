/**
 * What counts as secret, in one place: the token's forms, the variables that carry credentials,
 * and how secrets are hidden in text that leaves the runner.
 */

/**
 * Values shorter than this are not treated as secrets in text: hiding every "ab" would garble
 * reports and logs and protect nothing.
 */
export const MIN_SECRET_LENGTH = 4;

/** The runner's file commands: files a step writes to set outputs, state, variables and PATH. */
export const FILE_COMMANDS = [
  "GITHUB_OUTPUT",
  "GITHUB_STATE",
  "GITHUB_ENV",
  "GITHUB_PATH",
  "GITHUB_STEP_SUMMARY",
];
const TOKEN_VARIABLES = ["GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"];
const HARMLESS_ACTIONS_VARIABLES = ["ACTIONS_STEP_DEBUG", "ACTIONS_RUNNER_DEBUG"];

/** HTTP basic credentials for a GitHub token, as git sends them. */
export function basicCredentials(token: string): string {
  return Buffer.from(`x-access-token:${token}`).toString("base64");
}

/** The forms in which a GitHub token can appear: itself and as HTTP basic credentials. */
export function secretForms(token: string): string[] {
  return [token, basicCredentials(token)];
}

/** Variables that carry credentials or let a step write into the job's state. */
export function isSecretVariable(name: string): boolean {
  const key = name.toUpperCase();
  if (key.startsWith("INPUT_") || key.startsWith("STATE_")) return true;
  if (key.startsWith("ACTIONS_")) return !HARMLESS_ACTIONS_VARIABLES.includes(key);
  return TOKEN_VARIABLES.includes(key) || FILE_COMMANDS.includes(key);
}

/** The host's environment minus the action's secrets: what the action's own commands get. */
export function withoutSecrets(hostEnv: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(hostEnv)) {
    if (value !== undefined && !isSecretVariable(key)) env[key] = value;
  }
  return env;
}

/** True when `text` holds any of the secrets. */
export function containsSecret(text: string, secrets: string[]): boolean {
  return secrets.some((secret) => secret.length >= MIN_SECRET_LENGTH && text.includes(secret));
}

/**
 * Names that mark a step variable as a credential (`*_TOKEN`, `*_KEY`, `*_SECRET`,
 * `*PASSWORD*`): the runner masks registered secrets in the job log, but nothing masks them in
 * a comment the action writes.
 */
export function looksLikeSecretName(name: string): boolean {
  return /(_TOKEN|_KEY|_SECRET)$|PASSWORD/i.test(name);
}

/**
 * Every secret value the action knows of: the token's forms, each `agent-env` value (they are
 * the agent's credentials) and the values of the host's variables whose names mark them as
 * secrets.
 */
export function knownSecrets(options: {
  token: string;
  agentEnv: Record<string, string>;
  hostEnv: Record<string, string | undefined>;
}): string[] {
  const values = [...secretForms(options.token), ...Object.values(options.agentEnv)];
  for (const [name, value] of Object.entries(options.hostEnv)) {
    if (value !== undefined && looksLikeSecretName(name)) values.push(value);
  }
  return [...new Set(values.filter((value) => value.length >= MIN_SECRET_LENGTH))];
}

/**
 * Strings shaped like well-known credentials, hidden even when nobody told the action about
 * them: GitHub tokens (https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/),
 * `sk-…` API keys (OpenAI, Anthropic) and AWS access key ids.
 */
const CREDENTIAL_SHAPES = [
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{30,}/g,
  /\bsk-[A-Za-z0-9_-]{20,}/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
];

export const REDACTED = "***";

/**
 * Hides secret values and credential-shaped strings in text that will be shown on GitHub. A
 * secret is also found as JSON escapes it (the status comment carries JSON), and longer secrets
 * go first so that one containing another is hidden whole.
 */
export function redact(text: string, secrets: string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    const json = JSON.stringify(secret).slice(1, -1);
    forms.add(json);
    forms.add(json.replace(/</g, "\\u003c").replace(/>/g, "\\u003e"));
  }
  let result = [...forms]
    .sort((a, b) => b.length - a.length)
    .reduce((current, secret) => current.split(secret).join(REDACTED), text);
  for (const shape of CREDENTIAL_SHAPES) result = result.replace(shape, REDACTED);
  return result;
}
