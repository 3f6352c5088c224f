import type { AgentPreset } from "../settings.js";

export interface AgentCommandInput {
  agent: AgentPreset;
  /** `agent-command`, split: replaces the preset's program (or is the whole command for custom). */
  command: string[] | undefined;
  args: string[];
  model: string;
  prompt: string;
}

interface Preset {
  program: string[];
  /** Workspace the preset sets (telemetry, auto-update and non-essential traffic off); agent-env wins. */
  env: (options: { isRoot: boolean }) => Record<string, string>;
  /** Flags that make the CLI headless, non-interactive and auto-approving inside the worktree. */
  flags: (prompt: string, model: string) => string[];
  /** The workflow step that installs the CLI, for the "not found" message. */
  install: string;
}

export const PRESETS: Record<Exclude<AgentPreset, "custom">, Preset> = {
  claude: {
    program: ["claude"],
    env: ({ isRoot }) => ({
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      DISABLE_AUTOUPDATER: "1",
      DISABLE_TELEMETRY: "1",
      // Claude Code refuses --dangerously-skip-permissions as root unless told it is sandboxed;
      // the worktree, without credentials, is that sandbox (containers and self-hosted runners run as root).
      ...(isRoot ? { IS_SANDBOX: "1" } : {}),
    }),
    flags: (prompt, model) => [
      "-p",
      prompt,
      "--output-format",
      "json",
      "--dangerously-skip-permissions",
      ...(model ? ["--model", model] : []),
    ],
    install: "npm install -g @anthropic-ai/claude-code",
  },
  codex: {
    program: ["codex"],
    env: () => ({}),
    flags: (prompt, model) => [
      "exec",
      "--dangerously-bypass-approvals-and-sandbox",
      "--json",
      "--skip-git-repo-check",
      ...(model ? ["-m", model] : []),
      prompt,
    ],
    install: "npm install -g @openai/codex",
  },
  gemini: {
    program: ["gemini"],
    env: () => ({ GEMINI_CLI_TRUST_WORKSPACE: "true" }),
    flags: (prompt, model) => [
      "--yolo",
      "--output-format",
      "json",
      ...(model ? ["-m", model] : []),
      "-p",
      prompt,
    ],
    install: "npm install -g @google/gemini-cli",
  },
};

/** The agent's argv: the preset's program (or `agent-command`), the preset's flags, then `agent-args`. */
export function agentArgv(input: AgentCommandInput): string[] {
  if (input.agent === "custom") return [...(input.command ?? []), ...input.args];
  const preset = PRESETS[input.agent];
  return [...(input.command ?? preset.program), ...preset.flags(input.prompt, input.model), ...input.args];
}

/** How to install a preset's CLI, for the message when its command is not found. */
export function installHint(agent: AgentPreset): string | undefined {
  if (agent === "custom") return undefined;
  return `Install it in an earlier step, for example \`run: ${PRESETS[agent].install}\``;
}

/** The environment a preset adds for its CLI; empty for custom agents. */
export function presetEnv(agent: AgentPreset, options: { isRoot: boolean }): Record<string, string> {
  return agent === "custom" ? {} : PRESETS[agent].env(options);
}
