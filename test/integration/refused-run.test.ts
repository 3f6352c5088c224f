// A run takes its agent's user while it is admitted (startEarlySetUp), before it knows whether it
// goes on. One that is refused must hand that user back: a named user is held by one run at a
// time, so the next run in the same process would otherwise be told that the user is busy.
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

async function run(issueNumber: number, actor: string, runId: string, log: string[]): Promise<RunResult> {
  const { repoPath, workspacesRoot } = await runnerCheckout({
    server: gitServer,
    owner: OWNER,
    repo: REPO,
    token: TOKEN,
    name: `refused-${runId}`,
  });
  const env = { PATH: process.env.PATH ?? "", HOME: workspacesRoot };
  const git = new Git(repoPath, env);
  return runTask({
    settings: parseSettings({
      githubToken: TOKEN,
      repoPath,
      workspacesRoot,
      agentCommand: fixtureAgent("write-files.mjs", `by-${runId}.txt=${runId}`),
      agentUser: AGENT_USER,
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
  it("hands the agent's user it took meanwhile back: the next run gets it", async () => {
    const issue = standIn.addIssue(OWNER, REPO, { title: "Refused, then run", labels: ["agent"] }).number;
    const refusedLog: string[] = [];
    const refused = await run(issue, "triager", "901", refusedLog);
    expect(refused.outcome, refusedLog.join("\n")).toBe("skipped");
    expect(refusedLog.join("\n")).not.toContain(AGENT_USER);

    const log: string[] = [];
    const admitted = await run(issue, "maintainer", "902", log);
    expect(admitted.outcome, log.join("\n")).toBe("pr-opened");
    expect(log.join("\n")).toContain(`The agent runs as the user \`${AGENT_USER}\``);
  });
});
