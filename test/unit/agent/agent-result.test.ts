import { describe, expect, it } from "vitest";
import { type AgentResult, parseAgentResult, truncateSummary } from "../../../src/core/agent/agent-result.js";
import type { AgentPreset } from "../../../src/core/settings.js";

const lines = (...items: Array<string | object>) =>
  `${items.map((item) => (typeof item === "string" ? item : JSON.stringify(item))).join("\n")}\n`;

const claudeResult = (result: string, extra: object = {}) => ({
  type: "result",
  subtype: "success",
  is_error: false,
  result,
  num_turns: 3,
  total_cost_usd: 0.15,
  usage: { input_tokens: 10, output_tokens: 5 },
  ...extra,
});

const codexMessage = (text: string) => ({ type: "item.completed", item: { type: "agent_message", text } });
const codexTurn = (input_tokens: number, output_tokens: number) => ({
  type: "turn.completed",
  usage: { input_tokens, output_tokens },
});

const geminiOutput = {
  session_id: "0b6c9b8e-6f5e-4c1d-9a7b-3e2f1d0c9b8a",
  response: "Added the retry.",
  stats: {
    models: {
      "gemini-2.5-pro": {
        api: { totalRequests: 2 },
        tokens: { prompt: 100, candidates: 20, total: 120 },
      },
    },
  },
};

describe("parseAgentResult: claude (--output-format json)", () => {
  it("reads the final message, turns, tokens and cost of the result line", () => {
    expect(parseAgentResult("claude", lines(claudeResult("Fixed the login crash.")))).toEqual({
      summary: "Fixed the login crash.",
      turns: 3,
      inputTokens: 10,
      outputTokens: 5,
      costUsd: 0.15,
    });
  });

  it("finds the result line among warning lines", () => {
    const stdout = lines(
      "Warning: running as root with --dangerously-skip-permissions",
      "(node:123) ExperimentalWarning: something",
      claudeResult("Done."),
      "npm notice New minor version available",
    );
    expect(parseAgentResult("claude", stdout).summary).toBe("Done.");
  });

  it("the last result line wins", () => {
    const stdout = lines(
      claudeResult("first", { num_turns: 1 }),
      claudeResult("second", { num_turns: 9, total_cost_usd: 1.5 }),
    );
    expect(parseAgentResult("claude", stdout)).toMatchObject({ summary: "second", turns: 9, costUsd: 1.5 });
  });

  it("ignores JSON lines that are not the result", () => {
    const stdout = lines(
      { type: "system", subtype: "init", session_id: "s" },
      { type: "assistant", message: { content: "thinking" } },
    );
    expect(parseAgentResult("claude", stdout)).toEqual({});
  });

  it("trims the final message and leaves out fields that are missing or not numbers", () => {
    const stdout = lines({ type: "result", result: "  Done.\n", num_turns: "3", usage: null });
    expect(parseAgentResult("claude", stdout)).toEqual({ summary: "Done." });
  });

  it("handles CRLF output", () => {
    expect(parseAgentResult("claude", lines(claudeResult("Done.")).replace(/\n/g, "\r\n")).summary).toBe(
      "Done.",
    );
  });
});

describe("parseAgentResult: codex (exec --json, JSON Lines)", () => {
  it("takes the last agent message and sums the usage of every turn", () => {
    const stdout = lines(
      { type: "thread.started", thread_id: "t1" },
      { type: "turn.started" },
      codexMessage("Looking at the code."),
      { type: "item.completed", item: { type: "command_execution", command: "ls", exit_code: 0 } },
      codexTurn(1000, 50),
      { type: "turn.started" },
      codexMessage("Added the test."),
      { type: "item.completed", item: { type: "reasoning", text: "not a message" } },
      codexTurn(500, 25),
    );
    expect(parseAgentResult("codex", stdout)).toEqual({
      summary: "Added the test.",
      turns: 2,
      inputTokens: 1500,
      outputTokens: 75,
    });
  });

  it("ignores lines that are not JSON", () => {
    const stdout = lines(
      "Reading prompt from stdin...",
      "{ not json",
      codexMessage("Done."),
      "WARN codex_core: something",
      codexTurn(10, 2),
    );
    expect(parseAgentResult("codex", stdout)).toEqual({
      summary: "Done.",
      turns: 1,
      inputTokens: 10,
      outputTokens: 2,
    });
  });

  it("a run without messages or turns gives nothing", () => {
    expect(parseAgentResult("codex", lines({ type: "thread.started", thread_id: "t1" }))).toEqual({});
  });
});

describe("parseAgentResult: gemini (--output-format json)", () => {
  it("reads the pretty-printed object after a warning prefix", () => {
    const stdout = `Loaded cached credentials.\nData collection is disabled.\n${JSON.stringify(geminiOutput, null, 2)}\n`;
    expect(parseAgentResult("gemini", stdout)).toEqual({
      summary: "Added the retry.",
      turns: 2,
      inputTokens: 100,
      outputTokens: 20,
    });
  });

  it("sums the stats over every model", () => {
    const output = {
      ...geminiOutput,
      stats: {
        models: {
          ...geminiOutput.stats.models,
          "gemini-2.5-flash": { api: { totalRequests: 3 }, tokens: { prompt: 40, candidates: 4, total: 44 } },
        },
      },
    };
    expect(parseAgentResult("gemini", JSON.stringify(output, null, 2))).toEqual({
      summary: "Added the retry.",
      turns: 5,
      inputTokens: 140,
      outputTokens: 24,
    });
  });

  it("an object without stats gives only the message", () => {
    expect(parseAgentResult("gemini", JSON.stringify({ response: "Hi." }))).toEqual({ summary: "Hi." });
  });
});

