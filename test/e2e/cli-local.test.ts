import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueJson } from "../../src/core/issue/issue-context.js";
import { git } from "../rig/git-server.js";
import { makeTempDir, removeAllTempDirs } from "../rig/temp.js";
import { CLI, type CliResult, runCli } from "./cli-process.js";
import { fixtureAgent } from "./scenario.js";

const execFileAsync = promisify(execFile);

/**
 * Runs without GitHub: a plain local repository (its `origin` a bare repository on disk), no
 * token, and every URL the runner could reach pointed at a server that records what reaches it.
 */
let tripwire: { server: Server; url: string; hits: string[] };
let home: string;

beforeAll(async () => {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  tripwire = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
  home = (await makeTempDir("cli-home")).path;
});

afterAll(async () => {
  await new Promise<void>((resolve) => tripwire.server.close(() => resolve()));
  await removeAllTempDirs();
});

interface LocalRepo {
  dir: string;
  origin: string;
  workspaces: string;
  issueFile: string;
}

/** A local repository with one commit on `main`, a bare `origin`, and an issue written down. */
async function localRepo(
  issueText = "# Add a greeting\n\nPlease add `hello.txt`.\n\n- [ ] it greets\n",
): Promise<LocalRepo> {
  const root = (await makeTempDir("cli-local")).path;
  const dir = path.join(root, "repo");
  const origin = path.join(root, "origin.git");
  await git(["init", "--quiet", "--bare", origin]);
  await git(["init", "--quiet", "--initial-branch=main", dir]);
  await writeFile(path.join(dir, "README.md"), "# a project\n");
  await git(["-C", dir, "add", "README.md"]);
  await git([
    "-C",
    dir,
    "-c",
    "user.name=Dev",
    "-c",
    "user.email=dev@example.invalid",
    "commit",
    "--quiet",
    "-m",
    "Start",
  ]);
  await git(["-C", dir, "remote", "add", "origin", origin]);
  await git(["-C", dir, "push", "--quiet", "origin", "main"]);
  const issueFile = path.join(root, "ISSUE.md");
  await writeFile(issueFile, issueText);
  return { dir, origin, workspaces: path.join(root, "workspaces"), issueFile };
}

function local(repo: LocalRepo, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(["run", "--workspaces-root", repo.workspaces, ...args], {
    cwd: repo.dir,
    home,
    env: {
      GITHUB_API_URL: tripwire.url,
      GITHUB_SERVER_URL: tripwire.url,
      HTTP_PROXY: tripwire.url,
      HTTPS_PROXY: tripwire.url,
      ...env,
    },
  });
}

