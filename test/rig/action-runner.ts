import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { access, chmod, copyFile, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type NodeRuntime, nodeBinary } from "./node-runtime.js";
import { makeTempDir } from "./temp.js";

/** The checkout root; the action under test unless `actionDir` says otherwise. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

const execFileAsync = promisify(execFile);

/** Value of `${{ github.token }}` when a test does not pass its own. */
export const DEFAULT_TEST_TOKEN = "ghs_agentTaskRigDefaultToken000000000000";

/**
 * What the runner hands every action besides its inputs. The values are fake but distinctive, so a
 * test can search the agent's environment and output for them: none of these may reach the agent.
 */
export const FAKE_RUNNER_SECRETS = {
  ACTIONS_RUNTIME_TOKEN: "fake-actions-runtime-token-7d1c0a",
  ACTIONS_RUNTIME_URL: "https://pipelines.actions.invalid/fake-runtime-url-5b2e/",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "fake-id-token-request-token-93af",
  ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.invalid/fake-id-token-url-4c88",
  ACTIONS_CACHE_URL: "https://artifactcache.actions.invalid/fake-cache-url-e610/",
  ACTIONS_RESULTS_URL: "https://results-receiver.actions.invalid/fake-results-url-2f7d/",
} as const;

export interface TimedSignal {
  readonly signal: NodeJS.Signals;
  readonly afterMs: number;
}

/**
 * What the runner sends a step's process when the job is canceled: SIGINT, SIGTERM about 7.5 s
 * later, SIGKILL at about 10 s.
 * https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-workflow-runs/canceling-a-workflow#steps-github-takes-to-cancel-a-workflow-run
 */
export const RUNNER_CANCEL_SEQUENCE: readonly TimedSignal[] = [
  { signal: "SIGINT", afterMs: 0 },
  { signal: "SIGTERM", afterMs: 7500 },
  { signal: "SIGKILL", afterMs: 10_000 },
];

export interface RunActionOptions {
  /** Directory holding action.yml and the bundle; defaults to the repository root. */
  actionDir?: string;
  entry?: "main" | "post";
  node?: NodeRuntime;
  /** `with:` values by input name as written in action.yml; unset ones take the action.yml default. */
  inputs?: Record<string, string>;
  /** What `${{ github.token }}` expands to. */
  token?: string;
  eventName?: string;
  eventPayload?: unknown;
  /** "owner/repo". */
  repository?: string;
  serverUrl?: string;
  apiUrl?: string;
  graphqlUrl?: string;
  /** GITHUB_WORKSPACE and the working directory; a fresh empty directory when omitted. */
  workspace?: string;
  /** RUNNER_TEMP; a fresh empty directory when omitted. */
  runnerTemp?: string;
  /** HOME; a fresh empty directory when omitted, so no developer config leaks into the run. */
  home?: string;
  runId?: string;
  runAttempt?: string;
  runNumber?: string;
  sha?: string;
  ref?: string;
  actor?: string;
  /** Saved state given to a post step as STATE_<name> (runActionWithPost fills it from main). */
  state?: Record<string, string>;
  /** Directories prepended to PATH, as a previous step's GITHUB_PATH would. */
  extraPath?: string[];
  /** Added last; `undefined` removes a variable the rig would set. */
  env?: Record<string, string | undefined>;
  /** Kill the process group and throw ActionTimeoutError after this long. Default 55 s. */
  timeoutMs?: number;
  /** Called once the process exists, e.g. to signal it at a moment the test chooses. */
  onSpawn?: (child: ChildProcess) => void;
  /** Signals sent to the node process (not its group, like the runner) at these delays after spawn. */
  signalAfter?: TimedSignal | readonly TimedSignal[];
  /**
   * Measures the CPU time of the step and everything it waited for (git, the agent) with GNU
   * time, which then starts node; for benchmarks only (signals would reach time, not node).
   */
  measureCpu?: boolean;
  /**
   * Runs the step as this user (as GitHub-hosted runners run jobs as `runner`), through setpriv;
   * the rig must run as root. The workspace, RUNNER_TEMP and HOME must be that user's, and the
   * action directory and the chosen Node readable by it (see `nodeFor`).
   */
  runAs?: string;
}

