// Real workflows are not clean: jobs set git's variables, forget actions/checkout, point repo-path
// at nothing; servers answer 502 after doing the work; tokens expire while the agent works; agents
// rewrite the branch's history. The action either succeeds or fails saying why, and loses nothing.
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { type ActionRun, REPO_ROOT } from "../rig/action-runner.js";
import { git } from "../rig/git-server.js";
import { makeTempDir } from "../rig/temp.js";
import { fixtureAgent, pathExists, type Scenario, useScenario } from "./scenario.js";

let scenario: Scenario;
useScenario((started) => {
  scenario = started;
});

const branchOf = (issue: number) => `agent/custom/issue-${issue}`;

/** What a workflow author sets at job level; the action inherits it all. */
const JOB_GIT_SETTINGS = {
  GIT_AUTHOR_NAME: "Job Author",
  GIT_AUTHOR_EMAIL: "job-author@example.com",
  GIT_TERMINAL_PROMPT: "1",
  GIT_SSL_CAINFO: "/etc/ssl/certs/ca-certificates.crt",
  EDITOR: "vim",
  PAGER: "less",
  VISUAL: "code --wait",
};

/** A plain HTTP forward proxy on 127.0.0.1 that records the URLs it forwarded. */
async function startForwardProxy(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? "");
    requests.push(target.href);
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function errors(run: ActionRun): string {
  return run.annotations
    .filter((a) => a.level === "error")
    .map((a) => a.message)
    .join("\n");
}

function pullsOf(issue: number) {
  return scenario.github
    .pulls(scenario.owner, scenario.repo)
    .filter((p) => p.pull.headRef === branchOf(issue));
}

/** Nothing was created for the issue: no comment, branch, pull request or workspace. */
async function expectNothingCreated(issue: number): Promise<void> {
  expect(scenario.github.comments(scenario.owner, scenario.repo, issue)).toEqual([]);
  expect(await scenario.git.headSha(scenario.owner, scenario.repo, branchOf(issue))).toBeUndefined();
  expect(pullsOf(issue)).toEqual([]);
  expect(await scenario.environments(issue)).toEqual([]);
}

