import { ACTION_INPUTS, type ActionInputName } from "./action-inputs.generated.js";
import { splitCommandLine } from "./agent/command-line.js";
import { InputError } from "./errors.js";

/** Every input of action.yml, by the name the code uses. The one table that must match action.yml. */
export const INPUTS = {
  githubToken: "github-token",
  agent: "agent",
  agentCommand: "agent-command",
  agentArgs: "agent-args",
  agentEnv: "agent-env",
  model: "model",
  prompt: "prompt",
  issueNumber: "issue-number",
  triggerLabel: "trigger-label",
  baseBranch: "base-branch",
  branchPrefix: "branch-prefix",
  mode: "mode",
  repoPath: "repo-path",
  workspacesRoot: "workspaces-root",
  timeoutMinutes: "timeout-minutes",
  killGraceSeconds: "kill-grace-seconds",
  keepWorkspace: "keep-env",
  onAgentFailure: "on-agent-failure",
  draft: "draft",
  prLabels: "pr-labels",
  comment: "comment",
  dryRun: "dry-run",
  restart: "restart",
  onConflict: "on-conflict",
  heartbeatSeconds: "heartbeat-seconds",
  staleEnvHours: "stale-env-hours",
  directoryMaxMb: "directory-max-mb",
  requiredPermission: "required-permission",
  allowedBots: "allowed-bots",
  allowWorkflowChanges: "allow-workflow-changes",
  contextMaxKib: "context-max-kib",
} as const satisfies Record<string, ActionInputName>;

export type InputKey = keyof typeof INPUTS;
export type RawInputs = Partial<Record<InputKey, string>>;

export const AGENT_PRESETS = ["claude", "codex", "gemini", "custom"] as const;
export const MODES = ["auto", "worktree", "directory"] as const;
export const KEEP_WORKSPACE = ["never", "logs", "on-failure", "always"] as const;
export const ON_AGENT_FAILURE = ["draft-pr", "branch", "discard"] as const;
export const ON_CONFLICT = ["skip", "fail", "takeover"] as const;
/** The roles `required-permission` accepts, weakest first; `read` is not one: anyone may read. */
export const REQUIRED_PERMISSIONS = ["triage", "write", "maintain", "admin"] as const;

export type AgentPreset = (typeof AGENT_PRESETS)[number];
/** The `mode` input: `auto` picks a worktree when it can. */
export type ModeSetting = (typeof MODES)[number];
/** What a workspace is: a git worktree on the agent branch, or a plain directory. */
export type Mode = Exclude<ModeSetting, "auto">;
export type KeepWorkspace = (typeof KEEP_WORKSPACE)[number];
export type OnAgentFailure = (typeof ON_AGENT_FAILURE)[number];
export type OnConflict = (typeof ON_CONFLICT)[number];
export type RequiredPermission = (typeof REQUIRED_PERMISSIONS)[number];

/** The validated, typed form of the inputs: the only configuration the core reads. */
export interface Settings {
  token: string;
  agent: AgentPreset;
  /** The agent command split into argv, when given. */
  agentCommand: string[] | undefined;
  agentArgs: string[];
  agentEnv: Record<string, string>;
  model: string;
  prompt: string;
  issueNumber: number | undefined;
  triggerLabel: string;
  baseBranch: string | undefined;
  branchPrefix: string;
  mode: ModeSetting;
  repoPath: string;
  workspacesRoot: string;
  timeoutMs: number;
  killGraceMs: number;
  keepWorkspace: KeepWorkspace;
  onAgentFailure: OnAgentFailure;
  draft: boolean;
  prLabels: string[];
  comment: boolean;
  dryRun: boolean;
  restart: boolean;
  onConflict: OnConflict;
  heartbeatMs: number;
  /** Environments older than this whose run is gone are collected at start; 0 turns it off. */
  staleEnvMs: number;
  /** Directory mode refuses to copy a `repo-path` holding more than this; 0 for no limit. */
  directoryMaxBytes: number;
  /** The least role on the repository the triggering actor must hold. */
  requiredPermission: RequiredPermission;
  /** Exact logins of Bot accounts that may trigger runs. */
  allowedBots: string[];
  /** Push changes under `.github/workflows/`; otherwise they are held back as a patch. */
  allowWorkflowChanges: boolean;
  /** The most bytes `.agent_context/issue_context.md` may have. */
  contextMaxBytes: number;
}

/** Inputs whose action.yml default is an expression the host fills in (the token, the paths). */
const HOST_FILLED: ReadonlySet<InputKey> = new Set(["githubToken", "repoPath", "workspacesRoot"]);

/** An input's default, read from action.yml (through the generated module): there is no other copy. */
export function defaultOf(key: InputKey): string {
  return HOST_FILLED.has(key) ? "" : ACTION_INPUTS[INPUTS[key]].default;
}

