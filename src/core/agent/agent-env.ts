/** Runner variables that carry credentials or let a step write into the job's state. */
export const FILE_COMMANDS = [
  "GITHUB_OUTPUT",
  "GITHUB_STATE",
  "GITHUB_ENV",
  "GITHUB_PATH",
  "GITHUB_STEP_SUMMARY",
];
const SECRET_NAMES = ["GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"];
const HARMLESS_ACTIONS_VARS = ["ACTIONS_STEP_DEBUG", "ACTIONS_RUNNER_DEBUG"];

/** The contract's variables that tell the agent where it is. */
export interface AgentVariables {
  AGENT_TASK_ID: string;
  AGENT_CONTEXT_DIR: string;
  AGENT_PROMPT_FILE: string;
  AGENT_PROMPT: string;
  AGENT_ISSUE_NUMBER: string;
  AGENT_BRANCH: string;
  AGENT_OUTPUT_DIR: string;
}

/**
 * The agent's environment: the host's environment without anything secret (inputs, runtime
 * tokens and URLs, GitHub tokens, file commands, and any value that contains a secret), then the
 * `agent-env` lines, then the contract's variables.
 */
export function buildAgentEnv(options: {
  hostEnv: Record<string, string | undefined>;
  secrets: string[];
  agentEnv: Record<string, string>;
  variables: AgentVariables;
  extra?: Record<string, string>;
}): Record<string, string> {
  const secrets = options.secrets.filter((s) => s.length >= 4);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.hostEnv)) {
    if (value === undefined || isSecretVariable(key)) continue;
    if (secrets.some((secret) => value.includes(secret))) continue;
    env[key] = value;
  }
  return {
    ...env,
    // An agent's own git must fail instead of waiting for a password prompt nobody answers.
    GIT_TERMINAL_PROMPT: "0",
    ...options.extra,
    ...options.agentEnv,
    ...options.variables,
  };
}

export function isSecretVariable(name: string): boolean {
  const key = name.toUpperCase();
  if (key.startsWith("INPUT_") || key.startsWith("STATE_")) return true;
  if (key.startsWith("ACTIONS_")) return !HARMLESS_ACTIONS_VARS.includes(key);
  return SECRET_NAMES.includes(key) || FILE_COMMANDS.includes(key);
}

/** The forms in which a GitHub token can appear: itself and as HTTP basic credentials. */
export function secretForms(token: string): string[] {
  return [token, Buffer.from(`x-access-token:${token}`).toString("base64")];
}

/** The host's environment minus the action's secrets: what the action's own git commands get. */
export function withoutSecrets(hostEnv: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(hostEnv)) {
    if (value !== undefined && !isSecretVariable(key)) env[key] = value;
  }
  return env;
}
