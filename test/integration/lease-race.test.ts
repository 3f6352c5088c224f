// Two whole runs racing for one issue, each on its own runner (its own checkout), against the
// real git remote and the GitHub stand-in, with a real agent process. The pipeline runs in this
// process so that the lease's reads and swaps can be held to a schedule: each order of the two
// runs' steps happens for certain, which no timing of two `node dist/index.js` could promise.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Git } from "../../src/core/git.js";
import { GitLeaseStore } from "../../src/core/report/lease-store.js";
import { type RunResult, runTask } from "../../src/core/run-task.js";
import { parseSettings } from "../../src/core/settings.js";
import { createOctokitGitHub } from "../../src/github/octokit-github.js";
import { fixtureAgent } from "../e2e/scenario.js";
import type { GitServer } from "../rig/git-server.js";
import type { GitHubStandIn } from "../rig/github-stand-in.js";
import { interleavings, SteppedLeaseStore, StepSchedule } from "../rig/lease-steps.js";
import { removeAllTempDirs } from "../rig/temp.js";
import { lineLogger, runnerCheckout, startServers } from "./in-process.js";

const TOKEN = "ghs_leaseRaceRuns0123456789abcdefABCDEF";
const OWNER = "octo";
const REPO = "widgets";

let gitServer: GitServer;
let standIn: GitHubStandIn;
let lastRunId = 700;

interface Runner {
  name: string;
  runId: string;
  repoPath: string;
  workspacesRoot: string;
  log: string[];
}

/** A runner of its own: a checkout as actions/checkout leaves it, and a workspaces root. */
async function runner(name: string): Promise<Runner> {
  const { repoPath, workspacesRoot } = await runnerCheckout({
    server: gitServer,
    owner: OWNER,
    repo: REPO,
    token: TOKEN,
    name: `lease-race-${name}`,
  });
  return { name, runId: String(++lastRunId), repoPath, workspacesRoot, log: [] };
}

function run(r: Runner, issueNumber: number, schedule: StepSchedule): Promise<RunResult> {
  const env = { PATH: process.env.PATH ?? "", HOME: r.workspacesRoot };
  const settings = parseSettings({
    githubToken: TOKEN,
    repoPath: r.repoPath,
    workspacesRoot: r.workspacesRoot,
    agentCommand: fixtureAgent("write-files.mjs", `raced-by-${r.name}.txt=${r.name}`),
    keepWorkspace: "always",
  });
  const git = new Git(r.repoPath, env);
  const remoteUrl = gitServer.cloneUrl(OWNER, REPO);
  const store = new GitLeaseStore({
    git,
    remoteUrl,
    auth: { serverUrl: gitServer.url, token: TOKEN },
    issueNumber,
  });
  return runTask({
    settings,
    issueNumber,
    run: {
      owner: OWNER,
      repo: REPO,
      serverUrl: gitServer.url,
      runId: r.runId,
      runAttempt: "1",
      runUrl: `${gitServer.url}/${OWNER}/${REPO}/actions/runs/${r.runId}`,
    },
    github: createOctokitGitHub({
      token: TOKEN,
      apiUrl: standIn.url,
      owner: OWNER,
      repo: REPO,
      logger: lineLogger(r.log),
    }),
    git,
    logger: lineLogger(r.log),
    hostEnv: env,
    leaseStore: new SteppedLeaseStore(store, r.name, schedule),
  }).finally(() => schedule.finished(r.name));
}

/** Whose agent ran: each agent run leaves a workspace with its log under the runner's root. */
async function agentsThatRan(runners: Runner[]): Promise<string[]> {
  const ran: string[] = [];
  for (const r of runners) {
    const entries = await readdir(r.workspacesRoot).catch(() => [] as string[]);
    if (entries.some((entry) => entry.startsWith("issue-"))) ran.push(r.name);
  }
  return ran;
}

beforeAll(async () => {
  ({ gitServer, standIn } = await startServers(TOKEN));
  standIn.addRepo({ owner: OWNER, name: REPO, defaultBranch: "main" });
  await gitServer.createRepo(OWNER, REPO, { files: { "README.md": "# widgets\n" } });
});

afterAll(async () => {
  standIn.assertAllRequestsValid();
  await Promise.all([standIn.close(), gitServer.close()]);
  await removeAllTempDirs();
});

const ORDERS = interleavings(["A:read", "A:swap"], ["B:read", "B:swap"]);

describe("two whole runs labelled at the same moment, in every order of their lease steps", () => {
  it.each(ORDERS.map((order) => [order.join(" → "), order] as const))(
    "%s: one agent runs, one pull request, the other run is skipped and names it",
    async (_, order) => {
      const issue = standIn.addIssue(OWNER, REPO, {
        title: `Raced ${order.join(" ")}`,
        labels: ["agent"],
      }).number;
      const runners = [await runner("A"), await runner("B")];
      const configs = () =>
        Promise.all(runners.map((r) => readFile(path.join(r.repoPath, ".git", "config"))));
      const configsBefore = await configs();
      const schedule = new StepSchedule([...order]);
      const results = await Promise.all(runners.map((r) => run(r, issue, schedule)));
      const details = runners.map((r) => `${r.name}:\n${r.log.join("\n")}`).join("\n----\n");

      expect(results.map((result) => result.outcome).sort(), details).toEqual(["pr-opened", "skipped"]);
      const winner = runners[results.findIndex((result) => result.outcome === "pr-opened")]!;
      const loser = runners.find((r) => r !== winner)!;
      expect(await agentsThatRan(runners)).toEqual([winner.name]);
      // Each checkout as it was, its persisted credentials included: the winner's put back after
      // its agent, the loser's after it lost (its guard may have started with its environment).
      expect(await configs()).toEqual(configsBefore);
      expect(loser.log.join("\n")).toContain(`run ${winner.runId}`);

      const branch = `agent/custom/issue-${issue}`;
      const pulls = standIn.pulls(OWNER, REPO).filter((pull) => pull.pull.headRef === branch);
      expect(pulls).toHaveLength(1);
      expect(await gitServer.listFiles(OWNER, REPO, branch)).toEqual([
        "README.md",
        `raced-by-${winner.name}.txt`,
      ]);
      const statusComments = standIn
        .comments(OWNER, REPO, issue)
        .filter((comment) => comment.body.startsWith("<!-- agent-task:status -->"));
      expect(statusComments).toHaveLength(1);
      expect(schedule.log.filter((step) => !step.endsWith("*")).slice(0, 2)).toEqual(order.slice(0, 2));
    },
  );
});