/**
 * Validates raw input strings and returns typed settings. Throws an InputError naming the input
 * and the accepted values on the first bad one, before anything is created. A run without GitHub
 * (the CLI's local runs) passes `requireToken: false`.
 */
export function parseSettings(raw: RawInputs, options: { requireToken?: boolean } = {}): Settings {
  const value = (key: InputKey): string => (raw[key] ?? defaultOf(key)).trim();

  const agent = oneOf("agent", value("agent"), AGENT_PRESETS);
  const agentCommand = value("agentCommand")
    ? parseCommand("agentCommand", value("agentCommand"))
    : undefined;
  if (agent === "custom" && !agentCommand) {
    throw new InputError(
      `input \`${INPUTS.agentCommand}\` is required when \`agent\` is \`custom\`; set it to the command line of your agent, or choose a preset: ${AGENT_PRESETS.filter((p) => p !== "custom").join(", ")}`,
    );
  }
  const token = value("githubToken");
  if (!token && options.requireToken !== false) {
    throw new InputError(
      `input \`${INPUTS.githubToken}\` is empty; pass a token with contents: write, pull-requests: write and issues: write (the default is \`\${{ github.token }}\`)`,
    );
  }
  const branchPrefix = raw.branchPrefix ?? defaultOf("branchPrefix");
  checkBranchPrefix(branchPrefix);
  const baseBranch = value("baseBranch") || undefined;
  if (baseBranch !== undefined) checkRefName("baseBranch", baseBranch);
  const repoPath = value("repoPath");
  if (!repoPath) throw new InputError(`input \`${INPUTS.repoPath}\` is empty; give the path of the checkout`);
  const workspacesRoot = value("workspacesRoot");
  if (!workspacesRoot) {
    throw new InputError(
      `input \`${INPUTS.workspacesRoot}\` is empty; give a directory for the environments`,
    );
  }

  return {
    token,
    agent,
    agentCommand,
    agentArgs: value("agentArgs") ? parseCommand("agentArgs", value("agentArgs")) : [],
    agentEnv: parseEnvLines(raw.agentEnv ?? ""),
    model: value("model"),
    prompt: raw.prompt?.trim() ?? "",
    issueNumber: value("issueNumber") ? positiveInteger("issueNumber", value("issueNumber")) : undefined,
    triggerLabel: value("triggerLabel"),
    baseBranch,
    branchPrefix,
    mode: oneOf("mode", value("mode"), MODES),
    repoPath,
    workspacesRoot,
    timeoutMs: duration(
      "timeoutMinutes",
      positiveNumber("timeoutMinutes", value("timeoutMinutes"), "minutes"),
      60_000,
    ),
    killGraceMs: duration(
      "killGraceSeconds",
      nonNegativeNumber("killGraceSeconds", value("killGraceSeconds"), "seconds"),
      1000,
    ),
    keepWorkspace: oneOf("keepWorkspace", value("keepWorkspace"), KEEP_WORKSPACE),
    onAgentFailure: oneOf("onAgentFailure", value("onAgentFailure"), ON_AGENT_FAILURE),
    draft: bool("draft", value("draft")),
    prLabels: splitList(value("prLabels")),
    comment: bool("comment", value("comment")),
    dryRun: bool("dryRun", value("dryRun")),
    restart: bool("restart", value("restart")),
    onConflict: oneOf("onConflict", value("onConflict"), ON_CONFLICT),
    heartbeatMs: duration(
      "heartbeatSeconds",
      positiveNumber("heartbeatSeconds", value("heartbeatSeconds"), "seconds"),
      1000,
    ),
    staleEnvMs: nonNegativeNumber("staleEnvHours", value("staleEnvHours"), "hours") * 3_600_000,
    directoryMaxBytes: Math.round(
      nonNegativeNumber("directoryMaxMb", value("directoryMaxMb"), "megabytes") * 1024 * 1024,
    ),
    requiredPermission: oneOf("requiredPermission", value("requiredPermission"), REQUIRED_PERMISSIONS),
    allowedBots: botLogins(value("allowedBots")),
    allowWorkflowChanges: bool("allowWorkflowChanges", value("allowWorkflowChanges")),
    contextMaxBytes: wholeKib("contextMaxKib", value("contextMaxKib")) * 1024,
  };
}

function name(key: InputKey): string {
  return `\`${INPUTS[key]}\``;
}

function oneOf<T extends string>(key: InputKey, raw: string, accepted: readonly T[]): T {
  if ((accepted as readonly string[]).includes(raw)) return raw as T;
  throw new InputError(`input ${name(key)} must be one of ${accepted.join(", ")}; got \`${raw}\``);
}