async function branches(dir: string): Promise<string[]> {
  return (await git(["-C", dir, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/agent-task"]))
    .split("\n")
    .filter(Boolean);
}

async function worktrees(dir: string): Promise<string[]> {
  return (await git(["-C", dir, "worktree", "list", "--porcelain"]))
    .split("\n")
    .filter((line) => line.startsWith("worktree "));
}

describe("agent-task run --issue-file, without GitHub", () => {
  it("commits the agent's work on the local agent branch, shows the diff, pushes nothing", async () => {
    const repo = await localRepo();
    const hitsBefore = tripwire.hits.length;
    const result = await local(repo, [
      "--issue-file",
      repo.issueFile,
      "--agent-command",
      fixtureAgent("print-env.mjs"),
    ]);
    expect(result.code, result.stderr + result.stdout).toBe(0);

    // The commit is on the local agent branch, on top of main, with the agent's file and no context.
    const branch = "agent/custom/issue-0";
    expect(await branches(repo.dir)).toEqual([`refs/heads/${branch}`, "refs/heads/main"]);
    const files = (await git(["-C", repo.dir, "ls-tree", "-r", "--name-only", branch]))
      .split("\n")
      .filter(Boolean);
    expect(files).toEqual(["README.md", "env-seen.txt"]);
    expect(await git(["-C", repo.dir, "rev-parse", `${branch}~1`])).toBe(
      await git(["-C", repo.dir, "rev-parse", "main"]),
    );
    // Nothing was pushed, nothing went over the network, and the worktree is gone (keep-env: on-failure).
    expect(await git(["--git-dir", repo.origin, "for-each-ref", "--format=%(refname)"])).toBe(
      "refs/heads/main",
    );
    expect(tripwire.hits.slice(hitsBefore)).toEqual([]);
    expect(await worktrees(repo.dir)).toEqual([`worktree ${repo.dir}`]);

    // The agent had its context, made from the file.
    const [envDir] = await readdir(repo.workspaces);
    const seen = JSON.parse(
      await readFile(path.join(repo.workspaces, envDir!, "output", "agent-env.json"), "utf8"),
    );
    expect(seen.context).toMatch(/^# Issue: Add a greeting\n\n## Description\n\nPlease add `hello.txt`\./);
    expect(seen.context).toContain("## Acceptance Criteria\n\n- it greets");
    expect(seen.context).toContain(
      "- Base branch: main\n- Agent branch: agent/custom/issue-0\n- Mode: git_worktree",
    );
    expect(seen.env.AGENT_BRANCH).toBe(branch);

    // The end of the output: the outputs, the diff, and how to push it.
    expect(result.stdout).toMatch(/^outcome +completed$/m);
    expect(result.stdout).toMatch(new RegExp(`^branch +${branch}$`, "m"));
    expect(result.stdout).toContain(" env-seen.txt | 1 +");
    expect(result.stdout).toContain("+++ b/env-seen.txt\n@@ -0,0 +1 @@\n+seen\n");
    expect(result.stdout).toContain("nothing was pushed");
    expect(result.stdout).toContain(`To publish it: git -C ${repo.dir} push origin ${branch}\n`);
  });

  it("on a terminal shows each phase, the time and the agent's output as it comes", async () => {
    const repo = await localRepo();
    const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
    const command = [
      process.execPath,
      CLI,
      "run",
      "--workspaces-root",
      repo.workspaces,
      "--issue-file",
      repo.issueFile,
      "--agent-command",
      fixtureAgent("write-files.mjs", "tty.txt=t"),
    ]
      .map(quote)
      .join(" ");
    // `script` runs the command on a pseudo-terminal, as a user's shell would.
    const { stdout } = await execFileAsync(
      "script",
      ["--quiet", "--return", "--command", command, "/dev/null"],
      {
        cwd: repo.dir,
        env: { PATH: process.env.PATH ?? "", HOME: home, TERM: "xterm" },
      },
    );
    expect(stdout).toContain("\x1b[1m▶ Run the agent\x1b[0m");
    const prepare = stdout.split("\n").find((line) => line.includes("▶ Prepare the workspace"));
    expect(prepare).toContain("\x1b[1m▶ Prepare the workspace\x1b[0m");
    expect(prepare).toMatch(/\[\d+:\d\d\]/);
    expect(stdout).toContain("… Run the agent · 0:0");
    expect(stdout).toContain("│\x1b[0m wrote tty.txt");
    expect(stdout).toMatch(/^outcome +completed\r?$/m);
  });

  it("continues the local agent branch on the next run", async () => {
    const repo = await localRepo();
    for (const file of ["first.txt=1", "second.txt=2"]) {
      const result = await local(repo, [
        "--issue-file",
        repo.issueFile,
        "--issue",
        "7",
        "--agent-command",
        fixtureAgent("write-files.mjs", file),
        "--json",
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        outcome: "completed",
        branch: "agent/custom/issue-7",
        "changed-files": "1",
        "pr-url": "",
      });
    }
    const log = await git(["-C", repo.dir, "log", "--format=%s", "main..agent/custom/issue-7"]);
    expect(log.trim().split("\n")).toEqual([
      "Agent changes for #7: Add a greeting",
      "Agent changes for #7: Add a greeting",
    ]);
    const files = await git(["-C", repo.dir, "ls-tree", "-r", "--name-only", "agent/custom/issue-7"]);
    expect(files.trim().split("\n")).toEqual(["README.md", "first.txt", "second.txt"]);
  });

  it("reproduces a CI run from the issue.json of a kept workspace", async () => {
    const repo = await localRepo();
    await git(["-C", repo.dir, "branch", "develop", "main"]);
    const issueFile = path.join(path.dirname(repo.issueFile), "issue.json");
    await writeFile(
      issueFile,
      issueJson({
        taskId: "issue-12-123456-1",
        repository: {
          owner: "octo",
          name: "widgets",
          defaultBranch: "main",
          htmlUrl: "https://github.com/octo/widgets",
        },
        issue: {
          number: 12,
          title: "Fix the greeting",
          body: "It says hallo.",
          url: "https://github.com/octo/widgets/issues/12",
          author: "octocat",
          labels: ["agent"],
          state: "open",
          createdAt: "2026-01-02T03:04:05Z",
        },
        comments: [
          {
            id: 99,
            author: "reviewer",
            createdAt: "2026-01-03T04:05:06Z",
            body: "And add a newline.",
            url: "https://github.com/octo/widgets/issues/12#issuecomment-99",
          },
        ],
        baseBranch: "develop",
        branch: "agent/custom/issue-12",
        mode: "worktree",
        instructions: "Be brief.",
      }),
    );
    const result = await local(repo, [
      "--issue-file",
      issueFile,
      "--agent-command",
      fixtureAgent("print-env.mjs"),
      "--keep-env",
      "always",
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const outputs = JSON.parse(result.stdout);
    expect(outputs.branch).toBe("agent/custom/issue-12");
    const seen = JSON.parse(
      await readFile(path.join(outputs["env-dir"], "output", "agent-env.json"), "utf8"),
    );
    expect(seen.context).toContain("# Issue: Fix the greeting");
    expect(seen.context).toContain("### reviewer on 2026-01-03T04:05:06Z\n\nAnd add a newline.");
    expect(seen.context).toContain("- Repository: octo/widgets\n- Base branch: develop");
    expect(seen.context).toContain("## Agent Instructions\n\nBe brief.");
    expect(seen.prompt).toContain("You are working on issue #12 of octo/widgets.");
    // The issue.json the run wrote holds the same issue, so the reproduction can be reproduced.
    const written = JSON.parse(
      await readFile(path.join(outputs["env-dir"], "workdir", ".agent_context", "issue.json"), "utf8"),
    );
    expect(written.issue).toMatchObject({
      number: 12,
      title: "Fix the greeting",
      url: "https://github.com/octo/widgets/issues/12",
    });
    expect(written.workspace.baseBranch).toBe("develop");
  });

  it("keeps the agent's commit on the local branch when the agent fails, and fails", async () => {
    const repo = await localRepo();
    const agent = `${fixtureAgent("write-files.mjs", "partial.txt=half")} && false`;
    const result = await local(repo, [
      "--issue-file",
      repo.issueFile,
      "--agent-command",
      `sh -c ${JSON.stringify(agent)}`,
    ]);
    expect(result.code, result.stderr + result.stdout).toBe(1);
    expect(result.stdout).toMatch(/^outcome +agent-failed$/m);
    expect(result.stderr).toContain("The agent exited with code 1");
    expect(await git(["-C", repo.dir, "show", "agent/custom/issue-0:partial.txt"])).toBe("half");
  });

  it("refuses, before anything is made, an agent branch checked out in the repository", async () => {
    const repo = await localRepo();
    await git(["-C", repo.dir, "switch", "--quiet", "-c", "agent/custom/issue-0"]);
    const result = await local(repo, ["--issue-file", repo.issueFile, "--agent-command", "true"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("the agent branch `agent/custom/issue-0` is checked out in");
    expect(await readdir(repo.workspaces).catch(() => [])).toEqual([]);
  });

  it.each<[string, (repo: LocalRepo) => Promise<string[]>, string]>([
    [
      "a folder that is not a git repository",
      async (repo) => {
        const plain = path.join(path.dirname(repo.dir), "plain");
        await mkdir(plain);
        return ["--repo-path", plain];
      },
      "is not a git repository; a run on an --issue-file works in a local clone",
    ],
    [
      "a base branch that does not exist",
      async () => ["--base-branch", "nope"],
      "branch `nope` (--base-branch) does not exist",
    ],
    [
      "an issue file without a heading",
      async (repo) => {
        await writeFile(repo.issueFile, "no heading here\n");
        return [];
      },
      "ISSUE.md has no Markdown heading",
    ],
    [
      "an issue file that is not there",
      async () => ["--issue-file", "/nonexistent/ISSUE.md"],
      "cannot read --issue-file /nonexistent/ISSUE.md",
    ],
  ])("refuses %s with exit status 2", async (_case, arrange, message) => {
    const repo = await localRepo();
    const extra = await arrange(repo);
    const result = await local(repo, ["--issue-file", repo.issueFile, "--agent-command", "true", ...extra]);
    expect(result.code, result.stdout).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