export interface WorkflowCommand {
  readonly name: string;
  readonly properties: Record<string, string>;
  readonly message: string;
  /** "ignored": a command the runner no longer honours (set-output, save-state, set-env, add-path). */
  readonly status: "processed" | "ignored";
}

export interface Annotation {
  readonly level: "error" | "warning" | "notice";
  readonly message: string;
  readonly properties: Record<string, string>;
}

/** Where a run happened, so a following step (post) can run in the same place. */
export interface RunContext {
  readonly actionDir: string;
  readonly workspace: string;
  readonly runnerTemp: string;
  readonly home: string;
}

export interface ActionRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Exactly what the process wrote, before the runner's command processing and masking. */
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr as the job log shows them: commands consumed, masks applied as registered. */
  readonly log: string;
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  readonly summary: string;
  /** GITHUB_ENV and GITHUB_PATH writes, which the runner applies to later steps. */
  readonly exportedEnv: Record<string, string>;
  readonly addedPaths: string[];
  readonly commands: WorkflowCommand[];
  /** Values registered with ::add-mask:: (outside stop-commands blocks). */
  readonly masks: string[];
  readonly annotations: Annotation[];
  /** True when processes of the action's process group outlived it (they were killed afterwards). */
  readonly strayProcesses: boolean;
  readonly durationMs: number;
  /** CPU milliseconds (user and system) of the step and the processes it waited for, with `measureCpu`. */
  readonly cpuMs?: number;
  /** The complete environment the action was started with. */
  readonly env: Record<string, string>;
  readonly context: RunContext;
}

export class ActionTimeoutError extends Error {
  constructor(
    readonly timeoutMs: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(
      `action did not exit within ${timeoutMs} ms and was killed\n--- stdout (tail)\n${stdout.slice(-2000)}\n` +
        `--- stderr (tail)\n${stderr.slice(-2000)}`,
    );
    this.name = "ActionTimeoutError";
  }
}

// ---------------------------------------------------------------------------------------------------------
// action.yml: a reader for the small YAML subset action manifests use
// ---------------------------------------------------------------------------------------------------------

type YamlMap = { [key: string]: string | YamlMap };

