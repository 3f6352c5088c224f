import { type ChildProcess, execFileSync } from "node:child_process";
import { createHash, randomInt } from "node:crypto";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { access, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll } from "vitest";
import { type ActionRun, runActionWithPost } from "../rig/action-runner.js";
import { checkout, type PersistCredentials } from "../rig/checkout.js";
import { type GitServer, git, startGitServer } from "../rig/git-server.js";
import { type GitHubStandIn, type RequestCounts, startGitHubStandIn } from "../rig/github-stand-in.js";
import type { NodeRuntime } from "../rig/node-runtime.js";
import { makeTempDir, removeAllTempDirs } from "../rig/temp.js";

export { isAlive } from "../rig/processes.js";

/**
 * The fixture agents, copied where every user can run them: an agent with a user of its own may
 * not reach the project's checkout (a runner's HOME can be closed to other users). The copy is
 * named after its content, so test files share it and an edited fixture gets a new one.
 */
export const AGENTS_DIR = reachableCopy(fileURLToPath(new URL("../fixtures/agents/", import.meta.url)));

function reachableCopy(source: string): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(source).sort())
    hash.update(`${name}\0`).update(readFileSync(path.join(source, name)));
  const dir = path.join(tmpdir(), `agent-task-fixture-agents-${hash.digest("hex").slice(0, 16)}`);
  if (!existsSync(dir)) {
    const staging = mkdtempSync(`${dir}-`);
    cpSync(source, staging, { recursive: true });
    chmodSync(staging, 0o755);
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another test file made it first
    }
  }
  return dir;
}

/**
 * The uid of the system user `name`, made with `useradd` when missing (root here; sudo on a
 * runner that is not root). `useraddOptions` say how, when it is made.
 */
export function ensureUser(name: string, useraddOptions: string[]): number {
  const uid = () => Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
  try {
    return uid();
  } catch {
    const sudo = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
    const [command, ...args] = [...sudo, "useradd", ...useraddOptions, name];
    execFileSync(command!, args);
    return uid();
  }
}

