import { describe, expect, it } from "vitest";
import { type AgentVariables, buildAgentEnv } from "../../../src/core/agent/agent-env.js";
import { isSecretVariable, secretForms, withoutSecrets } from "../../../src/core/secrets.js";

const TOKEN = "ghs_0123456789abcdefABCDEF";
const BASIC = Buffer.from(`x-access-token:${TOKEN}`).toString("base64");

const variables: AgentVariables = {
  AGENT_TASK_ID: "issue-42-1001-1",
  AGENT_CONTEXT_DIR: "/ws/issue-42-1001-1/workdir/.agent_context",
  AGENT_PROMPT_FILE: "/ws/issue-42-1001-1/workdir/.agent_context/prompt.md",
  AGENT_PROMPT: "Fix the bug.",
  AGENT_ISSUE_NUMBER: "42",
  AGENT_BRANCH: "agent/claude/issue-42",
  AGENT_OUTPUT_DIR: "/ws/issue-42-1001-1/output",
};

function build(hostEnv: Record<string, string | undefined>, agentEnv: Record<string, string> = {}) {
  return buildAgentEnv({ hostEnv, secrets: secretForms(TOKEN), agentEnv, variables });
}

describe("secret variables are recognised by name", () => {
  it.each([
    "INPUT_GITHUB-TOKEN",
    "INPUT_AGENT-ENV",
    "INPUT_PROMPT",
    "input_lowercase",
    "ACTIONS_RUNTIME_TOKEN",
    "ACTIONS_RUNTIME_URL",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "ACTIONS_ID_TOKEN_REQUEST_URL",
    "ACTIONS_CACHE_URL",
    "ACTIONS_RESULTS_URL",
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "github_token",
    "GITHUB_OUTPUT",
    "GITHUB_STATE",
    "GITHUB_ENV",
    "GITHUB_PATH",
    "GITHUB_STEP_SUMMARY",
  ])("%s is secret", (name) => {
    expect(isSecretVariable(name)).toBe(true);
  });

  it.each([
    "ACTIONS_STEP_DEBUG",
    "ACTIONS_RUNNER_DEBUG",
    "PATH",
    "HOME",
    "GITHUB_WORKSPACE",
    "GITHUB_REPOSITORY",
    "GITHUB_RUN_ID",
    "GITHUB_SERVER_URL",
    "RUNNER_TEMP",
    "RUNNER_DEBUG",
    "CI",
    "ANTHROPIC_API_KEY",
    "MY_INPUT_FILE",
  ])("%s is not secret", (name) => {
    expect(isSecretVariable(name)).toBe(false);
  });
});

describe("secretForms: the token and its basic-auth form", () => {
  it("returns the token and base64(x-access-token:token)", () => {
    const forms = secretForms(TOKEN);
    expect(forms).toContain(TOKEN);
    expect(forms).toContain(BASIC);
    expect(Buffer.from(forms.find((f) => f !== TOKEN)!, "base64").toString()).toBe(`x-access-token:${TOKEN}`);
  });
});

