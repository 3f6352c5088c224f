import type { AgentPreset } from "../settings.js";

/** What a CLI reports about its run, where it reports it. Every field is optional. */
export interface AgentResult {
  /** The agent's final message. */
  summary?: string;
  turns?: number;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
}

type Json = Record<string, unknown>;

/**
 * Reads the final message and usage from a preset CLI's machine-readable output. Output that
 * does not parse gives an empty result, never an error: the agent's work matters, not its log.
 */
export function parseAgentResult(agent: AgentPreset, stdout: string): AgentResult {
  try {
    switch (agent) {
      case "claude":
        return parseClaude(stdout);
      case "codex":
        return parseCodex(stdout);
      case "gemini":
        return parseGemini(stdout);
      case "custom":
        return {};
    }
  } catch {
    return {};
  }
}

/** `--output-format json`: one object `{"type":"result","result":…,"num_turns":…,"total_cost_usd":…,"usage":{…}}`. */
function parseClaude(stdout: string): AgentResult {
  const result = jsonLines(stdout)
    .filter((line) => line.type === "result")
    .at(-1);
  if (!result) return {};
  const usage = object(result.usage);
  return clean({
    summary: text(result.result),
    turns: number(result.num_turns),
    inputTokens: number(usage.input_tokens),
    outputTokens: number(usage.output_tokens),
    costUsd: number(result.total_cost_usd),
  });
}

/** `exec --json`: JSON Lines; the last `item.completed` agent_message, usage per `turn.completed`. */
function parseCodex(stdout: string): AgentResult {
  const events = jsonLines(stdout);
  const messages = events
    .filter((event) => event.type === "item.completed" && object(event.item).type === "agent_message")
    .map((event) => text(object(event.item).text));
  const usages = events
    .filter((event) => event.type === "turn.completed")
    .map((event) => object(event.usage));
  return clean({
    summary: messages.at(-1),
    turns: usages.length || undefined,
    inputTokens: sum(usages.map((usage) => number(usage.input_tokens))),
    outputTokens: sum(usages.map((usage) => number(usage.output_tokens))),
  });
}

/** `--output-format json`: one object `{"response":…,"stats":{"models":{name:{"api":…,"tokens":…}}}}`. */
function parseGemini(stdout: string): AgentResult {
  const output = lastJsonObject(stdout);
  if (!output) return {};
  const models = Object.values(object(object(output.stats).models)).map(object);
  return clean({
    summary: text(output.response),
    turns: sum(models.map((model) => number(object(model.api).totalRequests))),
    inputTokens: sum(models.map((model) => number(object(model.tokens).prompt))),
    outputTokens: sum(models.map((model) => number(object(model.tokens).candidates))),
  });
}

/** The last pretty-printed JSON object in the output: one that starts with `{` at a line's start. */
function lastJsonObject(stdout: string): Json | undefined {
  const end = stdout.lastIndexOf("}");
  for (let start = stdout.lastIndexOf("\n{", end); ; start = stdout.lastIndexOf("\n{", start - 1)) {
    const from = start === -1 ? stdout.indexOf("{") : start + 1;
    if (from === -1 || from > end) return undefined;
    try {
      return object(JSON.parse(stdout.slice(from, end + 1)));
    } catch {
      // Not this one: a warning or a nested line; try the previous line that opens a brace.
    }
    if (start <= 0) return undefined;
  }
}

function jsonLines(stdout: string): Json[] {
  const lines: Json[] = [];
  for (const line of stdout.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed.startsWith("{")) continue;
    try {
      lines.push(object(JSON.parse(trimmed)));
    } catch {
      // Not JSON: a warning or progress line among the events.
    }
  }
  return lines;
}

function object(value: unknown): Json {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

function number(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

function sum(values: Array<number | undefined>): number | undefined {
  const present = values.filter((value): value is number => value !== undefined);
  return present.length ? present.reduce((a, b) => a + b, 0) : undefined;
}

function clean(result: AgentResult): AgentResult {
  return Object.fromEntries(Object.entries(result).filter(([, value]) => value !== undefined));
}

const SUMMARY_LIMIT = 4000;

/** The final message as an output and in reports: bounded, with the cut marked. */
export function truncateSummary(summary: string, limit = SUMMARY_LIMIT): string {
  if (summary.length <= limit) return summary;
  let cut = limit - 1;
  // Never between the two halves of a character outside the BMP (an emoji).
  if (/[\ud800-\udbff]/.test(summary[cut - 1] ?? "")) cut -= 1;
  return `${summary.slice(0, cut).trimEnd()}…`;
}
