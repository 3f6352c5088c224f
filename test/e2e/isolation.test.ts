// agent-user on a runner whose work directory is closed to other users (/home/runner mode 750
// on some images: RUNNER_TEMP and the checkout are out of reach of any other user), and the
// CLI's token in its own environment.
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../rig/action-runner.js";
import { nodeBinary } from "../rig/node-runtime.js";
import { makeTempDir } from "../rig/temp.js";
import { AGENTS_DIR, ensureUser, fixtureAgent, type Scenario, useScenario } from "./scenario.js";

const exec = promisify(execFile);
const NAMED_USER = "agent-task-named";

let scenario: Scenario;
useScenario(
  (started) => {
    scenario = started;
  },
  // A token of its own: the CLI test reads every process's environment, and other test files'
  // actions and agents run at the same time with the default token.
  { runnerDirMode: 0o750, token: `ghs_isolation${randomBytes(14).toString("hex")}` },
);

async function identityOf(main: { outputs: Record<string, string> }) {
  return JSON.parse(await readFile(path.join(main.outputs["env-dir"]!, "output", "identity.json"), "utf8"));
}

/** An agent program in a directory only the runner's user can enter. */
async function closedProgram(): Promise<string> {
  const dir = (await makeTempDir("closed-bin", 0o700)).path;
  const program = path.join(dir, "agent");
  await writeFile(
    program,
    `#!/bin/sh\nexec '${process.execPath}' '${path.join(AGENTS_DIR, "identity.mjs")}'\n`,
    {
      mode: 0o755,
    },
  );
  return program;
}

beforeAll(() => {
  // The named user a workflow would create for its agent (root here; sudo on GitHub's runners).
  ensureUser(NAMED_USER, ["--system", "--user-group", "--no-create-home"]);
});

describe("agent-user: auto where RUNNER_TEMP is closed to other users", () => {
  it("makes the environment in the temp directory and runs the agent as its own user with a fresh HOME", async () => {
    const issue = scenario.addIssue("Closed runner directory");
    const { main, post } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("identity.mjs"), "keep-env": "always" },
    });
    try {
      expect(main.exitCode, main.log).toBe(0);
      expect(post.exitCode, post.log).toBe(0);
      expect(main.outputs.outcome).toBe("pr-opened");
      const envDir = main.outputs["env-dir"]!;
      expect(path.dirname(envDir)).toBe(path.join(tmpdir(), `agent-task-workspaces-${process.getuid!()}`));
      expect(main.log).toMatch(/workspaces-root .* cannot be reached by the agent's user/);
      const identity = await identityOf(main);
      expect(identity.uid).not.toBe(process.getuid!());
      expect(identity.uid).not.toBe(0);
      expect(identity.user).toMatch(/^agent-task/);
      expect(identity.groups).toEqual([identity.gid]);
      expect(identity.home).toBe(path.join(envDir, "home"));
      expect(identity.tmpdir).toBe(path.join(envDir, "home", "tmp"));
      expect(identity).toMatchObject({ homeWritable: true, tmpdirWritable: true });
      expect(main.annotations.filter((a) => a.level === "warning")).toEqual([]);
    } finally {
      if (main.outputs["env-dir"]) await rm(main.outputs["env-dir"], { recursive: true, force: true });
    }
  });

  it("runs a program its user cannot run as the runner's user, with a warning in the log and the job summary", async () => {
    const issue = scenario.addIssue("Closed agent program");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": await closedProgram(), "keep-env": "always" },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");
    expect((await identityOf(main)).uid).toBe(process.getuid!());
    const warnings = main.annotations.filter((a) => a.level === "warning").map((a) => a.message);
    expect(warnings.join("\n")).toMatch(/ran as the runner's user .* cannot be run by the user `agent-task/);
    expect(main.summary).toContain("> [!WARNING]");
    expect(main.summary).toMatch(/ran as the runner's user.*the checkout and its \.git/);
  });
});

/** Every file under `dir`, by relative path: its mode and a hash of its content. */
async function fingerprint(dir: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const content = await readFile(file);
    found[path.relative(dir, file)] =
      `${((await stat(file)).mode & 0o7777).toString(8)} ${createHash("sha256").update(content).digest("hex")}`;
  }
  return found;
}

describe("the agent's repository, with a user of its own", () => {
  it("is checked out by that user and borrows the checkout's objects, which it cannot change", async () => {
    const objects = path.join(scenario.workspace, ".git", "objects");
    const before = await fingerprint(objects);
    const issue = scenario.addIssue("Probe the objects");
    const { main, post } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("objects-probe.mjs"), "keep-env": "always" },
    });
    const envDir = main.outputs["env-dir"]!;
    try {
      expect(main.exitCode, main.log).toBe(0);
      expect(post.exitCode, post.log).toBe(0);
      expect(main.outputs.outcome).toBe("pr-opened");
      const report = JSON.parse(await readFile(path.join(envDir, "output", "objects.json"), "utf8"));
      expect(report.uid).not.toBe(process.getuid!());
      // Its files were made by its user, not handed over afterwards; its git works on them.
      expect(report.trackedOwners).toEqual([report.uid]);
      expect(report.dotGitOwner).toBe(report.uid);
      expect(report.status).toBe("");
      expect(report.head).not.toBe("");
      expect(report.alternates).toBe(path.join(envDir, "objects"));
      for (const [what, result] of Object.entries(report.attempts)) {
        expect(["EACCES", "EPERM"], `${what} ${report.objectFile}`).toContain(result);
      }
      // The checkout's object files are as they were, byte for byte and mode for mode (the
      // lease's own commits are new objects there).
      const after = await fingerprint(objects);
      expect(Object.keys(before).length).toBeGreaterThan(0);
      for (const [file, print] of Object.entries(before)) expect(after[file], file).toBe(print);
      const files = await scenario.git.listFiles(scenario.owner, scenario.repo, main.outputs.branch!);
      expect(files).toContain("probed.txt");
      // Kept whole: the workdir is the runner's user's again.
      expect((await stat(path.join(envDir, "workdir", "probed.txt"))).uid).toBe(process.getuid!());
    } finally {
      if (envDir) await rm(envDir, { recursive: true, force: true });
    }
  });
});

