import type { ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { access, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll } from "vitest";
import { type ActionRun, runActionWithPost } from "../rig/action-runner.js";
import { checkout, type PersistCredentials } from "../rig/checkout.js";
import { type GitServer, git, startGitServer } from "../rig/git-server.js";
import { type GitHubStandIn, startGitHubStandIn } from "../rig/github-stand-in.js";
import type { NodeRuntime } from "../rig/node-runtime.js";
import { makeTempDir, removeAllTempDirs } from "../rig/temp.js";

export const AGENTS_DIR = fileURLToPath(new URL("../fixtures/agents/", import.meta.url));

/** `node <fixture agent> args…` as an `agent-command` line. */
export function fixtureAgent(name: string, ...args: string[]): string {
  const quoted = [process.execPath, path.join(AGENTS_DIR, name), ...args].map(
    (arg) => `'${arg.replace(/'/g, `'\\''`)}'`,
  );
  return quoted.join(" ");
}

/** A process that exists and is not a zombie (an exited process nobody has reaped yet). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
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

export interface ScenarioOptions {
  owner?: string;
  repo?: string;
  files?: Record<string, string>;
  persistCredentials?: PersistCredentials;
  token?: string;
}

export interface RunOptions {
  inputs: Record<string, string>;
  /** `labeled` (default) with `label`, or `dispatch`. */
  event?: "labeled" | "dispatch" | { name: string; payload: unknown };
  label?: string;
  issueNumber?: number;
  node?: NodeRuntime;
  runId?: string;
  env?: Record<string, string>;
  /** Directories put in front of PATH, as a setup step's GITHUB_PATH would. */
  extraPath?: string[];
  home?: string;
  timeoutMs?: number;
  /** RUNNER_TEMP of this run (default: the scenario's); `workspaces-root` still defaults under it. */
  runnerTemp?: string;
  /** Called once the main step's process exists (not the post step's). */
  onSpawn?: (child: ChildProcess) => void;
  signalAfter?: Parameters<typeof runActionWithPost>[0] extends infer O
    ? O extends { signalAfter?: infer S }
      ? S
      : never
    : never;
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
    await git.createRepo(owner, repo, {
      files: options.files ?? { "README.md": "# widgets\n", "src/widget.txt": "widget v1\n" },
    });
    const runner = await makeTempDir("runner");
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

  eventPayload(label = "agent", issueNumber = this.issueNumber): unknown {
    const issue = this.github.issue(this.owner, this.repo, issueNumber);
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
      sender: { login: "maintainer" },
    };
  }

  /** Runs main then post, as the runner does for one job. */
  async run(options: RunOptions): Promise<{ main: ActionRun; post: ActionRun }> {
    this.runCount += 1;
    const event = options.event ?? "labeled";
    const issueNumber = options.issueNumber ?? this.issueNumber;
    const [eventName, eventPayload] =
      event === "labeled"
        ? ["issues", this.eventPayload(options.label ?? "agent", issueNumber)]
        : event === "dispatch"
          ? ["workflow_dispatch", { inputs: { "issue-number": String(issueNumber) }, ref: "refs/heads/main" }]
          : [event.name, event.payload];
    return runActionWithPost({
      inputs: options.inputs,
      token: this.token,
      eventName,
      eventPayload,
      repository: `${this.owner}/${this.repo}`,
      serverUrl: this.git.url,
      apiUrl: this.github.url,
      workspace: this.workspace,
      runnerTemp: options.runnerTemp ?? this.runnerTemp,
      runId: options.runId ?? String(this.runIdBase + this.runCount),
      // The runner runs node24 actions on Node 24; tests ask for the machine's Node where they want it.
      node: options.node ?? "24",
      env: options.env,
      extraPath: options.extraPath,
      home: options.home,
      timeoutMs: options.timeoutMs,
      signalAfter: options.signalAfter,
      onSpawn: options.onSpawn,
    });
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
 * One Scenario for a test file: started before its tests, every API request checked against
 * the OpenAPI description after each test, servers and temp dirs removed at the end.
 */
export function useScenario(onStart: (scenario: Scenario) => void, options?: ScenarioOptions): void {
  let scenario: Scenario | undefined;
  beforeAll(async () => {
    scenario = await Scenario.start(options);
    onStart(scenario);
  });
  afterEach(() => scenario?.github.assertAllRequestsValid());
  afterAll(async () => {
    await scenario?.close();
    await removeAllTempDirs();
  });
}
