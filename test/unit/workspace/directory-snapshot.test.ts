import { chmod, mkdir, rm, symlink, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { diffSnapshots, snapshotDirectory } from "../../../src/core/workspace/directory-snapshot.js";
import { makeTempDir, removeAllTempDirs, type TempDir } from "../../rig/temp.js";

let dir: TempDir;
let root: string;

beforeEach(async () => {
  dir = await makeTempDir("snapshot");
  root = dir.path;
});
afterAll(removeAllTempDirs);

async function write(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), content);
}

/** Snapshots, runs the change, snapshots again and diffs. */
async function changesOf(change: () => Promise<void>, ignore: string[] = []) {
  const before = await snapshotDirectory(root, ignore);
  await change();
  return diffSnapshots(before, await snapshotDirectory(root, ignore));
}

describe("snapshotDirectory records every file by relative path", () => {
  it("walks nested directories with / separators and skips empty directories", async () => {
    await write("a.txt", "a");
    await write("src/lib/b.ts", "b");
    await mkdir(path.join(root, "empty/dir"), { recursive: true });
    const snapshot = await snapshotDirectory(root);
    expect([...snapshot.keys()].sort()).toEqual(["a.txt", "src/lib/b.ts"]);
  });

  it("gives equal content equal digests and different content different ones", async () => {
    await write("x", "same");
    await write("y", "same");
    await write("z", "other");
    const snapshot = await snapshotDirectory(root);
    expect(snapshot.get("x")).toBe(snapshot.get("y"));
    expect(snapshot.get("x")).not.toBe(snapshot.get("z"));
  });
});

describe("the diff finds added, modified and deleted files", () => {
  it("sorts each list", async () => {
    await write("keep.txt", "same");
    await write("edit.txt", "v1");
    await write("src/edit.ts", "v1");
    await write("gone.txt", "bye");
    await write("old/deep/gone.md", "bye");
    const changes = await changesOf(async () => {
      await write("edit.txt", "v2");
      await write("src/edit.ts", "v2");
      await rm(path.join(root, "gone.txt"));
      await rm(path.join(root, "old"), { recursive: true });
      await write("new/z.txt", "z");
      await write("b-new.txt", "b");
    });
    expect(changes).toEqual({
      added: ["b-new.txt", "new/z.txt"],
      modified: ["edit.txt", "src/edit.ts"],
      deleted: ["gone.txt", "old/deep/gone.md"],
    });
  });

  it("sees nothing when nothing changed, even when files were rewritten with the same content", async () => {
    await write("a.txt", "same");
    expect(await changesOf(() => write("a.txt", "same"))).toEqual({ added: [], modified: [], deleted: [] });
  });

  it("sees an empty file appear and a file emptied", async () => {
    await write("full.txt", "content");
    expect(
      await changesOf(async () => {
        await write("empty.txt", "");
        await write("full.txt", "");
      }),
    ).toEqual({ added: ["empty.txt"], modified: ["full.txt"], deleted: [] });
  });

  it("sees a file turned into a directory of the same name", async () => {
    await write("thing", "file");
    const changes = await changesOf(async () => {
      await rm(path.join(root, "thing"));
      await write("thing/inside.txt", "x");
    });
    expect(changes).toEqual({ added: ["thing/inside.txt"], modified: [], deleted: ["thing"] });
  });

  it("sees a file made executable, as git would", async () => {
    await write("run.sh", "#!/bin/sh\n");
    await chmod(path.join(root, "run.sh"), 0o644);
    const changes = await changesOf(() => chmod(path.join(root, "run.sh"), 0o755));
    expect(changes.modified).toEqual(["run.sh"]);
  });
});

