import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkout, extraHeaderKey, oneShotCredentialEnv } from "./checkout.js";
import { type GitServer, git, HUMAN_IDENTITY, runGit, startGitServer } from "./git-server.js";
import { makeTempDir, removeAllTempDirs } from "./temp.js";

const TOKEN = "ghs_rigTestToken0123456789";
const OWNER = "octo-org";

let server: GitServer;
let work: string;
let repoCounter = 0;

/** Each test gets its own repository so tests do not depend on each other's pushes. */
async function freshRepo(files?: Record<string, string>): Promise<string> {
  const name = `repo-${++repoCounter}`;
  await server.createRepo(OWNER, name, { files });
  return name;
}

function checkoutOf(repo: string, persistCredentials: "none" | "extraheader" | "includeIf") {
  return checkout({
    server,
    owner: OWNER,
    repo,
    dir: path.join(work, `${repo}-${persistCredentials}`),
    token: TOKEN,
    runnerTemp: work,
    persistCredentials,
  });
}

async function commitFile(dir: string, file: string, content: string, message: string): Promise<string> {
  await git(["-C", dir, "checkout", "--quiet", "-B", "feature"]);
  await writeFile(path.join(dir, file), content);
  await git(["-C", dir, "add", file]);
  await git(["-C", dir, "commit", "--quiet", "-m", message]);
  return git(["-C", dir, "rev-parse", "HEAD"]);
}

function lastRequest() {
  return server.requests.at(-1)!;
}

beforeAll(async () => {
  server = await startGitServer({ token: TOKEN });
  work = (await makeTempDir("git-server-test")).path;
});

afterAll(async () => {
  await server?.close();
  await removeAllTempDirs();
});

