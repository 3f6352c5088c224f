import { tmpdir } from "node:os";
import path from "node:path";
import { ACTION_INPUTS } from "../core/action-inputs.generated.js";
import { InputError } from "../core/errors.js";
import { defaultOf, INPUTS, type InputKey, type RawInputs } from "../core/settings.js";
import type { OptionSpec, ParsedArguments } from "./arguments.js";

/** Where a setting's value came from, for `doctor` and for error messages. */
export interface SettingSource {
  kind: "flag" | "env" | "default";
  /** The flag as typed, the variable's name, or what the default is. */
  from: string;
}

export interface ResolvedInputs {
  /** The inputs as strings, for parseSettings; unset ones take action.yml's defaults there. */
  raw: RawInputs;
  sources: Record<InputKey, SettingSource>;
}

/** The action's inputs that the CLI takes as flags: all but the token, which is never a flag. */
export type FlagInput = Exclude<InputKey, "githubToken">;

/** Inputs made of lines: a repeated flag adds a line instead of replacing the last value. */
const LINE_INPUTS: ReadonlySet<InputKey> = new Set(["agentEnv", "prLabels"]);

/** Shorter spellings users reach for. */
const ALIASES: Partial<Record<InputKey, string[]>> = {
  issueNumber: ["issue"],
  prLabels: ["pr-label"],
};

const VALUE_NAMES: Partial<Record<InputKey, string>> = {
  agentEnv: "KEY=VALUE",
  prLabels: "LABEL",
  repoPath: "DIR",
  workspacesRoot: "DIR",
  agentCommand: "COMMAND",
  agentArgs: "ARGS",
  issueNumber: "N",
  keepWorkspace: "WHEN",
  onAgentFailure: "WHAT",
  onConflict: "WHAT",
};

/** What the CLI's own defaults are, where action.yml's default is an expression of the runner. */
const CLI_DEFAULTS: Partial<Record<FlagInput, string>> = {
  repoPath: "the current directory",
  // Outside the checkout, so worktrees never show up as untracked files in it.
  workspacesRoot: "agent-task-workspaces in the system's temp directory",
};

/** The token comes only from these variables: a flag would show it in the process list. */
export const TOKEN_VARIABLES = ["GITHUB_TOKEN", "GH_TOKEN"] as const;

export function flagInputs(): Array<[FlagInput, string]> {
  return (Object.entries(INPUTS) as Array<[InputKey, string]>).filter(
    (entry): entry is [FlagInput, string] => entry[0] !== "githubToken",
  );
}

/** A boolean input is one whose action.yml default is `true` or `false`. */
export function isBooleanInput(key: InputKey): boolean {
  const fallback = defaultOf(key);
  return fallback === "true" || fallback === "false";
}

/** `AGENT_TASK_TIMEOUT_MINUTES` for `timeout-minutes`. */
export function environmentName(input: string): string {
  return `AGENT_TASK_${input.toUpperCase().replace(/-/g, "_")}`;
}

/** One option per input of action.yml, described as action.yml describes it. */
export function inputOptionSpecs(): OptionSpec[] {
  return flagInputs().map(([key, name]) => {
    const numeric = /^\d+$/.test(defaultOf(key));
    return {
      name,
      kind: isBooleanInput(key) ? "boolean" : LINE_INPUTS.has(key) ? "list" : "string",
      aliases: ALIASES[key],
      valueName: VALUE_NAMES[key] ?? (numeric ? "N" : (name.split("-").pop() ?? "value").toUpperCase()),
      description: describeInput(key, name),
    } satisfies OptionSpec;
  });
}

/** action.yml's description of the input, with its default. */
function describeInput(key: InputKey, name: string): string {
  const description = ACTION_INPUTS[name as keyof typeof ACTION_INPUTS].description;
  const fallback = CLI_DEFAULTS[key as FlagInput] ?? defaultOf(key);
  return fallback ? `${description} Default: ${fallback}.` : description;
}

/** Defaults the CLI picks where action.yml's default is an expression of the runner. */
export function cliDefaults(cwd: string): Partial<Record<FlagInput, { value: string; from: string }>> {
  return {
    repoPath: { value: cwd, from: CLI_DEFAULTS.repoPath! },
    workspacesRoot: {
      value: path.join(tmpdir(), "agent-task-workspaces"),
      from: CLI_DEFAULTS.workspacesRoot!,
    },
  };
}

/**
 * Each input from its flag, else its `AGENT_TASK_*` variable, else the default; the token from
 * GITHUB_TOKEN or GH_TOKEN only. Records where each value came from.
 */
export function resolveInputs(
  parsed: ParsedArguments,
  env: Record<string, string | undefined>,
  defaults: Partial<Record<FlagInput, { value: string; from: string }>>,
): ResolvedInputs {
  const raw: RawInputs = {};
  const sources = {} as Record<InputKey, SettingSource>;
  for (const [key, name] of flagInputs()) {
    const flag = flagValue(parsed, name);
    const variable = environmentName(name);
    if (flag !== undefined) {
      raw[key] = flag;
      sources[key] = { kind: "flag", from: parsed.spelling.get(name) ?? `--${name}` };
    } else if (env[variable]) {
      raw[key] = env[variable];
      sources[key] = { kind: "env", from: variable };
    } else if (defaults[key]) {
      raw[key] = defaults[key].value;
      sources[key] = { kind: "default", from: defaults[key].from };
    } else {
      sources[key] = { kind: "default", from: "action.yml" };
    }
  }
  const tokenVariable = TOKEN_VARIABLES.find((variable) => env[variable]);
  raw.githubToken = tokenVariable ? env[tokenVariable] : "";
  sources.githubToken = tokenVariable
    ? { kind: "env", from: tokenVariable }
    : { kind: "default", from: "GITHUB_TOKEN and GH_TOKEN are unset" };
  return { raw, sources };
}

function flagValue(parsed: ParsedArguments, name: string): string | undefined {
  const value = parsed.values.get(name);
  if (value === undefined) return undefined;
  if (typeof value === "boolean") return String(value);
  return Array.isArray(value) ? value.join("\n") : value;
}

/**
 * parseSettings names the input in its messages; the CLI adds where the bad value came from,
 * since the user may have set it in a variable long forgotten.
 */
export function withSource(error: unknown, sources: Record<InputKey, SettingSource>): unknown {
  if (!(error instanceof InputError)) return error;
  const name = /input `([a-z-]+)`/.exec(error.message)?.[1];
  const key = (Object.keys(INPUTS) as InputKey[]).find((k) => INPUTS[k] === name);
  const source = key ? sources[key] : undefined;
  if (!source || source.kind === "default") return error;
  return new InputError(`${error.message} (set by ${source.from})`);
}

/** A setting's value as doctor shows it: secrets hidden, long text shortened. */
export function displayValue(key: InputKey, raw: RawInputs): string {
  const value = raw[key] ?? defaultOf(key);
  if (key === "githubToken") return value ? "(set)" : "(not set)";
  if (key === "agentEnv") {
    return value
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"))
      .map((line) => `${line.split("=")[0]}=***`)
      .join(", ");
  }
  const oneLine = value.replace(/\s+/g, " ").trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}