const KEY_LINE = /^([^\s:#][^:#]*?):(?:\s+(.*))?$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlankOrComment(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === "" || trimmed.startsWith("#");
}

function parseScalar(text: string): string {
  if (text.startsWith('"')) return JSON.parse(text) as string;
  if (text.startsWith("'")) return text.slice(1, -1).replaceAll("''", "'");
  return text.replace(/\s+#.*$/, "");
}

/** Folds `>` block lines: lines join with spaces, an empty line becomes a newline. */
function foldLines(lines: string[]): string {
  let folded = "";
  for (const line of lines) {
    if (line === "") folded += "\n";
    else folded += folded === "" || folded.endsWith("\n") ? line : ` ${line}`;
  }
  return folded;
}

/** Reads a `|`/`>` block scalar starting after `start`; returns its value and the next line to parse. */
function readBlockScalar(lines: string[], start: number, parentIndent: number, indicator: string) {
  let end = start;
  while (end < lines.length && (lines[end]!.trim() === "" || indentOf(lines[end]!) > parentIndent)) end++;
  const body = lines.slice(start, end);
  while (body.length > 0 && body.at(-1)!.trim() === "") body.pop();
  const blockIndent = body.length > 0 ? indentOf(body[0]!) : 0;
  const content = body.map((line) => line.slice(blockIndent));
  const text = indicator.startsWith("|") ? content.join("\n") : foldLines(content);
  const chomp = indicator.endsWith("-") ? "" : "\n";
  return { value: text + chomp, next: end };
}

/**
 * Nested mappings of scalars (plain, quoted, `|` and `>` blocks) are all an action.yml needs;
 * anything else (sequences, anchors, flow collections) is rejected rather than misread.
 */
export function parseManifestYaml(source: string): YamlMap {
  const lines = source.split(/\r?\n/);
  const root: YamlMap = {};
  const stack: { indent: number; map: YamlMap }[] = [{ indent: -1, map: root }];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (isBlankOrComment(line)) {
      index++;
      continue;
    }
    const indent = indentOf(line);
    const match = KEY_LINE.exec(line.trim());
    if (!match) throw new Error(`action.yml line ${index + 1} is outside the supported YAML subset: ${line}`);
    while (stack.at(-1)!.indent >= indent) stack.pop();
    const parent = stack.at(-1)!.map;
    const key = match[1]!;
    const rawValue = (match[2] ?? "").trim();
    index++;
    if (rawValue === "" || rawValue.startsWith("#")) {
      const child: YamlMap = {};
      parent[key] = child;
      stack.push({ indent, map: child });
    } else if (/^[|>][-+]?$/.test(rawValue)) {
      const block = readBlockScalar(lines, index, indent, rawValue);
      parent[key] = block.value;
      index = block.next;
    } else {
      parent[key] = parseScalar(rawValue);
    }
  }
  return root;
}

interface ActionManifest {
  readonly inputDefaults: Record<string, string | undefined>;
  readonly main: string;
  readonly post?: string;
}

function asMap(value: string | YamlMap | undefined): YamlMap {
  return typeof value === "object" ? value : {};
}

function asString(value: string | YamlMap | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

async function readActionManifest(actionDir: string): Promise<ActionManifest> {
  const yaml = parseManifestYaml(await readFile(path.join(actionDir, "action.yml"), "utf8"));
  const inputDefaults: Record<string, string | undefined> = {};
  for (const [name, spec] of Object.entries(asMap(yaml.inputs))) {
    inputDefaults[name] = asString(asMap(spec).default);
  }
  const runs = asMap(yaml.runs);
  const main = asString(runs.main);
  if (!main) throw new Error(`${actionDir}/action.yml has no runs.main`);
  return { inputDefaults, main, post: asString(runs.post) };
}

// ---------------------------------------------------------------------------------------------------------
// Inputs and environment
// ---------------------------------------------------------------------------------------------------------

/** The runner's naming: upper case, spaces become `_`, hyphens stay (`INPUT_GITHUB-TOKEN`). */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replaceAll(" ", "_").toUpperCase()}`;
}

interface ExpressionValues {
  readonly token: string;
  readonly workspace: string;
  readonly runnerTemp: string;
}

/** Expands the only expressions action.yml defaults use; any other one is a rig gap, so it throws. */
function expandDefault(value: string, values: ExpressionValues): string {
  const known: Record<string, string> = {
    "github.token": values.token,
    "github.workspace": values.workspace,
    "runner.temp": values.runnerTemp,
  };
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (expression, name: string) => {
    const expanded = known[name];
    if (expanded === undefined)
      throw new Error(`action-runner cannot evaluate ${expression} in an input default`);
    return expanded;
  });
}

function inputEnv(
  manifest: ActionManifest,
  inputs: Record<string, string>,
  values: ExpressionValues,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, fallback] of Object.entries(manifest.inputDefaults)) {
    if (fallback !== undefined) env[inputEnvName(name)] = expandDefault(fallback, values);
  }
  // Inputs missing from action.yml still reach the action; the real runner only warns about them.
  for (const [name, value] of Object.entries(inputs)) env[inputEnvName(name)] = value;
  return env;
}

interface FileCommandPaths {
  readonly output: string;
  readonly state: string;
  readonly summary: string;
  readonly env: string;
  readonly path: string;
}

/** Fresh empty files per step, in the directory and with the names the runner uses. */
async function createFileCommands(runnerTemp: string): Promise<FileCommandPaths> {
  const dir = path.join(runnerTemp, "_runner_file_commands");
  await mkdir(dir, { recursive: true });
  const id = randomUUID();
  const files = {
    output: path.join(dir, `set_output_${id}`),
    state: path.join(dir, `save_state_${id}`),
    summary: path.join(dir, `step_summary_${id}`),
    env: path.join(dir, `set_env_${id}`),
    path: path.join(dir, `add_path_${id}`),
  };
  await Promise.all(Object.values(files).map((file) => writeFile(file, "")));
  return files;
}

async function writeEventFile(runnerTemp: string, payload: unknown): Promise<string> {
  const dir = path.join(runnerTemp, "_github_workflow");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "event.json");
  await writeFile(file, JSON.stringify(payload ?? {}, null, 2));
  return file;
}

function defaultApiUrl(serverUrl: string): string {
  return serverUrl === "https://github.com" ? "https://api.github.com" : `${serverUrl}/api/v3`;
}

function defaultGraphqlUrl(serverUrl: string): string {
  return serverUrl === "https://github.com" ? "https://api.github.com/graphql" : `${serverUrl}/api/graphql`;
}

interface EnvParts {
  readonly options: RunActionOptions;
  readonly context: RunContext;
  readonly inputs: Record<string, string>;
  readonly files: FileCommandPaths;
  readonly eventPath: string;
}

function runnerEnv({ options, context, inputs, files, eventPath }: EnvParts): Record<string, string> {
  const repository = options.repository ?? "octo-org/octo-repo";
  const serverUrl = options.serverUrl ?? "https://github.com";
  const ref = options.ref ?? "refs/heads/main";
  const state = Object.entries(options.state ?? {}).map(([name, value]) => [`STATE_${name}`, value]);
  const env: Record<string, string | undefined> = {
    HOME: context.home,
    PATH: [...(options.extraPath ?? []), process.env.PATH ?? "/usr/bin:/bin"].join(path.delimiter),
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_EVENT_NAME: options.eventName ?? "issues",
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split("/")[0],
    GITHUB_SERVER_URL: serverUrl,
    GITHUB_API_URL: options.apiUrl ?? defaultApiUrl(serverUrl),
    GITHUB_GRAPHQL_URL: options.graphqlUrl ?? defaultGraphqlUrl(serverUrl),
    GITHUB_WORKSPACE: context.workspace,
    GITHUB_ACTION_PATH: context.actionDir,
    GITHUB_RUN_ID: options.runId ?? "1000001",
    GITHUB_RUN_ATTEMPT: options.runAttempt ?? "1",
    GITHUB_RUN_NUMBER: options.runNumber ?? "1",
    GITHUB_WORKFLOW: "agent-task",
    GITHUB_JOB: "agent",
    GITHUB_ACTION: "__agent-task_agent-task",
    GITHUB_ACTOR: options.actor ?? "octocat",
    GITHUB_SHA: options.sha ?? "0".repeat(40),
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ""),
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    RUNNER_TEMP: context.runnerTemp,
    RUNNER_OS: "Linux",
    RUNNER_ARCH: "X64",
    RUNNER_NAME: "agent-task-rig",
    RUNNER_ENVIRONMENT: "github-hosted",
    ...FAKE_RUNNER_SECRETS,
    ...inputs,
    ...Object.fromEntries(state),
    ...options.env,
  };
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

// ---------------------------------------------------------------------------------------------------------
// File commands (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV, GITHUB_PATH)
// ---------------------------------------------------------------------------------------------------------

/**
 * Parses `name=value` lines and `name<<DELIMITER` heredocs (what @actions/core writes, with a
 * `ghadelimiter_<uuid>` delimiter). Like the runner, `=` wins when it comes before `<<`, and a
 * malformed file fails the step: here it throws.
 */
export function parseKeyValueFile(text: string, label: string): Record<string, string> {
  const lines = text.split(/\r?\n/);
  const values: Record<string, string> = {};
  let index = 0;
  while (index < lines.length) {
    const line = lines[index++]!;
    if (line === "") continue;
    const equals = line.indexOf("=");
    const heredoc = line.indexOf("<<");
    if (equals > 0 && (heredoc < 0 || equals < heredoc)) {
      values[line.slice(0, equals)] = line.slice(equals + 1);
      continue;
    }
    if (heredoc <= 0) throw new Error(`${label}: invalid line ${JSON.stringify(line)}`);
    const delimiter = line.slice(heredoc + 2);
    const end = lines.indexOf(delimiter, index);
    if (delimiter === "" || end < 0)
      throw new Error(`${label}: heredoc ${JSON.stringify(line)} is not closed`);
    values[line.slice(0, heredoc)] = lines.slice(index, end).join("\n");
    index = end + 1;
  }
  return values;
}

async function readFileCommands(files: FileCommandPaths) {
  const [output, state, summary, env, addedPath] = await Promise.all(
    [files.output, files.state, files.summary, files.env, files.path].map((file) => readFile(file, "utf8")),
  );
  return {
    outputs: parseKeyValueFile(output!, "GITHUB_OUTPUT"),
    state: parseKeyValueFile(state!, "GITHUB_STATE"),
    summary: summary!,
    exportedEnv: parseKeyValueFile(env!, "GITHUB_ENV"),
    addedPaths: addedPath!.split(/\r?\n/).filter(Boolean),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Workflow commands on stdout/stderr
// ---------------------------------------------------------------------------------------------------------

const KNOWN_COMMANDS = new Set([
  "add-mask",
  "add-matcher",
  "remove-matcher",
  "debug",
  "notice",
  "warning",
  "error",
  "group",
  "endgroup",
  "echo",
  "stop-commands",
  "set-output",
  "save-state",
  "set-env",
  "add-path",
]);

/** Replaced by file commands; the runner rejects or ignores them. */
const IGNORED_COMMANDS = new Set(["set-output", "save-state", "set-env", "add-path"]);

function unescapeCommandValue(value: string, forProperty: boolean): string {
  const pattern = forProperty ? /%(0D|0A|3A|2C|25)/gi : /%(0D|0A|25)/gi;
  const decoded: Record<string, string> = { "0D": "\r", "0A": "\n", "3A": ":", "2C": ",", "25": "%" };
  return value.replace(pattern, (_, code: string) => decoded[code.toUpperCase()]!);
}

/** The escapes of the legacy `##[…]` form: `;` and `]` instead of `,` and `:`. */
function unescapeLegacyValue(value: string): string {
  const decoded: Record<string, string> = { "3B": ";", "0D": "\r", "0A": "\n", "5D": "]", "25": "%" };
  return value.replace(/%(3B|0D|0A|5D|25)/gi, (_, code: string) => decoded[code.toUpperCase()]!);
}

export interface ParsedCommand {
  readonly name: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

/** `::name key=value,key=value::message`, after leading whitespace, for a name in `known`. */
function parseCommandLine(line: string, known: ReadonlySet<string>): ParsedCommand | undefined {
  const text = line.trimStart();
  if (!text.startsWith("::")) return undefined;
  const end = text.indexOf("::", 2);
  if (end < 0) return undefined;
  const info = text.slice(2, end);
  const space = info.indexOf(" ");
  const name = space < 0 ? info : info.slice(0, space);
  if (!known.has(name)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).split(",")) {
      const equals = pair.indexOf("=");
      if (equals > 0)
        properties[pair.slice(0, equals).trim()] = unescapeCommandValue(pair.slice(equals + 1), true);
    }
  }
  return { name, properties, message: unescapeCommandValue(text.slice(end + 2), false) };
}