describe("startGitServer", () => {
  it("serves clone and push to a client giving the token", async () => {
    const repo = await freshRepo({ "README.md": "# hi\n", "src/app.ts": "export {};\n" });
    const { dir } = await checkoutOf(repo, "none");
    expect(await readFile(path.join(dir, "src/app.ts"), "utf8")).toBe("export {};\n");

    const sha = await commitFile(dir, "notes.md", "pushed\n", "Add notes");
    await git(["-C", dir, "push", "--quiet", "origin", "feature"], {
      env: oneShotCredentialEnv(server.url, TOKEN),
    });

    expect(await server.headSha(OWNER, repo, "feature")).toBe(sha);
    expect(await server.readFile(OWNER, repo, "feature", "notes.md")).toBe("pushed\n");
    expect(await server.listFiles(OWNER, repo, "feature")).toEqual(["README.md", "notes.md", "src/app.ts"]);
    expect((await server.commits(OWNER, repo, "feature", "main")).map((c) => c.subject)).toEqual([
      "Add notes",
    ]);
    expect(await server.branches(OWNER, repo)).toEqual(["feature", "main"]);
    expect(lastRequest()).toMatchObject({
      method: "POST",
      path: `/${OWNER}/${repo}.git/git-receive-pack`,
      status: 200,
    });
  });

  it("accepts a push larger than http.postBuffer, which git sends chunked without Content-Length", async () => {
    const repo = await freshRepo();
    const { dir } = await checkoutOf(repo, "extraheader");
    const incompressible = randomBytes(2 * 1024 * 1024).toString("base64");
    await commitFile(dir, "big.txt", incompressible, "Add a big file");
    await git(["-C", dir, "-c", "http.postBuffer=65536", "push", "--quiet", "origin", "feature"]);
    expect(await server.readFile(OWNER, repo, "feature", "big.txt")).toBe(incompressible);
  });

  it("does not store the token in the clone unless asked to", async () => {
    const { dir } = await checkoutOf(await freshRepo(), "none");
    const localConfig = await git(["-C", dir, "config", "--local", "--list"]);
    expect(localConfig).not.toContain(Buffer.from(`x-access-token:${TOKEN}`).toString("base64"));
  });

  it("answers 401 with a Basic challenge when the token is missing or wrong, and git fails", async () => {
    const repo = await freshRepo();
    const anonymous = await runGit(["ls-remote", server.cloneUrl(OWNER, repo)]);
    expect(anonymous.exitCode).not.toBe(0);
    expect(lastRequest()).toMatchObject({ status: 401, authHeaderCount: 0 });

    const wrong = await runGit(["ls-remote", server.cloneUrl(OWNER, repo)], {
      env: oneShotCredentialEnv(server.url, "not-the-token"),
    });
    expect(wrong.exitCode).not.toBe(0);
    expect(lastRequest()).toMatchObject({ status: 401, authHeaderCount: 1 });

    const response = await fetch(`${server.cloneUrl(OWNER, repo)}/info/refs?service=git-upload-pack`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Basic realm="agent-task-test"');
  });

  it("answers 400 like GitHub when a request carries two Authorization headers", async () => {
    // The persisted checkout header plus a second one given on the command line: both are sent.
    const { dir } = await checkoutOf(await freshRepo(), "extraheader");
    const result = await runGit(["-C", dir, "fetch", "origin"], {
      env: oneShotCredentialEnv(server.url, TOKEN),
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("400");
    expect(lastRequest()).toMatchObject({ status: 400, authHeaderCount: 2 });
  });

  it("runs pre-receive hooks, which can reject a push", async () => {
    const repo = await freshRepo();
    await server.installHook(OWNER, repo, "pre-receive", 'echo "protected by policy" >&2\nexit 1\n');
    const { dir } = await checkoutOf(repo, "extraheader");
    await commitFile(dir, "x.txt", "x\n", "Try to push");

    const push = await runGit(["-C", dir, "push", "origin", "feature"]);
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toContain("protected by policy");
    expect(await server.headSha(OWNER, repo, "feature")).toBeUndefined();
  });

  it("answers 502 to the first pushes it is told to fail, then accepts them", async () => {
    const repo = await freshRepo();
    const { dir } = await checkoutOf(repo, "extraheader");
    const sha = await commitFile(dir, "flaky.txt", "x\n", "Push through a flaky front end");
    const fault = server.failPushes(1);

    const failed = await runGit(["-C", dir, "push", "origin", "feature"]);
    expect(failed.exitCode).not.toBe(0);
    expect(failed.stderr).toContain("502");
    expect(fault).toMatchObject({ hits: 1, remaining: 0 });
    expect(lastRequest()).toMatchObject({ method: "POST", status: 502, fault: true });
    expect(await server.headSha(OWNER, repo, "feature")).toBeUndefined();
    // Fetching was never affected.
    expect((await runGit(["-C", dir, "fetch", "origin"])).exitCode).toBe(0);

    await git(["-C", dir, "push", "--quiet", "origin", "feature"]);
    expect(await server.headSha(OWNER, repo, "feature")).toBe(sha);
  });

  it("fails the ref advertisement of a service when asked, and leaves the other service alone", async () => {
    const repo = await freshRepo();
    const { dir } = await checkoutOf(repo, "extraheader");
    server.injectFault({ service: "git-upload-pack", request: "advertisement", status: 503, times: 2 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const fetched = await runGit(["-C", dir, "fetch", "origin"]);
      expect(fetched.exitCode).not.toBe(0);
      expect(fetched.stderr).toContain("503");
    }
    expect((await runGit(["-C", dir, "fetch", "origin"])).exitCode).toBe(0);
  });

  it("refuses a revoked token with 401 until it is restored", async () => {
    const repo = await freshRepo();
    const { dir } = await checkoutOf(repo, "extraheader");
    await commitFile(dir, "late.txt", "x\n", "Push after the token expired");
    server.revokeToken();
    try {
      const push = await runGit(["-C", dir, "push", "origin", "feature"]);
      expect(push.exitCode).not.toBe(0);
      // git sees a 401 despite the header and, with prompts off, says it cannot read a user name.
      expect(push.stderr).toContain("could not read Username");
      expect(lastRequest()).toMatchObject({ status: 401, authHeaderCount: 1 });
      expect((await runGit(["-C", dir, "fetch", "origin"])).exitCode).not.toBe(0);
    } finally {
      server.restoreToken();
    }
    await git(["-C", dir, "push", "--quiet", "origin", "feature"]);
    expect(await server.readFile(OWNER, repo, "feature", "late.txt")).toBe("x\n");
  });

  it("answers every request later once told to (setDelay)", async () => {
    const repo = await freshRepo();
    const { dir } = await checkoutOf(repo, "extraheader");
    server.setDelay(300);
    try {
      const before = server.requests.length;
      const started = performance.now();
      await git(["-C", dir, "ls-remote", "origin", "refs/heads/main"]);
      const slow = { ms: performance.now() - started, requests: server.requests.length };
      // Each HTTP request of the conversation waited: never less than one delay per request.
      expect(slow.ms).toBeGreaterThanOrEqual(300 * (slow.requests - before));
    } finally {
      server.setDelay(0);
    }
  });

  it("pushCommit moves a branch as a person pushing from elsewhere would", async () => {
    const repo = await freshRepo({ "a.txt": "a\n", "b.txt": "b\n" });
    const before = await server.headSha(OWNER, repo, "main");
    const sha = await server.pushCommit(
      OWNER,
      repo,
      "main",
      { "a.txt": "changed\n", "b.txt": null },
      "Human edit",
    );

    expect(await server.headSha(OWNER, repo, "main")).toBe(sha);
    expect(await server.listFiles(OWNER, repo, "main")).toEqual(["a.txt"]);
    expect(await server.commits(OWNER, repo, "main", before)).toEqual([{ sha, subject: "Human edit" }]);
    const author = await git([
      "--git-dir",
      server.bareDir(OWNER, repo),
      "log",
      "-1",
      "--format=%an <%ae>",
      sha,
    ]);
    expect(author).toBe(`${HUMAN_IDENTITY.name} <${HUMAN_IDENTITY.email}>`);
  });
});

describe("checkout", () => {
  it("v6 (includeIf) keeps the credential out of .git/config and a worktree inherits it", async () => {
    const { dir, gitDir, credentialsConfigFile } = await checkoutOf(await freshRepo(), "includeIf");
    expect(credentialsConfigFile).toMatch(/git-credentials-[0-9a-f-]+\.config$/);
    const localKeys = await git(["-C", dir, "config", "--local", "--name-only", "--list"]);
    expect(localKeys).not.toContain(extraHeaderKey(server.url).toLowerCase());
    expect(localKeys).toContain(`includeif.gitdir:${gitDir}/worktrees/*.path`);

    const worktree = path.join(work, "includeif-worktree");
    await git(["-C", dir, "worktree", "add", "--quiet", "-b", "agent/issue-1", worktree]);
    const remote = await runGit(["-C", worktree, "ls-remote", "origin", "main"]);
    expect(remote.stderr).toBe("");
    expect(remote.exitCode).toBe(0);
    expect(remote.stdout).toMatch(/^[0-9a-f]{40}\trefs\/heads\/main$/m);
  });

  it("without persisted credentials a worktree cannot reach the remote", async () => {
    const { dir } = await checkoutOf(await freshRepo(), "none");
    const worktree = path.join(work, "none-worktree");
    await git(["-C", dir, "worktree", "add", "--quiet", "-b", "agent/issue-2", worktree]);
    const remote = await runGit(["-C", worktree, "ls-remote", "origin"]);
    expect(remote.exitCode).not.toBe(0);
    expect(lastRequest()).toMatchObject({ status: 401 });
  });
});
