/**
 * The bench's world: one real git remote over HTTP and one OpenAPI-checked GitHub stand-in, with
 * repositories of any size checked out as actions/checkout leaves them, and the bundled action run
 * the way the runner runs it (main, then post, on the runner's Node 24).
 */
import { randomInt } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type ActionRun, runActionWithPost } from "../../test/rig/action-runner.js";
import { checkout } from "../../test/rig/checkout.js";
import {
  type GitRequestRecord,
  type GitServer,
  runGit,
  startGitServer,
  TEST_IDENTITY,
} from "../../test/rig/git-server.js";
import {
  type GitHubStandIn,
  type RecordedRequest,
  startGitHubStandIn,
} from "../../test/rig/github-stand-in.js";
import { makeTempDir } from "../../test/rig/temp.js";
import { ActionProbe, type ActionProbeOptions, type ActionProbeResult } from "./process-probes.js";

const AGENTS_DIR = fileURLToPath(new URL("./agents/", import.meta.url));
const TOKEN = "ghs_agentTaskBenchToken0123456789abcdefABCD";
const OWNER = "octo";
/** Who labels the issues; a collaborator with write access, as a maintainer would be. */
const SENDER = "maintainer";
export const TRIGGER_LABEL = "agent";

/** `node <bench agent> args…` as an `agent-command` line (shell-like quoting, no shell). */
export function benchAgent(name: string, ...args: string[]): string {
  const quoted = [process.execPath, path.join(AGENTS_DIR, name), ...args].map(
    (arg) => `'${arg.replace(/'/g, `'\\''`)}'`,
  );
  return quoted.join(" ");
}

/**
 * The least an agent can be: one shell process that writes `file`. The overhead and concurrency
 * groups use it, so that their figures are the action's cost and not an agent runtime's start-up
 * (a Node agent adds its own 30-40 ms to every run).
 */
export function shellAgentWriting(file: string, content: string): string {
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  return `/bin/sh -c ${quote(`printf '%s\\n' ${quote(content)} > ${quote(file)}`)}`;
}

/** Path of the i-th generated file: a few hundred directories of twenty files, like a source tree. */
function generatedPath(index: number): string {
  return `src/area-${Math.floor(index / 400)}/part-${Math.floor(index / 20) % 20}/module-${index}.ts`;
}

function generatedContent(index: number): string {
  return `// Module ${index}\nexport const value${index} = ${index};\nexport function double${index}(x: number): number {\n  return x * 2 + ${index % 7};\n}\n`;
}

/**
 * Adds `fileCount` files in one commit on top of the default branch with `git fast-import`: a
 * hundred thousand files take seconds, where one `hash-object` per file would take minutes.
 */
async function addGeneratedFiles(bareDir: string, fileCount: number): Promise<void> {
  const stamp = `${Math.floor(Date.now() / 1000)} +0000`;
  const message = `Add ${fileCount} generated files\n`;
  const parts = [
    "commit refs/heads/main",
    `committer ${TEST_IDENTITY.name} <${TEST_IDENTITY.email}> ${stamp}`,
    `data ${Buffer.byteLength(message)}`,
    message,
    "from refs/heads/main^0",
  ];
  for (let index = 0; index < fileCount; index++) {
    const content = generatedContent(index);
    parts.push(`M 100644 inline ${generatedPath(index)}`, `data ${Buffer.byteLength(content)}`, content);
  }
  const result = await runGit(["--git-dir", bareDir, "fast-import", "--quiet"], {
    input: `${parts.join("\n")}\n`,
  });
  if (result.exitCode !== 0) throw new Error(`git fast-import failed:\n${result.stderr}`);
}

export interface BenchRunOptions {
  readonly issue: number;
  /** `agent-command`. */
  readonly agent: string;
  /** The label just added; the trigger label unless a skipped run is wanted. */
  readonly label?: string;
  readonly inputs?: Record<string, string>;
  /** RUNNER_TEMP of this job; the repository's own by default. */
  readonly runnerTemp?: string;
  readonly probe?: ActionProbeOptions;
  /** Longest the main step may take; the rig kills it after this. */
  readonly timeoutMs?: number;
  /** The outcomes that count as success; anything else throws with the log. */
  readonly expect: readonly string[];
  /** The main step is meant to fail (e.g. `timed-out`); otherwise a non-zero exit throws. */
  readonly stepFails?: boolean;
  /** Measure the CPU time of main and post and what they waited for (see RunActionOptions.measureCpu). */
  readonly measureCpu?: boolean;
}

export interface BenchRun {
  readonly runId: string;
  readonly main: ActionRun;
  readonly post: ActionRun;
  /** main + post, each from spawn to exit as the rig measures it. */
  readonly totalMs: number;
  /** CPU time of main and post with everything they waited for (git, the agent), with `measureCpu`. */
  readonly cpuMs?: number;
  readonly probe: ActionProbeResult;
  /** API requests made while the run was going on (other runs at the same time included). */
  readonly apiRequests: readonly RecordedRequest[];
  readonly gitRequests: readonly GitRequestRecord[];
}

export class BenchRepo {
  constructor(
    private readonly world: BenchWorld,
    readonly name: string,
    readonly fileCount: number,
    /** GITHUB_WORKSPACE: the checkout. */
    readonly workspace: string,
    readonly runnerTemp: string,
  ) {}

  get owner(): string {
    return OWNER;
  }

  get fullName(): string {
    return `${OWNER}/${this.name}`;
  }

  /** The default `workspaces-root` of runs with the repository's RUNNER_TEMP. */
  get workspacesRoot(): string {
    return path.join(this.runnerTemp, "agent_workspaces");
  }

  addIssue(title: string, body = "Please make the change described in the title."): number {
    return this.world.github.addIssue(OWNER, this.name, { title, body, labels: [TRIGGER_LABEL] }).number;
  }

  /**
   * The `issues` `labeled` webhook payload, with the issue and repository as the REST API returns
   * them (read from the stand-in before the run, so they are not counted as the run's requests).
   */
  private async labeledPayload(issue: number, label: string): Promise<unknown> {
    const read = async (route: string) => {
      const response = await fetch(`${this.world.github.url}${route}`, {
        headers: { authorization: `token ${TOKEN}`, accept: "application/vnd.github+json" },
      });
      if (!response.ok) throw new Error(`GET ${route}: ${response.status}`);
      return (await response.json()) as Record<string, unknown>;
    };
    return {
      action: "labeled",
      issue: await read(`/repos/${this.fullName}/issues/${issue}`),
      label: { name: label, color: "ededed", default: false },
      repository: await read(`/repos/${this.fullName}`),
      sender: { login: SENDER, type: "User" },
    };
  }

  async run(options: BenchRunOptions): Promise<BenchRun> {
    const runId = this.world.nextRunId();
    const eventPayload = await this.labeledPayload(options.issue, options.label ?? TRIGGER_LABEL);
    const probe = new ActionProbe(options.probe);
    const apiBefore = this.world.github.requests.length;
    const gitBefore = this.world.git.requests.length;
    const { main, post } = await runActionWithPost({
      inputs: { "agent-command": options.agent, ...options.inputs },
      token: TOKEN,
      eventName: "issues",
      eventPayload,
      repository: this.fullName,
      serverUrl: this.world.git.url,
      apiUrl: this.world.github.url,
      workspace: this.workspace,
      runnerTemp: options.runnerTemp ?? this.runnerTemp,
      runId,
      actor: SENDER,
      node: "24",
      timeoutMs: options.timeoutMs ?? 120_000,
      onSpawn: probe.attach,
      measureCpu: options.measureCpu,
    });
    const probed = probe.result();
    const outcome = main.outputs.outcome ?? "";
    const mainExit = options.stepFails ? 1 : 0;
    if (!options.expect.includes(outcome) || main.exitCode !== mainExit || post.exitCode !== 0) {
      const log = options.probe?.discardOutput ? probed.outputTail : main.log;
      throw new Error(
        `run ${runId} on ${this.fullName} ended ${JSON.stringify(outcome)} (main exit ${main.exitCode}, post exit ${post.exitCode}); expected ${options.expect.join(" or ")}\n--- main log (tail)\n${log.slice(-4000)}\n--- post log (tail)\n${post.log.slice(-2000)}`,
      );
    }
    return {
      runId,
      main,
      post,
      totalMs: main.durationMs + post.durationMs,
      cpuMs: main.cpuMs !== undefined && post.cpuMs !== undefined ? main.cpuMs + post.cpuMs : undefined,
      probe: probed,
      apiRequests: this.world.github.requests.slice(apiBefore),
      gitRequests: this.world.git.requests.slice(gitBefore),
    };
  }
}

export class BenchWorld {
  private runCount = 0;
  /** Run ids start at a random base, so agents of this bench never share a task id with another run on the host. */
  private readonly runIdBase = 7_000_000 + randomInt(0, 1_000_000) * 100;

  private constructor(
    readonly git: GitServer,
    readonly github: GitHubStandIn,
  ) {}

  static async start(): Promise<BenchWorld> {
    const git = await startGitServer({ token: TOKEN });
    const github = await startGitHubStandIn({
      token: TOKEN,
      htmlBaseUrl: git.url,
      branchHead: (owner, repo, branch) => git.headSha(owner, repo, branch),
    });
    return new BenchWorld(git, github);
  }

  private readonly repos = new Map<string, Promise<BenchRepo>>();

  /** The repository `files-{fileCount}`, made on first use and shared by the groups after that. */
  repo(fileCount: number): Promise<BenchRepo> {
    const name = `files-${fileCount}`;
    let repo = this.repos.get(name);
    if (!repo) {
      repo = this.addRepo(name, fileCount);
      this.repos.set(name, repo);
    }
    return repo;
  }

  private warmedUp: Promise<void> | undefined;

  /**
   * One untimed run that opens a pull request, before the first timed one: the stand-in compiles
   * its OpenAPI validator for an operation on first use (0.1–0.2 s each), and the first start of
   * the runner's Node reads it from disk.
   */
  warmUp(): Promise<void> {
    this.warmedUp ??= this.repo(1_000).then(async (repo) => {
      await repo.run({
        issue: repo.addIssue("Warm-up"),
        agent: benchAgent("write-files.mjs", "warm-up.txt=warm"),
        expect: ["pr-opened"],
      });
    });
    return this.warmedUp;
  }

  nextRunId(): string {
    this.runCount += 1;
    return String(this.runIdBase + this.runCount);
  }

  /** A repository of `fileCount` generated files plus a README, cloned into a fresh runner workspace. */
  async addRepo(name: string, fileCount: number): Promise<BenchRepo> {
    this.github.addRepo({ owner: OWNER, name, defaultBranch: "main" });
    this.github.setPermission(OWNER, name, SENDER, "write");
    const { bareDir } = await this.git.createRepo(OWNER, name, { files: { "README.md": `# ${name}\n` } });
    if (fileCount > 0) await addGeneratedFiles(bareDir, fileCount);
    const runner = await makeTempDir(`bench-${name}`);
    const workspace = path.join(runner.path, "work", name, name);
    const runnerTemp = path.join(runner.path, "temp");
    await mkdir(runnerTemp, { recursive: true });
    await checkout({ server: this.git, owner: OWNER, repo: name, dir: workspace, token: TOKEN, runnerTemp });
    return new BenchRepo(this, name, fileCount + 1, workspace, runnerTemp);
  }

  /** Every API request and git HTTP request is answered `ms` later (0: at once), like GitHub far away. */
  setNetworkDelay(ms: number): void {
    this.github.setDelay(ms);
    this.git.setDelay(ms);
  }

  /** Throws when any request of the action did not validate against GitHub's OpenAPI description. */
  assertApiValid(): void {
    this.github.assertAllRequestsValid();
  }

  async close(): Promise<void> {
    await Promise.all([this.git.close(), this.github.close()]);
  }
}
