import { containsSecret, isSecretVariable } from "../secrets.js";

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
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.hostEnv)) {
    if (value === undefined || isSecretVariable(key)) continue;
    if (containsSecret(value, options.secrets)) continue;
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
