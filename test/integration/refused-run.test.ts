// A run takes its agent's user while it is admitted (startEarlySetUp), before it knows whether it
// goes on. One that is refused must hand that user back: a named user is held by one run at a
// time, so the next run in the same process would otherwise be told that the user is busy. It
// also looks for stale environments meanwhile, but only a run that goes on removes them.
import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Git } from "../../src/core/git.js";
import { type RunResult, runTask } from "../../src/core/run-task.js";
import { parseSettings } from "../../src/core/settings.js";
import { createOctokitGitHub } from "../../src/github/octokit-github.js";
import { ensureUser, fixtureAgent } from "../e2e/scenario.js";
import type { GitServer } from "../rig/git-server.js";
import type { GitHubStandIn } from "../rig/github-stand-in.js";
import { removeAllTempDirs } from "../rig/temp.js";
import { lineLogger, runnerCheckout, startServers } from "./in-process.js";

const TOKEN = "ghs_refusedRunUser0123456789abcdefABCDEF";
const OWNER = "octo";
const REPO = "gadgets";
/** A user of this test's own: another test holding it at the same time would make it busy. */
const AGENT_USER = "agent-task-t-refused";
const isRoot = process.getuid?.() === 0;

let gitServer: GitServer;
let standIn: GitHubStandIn;

/** An environment left by a run that died two days ago, in a fresh checkout's workspaces root. */
async function staleEnvironment(workspacesRoot: string): Promise<string> {
  const root = path.join(workspacesRoot, "issue-999-1-1");
  await mkdir(path.join(root, "workdir"), { recursive: true });
  const createdAt = new Date(Date.now() - 48 * 3_600_000).toISOString();
  const record = {
    root,
    workdir: path.join(root, "workdir"),
    taskId: "issue-999-1-1",
    mode: "directory",
    createdAt,
  };
  await writeFile(path.join(root, "environment.json"), JSON.stringify(record));
  return root;
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

async function run(
  issueNumber: number,
  actor: string,
  runId: string,
  log: string[],
): Promise<RunResult & { stale: string }> {
  const { repoPath, workspacesRoot } = await runnerCheckout({
    server: gitServer,
    owner: OWNER,
    repo: REPO,
    token: TOKEN,
    name: `refused-${runId}`,
  });
  const stale = await staleEnvironment(workspacesRoot);
  const env = { PATH: process.env.PATH ?? "", HOME: workspacesRoot };
  const git = new Git(repoPath, env);
  const result = await runTask({
    settings: parseSettings({
      githubToken: TOKEN,
      repoPath,
      workspacesRoot,
      agentCommand: fixtureAgent("write-files.mjs", `by-${runId}.txt=${runId}`),
      agentUser: AGENT_USER,
      staleEnvHours: "24",
    }),
    issueNumber,
    trigger: { event: "labeled", actor, at: new Date().toISOString() },
    run: { owner: OWNER, repo: REPO, serverUrl: gitServer.url, runId, runAttempt: "1" },
    github: createOctokitGitHub({
      token: TOKEN,
      apiUrl: standIn.url,
      owner: OWNER,
      repo: REPO,
      logger: lineLogger(log),
    }),
    git,
    logger: lineLogger(log),
    hostEnv: env,
  });
  return { ...result, stale };
}

beforeAll(async () => {
  if (!isRoot) return;
  ensureUser(AGENT_USER, ["--no-create-home", "--shell", "/usr/sbin/nologin"]);
  ({ gitServer, standIn } = await startServers(TOKEN));
  standIn.addRepo({ owner: OWNER, name: REPO, defaultBranch: "main" });
  standIn.setPermission(OWNER, REPO, "maintainer", "write");
  standIn.setPermission(OWNER, REPO, "triager", "triage");
  await gitServer.createRepo(OWNER, REPO, { files: { "README.md": "# gadgets\n" } });
});

afterAll(async () => {
  if (!isRoot) return;
  standIn.assertAllRequestsValid();
  await Promise.all([standIn.close(), gitServer.close()]);
  await removeAllTempDirs();
});

describe.skipIf(!isRoot)("a run refused at admission", () => {
  it("hands the agent's user it took meanwhile back, and removes no stale environment: the next run does both", async () => {
    const issue = standIn.addIssue(OWNER, REPO, { title: "Refused, then run", labels: ["agent"] }).number;
    const refusedLog: string[] = [];
    const refused = await run(issue, "triager", "901", refusedLog);
    expect(refused.outcome, refusedLog.join("\n")).toBe("skipped");
    expect(refusedLog.join("\n")).not.toContain(AGENT_USER);
    expect(await exists(refused.stale)).toBe(true);

    const log: string[] = [];
    const admitted = await run(issue, "maintainer", "902", log);
    expect(admitted.outcome, log.join("\n")).toBe("pr-opened");
    expect(log.join("\n")).toContain(`The agent runs as the user \`${AGENT_USER}\``);
    expect(await exists(admitted.stale)).toBe(false);
    expect(log.join("\n")).toContain("Removed 1 stale environment(s)");
  });
});
