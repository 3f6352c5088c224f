import { chmod, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  restoreHooks,
  restoreWorktree,
  snapshotHooks,
  snapshotWorktree,
} from "../../../src/core/agent/checkout-snapshot.js";
import { Git } from "../../../src/core/git.js";
import { pinnedScope } from "../../../src/core/trusted-git-config.js";
import { git as rigGit } from "../../rig/git-server.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

let repo: string;
let paths: { toplevel: string; gitDir: string; exclude: string[] };
let plain: Git;
let pinned: Git;

beforeEach(async () => {
  repo = (await makeTempDir("snapshot-repo")).path;
  await rigGit(["init", "--quiet", repo]);
  await writeFile(path.join(repo, "a.txt"), "a\n");
  await writeFile(path.join(repo, "b.txt"), "b\n");
  await rigGit(["-C", repo, "add", "."]);
  await rigGit(["-C", repo, "-c", "user.name=T", "-c", "user.email=t@t", "commit", "--quiet", "-m", "init"]);
  paths = { toplevel: repo, gitDir: path.join(repo, ".git"), exclude: [path.join(repo, "envs")] };
  const env = { PATH: process.env.PATH ?? "", HOME: repo };
  plain = new Git(repo, env);
  pinned = plain.scoped(pinnedScope({ gitDir: paths.gitDir, workTree: repo }, []));
});
afterAll(removeAllTempDirs);

describe("the working tree of the checkout, before and after the agent", () => {
  it("a clean tracked file the agent changed or deleted comes back from the index; a new file goes", async () => {
    const before = await snapshotWorktree(plain, paths);
    await writeFile(path.join(repo, "a.txt"), "changed by the agent\n");
    await rm(path.join(repo, "b.txt"));
    await mkdir(path.join(repo, "sub"));
    await writeFile(path.join(repo, "sub", "planted.txt"), "planted\n");
    const result = await restoreWorktree(pinned, paths, before);
    expect(result).toEqual({ restored: ["a.txt", "b.txt", "sub/planted.txt"], unrestorable: [] });
    expect(await readFile(path.join(repo, "a.txt"), "utf8")).toBe("a\n");
    expect(await readFile(path.join(repo, "b.txt"), "utf8")).toBe("b\n");
    expect(await rigGit(["-C", repo, "status", "--porcelain"])).toBe("");
  });

  it("a change to a file that was already modified cannot be undone, and is reported", async () => {
    await writeFile(path.join(repo, "a.txt"), "a step's own change\n");
    const before = await snapshotWorktree(plain, paths);
    await writeFile(path.join(repo, "a.txt"), "the agent's change\n");
    const result = await restoreWorktree(pinned, paths, before);
    expect(result.unrestorable).toEqual(["a.txt"]);
    expect(await readFile(path.join(repo, "a.txt"), "utf8")).toBe("the agent's change\n");
  });

  it("a changed index or HEAD is reported, and no file is restored from a changed index", async () => {
    const before = await snapshotWorktree(plain, paths);
    await writeFile(path.join(repo, "a.txt"), "staged by the agent\n");
    await rigGit(["-C", repo, "add", "a.txt"]);
    await writeFile(path.join(repo, "b.txt"), "changed\n");
    const result = await restoreWorktree(pinned, paths, before);
    expect(result.unrestorable).toContain("the index (.git/index)");
    expect(result.unrestorable).toContain("b.txt");
    expect(result.restored).toEqual([]);
  });

  it("leaves the environments' directory alone", async () => {
    const before = await snapshotWorktree(plain, paths);
    await mkdir(path.join(repo, "envs", "issue-1"), { recursive: true });
    await writeFile(path.join(repo, "envs", "issue-1", "work.txt"), "an agent's work\n");
    expect(await restoreWorktree(pinned, paths, before)).toEqual({ restored: [], unrestorable: [] });
    expect(await readFile(path.join(repo, "envs", "issue-1", "work.txt"), "utf8")).toBe("an agent's work\n");
  });

  it("does not follow a symlink the agent put in place of a directory", async () => {
    const outside = (await makeTempDir("snapshot-outside")).path;
    await writeFile(path.join(outside, "keep.txt"), "not the checkout's\n");
    const before = await snapshotWorktree(plain, paths);
    await symlink(outside, path.join(repo, "linked"));
    const result = await restoreWorktree(pinned, paths, before);
    expect(result.restored).toEqual(["linked"]);
    expect(await readFile(path.join(outside, "keep.txt"), "utf8")).toBe("not the checkout's\n");
  });
});

describe("the hooks of the checkout", () => {
  it("come back as they were: added hooks removed, changed ones rewritten with their mode", async () => {
    const hooks = path.join(paths.gitDir, "hooks");
    await mkdir(hooks, { recursive: true });
    await writeFile(path.join(hooks, "pre-commit"), "#!/bin/sh\necho mine\n");
    await chmod(path.join(hooks, "pre-commit"), 0o755);
    const before = await snapshotHooks(hooks);
    await writeFile(path.join(hooks, "pre-commit"), "#!/bin/sh\necho planted\n");
    await writeFile(path.join(hooks, "post-checkout"), "#!/bin/sh\necho planted\n");
    await mkdir(path.join(hooks, "dir"));
    expect(await restoreHooks(hooks, before)).toEqual(["dir", "post-checkout", "pre-commit"]);
    expect((await readdir(hooks)).sort()).toEqual((before ?? []).map((hook) => hook.name).sort());
    expect(await readFile(path.join(hooks, "pre-commit"), "utf8")).toBe("#!/bin/sh\necho mine\n");
    expect(await restoreHooks(hooks, before)).toEqual([]);
  });

  it("a hooks directory that did not exist is removed again", async () => {
    const hooks = path.join(paths.gitDir, "hooks");
    await rm(hooks, { recursive: true, force: true });
    const before = await snapshotHooks(hooks);
    expect(before).toBeNull();
    await mkdir(hooks);
    await writeFile(path.join(hooks, "pre-push"), "#!/bin/sh\n");
    expect(await restoreHooks(hooks, before)).toEqual(["pre-push"]);
    expect(await readdir(paths.gitDir)).not.toContain("hooks");
  });
});
