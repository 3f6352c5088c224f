// One ls-remote for the refs a run needs at its start, against a real repository.
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Git } from "../../src/core/git.js";
import { listRemoteRefs } from "../../src/core/remote-refs.js";
import { git } from "../rig/git-server.js";
import { makeTempDir, removeAllTempDirs } from "../rig/temp.js";

afterAll(removeAllTempDirs);

const AUTH = { serverUrl: "http://127.0.0.1:9", token: "ghs_remoteRefsTest0123456789" };

async function remoteWithBranches(branches: string[]): Promise<{ remote: string; sha: string; runner: Git }> {
  const base = (await makeTempDir("remote-refs")).path;
  const remote = path.join(base, "remote.git");
  await git(["init", "--quiet", "--bare", remote]);
  const identity = ["-c", "user.name=Test", "-c", "user.email=test@example.invalid"];
  const sha = (
    await git([
      "--git-dir",
      remote,
      ...identity,
      "commit-tree",
      "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
      "-m",
      "x",
    ])
  ).trim();
  for (const branch of branches) await git(["--git-dir", remote, "update-ref", `refs/heads/${branch}`, sha]);
  return { remote, sha, runner: new Git(base, { PATH: process.env.PATH ?? "", HOME: base }) };
}

describe("listRemoteRefs", () => {
  it("finds the refs asked for, and says which are absent only for those it asked about", async () => {
    const { remote, sha, runner } = await remoteWithBranches(["main"]);
    const refs = await listRemoteRefs(runner, remote, AUTH, ["refs/heads/main", "refs/heads/agent/issue-1"]);
    expect(refs.get("refs/heads/main")).toBe(sha);
    expect(refs.get("refs/heads/agent/issue-1")).toBeUndefined();
    expect(refs.covers(["refs/heads/main", "refs/heads/agent/issue-1"])).toBe(true);
    // A ref it did not ask about is not known to be absent: a stage needing it asks again.
    expect(refs.covers(["refs/heads/develop"])).toBe(false);
  });

  it("keeps exact names only: ls-remote matches patterns against the ends of ref names", async () => {
    const { remote, sha, runner } = await remoteWithBranches(["x/refs/heads/main"]);
    const refs = await listRemoteRefs(runner, remote, AUTH, ["refs/heads/main"]);
    expect(refs.get("refs/heads/main")).toBeUndefined();
    const nested = await listRemoteRefs(runner, remote, AUTH, ["refs/heads/x/refs/heads/main"]);
    expect(nested.get("refs/heads/x/refs/heads/main")).toBe(sha);
  });
});