/**
 * The legacy form `##[name key=value;key=value]message`, which the runner still honours ANYWHERE in
 * a line, not only at its start: text before `##[` does not protect what follows.
 * https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs (TryParse)
 */
function parseLegacyCommand(line: string, known: ReadonlySet<string>): ParsedCommand | undefined {
  const start = line.indexOf("##[");
  if (start < 0) return undefined;
  const end = line.indexOf("]", start);
  if (end < 0) return undefined;
  const info = line.slice(start + 3, end);
  const space = info.indexOf(" ");
  const name = space < 0 ? info : info.slice(0, space);
  if (!known.has(name)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).split(";")) {
      const equals = pair.indexOf("=");
      if (equals > 0) properties[pair.slice(0, equals)] = unescapeLegacyValue(pair.slice(equals + 1));
    }
  }
  return { name, properties, message: unescapeLegacyValue(line.slice(end + 1)) };
}

/** What the runner does with each line: the `::` form first, then the legacy `##[` form. */
export function parseWorkflowCommand(line: string, known: ReadonlySet<string>): ParsedCommand | undefined {
  return parseCommandLine(line, known) ?? parseLegacyCommand(line, known);
}

interface OutputLine {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

interface ProcessedOutput {
  readonly commands: WorkflowCommand[];
  readonly masks: string[];
  readonly annotations: Annotation[];
  readonly log: string;
}

function applyMasks(text: string, masks: readonly string[]): string {
  // Longest first, so a mask containing another is replaced whole.
  const ordered = [...masks].sort((a, b) => b.length - a.length);
  return ordered.reduce((masked, secret) => masked.replaceAll(secret, "***"), text);
}

/** How a processed command appears in the job log, if at all. */
function renderCommand(command: ParsedCommand): string | undefined {
  switch (command.name) {
    case "error":
      return `Error: ${command.message}`;
    case "warning":
      return `Warning: ${command.message}`;
    case "notice":
      return `Notice: ${command.message}`;
    case "group":
      return command.message;
    default:
      return undefined;
  }
}

/**
 * Replays the output lines as the runner's command processing does. Between `::stop-commands::TOKEN`
 * and `::TOKEN::` nothing is a command; those lines are plain log text.
 */
function processOutput(lines: readonly OutputLine[], preMasked: readonly string[]): ProcessedOutput {
  const commands: WorkflowCommand[] = [];
  const masks: string[] = [];
  const annotations: Annotation[] = [];
  const log: string[] = [];
  let stopToken: string | undefined;

  for (const { text } of lines) {
    const allMasks = [...preMasked, ...masks];
    if (stopToken !== undefined) {
      if (parseWorkflowCommand(text, new Set([stopToken]))) stopToken = undefined;
      else log.push(applyMasks(text, allMasks));
      continue;
    }
    const command = parseWorkflowCommand(text, KNOWN_COMMANDS);
    if (!command) {
      log.push(applyMasks(text, allMasks));
      continue;
    }
    const ignored = IGNORED_COMMANDS.has(command.name);
    commands.push({ ...command, status: ignored ? "ignored" : "processed" });
    if (ignored) continue;
    if (command.name === "stop-commands" && command.message !== "") stopToken = command.message;
    if (command.name === "add-mask" && command.message !== "") masks.push(command.message);
    if (command.name === "error" || command.name === "warning" || command.name === "notice") {
      annotations.push({ level: command.name, message: command.message, properties: command.properties });
    }
    const rendered = renderCommand(command);
    if (rendered !== undefined) log.push(applyMasks(rendered, [...preMasked, ...masks]));
  }
  return { commands, masks, annotations, log: log.join("\n") };
}

// ---------------------------------------------------------------------------------------------------------
// The process
// ---------------------------------------------------------------------------------------------------------

interface SpawnSpec {
  readonly node: string;
  readonly script: string;
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly timeoutMs: number;
  readonly onSpawn?: (child: ChildProcess) => void;
  readonly signals: readonly TimedSignal[];
  /** Where GNU time writes the CPU seconds (user, system) of the process and its waited-for children. */
  readonly cpuTimeFile?: string;
  /** The user the process runs as (setpriv), when not the rig's own. */
  readonly runAs?: string;
}

interface ProcessResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly lines: OutputLine[];
  readonly timedOut: boolean;
  readonly strayProcesses: boolean;
  readonly durationMs: number;
  readonly cpuMs?: number;
}