describe("a job that sets git's variables", () => {
  it("GIT_AUTHOR_*, GIT_TERMINAL_PROMPT, GIT_SSL_CAINFO, EDITOR, PAGER, VISUAL: the action opens the PR", async () => {
    const issue = scenario.addIssue("Job with git settings");
    const { main, post } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("finish.mjs", "settings.txt=ok") },
      env: JOB_GIT_SETTINGS,
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(post.exitCode, post.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");
    expect(main.outputs.branch).toBe(branchOf(issue));
    expect(pullsOf(issue)).toHaveLength(1);
    expect(await scenario.git.readFile(scenario.owner, scenario.repo, branchOf(issue), "settings.txt")).toBe(
      "ok\n",
    );
    // The action commits as itself: the job's GIT_AUTHOR_NAME does not reach its git.
    const bare = scenario.git.bareDir(scenario.owner, scenario.repo);
    const author = await git(["--git-dir", bare, "log", "-1", "--format=%an <%ae>", branchOf(issue)]);
    expect(author).toMatch(/^github-actions\[bot\] </);
  });

  it("the job's proxy still applies: git reaches the remote through http_proxy", async () => {
    const issue = scenario.addIssue("Job behind a proxy");
    const proxy = await startForwardProxy();
    try {
      const { main } = await scenario.run({
        issueNumber: issue,
        inputs: { "agent-command": fixtureAgent("finish.mjs", "proxied.txt=ok") },
        // curl reads the lower-case name for http:// URLs.
        env: { ...JOB_GIT_SETTINGS, http_proxy: proxy.url, NO_PROXY: "" },
      });
      expect(main.exitCode, main.log).toBe(0);
      expect(main.outputs.outcome).toBe("pr-opened");
      const gitThroughProxy = proxy.requests.filter((url) => url.includes(`/${scenario.repo}.git/`));
      expect(gitThroughProxy.some((url) => url.includes("service=git-receive-pack"))).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it("the CLI (dist/cli/index.js) opens the PR too", async () => {
    const issue = scenario.addIssue("CLI with git settings");
    const result = await promisify(execFile)(
      process.execPath,
      [
        path.join(REPO_ROOT, "dist", "cli", "index.js"),
        "run",
        "--repo",
        `${scenario.owner}/${scenario.repo}`,
        "--issue",
        String(issue),
        "--agent-command",
        fixtureAgent("write-files.mjs", "cli-settings.txt=ok"),
        "--workspaces-root",
        path.join(scenario.runnerTemp, "cli-workspaces"),
        "--json",
      ],
      {
        cwd: scenario.workspace,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          GITHUB_TOKEN: scenario.token,
          GITHUB_API_URL: scenario.github.url,
          GITHUB_SERVER_URL: scenario.git.url,
          ...JOB_GIT_SETTINGS,
        },
      },
    );
    // --json prints the outputs as one JSON object on stdout; the log goes to stderr.
    const outputs = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "");
    expect(outputs.outcome, result.stdout + result.stderr).toBe("pr-opened");
    expect(
      await scenario.git.readFile(scenario.owner, scenario.repo, outputs.branch, "cli-settings.txt"),
    ).toBe("ok\n");
  });
});

describe("mistakes in the workflow fail the step before anything is created", () => {
  it("no actions/checkout: an empty workspace", async () => {
    const issue = scenario.addIssue("Forgot the checkout");
    const empty = (await makeTempDir("no-checkout")).path;
    const { main, post } = await scenario.run({
      issueNumber: issue,
      workspace: empty,
      inputs: { "agent-command": fixtureAgent("finish.mjs", "never.txt=x") },
    });
    expect(main.exitCode, main.log).toBe(1);
    expect(post.exitCode, post.log).toBe(0);
    expect(errors(main)).toContain(`\`repo-path\` ${empty} is empty`);
    expect(errors(main)).toContain("actions/checkout");
    expect(main.outputs.outcome).toBe("");
    await expectNothingCreated(issue);
  });

  it("a repo-path that does not exist", async () => {
    const issue = scenario.addIssue("Wrong repo-path");
    const missing = path.join(scenario.runnerTemp, "no-such-checkout");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("finish.mjs", "never.txt=x"), "repo-path": missing },
    });
    expect(main.exitCode, main.log).toBe(1);
    expect(errors(main)).toContain(`\`repo-path\` ${missing} does not exist`);
    expect(errors(main)).toContain("actions/checkout");
    await expectNothingCreated(issue);
  });

  it("a wrong repo-path and an actor who would be refused: the repo-path error, and no refusal comment", async () => {
    // Admission reads the issue and the actor while repo-path is checked; refusing waits for it.
    scenario.github.setPermission(scenario.owner, scenario.repo, "early-triager", "triage");
    const issue = scenario.addIssue("Wrong repo-path, refused actor");
    const missing = path.join(scenario.runnerTemp, "no-such-checkout-either");
    const { main } = await scenario.run({
      issueNumber: issue,
      sender: { login: "early-triager" },
      inputs: { "agent-command": fixtureAgent("finish.mjs", "never.txt=x"), "repo-path": missing },
    });
    expect(main.exitCode, main.log).toBe(1);
    expect(errors(main)).toContain(`\`repo-path\` ${missing} does not exist`);
    expect(main.log).not.toContain("Skipping");
    await expectNothingCreated(issue);
  });

  it("a checkout git cannot read: git's own error, not 'not a checkout'", async () => {
    const issue = scenario.addIssue("Broken checkout");
    const dir = path.join((await makeTempDir("broken-checkout")).path, "repo");
    await git(["clone", "--quiet", scenario.git.bareDir(scenario.owner, scenario.repo), dir]);
    await writeFile(path.join(dir, ".git", "config"), "[core\n\tthis is not config\n");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("finish.mjs", "never.txt=x"), "repo-path": dir },
    });
    expect(main.exitCode, main.log).toBe(1);
    expect(errors(main)).toContain(`git failed in \`repo-path\` ${dir}`);
    expect(errors(main)).toMatch(/bad config/);
    expect(errors(main)).not.toMatch(/not a git checkout/);
    await expectNothingCreated(issue);
  });
});

describe("a POST that GitHub carries out but answers 502", () => {
  it("pulls/create: the PR is found instead of a second POST; pr-opened, one PR", async () => {
    const issue = scenario.addIssue("PR created despite a 502");
    scenario.github.clearRequests();
    const fault = scenario.github.injectFault({
      operationId: "pulls/create",
      status: 502,
      timing: "after-handler",
    });
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("finish.mjs", "created.txt=ok") },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(fault.hits).toBe(1);
    expect(main.outputs.outcome).toBe("pr-opened");
    const [pull, ...others] = pullsOf(issue);
    expect(others).toEqual([]);
    expect(main.outputs["pr-number"]).toBe(String(pull!.number));
    const creates = scenario.github.requests.filter((r) => r.operationId === "pulls/create");
    expect(creates.map((r) => r.status)).toEqual([502]);
  });

  it("issues/create-comment: one status comment", async () => {
    const issue = scenario.addIssue("Comment created despite a 502");
    const fault = scenario.github.injectFault({
      operationId: "issues/create-comment",
      status: 502,
      timing: "after-handler",
    });
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("finish.mjs", "commented.txt=ok") },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(fault.hits).toBe(1);
    expect(main.outputs.outcome).toBe("pr-opened");
    const comments = scenario.statusComments(issue);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(main.outputs["pr-url"]!);
  });
});

describe("the git remote answers 502 to the first push", () => {
  it("the push is retried and the PR opens", async () => {
    const issue = scenario.addIssue("Flaky git remote");
    scenario.git.failPushes(1, 502);
    const before = scenario.git.requests.length;
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("finish.mjs", "retried.txt=ok") },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");
    const pushes = scenario.git.requests
      .slice(before)
      .filter((r) => r.method === "POST" && r.path.endsWith("/git-receive-pack"))
      .map((r) => r.status);
    expect(pushes[0]).toBe(502);
    expect(pushes.slice(1)).toContain(200);
    expect(main.log).toMatch(/Push failed .*502.*retrying/);
  });
});

