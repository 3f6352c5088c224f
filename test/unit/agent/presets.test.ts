import { describe, expect, it } from "vitest";
import { type AgentCommandInput, agentArgv, installHint } from "../../../src/core/agent/presets.js";

const PROMPT = "You are working on issue #42.\nRead .agent_context/issue_context.md first.";

function argv(overrides: Partial<AgentCommandInput>): string[] {
  return agentArgv({
    agent: "custom",
    command: undefined,
    args: [],
    model: "",
    prompt: PROMPT,
    ...overrides,
  });
}

describe("custom: the command line as given, then agent-args", () => {
  it.each([
    [["my-agent"], [], ["my-agent"]],
    [["node", "agent.mjs", "--fast"], [], ["node", "agent.mjs", "--fast"]],
    [["my-agent"], ["--max-turns", "3"], ["my-agent", "--max-turns", "3"]],
  ])("%j + %j → %j", (command, args, expected) => {
    expect(argv({ command, args })).toEqual(expected);
  });

  it("adds neither the prompt nor the model (the agent reads AGENT_PROMPT)", () => {
    const result = argv({ command: ["my-agent"], model: "big-model" });
    expect(result).toEqual(["my-agent"]);
  });
});

describe("presets: headless, auto-approving, with the prompt", () => {
  it.each([
    ["claude", "", ["claude", "-p", PROMPT, "--output-format", "json", "--dangerously-skip-permissions"]],
    [
      "claude",
      "opus",
      [
        "claude",
        "-p",
        PROMPT,
        "--output-format",
        "json",
        "--dangerously-skip-permissions",
        "--model",
        "opus",
      ],
    ],
    [
      "codex",
      "",
      [
        "codex",
        "exec",
        "--dangerously-bypass-approvals-and-sandbox",
        "--json",
        "--skip-git-repo-check",
        PROMPT,
      ],
    ],
    [
      "codex",
      "o4-mini",
      [
        "codex",
        "exec",
        "--dangerously-bypass-approvals-and-sandbox",
        "--json",
        "--skip-git-repo-check",
        "-m",
        "o4-mini",
        PROMPT,
      ],
    ],
    ["gemini", "", ["gemini", "--yolo", "--output-format", "json", "-p", PROMPT]],
    [
      "gemini",
      "gemini-2.5-pro",
      ["gemini", "--yolo", "--output-format", "json", "-m", "gemini-2.5-pro", "-p", PROMPT],
    ],
  ] as const)("%s with model %j", (agent, model, expected) => {
    expect(argv({ agent, model })).toEqual(expected);
  });

  it.each(["claude", "codex", "gemini"] as const)("%s passes the prompt as exactly one argument", (agent) => {
    expect(argv({ agent }).filter((a) => a === PROMPT)).toHaveLength(1);
  });

  it.each([
    ["claude", "--model"],
    ["codex", "-m"],
    ["gemini", "-m"],
  ] as const)("%s passes the model with %s, right before it", (agent, flag) => {
    const result = argv({ agent, model: "some-model" });
    expect(result[result.indexOf("some-model") - 1]).toBe(flag);
    expect(argv({ agent })).not.toContain(flag);
  });
});

describe("agent-command overrides a preset's program, keeping its flags", () => {
  it.each([
    ["claude", ["npx", "-y", "@anthropic-ai/claude-code"]],
    ["codex", ["/opt/codex/bin/codex"]],
    ["gemini", ["bunx", "gemini"]],
  ] as const)("%s run as %j", (agent, command) => {
    const preset = argv({ agent });
    const overridden = argv({ agent, command: [...command] });
    expect(overridden).toEqual([...command, ...preset.slice(1)]);
  });
});

describe("agent-args are appended last", () => {
  it.each(["claude", "codex", "gemini"] as const)("%s", (agent) => {
    const args = ["--verbose", "--max-turns", "7"];
    const result = argv({ agent, model: "m", args });
    expect(result.slice(-3)).toEqual(args);
    expect(result.slice(0, -3)).toEqual(argv({ agent, model: "m" }));
  });

  it("after an overridden program and the preset's flags", () => {
    const result = argv({ agent: "claude", command: ["my-claude"], args: ["--extra"] });
    expect(result[0]).toBe("my-claude");
    expect(result.at(-1)).toBe("--extra");
    expect(result).toContain("--dangerously-skip-permissions");
  });
});

describe("installHint says how to install a preset's CLI", () => {
  it.each([
    ["claude", "@anthropic-ai/claude-code"],
    ["codex", "@openai/codex"],
    ["gemini", "@google/gemini-cli"],
  ] as const)("%s → npm install -g %s", (agent, pkg) => {
    const hint = installHint(agent);
    expect(hint).toContain(`npm install -g ${pkg}`);
    expect(hint).toMatch(/earlier step/);
  });

  it("has nothing to say for custom", () => {
    expect(installHint("custom")).toBeUndefined();
  });
});