describe("parseAgentResult: custom CLIs report nothing", () => {
  it.each([
    lines(claudeResult("looks like claude")),
    lines(codexMessage("looks like codex"), codexTurn(1, 1)),
    JSON.stringify(geminiOutput),
  ])("%s → {}", (stdout) => {
    expect(parseAgentResult("custom", stdout)).toEqual({});
  });
});

describe("parseAgentResult: output that does not parse gives {} and never throws", () => {
  const truncated = {
    claude: JSON.stringify(claudeResult("cut off")).slice(0, 60),
    codex: JSON.stringify(codexMessage("cut off")).slice(0, 40),
    gemini: `Loaded cached credentials.\n${JSON.stringify(geminiOutput, null, 2).slice(0, 80)}`,
  };
  const cases: Array<[string, AgentPreset, string]> = [];
  for (const agent of ["claude", "codex", "gemini", "custom"] as AgentPreset[]) {
    cases.push(
      [agent, agent, ""],
      [agent, agent, "\n\n"],
      [agent, agent, "Error: ANTHROPIC_API_KEY is not set\n"],
      [agent, agent, "{"],
      [agent, agent, "}{"],
      [agent, agent, 'null\n[1,2]\n42\n"text"\n'],
      [agent, agent, "[{}]"],
      [agent, agent, "\u0000\u0001\uFFFD binary"],
    );
    if (agent !== "custom") cases.push([agent, agent, truncated[agent]]);
  }

  it.each(cases)("%s: %j → {}", (_, agent, stdout) => {
    let result: AgentResult | undefined;
    expect(() => {
      result = parseAgentResult(agent, stdout);
    }).not.toThrow();
    expect(result).toEqual({});
  });

  it.each(["claude", "codex", "gemini"] as AgentPreset[])("%s: JSON of the wrong shape gives {}", (agent) => {
    const stdout = lines(
      { type: "result", result: 42 },
      { type: "item.completed", item: "x" },
      {
        response: ["not", "text"],
        stats: { models: [1, 2] },
      },
    );
    expect(parseAgentResult(agent, stdout)).toEqual({});
  });

  it.each(["claude", "codex", "gemini"] as AgentPreset[])(
    "%s: a blank final message is no summary",
    (agent) => {
      const stdout = {
        claude: lines(claudeResult("   ", { num_turns: undefined, total_cost_usd: undefined, usage: {} })),
        codex: lines(codexMessage(" \n ")),
        gemini: JSON.stringify({ response: "\n" }),
      }[agent as "claude" | "codex" | "gemini"];
      expect(parseAgentResult(agent, stdout)).toEqual({});
    },
  );
});

describe("truncateSummary bounds the final message and marks the cut", () => {
  it("leaves a message within the limit unchanged", () => {
    expect(truncateSummary("Short and sweet.")).toBe("Short and sweet.");
    expect(truncateSummary("x".repeat(4000))).toBe("x".repeat(4000));
    expect(truncateSummary("")).toBe("");
  });

  it("cuts a longer message to the 4,000 character limit, ending in an ellipsis", () => {
    const cut = truncateSummary("x".repeat(4001));
    expect(cut).toHaveLength(4000);
    expect(cut).toBe(`${"x".repeat(3999)}…`);
  });

  it.each([
    ["abcdefghij", 5, "abcd…"],
    ["abcde", 5, "abcde"],
    ["abcdef", 5, "abcd…"],
    ["abc  defgh", 6, "abc…"],
    ["line one\nline two", 10, "line one…"],
  ])("%j with limit %i → %j", (summary, limit, expected) => {
    expect(truncateSummary(summary, limit)).toBe(expected);
  });

  it("never cuts a character in half (a lone surrogate would reach the output as U+FFFD)", () => {
    expect(truncateSummary("abcd😀efgh", 6)).toBe("abcd…");
    expect(truncateSummary("abcde😀fgh", 8)).toBe("abcde😀…");
  });
});

describe("parseAgentResult: gemini output among other text", () => {
  const object = JSON.stringify(
    { response: "all done", stats: { models: { m: { tokens: { prompt: 7, candidates: 2 } } } } },
    null,
    2,
  );

  it.each([
    ["a warning with braces before it", `Warning: settings {theme} ignored\n${object}`],
    ["text after it", `${object}\nBye.`],
    ["both", `{not json}\n${object}\n(trailing)`],
  ])("finds the object after %s", (_, stdout) => {
    expect(parseAgentResult("gemini", stdout)).toMatchObject({
      summary: "all done",
      inputTokens: 7,
      outputTokens: 2,
    });
  });
});