describe("removing a workspace whose agent planted links", () => {
  it("removes the links and never what they point at", async () => {
    const outside = (await makeTempDir("outside-target")).path;
    for (const name of ["keep.txt", "file.txt", "link"]) await writeFile(path.join(outside, name), "keep\n");
    const issue = scenario.addIssue("Plant links");
    const { main, post } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("plant-links.mjs", outside), "keep-env": "never" },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(post.exitCode, post.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");
    expect(main.outputs["env-dir"]).toBe("");
    expect((await readdir(outside)).sort()).toEqual(["file.txt", "keep.txt", "link"]);
  });
});

describe("agent-user: a user name", () => {
  it("runs the agent as that user", async () => {
    const issue = scenario.addIssue("Named agent user");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: {
        "agent-command": fixtureAgent("identity.mjs"),
        "agent-user": NAMED_USER,
        "keep-env": "always",
      },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");
    const { stdout } = await exec("id", ["-u", NAMED_USER]);
    expect(await identityOf(main)).toMatchObject({ user: NAMED_USER, uid: Number(stdout.trim()) });
    expect(main.summary).not.toContain("[!WARNING]");
  });

  it("fails the step, naming the user, when that user cannot run the agent's program", async () => {
    const issue = scenario.addIssue("Named user, closed program");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": await closedProgram(), "agent-user": NAMED_USER },
    });
    expect(main.exitCode).toBe(1);
    const errors = main.annotations.filter((a) => a.level === "error").map((a) => a.message);
    expect(errors.join("\n")).toContain(`cannot run the agent as user \`${NAMED_USER}\``);
    expect(main.outputs["exit-code"]).toBe("");
  });
});

describe("agent-user: none", () => {
  it("says in the job summary why the agent shares the runner's user and what it can reach", async () => {
    const issue = scenario.addIssue("Shared user by choice");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": fixtureAgent("identity.mjs"), "agent-user": "none", "keep-env": "always" },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect((await identityOf(main)).uid).toBe(process.getuid!());
    expect(main.summary).toMatch(/ran as the runner's user .* because `agent-user` is `none`/);
    // A choice, not a surprise: no warning annotation.
    expect(main.annotations.filter((a) => a.level === "warning")).toEqual([]);
  });
});

describe("the CLI's token in its own environment", () => {
  const CLI = path.join(REPO_ROOT, "dist", "cli", "index.js");

  async function cli(node: string, args: string[], preload: string[] = []) {
    const child = execFile(node, [...preload, CLI, ...args], {
      cwd: scenario.workspace,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        GITHUB_TOKEN: scenario.token,
        GITHUB_API_URL: scenario.github.url,
        GITHUB_SERVER_URL: scenario.git.url,
      },
    });
    const pid = child.pid!;
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise<number>((resolve) => child.on("close", (status) => resolve(status ?? -1)));
    return { code, stdout, stderr, pid };
  }

  function runArgs(issue: number, agentCommand: string, workspaces: string): string[] {
    return [
      "run",
      "--repository",
      `${scenario.owner}/${scenario.repo}`,
      "--issue",
      String(issue),
      "--agent-command",
      agentCommand,
      "--agent-user",
      "none",
      "--workspaces-root",
      workspaces,
      "--keep-env",
      "always",
      "--json",
    ];
  }

  it("on Node 24 it re-executes itself without the token: an agent of its own user does not find it", async () => {
    const secret = await makeTempDir("cli-secret");
    await writeFile(path.join(secret.path, "token"), scenario.token);
    const issue = scenario.addIssue("CLI environ");
    const workspaces = (await makeTempDir("cli-workspaces")).path;
    const result = await cli(
      await nodeBinary("24"),
      runArgs(issue, fixtureAgent("read-proc-environ.mjs", path.join(secret.path, "token")), workspaces),
    );
    expect(result.code, result.stderr + result.stdout).toBe(0);
    // With --json, stdout holds the outputs alone (the log goes to stderr).
    const outputs = JSON.parse(result.stdout);
    const search = JSON.parse(
      await readFile(path.join(outputs["env-dir"], "output", "proc-search.json"), "utf8"),
    );
    expect(search.readablePids).toContain(result.pid);
    expect(search.found).toEqual([]);
  });

  it("where Node cannot re-execute itself, it refuses to run an agent of its own user beside the token", async () => {
    const preload = path.join((await makeTempDir("no-execve")).path, "no-execve.cjs");
    await writeFile(
      preload,
      'Object.defineProperty(process, "execve", { value: undefined, configurable: true });\n',
    );
    const issue = scenario.addIssue("CLI without execve");
    const workspaces = (await makeTempDir("cli-workspaces")).path;
    const result = await cli(process.execPath, runArgs(issue, fixtureAgent("identity.mjs"), workspaces), [
      "--require",
      preload,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toMatch(/GITHUB_TOKEN.*\/proc\/<pid>\/environ/s);
    expect(result.stderr + result.stdout).toContain("Node 22.15");
    expect(
      await scenario.git.headSha(scenario.owner, scenario.repo, `agent/custom/issue-${issue}`),
    ).toBeUndefined();
  });
});