describe("the token is revoked while the agent works", () => {
  it("fails naming the token, keeps the work whatever keep-env says, and post exits 0", async () => {
    const issue = scenario.addIssue("Token expires mid-run");
    const runId = "7700001";
    let main: ActionRun;
    let post: ActionRun;
    try {
      const running = scenario.run({
        issueNumber: issue,
        runId,
        inputs: {
          "agent-command": fixtureAgent("sleep-then-write.mjs", "forever", "late.txt=done late"),
          "keep-env": "never",
        },
      });
      await scenario.agentStarted(runId, issue);
      scenario.revokeToken();
      await scenario.releaseAgent(runId, issue);
      ({ main, post } = await running);
    } finally {
      scenario.restoreToken();
    }
    expect(main.exitCode, main.log).toBe(1);
    expect(post.exitCode, post.log).toBe(0);
    const failure = errors(main);
    expect(failure).toContain("`github-token` was rejected (401)");
    expect(failure).toMatch(/expired or was revoked/);
    expect(await scenario.git.headSha(scenario.owner, scenario.repo, branchOf(issue))).toBeUndefined();

    // The work is kept: the workspace, the patch, and the message says where.
    const root = main.outputs["env-dir"]!;
    expect(root).not.toBe("");
    expect(failure).toContain(root);
    expect(await readFile(path.join(root, "workdir", "late.txt"), "utf8")).toBe("done late\n");
    expect(await readFile(path.join(root, "output", "changes.patch"), "utf8")).toContain("late.txt");
    expect(await pathExists(root)).toBe(true);

    // The status comment could not be updated, and the log says why.
    expect(main.log).toMatch(/Could not update the status comment: .*401/);
  });
});

describe("an agent that rewrites the history of a continued branch", () => {
  it("git reset --hard to the base: the person's commit stays on the branch, the new file is added", async () => {
    const issue = scenario.addIssue("Reset in a continued session");
    const branch = branchOf(issue);
    const first = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("finish.mjs", "first.txt=first run") },
    });
    expect(first.main.outputs.outcome, first.main.log).toBe("pr-opened");
    const human = await scenario.git.pushCommit(
      scenario.owner,
      scenario.repo,
      branch,
      { "human.txt": "a person's fix\n" },
      "A person's fix",
    );

    // base ← first run's commit ← the person's commit. The agent's repository holds the branch's
    // tip and the base's (as origin/main), so the agent resets to the base by that name.
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("git-games.mjs", "reset-hard", "origin/main") },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-updated");
    expect(main.outputs.branch).toBe(branch);
    const bare = scenario.git.bareDir(scenario.owner, scenario.repo);
    const history = await git(["--git-dir", bare, "rev-list", branch]);
    expect(history.split("\n")).toContain(human);
    expect(await scenario.git.readFile(scenario.owner, scenario.repo, branch, "human.txt")).toBe(
      "a person's fix\n",
    );
    expect(await scenario.git.readFile(scenario.owner, scenario.repo, branch, "first.txt")).toBe(
      "first run\n",
    );
    expect(
      await scenario.git.readFile(scenario.owner, scenario.repo, branch, "reset-hard-after-reset.txt"),
    ).toBe("reset-hard after-reset\n");
    // What the run reports as changed is the agent's file, not the commits it had dropped.
    expect(main.outputs["changed-files"]).toBe("1");
    const [status] = scenario.statusComments(issue);
    expect(status!.body).toMatch(/rewrote the history/);
  });

  it("when its work does not apply on top of the branch: a side branch with a note, the branch untouched", async () => {
    const issue = scenario.addIssue("Reset that conflicts");
    const branch = branchOf(issue);
    const first = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("finish.mjs", "shared.txt=first run") },
    });
    expect(first.main.outputs.outcome, first.main.log).toBe("pr-opened");
    const human = await scenario.git.pushCommit(
      scenario.owner,
      scenario.repo,
      branch,
      { "shared.txt": "a person's version\n" },
      "A person's edit",
    );
    const runId = "7700002";
    const { main } = await scenario.run({
      issueNumber: issue,
      runId,
      inputs: {
        "agent-command": fixtureAgent(
          "git-games.mjs",
          "reset-hard",
          "origin/main",
          "shared.txt=the agent's version",
        ),
      },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("completed");
    expect(main.outputs.branch).toBe(`${branch}-${runId}`);
    // The branch of the pull request is exactly as the person left it.
    expect(await scenario.git.headSha(scenario.owner, scenario.repo, branch)).toBe(human);
    expect(
      await scenario.git.readFile(scenario.owner, scenario.repo, `${branch}-${runId}`, "shared.txt"),
    ).toBe("the agent's version\n");
    expect(pullsOf(issue)).toHaveLength(1);
    const [status] = scenario.statusComments(issue);
    expect(status!.body).toContain(`pushed to ${branch}-${runId}`);
  });
});