describe("buildAgentEnv removes anything secret from the runner's environment", () => {
  const host = {
    PATH: "/usr/bin:/bin",
    HOME: "/home/runner",
    GITHUB_REPOSITORY: "octo/widgets",
    GITHUB_WORKSPACE: "/home/runner/_work/widgets/widgets",
    ACTIONS_STEP_DEBUG: "true",
    ACTIONS_RUNNER_DEBUG: "true",
    "INPUT_GITHUB-TOKEN": TOKEN,
    "INPUT_AGENT-ENV": "KEY=value",
    INPUT_AGENT: "claude",
    ACTIONS_RUNTIME_TOKEN: "runtime-token-value",
    ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.example/oidc",
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: "oidc-request-token",
    ACTIONS_CACHE_URL: "https://cache.example/",
    GITHUB_TOKEN: "some-other-token",
    GH_TOKEN: "yet-another-token",
    GITHUB_OUTPUT: "/runner/_temp/_runner_file_commands/set_output_1",
    GITHUB_ENV: "/runner/_temp/_runner_file_commands/set_env_1",
    GITHUB_PATH: "/runner/_temp/_runner_file_commands/add_path_1",
    GITHUB_STATE: "/runner/_temp/_runner_file_commands/save_state_1",
    GITHUB_STEP_SUMMARY: "/runner/_temp/_runner_file_commands/step_summary_1",
    SAME_AS_TOKEN: TOKEN,
    CONTAINS_TOKEN: `https://x-access-token:${TOKEN}@github.com/octo/widgets`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${BASIC}`,
    UNSET: undefined,
  };

  it.each([
    "INPUT_GITHUB-TOKEN",
    "INPUT_AGENT-ENV",
    "INPUT_AGENT",
    "ACTIONS_RUNTIME_TOKEN",
    "ACTIONS_ID_TOKEN_REQUEST_URL",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "ACTIONS_CACHE_URL",
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "GITHUB_OUTPUT",
    "GITHUB_ENV",
    "GITHUB_PATH",
    "GITHUB_STATE",
    "GITHUB_STEP_SUMMARY",
    "SAME_AS_TOKEN",
    "CONTAINS_TOKEN",
    "GIT_CONFIG_VALUE_0",
    "UNSET",
  ])("drops %s", (name) => {
    expect(build(host)).not.toHaveProperty(name);
  });

  it.each([
    "PATH",
    "HOME",
    "GITHUB_REPOSITORY",
    "GITHUB_WORKSPACE",
    "ACTIONS_STEP_DEBUG",
    "ACTIONS_RUNNER_DEBUG",
  ])("keeps %s", (name) => {
    expect(build(host)[name]).toBe(host[name as keyof typeof host]);
  });

  it("leaves the token in no value at all, in either form", () => {
    for (const value of Object.values(build(host))) {
      expect(value).not.toContain(TOKEN);
      expect(value).not.toContain(BASIC);
    }
  });

  it("ignores secrets too short to match safely", () => {
    const env = buildAgentEnv({
      hostEnv: { PATH: "/usr/bin", SHELL: "/bin/sh" },
      secrets: ["", "/"],
      agentEnv: {},
      variables,
    });
    expect(env.PATH).toBe("/usr/bin");
    expect(env.SHELL).toBe("/bin/sh");
  });

  it("stops the agent's git from prompting for a password", () => {
    expect(build({}).GIT_TERMINAL_PROMPT).toBe("0");
  });
});

describe("buildAgentEnv adds agent-env and the AGENT_* variables", () => {
  it("sets every contract variable", () => {
    expect(build({})).toMatchObject({ ...variables });
  });

  it("adds agent-env lines over the runner's values", () => {
    const env = build(
      { MODEL_URL: "https://runner.example", PATH: "/bin" },
      {
        MODEL_URL: "https://mine.example",
        ANTHROPIC_API_KEY: "sk-1",
      },
    );
    expect(env.MODEL_URL).toBe("https://mine.example");
    expect(env.ANTHROPIC_API_KEY).toBe("sk-1");
    expect(env.PATH).toBe("/bin");
  });

  it("lets the AGENT_* variables win over agent-env and the runner", () => {
    const env = build(
      { AGENT_TASK_ID: "from-runner", AGENT_BRANCH: "from-runner" },
      { AGENT_TASK_ID: "from-agent-env", AGENT_PROMPT: "from-agent-env" },
    );
    expect(env.AGENT_TASK_ID).toBe(variables.AGENT_TASK_ID);
    expect(env.AGENT_PROMPT).toBe(variables.AGENT_PROMPT);
    expect(env.AGENT_BRANCH).toBe(variables.AGENT_BRANCH);
  });

  it("keeps an empty AGENT_BRANCH in directory mode", () => {
    const env = buildAgentEnv({
      hostEnv: {},
      secrets: secretForms(TOKEN),
      agentEnv: {},
      variables: { ...variables, AGENT_BRANCH: "" },
    });
    expect(env).toHaveProperty("AGENT_BRANCH", "");
  });

  it("puts extra variables under agent-env", () => {
    const env = buildAgentEnv({
      hostEnv: {},
      secrets: [],
      agentEnv: { SHARED: "agent-env" },
      variables,
      extra: { SHARED: "extra", ONLY_EXTRA: "1" },
    });
    expect(env.SHARED).toBe("agent-env");
    expect(env.ONLY_EXTRA).toBe("1");
  });
});

describe("withoutSecrets: the environment for the action's own commands", () => {
  it("drops secret variables and keeps the rest", () => {
    expect(
      withoutSecrets({
        PATH: "/bin",
        HOME: "/home/runner",
        "INPUT_GITHUB-TOKEN": TOKEN,
        GITHUB_TOKEN: TOKEN,
        GH_TOKEN: TOKEN,
        ACTIONS_RUNTIME_TOKEN: "x",
        ACTIONS_STEP_DEBUG: "true",
        GITHUB_ENV: "/tmp/env",
        UNSET: undefined,
      }),
    ).toEqual({ PATH: "/bin", HOME: "/home/runner", ACTIONS_STEP_DEBUG: "true" });
  });
});