/** How long output may keep flowing after exit (a grandchild holding the pipes) before it is cut. */
const DRAIN_AFTER_EXIT_MS = 1000;

/** Sends `signal` to the whole process group; 0 only probes. False when no process is left. */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals | 0): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // the group is already empty
  }
}

/** Splits a stream into lines as they arrive, keeping the interleaving of stdout and stderr. */
function collectLines(stream: NodeJS.ReadableStream, name: OutputLine["stream"], lines: OutputLine[]) {
  const chunks: string[] = [];
  let partial = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    chunks.push(chunk);
    const pieces = (partial + chunk).split("\n");
    partial = pieces.pop()!;
    for (const piece of pieces) lines.push({ stream: name, text: piece.replace(/\r$/, "") });
  });
  return {
    text: () => chunks.join(""),
    flush: () => {
      if (partial !== "") lines.push({ stream: name, text: partial });
      partial = "";
    },
  };
}

function runNodeProcess(spec: SpawnSpec): Promise<ProcessResult> {
  const started = performance.now();
  // Its own process group, so a timeout can kill whatever the action started along with it.
  const asUser = spec.runAs
    ? ["setpriv", `--reuid=${spec.runAs}`, `--regid=${spec.runAs}`, "--init-groups"]
    : [];
  const [program, ...args] = spec.cpuTimeFile
    ? ["/usr/bin/time", "-f", "%U %S", "-o", spec.cpuTimeFile, ...asUser, spec.node, spec.script]
    : [...asUser, spec.node, spec.script];
  const child = spawn(program!, args, {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: OutputLine[] = [];
  const stdout = collectLines(child.stdout, "stdout", lines);
  const stderr = collectLines(child.stderr, "stderr", lines);
  let timedOut = false;
  const timers = spec.signals.map(({ signal, afterMs }) => setTimeout(() => child.kill(signal), afterMs));
  timers.push(
    setTimeout(() => {
      timedOut = true;
      signalGroup(child.pid, "SIGKILL");
    }, spec.timeoutMs),
  );
  spec.onSpawn?.(child);

  return new Promise((resolve, reject) => {
    child.on("error", (error) => {
      for (const timer of timers) clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (exitCode, signal) => {
      for (const timer of timers) clearTimeout(timer);
      // Anything left in the group was started by the action and not waited for; the runner would
      // clean it up at the end of the job, the rig does it now so tests do not leak processes.
      const drain = setTimeout(() => {
        signalGroup(child.pid, "SIGKILL");
        // A process that left the group may still hold the pipes; stop waiting for it.
        child.stdout.destroy();
        child.stderr.destroy();
      }, DRAIN_AFTER_EXIT_MS);
      const strayProcesses = signalGroup(child.pid, 0);
      child.on("close", async () => {
        clearTimeout(drain);
        signalGroup(child.pid, "SIGKILL");
        stdout.flush();
        stderr.flush();
        const cpuMs = spec.cpuTimeFile ? await readCpuTime(spec.cpuTimeFile) : undefined;
        resolve({
          cpuMs,
          exitCode,
          signal,
          stdout: stdout.text(),
          stderr: stderr.text(),
          lines,
          timedOut,
          strayProcesses,
          durationMs: Math.round(performance.now() - started),
        });
      });
    });
  });
}

/**
 * A copy of `node` every user can run: the one npx fetched lives in root's cache, which other
 * users cannot enter. Made once per binary.
 */
async function nodeFor(node: string): Promise<string> {
  const dir = path.join(
    tmpdir(),
    "agent-task-rig",
    `shared-${createHash("sha256").update(node).digest("hex").slice(0, 12)}`,
  );
  const copy = path.join(dir, "node");
  if (
    !(await access(copy).then(
      () => true,
      () => false,
    ))
  ) {
    await mkdir(dir, { recursive: true, mode: 0o755 });
    await chmod(path.dirname(dir), 0o755);
    const staging = `${copy}.${randomUUID()}`;
    await copyFile(node, staging);
    await chmod(staging, 0o755);
    await rename(staging, copy);
  }
  return copy;
}

/** The CPU milliseconds GNU time wrote as "user system" seconds; undefined when it wrote none. */
async function readCpuTime(file: string): Promise<number | undefined> {
  const text = await readFile(file, "utf8").catch(() => "");
  const seconds = text.trim().split("\n").at(-1)?.split(" ").map(Number) ?? [];
  if (seconds.length !== 2 || seconds.some((value) => !Number.isFinite(value))) return undefined;
  return Math.round((seconds[0]! + seconds[1]!) * 1000);
}

// ---------------------------------------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------------------------------------

async function prepareContext(options: RunActionOptions): Promise<RunContext> {
  const orFresh = async (given: string | undefined, prefix: string) =>
    given ?? (await makeTempDir(prefix)).path;
  return {
    actionDir: options.actionDir ?? REPO_ROOT,
    workspace: await orFresh(options.workspace, "workspace"),
    runnerTemp: await orFresh(options.runnerTemp, "runner-temp"),
    home: await orFresh(options.home, "home"),
  };
}

async function entryScript(
  actionDir: string,
  manifest: ActionManifest,
  entry: "main" | "post",
): Promise<string> {
  const relative = entry === "main" ? manifest.main : manifest.post;
  if (!relative) throw new Error(`${actionDir}/action.yml declares no runs.${entry}`);
  const script = path.join(actionDir, relative);
  await access(script).catch(() => {
    throw new Error(`${script} does not exist; build the action first (npm run build)`);
  });
  return script;
}

/** Runs one step of the action (main or post) the way the GitHub runner starts a node action. */
export async function runAction(options: RunActionOptions = {}): Promise<ActionRun> {
  const context = await prepareContext(options);
  const manifest = await readActionManifest(context.actionDir);
  const script = await entryScript(context.actionDir, manifest, options.entry ?? "main");
  const token = options.token ?? DEFAULT_TEST_TOKEN;
  const inputs = inputEnv(manifest, options.inputs ?? {}, { token, ...context });
  const files = await createFileCommands(context.runnerTemp);
  const eventPath = await writeEventFile(context.runnerTemp, options.eventPayload);
  // The runner's own user writes the file commands it hands a step.
  if (options.runAs) {
    const dirs = [path.dirname(files.output), path.dirname(eventPath)];
    await execFileAsync("chown", ["-R", `${options.runAs}:`, ...dirs]);
  }
  const env = runnerEnv({ options, context, inputs, files, eventPath });
  const timeoutMs = options.timeoutMs ?? 55_000; // below vitest's 60 s, so the rig reports first

  const node = await nodeBinary(options.node ?? "machine");
  const result = await runNodeProcess({
    node: options.runAs ? await nodeFor(node) : node,
    runAs: options.runAs,
    script,
    cwd: context.workspace, // the runner starts actions in the workspace
    env,
    timeoutMs,
    onSpawn: options.onSpawn,
    signals: [options.signalAfter ?? []].flat(),
    cpuTimeFile: options.measureCpu ? path.join(context.runnerTemp, `cpu-${randomUUID()}.txt`) : undefined,
  });
  if (result.timedOut) throw new ActionTimeoutError(timeoutMs, result.stdout, result.stderr);

  // The runner masks the token and its own secrets in the log without being asked.
  const preMasked = [
    token,
    FAKE_RUNNER_SECRETS.ACTIONS_RUNTIME_TOKEN,
    FAKE_RUNNER_SECRETS.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
  ];
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
    ...processOutput(result.lines, preMasked),
    ...(await readFileCommands(files)),
    strayProcesses: result.strayProcesses,
    durationMs: result.durationMs,
    cpuMs: result.cpuMs,
    env,
    context,
  };
}

/**
 * The lines of a step's RAW stdout and stderr (before any masking) that contain one of `secrets`,
 * except the `::add-mask::` line registering exactly that value. The runner's masking is a last
 * line of defence that misses transformed values (a token in base64, split across lines), so a
 * test asks whether the action printed the secret at all, not whether the log shows it.
 */
export function rawLinesRevealing(run: ActionRun, secrets: readonly string[]): string[] {
  const lines = `${run.stdout}\n${run.stderr}`.split(/\r?\n/);
  return lines.filter((line) =>
    secrets.some((secret) => line.includes(secret) && line.trim() !== `::add-mask::${secret}`),
  );
}

/**
 * Runs main, then post (`post-if: always()`, so whatever main's outcome) in the same workspace,
 * RUNNER_TEMP and HOME, with main's saved state as STATE_* and its GITHUB_ENV/GITHUB_PATH applied.
 * onSpawn and signalAfter apply to main only: cancelling a job still runs post steps.
 */
export async function runActionWithPost(
  options: RunActionOptions = {},
): Promise<{ main: ActionRun; post: ActionRun }> {
  const main = await runAction({ ...options, entry: "main" });
  const post = await runAction({
    ...options,
    ...main.context,
    entry: "post",
    state: main.state,
    // The runner prepends each GITHUB_PATH line in turn, so the last one written comes first.
    extraPath: [...main.addedPaths].reverse().concat(options.extraPath ?? []),
    env: { ...main.exportedEnv, ...options.env },
    onSpawn: undefined,
    signalAfter: undefined,
  });
  return { main, post };
}
