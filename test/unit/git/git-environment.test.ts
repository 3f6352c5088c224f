import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Git } from "../../../src/core/git.js";
import { gitEnvironment, removedGitVariables } from "../../../src/core/git-environment.js";

/** Variables a workflow author sets at job level, as the action inherits them. */
const JOB_SETTINGS = {
  GIT_AUTHOR_NAME: "Job Author",
  GIT_AUTHOR_EMAIL: "job@example.com",
  GIT_COMMITTER_NAME: "Job Committer",
  GIT_TERMINAL_PROMPT: "1",
  GIT_SSL_CAINFO: "/etc/ssl/certs/ca-certificates.crt",
  EDITOR: "vim",
  VISUAL: "code --wait",
  PAGER: "less",
  HTTPS_PROXY: "http://proxy.internal:3128",
  NO_PROXY: "localhost,.internal",
  SSL_CERT_FILE: "/etc/ssl/corp.pem",
  HOME: "/home/runner",
  PATH: "/usr/bin:/bin",
  LANG: "de_DE.UTF-8",
};

describe("gitEnvironment: what the action's git runs with", () => {
  const env = gitEnvironment({
    ...JOB_SETTINGS,
    GIT_DIR: "/elsewhere/.git",
    GIT_WORK_TREE: "/elsewhere",
    GIT_INDEX_FILE: "/elsewhere/index",
    GIT_OBJECT_DIRECTORY: "/elsewhere/objects",
    GIT_ALTERNATE_OBJECT_DIRECTORIES: "/elsewhere/objects",
    GIT_CONFIG_GLOBAL: "/elsewhere/gitconfig",
    GIT_CONFIG_PARAMETERS: "'core.hooksPath'='/elsewhere/hooks'",
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "core.sshCommand",
    GIT_CONFIG_VALUE_0: "evil",
    GIT_EDITOR: "vim",
    GIT_PAGER: "less",
    GIT_SSH_COMMAND: "ssh -i key",
    GIT_ASKPASS: "/bin/askpass",
    SSH_ASKPASS: "/bin/askpass",
    GIT_EXEC_PATH: "/elsewhere/libexec",
    GIT_TRACE: "1",
    GIT_TRACE_CURL: "/tmp/curl.log",
    GIT_NAMESPACE: "other",
    GIT_CEILING_DIRECTORIES: "/home",
    GIT_REPLACE_REF_BASE: "refs/other/",
    GIT_COMMITTER_DATE: "2000-01-01",
    git_lower_case: "x",
  });

  it.each([
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_DATE",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CONFIG_GLOBAL",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_CONFIG_KEY_0",
    "GIT_SSH_COMMAND",
    "GIT_ASKPASS",
    "SSH_ASKPASS",
    "GIT_EXEC_PATH",
    "GIT_TRACE",
    "GIT_TRACE_CURL",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
    "GIT_REPLACE_REF_BASE",
    "EDITOR",
    "VISUAL",
    "PAGER",
    "git_lower_case",
  ])("removes %s", (name) => {
    expect(env).not.toHaveProperty(name);
  });

  it("pins no prompt, a no-op editor and pager, no replace refs and English messages", () => {
    expect(env).toMatchObject({
      GIT_TERMINAL_PROMPT: "0",
      GIT_EDITOR: "true",
      GIT_PAGER: "cat",
      GIT_NO_REPLACE_OBJECTS: "1",
      LC_ALL: "C",
    });
  });

  it("keeps the job's network settings, HOME, PATH and LANG", () => {
    expect(env).toMatchObject({
      GIT_SSL_CAINFO: JOB_SETTINGS.GIT_SSL_CAINFO,
      HTTPS_PROXY: JOB_SETTINGS.HTTPS_PROXY,
      NO_PROXY: JOB_SETTINGS.NO_PROXY,
      SSL_CERT_FILE: JOB_SETTINGS.SSL_CERT_FILE,
      HOME: JOB_SETTINGS.HOME,
      PATH: JOB_SETTINGS.PATH,
      LANG: JOB_SETTINGS.LANG,
    });
  });

  it("is the same when applied twice", () => {
    expect(gitEnvironment(env)).toEqual(env);
  });

  it("lists what it leaves out or overrides", () => {
    expect(removedGitVariables(JOB_SETTINGS)).toEqual([
      "EDITOR",
      "GIT_AUTHOR_EMAIL",
      "GIT_AUTHOR_NAME",
      "GIT_COMMITTER_NAME",
      "GIT_TERMINAL_PROMPT",
      "PAGER",
      "VISUAL",
    ]);
  });
});

describe("Git runs in a job that sets git's variables", () => {
  const root = mkdtempSync(path.join(tmpdir(), "git-environment-"));
  const repo = path.join(root, "repo");
  const decoy = path.join(root, "decoy");
  const plain = (dir: string, ...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: "1" },
    }).trim();
  for (const dir of [repo, decoy]) {
    execFileSync("mkdir", ["-p", dir]);
    plain(dir, "init", "--quiet", "--initial-branch=main");
  }
  writeFileSync(path.join(repo, "a.txt"), "a\n");
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const jobEnv = {
    ...JOB_SETTINGS,
    HOME: root,
    PATH: process.env.PATH ?? "",
    // Each of these would point the action's git at another repository or index.
    GIT_DIR: path.join(decoy, ".git"),
    GIT_WORK_TREE: decoy,
    GIT_INDEX_FILE: path.join(decoy, ".git", "index"),
  };

  it("commits in its own repository, as the identity it passes, without an editor", async () => {
    const git = new Git(repo, jobEnv);
    expect((await git.run(["rev-parse", "--show-toplevel"])).trim()).toBe(repo);
    await git.run(["add", "a.txt"]);
    await git.run([
      "-c",
      "user.name=Action",
      "-c",
      "user.email=action@example.com",
      "commit",
      "--quiet",
      "-m",
      "x",
    ]);
    expect(plain(repo, "log", "-1", "--format=%an <%ae> / %cn")).toBe("Action <action@example.com> / Action");
    expect(plain(decoy, "rev-list", "--all")).toBe("");
  });

  it("reports a directory outside any repository as git says it", async () => {
    const git = new Git(root, jobEnv);
    await expect(git.run(["rev-parse", "--absolute-git-dir"])).rejects.toThrow(/not a git repository/);
  });
});
