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

/** Hides secret values in text that will be shown on GitHub. */
export function redact(text: string, secrets: string[]): string {
  return secrets
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .reduce((result, secret) => result.split(secret).join("***"), text);
}