function bool(key: InputKey, raw: string): boolean {
  // The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
  if (["true", "True", "TRUE"].includes(raw)) return true;
  if (["false", "False", "FALSE"].includes(raw)) return false;
  throw new InputError(`input ${name(key)} must be true or false; got \`${raw}\``);
}

function positiveNumber(key: InputKey, raw: string, unit: string): number {
  const n = decimal(raw);
  if (n === undefined || n <= 0) {
    throw new InputError(`input ${name(key)} must be a positive number of ${unit}; got \`${raw}\``);
  }
  return n;
}

function nonNegativeNumber(key: InputKey, raw: string, unit: string): number {
  const n = decimal(raw);
  if (n === undefined || n < 0) {
    throw new InputError(`input ${name(key)} must be zero or a positive number of ${unit}; got \`${raw}\``);
  }
  return n;
}

/**
 * Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer delay would fire at once.
 * https://nodejs.org/api/timers.html#settimeoutcallback-delay-args
 */
const MAX_DURATION_MS = 2 ** 31 - 1;

function duration(key: InputKey, amount: number, unitMs: number): number {
  const ms = Math.round(amount * unitMs);
  if (ms > MAX_DURATION_MS) {
    throw new InputError(
      `input ${name(key)} is too large: at most ${Math.floor(MAX_DURATION_MS / unitMs)} (24 days); got \`${amount}\``,
    );
  }
  return ms;
}

function decimal(raw: string): number | undefined {
  if (!/^[+]?(\d+(\.\d*)?|\.\d+)$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

function positiveInteger(key: InputKey, raw: string): number {
  const text = raw.replace(/^#/, "");
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new InputError(`input ${name(key)} must be an issue number such as 42; got \`${raw}\``);
  }
  return Number(text);
}

function parseCommand(key: InputKey, raw: string): string[] {
  try {
    const argv = splitCommandLine(raw);
    if (argv.length === 0) throw new Error("it holds no command");
    return argv;
  } catch (error) {
    throw new InputError(`input ${name(key)} cannot be parsed: ${(error as Error).message}`);
  }
}

/** `KEY=VALUE` lines; blank lines and `#` comments are ignored. */
function parseEnvLines(raw: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [index, line] of raw.split(/\r?\n/).entries()) {
    const text = line.trim();
    if (!text || text.startsWith("#")) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text);
    if (!match) {
      throw new InputError(
        `input ${name("agentEnv")} line ${index + 1} must be KEY=VALUE with KEY made of letters, digits and _; got \`${text.split("=")[0]}=…\``,
      );
    }
    env[match[1]!] = match[2]!;
  }
  return env;
}

/** Logins only: a wildcard would let any bot, including ones anybody can install, start runs. */
function botLogins(raw: string): string[] {
  const logins = splitList(raw);
  const wildcard = logins.find((login) => /[*?]/.test(login));
  if (wildcard !== undefined) {
    throw new InputError(
      `input ${name("allowedBots")} takes exact bot logins such as \`dependabot[bot]\`, not patterns; got \`${wildcard}\``,
    );
  }
  return logins;
}

/** The context file needs room for its fixed sections; below 4 KiB the issue would not fit at all. */
const MIN_CONTEXT_KIB = 4;

function wholeKib(key: InputKey, raw: string): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < MIN_CONTEXT_KIB || n > 1024 * 1024) {
    throw new InputError(
      `input ${name(key)} must be a whole number of KiB from ${MIN_CONTEXT_KIB} to 1048576; got \`${raw}\``,
    );
  }
  return n;
}

function splitList(raw: string): string[] {
  return raw
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

function checkBranchPrefix(prefix: string): void {
  // The prefix is followed by "{agent}/issue-{N}", so it is checked as the start of a ref name.
  if (prefix !== "" && !isValidRefName(`${prefix}x`)) {
    throw new InputError(
      `input ${name("branchPrefix")} must be the start of a valid git branch name (no spaces, "..", "~", "^", ":", "?", "*", "[", "\\" or leading "/"); got \`${prefix}\``,
    );
  }
}

function checkRefName(key: InputKey, ref: string): void {
  if (!isValidRefName(ref)) {
    throw new InputError(`input ${name(key)} must be a valid git branch name; got \`${ref}\``);
  }
}

/** The rules of `git check-ref-format --branch`, without running git. */
export function isValidRefName(ref: string): boolean {
  if (!ref || ref.startsWith("/") || ref.endsWith("/") || ref.endsWith(".") || ref.startsWith("-"))
    return false;
  if (ref.includes("..") || ref.includes("//") || ref.includes("@{") || ref === "@" || ref === "HEAD")
    return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what git forbids
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(ref)) return false;
  return ref.split("/").every((part) => !part.startsWith(".") && !part.endsWith(".lock"));
}