describe("the ignore list leaves top-level entries out", () => {
  it("ignores a top-level directory and file entirely", async () => {
    await write(".agent_context/issue_context.md", "v1");
    await write(".git/HEAD", "ref: refs/heads/main");
    await write("code.ts", "v1");
    const ignore = [".agent_context", ".git"];
    const snapshot = await snapshotDirectory(root, ignore);
    expect([...snapshot.keys()]).toEqual(["code.ts"]);
    const changes = await changesOf(async () => {
      await write(".agent_context/issue_context.md", "v2");
      await write(".agent_context/new.md", "new");
      await rm(path.join(root, ".git"), { recursive: true });
      await write("code.ts", "v2");
    }, ignore);
    expect(changes).toEqual({ added: [], modified: ["code.ts"], deleted: [] });
  });

  it("does not ignore a nested entry that has an ignored name", async () => {
    await write("docs/.agent_context/note.md", "x");
    expect([...(await snapshotDirectory(root, [".agent_context"])).keys()]).toEqual([
      "docs/.agent_context/note.md",
    ]);
  });
});

describe("symlinks are recorded as links, not followed", () => {
  it("records a link by its target, even a dangling one", async () => {
    await write("target.txt", "t");
    await symlink("target.txt", path.join(root, "link"));
    await symlink("missing.txt", path.join(root, "dangling"));
    const snapshot = await snapshotDirectory(root);
    expect([...snapshot.keys()].sort()).toEqual(["dangling", "link", "target.txt"]);
    expect(snapshot.get("link")).not.toBe(snapshot.get("target.txt"));
  });

  it("does not walk into a linked directory (no loops, no files outside the tree)", async () => {
    const outside = await makeTempDir("snapshot-outside");
    await writeFile(path.join(outside.path, "secret.txt"), "outside");
    await write("real/file.txt", "f");
    await symlink(outside.path, path.join(root, "out"));
    await symlink("..", path.join(root, "real/up"));
    const keys = [...(await snapshotDirectory(root)).keys()].sort();
    expect(keys).toEqual(["out", "real/file.txt", "real/up"]);
  });

  it("sees a link added, retargeted and removed", async () => {
    await write("a.txt", "a");
    await write("b.txt", "b");
    await symlink("a.txt", path.join(root, "retarget"));
    await symlink("a.txt", path.join(root, "remove"));
    const changes = await changesOf(async () => {
      await unlink(path.join(root, "retarget"));
      await symlink("b.txt", path.join(root, "retarget"));
      await unlink(path.join(root, "remove"));
      await symlink("b.txt", path.join(root, "added"));
    });
    expect(changes).toEqual({ added: ["added"], modified: ["retarget"], deleted: ["remove"] });
  });

  it("does not report a link when only its target's content changed", async () => {
    await write("a.txt", "v1");
    await symlink("a.txt", path.join(root, "link"));
    expect(await changesOf(() => write("a.txt", "v2"))).toEqual({
      added: [],
      modified: ["a.txt"],
      deleted: [],
    });
  });

  it("sees a file replaced by a link with the same content", async () => {
    await write("a.txt", "same");
    await write("b.txt", "same");
    const changes = await changesOf(async () => {
      await rm(path.join(root, "b.txt"));
      await symlink("a.txt", path.join(root, "b.txt"));
    });
    expect(changes.modified).toEqual(["b.txt"]);
  });
});

describe("diffSnapshots on its own", () => {
  it.each([
    [{}, {}, { added: [], modified: [], deleted: [] }],
    [{}, { a: "1" }, { added: ["a"], modified: [], deleted: [] }],
    [{ a: "1" }, {}, { added: [], modified: [], deleted: ["a"] }],
    [{ a: "1" }, { a: "2" }, { added: [], modified: ["a"], deleted: [] }],
    [
      { b: "1", a: "1", c: "1" },
      { c: "2", b: "2", a: "2" },
      { added: [], modified: ["a", "b", "c"], deleted: [] },
    ],
  ])("%j → %j gives %j", (before, after, expected) => {
    expect(diffSnapshots(new Map(Object.entries(before)), new Map(Object.entries(after)))).toEqual(expected);
  });
});