/** `node <fixture agent> args…` as an `agent-command` line. */
export function fixtureAgent(name: string, ...args: string[]): string {
  const quoted = [process.execPath, path.join(AGENTS_DIR, name), ...args].map(
    (arg) => `'${arg.replace(/'/g, `'\\''`)}'`,
  );
  return quoted.join(" ");
}

export async function pathExists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` every 50 ms until it gives a value (not undefined, not false); fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** The hidden state a status comment carries (`<!-- agent-task:state {json} -->`), as the test reads it. */
export interface HiddenState {
  v: number;
  runId: string;
  runAttempt: string;
  phase: string;
  heartbeatAt: string;
  heartbeatSeconds: number;
  outcome?: string;
  session?: { outcome?: string; finishedAt?: string; prNumber?: number; prUrl?: string; branch?: string };
  [key: string]: unknown;
}

/** Parses the state on the comment's last line; undefined when there is none or it is not JSON. */
export function hiddenState(body: string): HiddenState | undefined {
  const match = /<!-- agent-task:state (.*) -->\s*$/.exec(body);
  if (!match) return undefined;
  try {
    return JSON.parse(match[1]!) as HiddenState;
  } catch {
    return undefined;
  }
}

/**
 * Kills (SIGKILL) every process of this user whose environment holds `name=value`, such as the
 * agent a SIGKILLed run left behind (agents carry `AGENT_TASK_ID`). Returns the pids signalled.
 */
export async function killProcessesWithEnv(name: string, value: string): Promise<number[]> {
  const wanted = `${name}=${value}`;
  const killed: number[] = [];
  for (const entry of await readdir("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, "utf8");
    } catch {
      continue;
    }
    if (!environ.split("\0").includes(wanted)) continue;
    try {
      process.kill(pid, "SIGKILL");
      killed.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}

/** The `sender` of an event payload: who added the label or dispatched the run. */
export interface EventSender {
  login: string;
  type?: string;
}

/** The default sender of the scenario's events; it holds the maintain role on the repository. */
export const DEFAULT_SENDER: EventSender = { login: "maintainer", type: "User" };

export interface ScenarioOptions {
  owner?: string;
  repo?: string;
  files?: Record<string, string>;
  persistCredentials?: PersistCredentials;
  token?: string;
  /**
   * Mode of the runner's directory, which holds the checkout and RUNNER_TEMP: 0755 by default;
   * 0750 is /home/runner on an image that closes it to other users.
   */
  runnerDirMode?: number;
}

export interface RunOptions {
  inputs: Record<string, string>;
  /** `labeled` (default) with `label`, or `dispatch`. */
  event?: "labeled" | "dispatch" | { name: string; payload: unknown };
  label?: string;
  issueNumber?: number;
  /** Who added the label or dispatched the run (default: `maintainer`, who has the maintain role). */
  sender?: EventSender;
  node?: NodeRuntime;
  runId?: string;
  env?: Record<string, string>;
  /** Directories put in front of PATH, as a setup step's GITHUB_PATH would. */
  extraPath?: string[];
  home?: string;
  timeoutMs?: number;
  /** RUNNER_TEMP of this run (default: the scenario's); `workspaces-root` still defaults under it. */
  runnerTemp?: string;
  /** GITHUB_WORKSPACE of this run (default: the scenario's checkout), e.g. an empty one: no checkout. */
  workspace?: string;
  /** Called once the main step's process exists (not the post step's). */
  onSpawn?: (child: ChildProcess) => void;
  /** The action's directory (action.yml and dist/); the repository root by default. */
  actionDir?: string;
  /** The user the steps run as (see RunActionOptions.runAs); the rig's own by default. */
  runAs?: string;
  signalAfter?: Parameters<typeof runActionWithPost>[0] extends infer O
    ? O extends { signalAfter?: infer S }
      ? S
      : never
    : never;
}

export interface ScenarioRun {
  readonly main: ActionRun;
  readonly post: ActionRun;
  readonly apiRequests: RequestCounts;
}

/** A run going on in the background; see Scenario.startRun. */
export interface StartedRun {
  readonly runId: string;
  readonly issueNumber: number;
  /** The run's environment root (`{workspaces-root}/issue-{N}-{run id}-1`). */
  readonly envRoot: string;
  /** Main and post; a failure here is reported only when awaited. */
  readonly done: Promise<ScenarioRun>;
  /** Whether `done` has settled. */
  readonly finished: boolean;
  /**
   * Waits until the agent has started (sleep-then-write.mjs, wait-for-go.mjs); fails at once, with
   * the run's log, if the run ends first.
   */
  agentStarted(timeoutMs?: number): Promise<void>;
  /** Lets a waiting agent go on. */
  release(): Promise<void>;
  /** Signals the main step's node process, as the runner would. */
  kill(signal: NodeJS.Signals): void;
}

export interface WorktreeRecord {
  readonly path: string;
  /** `refs/heads/…`, or undefined for a detached HEAD. */
  readonly branch: string | undefined;
  /** Registered, but its directory is gone (`git worktree prune` would drop it). */
  readonly prunable: boolean;
  readonly raw: string;
}

/**
 * One repository on the real git remote and the GitHub stand-in, checked out into a runner
 * workspace as actions/checkout leaves it, with an issue to work on.
 */
export class Scenario {
  private runCount = 0;
  /**
   * Default run ids start at a random base per scenario. Test files run in parallel on one host,
   * and the action stops an agent's processes by the task id (`issue-{N}-{run id}-{attempt}`) in
   * their environment: two scenarios using the same ids would kill each other's agents.
   */
  private readonly runIdBase = 1_000_000 + randomInt(0, 1_000_000) * 1000;

  private constructor(
    readonly git: GitServer,
    readonly github: GitHubStandIn,
    readonly token: string,
    readonly owner: string,
    readonly repo: string,
    readonly workspace: string,
    readonly runnerTemp: string,
    readonly issueNumber: number,
  ) {}

  static async start(options: ScenarioOptions = {}): Promise<Scenario> {
    const token = options.token ?? "ghs_scenarioToken0123456789abcdefABCDEF";
    const owner = options.owner ?? "octo";
    const repo = options.repo ?? "widgets";
    const git = await startGitServer({ token });
    const github = await startGitHubStandIn({
      token,
      htmlBaseUrl: git.url,
      branchHead: (o, r, branch) => git.headSha(o, r, branch),
    });
    github.addRepo({ owner, name: repo, defaultBranch: "main" });
    github.setPermission(owner, repo, DEFAULT_SENDER.login, "maintain");
    await git.createRepo(owner, repo, {
      files: options.files ?? { "README.md": "# widgets\n", "src/widget.txt": "widget v1\n" },
    });
    const runner = await makeTempDir("runner", options.runnerDirMode);
    const workspace = path.join(runner.path, "work", repo, repo);
    const runnerTemp = path.join(runner.path, "temp");
    await checkout({
      server: git,
      owner,
      repo,
      dir: workspace,
      token,
      runnerTemp,
      persistCredentials: options.persistCredentials ?? "includeIf",
    });
    const issue = github.addIssue(owner, repo, {
      title: "Add a greeting file",
      body: "Please add `hello.txt`.\n\n## Acceptance Criteria\n\n- hello.txt exists\n- it greets the world\n\nSee #3 and https://example.com/spec.",
      labels: ["agent"],
    });
    return new Scenario(git, github, token, owner, repo, workspace, runnerTemp, issue.number);
  }

  /**
   * A run id no other run of this scenario has, for a test that needs to know a run's id before it
   * starts (to wait for its agent, to find its environment).
   */
  newRunId(): string {
    this.runCount += 1;
    return String(this.runIdBase + this.runCount);
  }

  /** Files another issue, for tests that need one of their own. */
  addIssue(title: string, body = ""): number {
    return this.github.addIssue(this.owner, this.repo, { title, body, labels: ["agent"] }).number;
  }

  /** The issue's status comments (the marker starts their body). */
  statusComments(issueNumber = this.issueNumber) {
    return this.github
      .comments(this.owner, this.repo, issueNumber)
      .filter((comment) => comment.body.startsWith("<!-- agent-task:status -->"));
  }

  get workspacesRoot(): string {
    return path.join(this.runnerTemp, "agent_workspaces");
  }

  eventPayload(label = "agent", issueNumber = this.issueNumber, sender = DEFAULT_SENDER): unknown {
    // The issue as GitHub's payload carries it. Adding the label is what the event reports, and
    // GitHub sets `updated_at` when it happens.
    const labeledAt = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const issue = { ...this.github.issueJson(this.owner, this.repo, issueNumber), updated_at: labeledAt };
    return {
      action: "labeled",
      label: { name: label },
      issue,
      repository: {
        name: this.repo,
        full_name: `${this.owner}/${this.repo}`,
        owner: { login: this.owner },
        default_branch: "main",
        html_url: `${this.git.url}/${this.owner}/${this.repo}`,
      },
      sender,
    };
  }

  /**
   * Runs main then post, as the runner does for one job. `apiRequests` counts the API requests made
   * meanwhile, by method and route: the run's own when no other run overlaps it.
   */
  async run(options: RunOptions): Promise<ScenarioRun> {
    const runId = options.runId ?? this.newRunId();
    const event = options.event ?? "labeled";
    const issueNumber = options.issueNumber ?? this.issueNumber;
    const sender = options.sender ?? DEFAULT_SENDER;
    const [eventName, eventPayload] =
      event === "labeled"
        ? ["issues", this.eventPayload(options.label ?? "agent", issueNumber, sender)]
        : event === "dispatch"
          ? [
              "workflow_dispatch",
              { inputs: { "issue-number": String(issueNumber) }, ref: "refs/heads/main", sender },
            ]
          : [event.name, event.payload];
    const counter = this.github.countRequests();
    const { main, post } = await runActionWithPost({
      actionDir: options.actionDir,
      inputs: options.inputs,
      token: this.token,
      eventName,
      eventPayload,
      repository: `${this.owner}/${this.repo}`,
      serverUrl: this.git.url,
      apiUrl: this.github.url,
      workspace: options.workspace ?? this.workspace,
      runnerTemp: options.runnerTemp ?? this.runnerTemp,
      runId,
      // The runner runs node24 actions on Node 24; tests ask for the machine's Node where they want it.
      node: options.node ?? "24",
      env: options.env,
      extraPath: options.extraPath,
      home: options.home,
      timeoutMs: options.timeoutMs,
      signalAfter: options.signalAfter,
      onSpawn: options.onSpawn,
      runAs: options.runAs,
    });
    return { main, post, apiRequests: counter.counts() };
  }

  /**
   * Starts a run without waiting for it: for tests that act while it works. Give the agent a
   * fixture that waits for its `go` (sleep-then-write.mjs `forever`, wait-for-go.mjs) to hold it
   * in its agent phase until `release()`.
   */
  startRun(options: Omit<RunOptions, "runId" | "onSpawn">): StartedRun {
    const runId = this.newRunId();
    const issueNumber = options.issueNumber ?? this.issueNumber;
    let child: ChildProcess | undefined;
    let finished = false;
    const done = this.run({
      ...options,
      runId,
      onSpawn: (spawned) => {
        child = spawned;
      },
    }).finally(() => {
      finished = true;
    });
    done.catch(() => {});
    // Where the action puts it: `workspaces-root`, by default under the run's RUNNER_TEMP.
    const workspacesRoot =
      options.inputs["workspaces-root"] ??
      path.join(options.runnerTemp ?? this.runnerTemp, "agent_workspaces");
    const envRoot = path.join(workspacesRoot, `issue-${issueNumber}-${runId}-1`);
    return {
      runId,
      issueNumber,
      envRoot,
      done,
      get finished() {
        return finished;
      },
      agentStarted: async (timeoutMs = 60_000) => {
        await waitFor(
          async () => {
            if (finished) {
              const ended = await done.then(
                ({ main }) => `ended with exit code ${main.exitCode}:\n${main.log}`,
                (error: unknown) => `failed: ${String(error)}`,
              );
              throw new Error(`run ${runId} ${ended}\n(before its agent started)`);
            }
            return pathExists(path.join(envRoot, "output", "started.json"));
          },
          `the agent of run ${runId} to start`,
          timeoutMs,
        );
      },
      release: () => writeFile(path.join(envRoot, "output", "go"), "").catch(() => {}),
      kill: (signal) => {
        child?.kill(signal);
      },
    };
  }

  /**
   * From now on the git remote and the API both refuse the token (401), as when an installation
   * token expires mid-run. useScenario restores it after each test.
   */
  revokeToken(): void {
    this.git.revokeToken();
    this.github.revokeToken();
  }

  restoreToken(): void {
    this.git.restoreToken();
    this.github.restoreToken();
  }

  /** Environment roots under `workspacesRoot` made for the issue (task ids start `issue-{N}-`). */
  async environments(issueNumber = this.issueNumber): Promise<string[]> {
    const names = await readdir(this.workspacesRoot).catch(() => [] as string[]);
    return names
      .filter((name) => name.startsWith(`issue-${issueNumber}-`))
      .sort()
      .map((name) => path.join(this.workspacesRoot, name));
  }

  /** The environment root a run makes: `{workspaces-root}/issue-{N}-{run id}-{attempt}`. */
  envRoot(runId: string, issueNumber = this.issueNumber, attempt = "1"): string {
    return path.join(this.workspacesRoot, `issue-${issueNumber}-${runId}-${attempt}`);
  }

  /**
   * Waits until the agent of a run has started (a fixture agent such as sleep-then-write.mjs has
   * written `output/started.json`); returns the environment root.
   */
  async agentStarted(runId: string, issueNumber = this.issueNumber, timeoutMs = 30_000): Promise<string> {
    const root = this.envRoot(runId, issueNumber);
    await waitFor(
      () => pathExists(path.join(root, "output", "started.json")),
      `the agent of run ${runId} to start`,
      timeoutMs,
    );
    return root;
  }

  /** Lets a waiting sleep-then-write.mjs agent of a run go on (creates its `output/go`). */
  async releaseAgent(runId: string, issueNumber = this.issueNumber): Promise<void> {
    await writeFile(path.join(this.envRoot(runId, issueNumber), "output", "go"), "").catch(() => {});
  }

  /** The checkout's `git worktree list --porcelain`, one record per worktree. */
  async worktrees(): Promise<WorktreeRecord[]> {
    const listing = await git(["-C", this.workspace, "worktree", "list", "--porcelain"]);
    return listing
      .split(/\n\n+/)
      .filter((block) => block.trim() !== "")
      .map((block) => {
        const lines = block.split("\n");
        const field = (name: string) => {
          const line = lines.find((l) => l === name || l.startsWith(`${name} `));
          return line === undefined ? undefined : line.slice(name.length + 1);
        };
        return {
          path: field("worktree") ?? "",
          branch: field("branch"),
          prunable: field("prunable") !== undefined,
          raw: block,
        };
      });
  }

  async close(): Promise<void> {
    await Promise.all([this.git.close(), this.github.close()]);
  }
}

/**
 * One Scenario for a test file: started before its tests, every API request and response checked
 * against the OpenAPI description after each test, servers and temp dirs removed at the end.
 */
export function useScenario(onStart: (scenario: Scenario) => void, options?: ScenarioOptions): void {
  let scenario: Scenario | undefined;
  beforeAll(async () => {
    scenario = await Scenario.start(options);
    onStart(scenario);
  });
  afterEach(() => {
    scenario?.restoreToken();
    scenario?.github.assertAndClearProblems();
  });
  afterAll(async () => {
    await scenario?.close();
    await removeAllTempDirs();
  });
}
