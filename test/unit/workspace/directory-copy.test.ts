import { chmod, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Git } from "../../../src/core/git.js";
import { copyPlannedFiles, planDirectoryCopy } from "../../../src/core/workspace/directory-copy.js";
import { git } from "../../rig/git-server.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

afterAll(removeAllTempDirs);

const gitFor = () => new Git("/", { PATH: process.env.PATH ?? "", HOME: "/nonexistent" });

async function write(root: string, file: string, content: string | number): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), typeof content === "number" ? Buffer.alloc(content) : content);
}

async function listTree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("planDirectoryCopy from a git checkout", () => {
  it("copies tracked and new files, never ignored ones such as node_modules", async () => {
    const repo = (await makeTempDir("copy-repo")).path;
    await git(["init", "--quiet", repo]);
    await write(repo, ".gitignore", "node_modules/\ndist/\n");
    await write(repo, "src/a.txt", "a");
    await write(repo, "node_modules/big/index.js", 4096);
    await write(repo, "dist/out.js", "built");
    await git(["-C", repo, "add", "."]);
    await git(["-C", repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "init"]);
    await write(repo, "new.txt", "not yet committed");
    await symlink("src/a.txt", path.join(repo, "link"));

    const plan = await planDirectoryCopy({
      repoPath: repo,
      isRepository: true,
      maxBytes: 0,
      exclude: [],
      git: gitFor(),
    });
    expect([...plan.files].sort()).toEqual([".gitignore", "link", "new.txt", "src/a.txt"]);

    const to = (await makeTempDir("copy-to")).path;
    await copyPlannedFiles(plan, to);
    expect(await listTree(to)).toEqual([".gitignore", "link", "new.txt", "src/a.txt"]);
    expect(await readlink(path.join(to, "link"))).toBe("src/a.txt");
    expect(await readFile(path.join(to, "new.txt"), "utf8")).toBe("not yet committed");
  });

  it("counts only what it would copy against the limit", async () => {
    const repo = (await makeTempDir("copy-limit-repo")).path;
    await git(["init", "--quiet", repo]);
    await write(repo, ".gitignore", "node_modules/\n");
    await write(repo, "node_modules/huge.bin", 3 * 1024 * 1024);
    await write(repo, "small.txt", "small");
    const plan = await planDirectoryCopy({
      repoPath: repo,
      isRepository: true,
      maxBytes: 1024 * 1024,
      exclude: [],
      git: gitFor(),
    });
    expect(plan.files.sort()).toEqual([".gitignore", "small.txt"]);
  });
});

describe("planDirectoryCopy from a plain folder", () => {
  it("copies everything but .git and the workspaces root, keeping the executable bit", async () => {
    const folder = (await makeTempDir("copy-folder")).path;
    await write(folder, "notes.md", "notes");
    await write(folder, "bin/run.sh", "#!/bin/sh\n");
    await chmod(path.join(folder, "bin/run.sh"), 0o755);
    await write(folder, ".git", "gitdir: elsewhere\n");
    await write(folder, "ws/issue-1/workdir/x.txt", "an earlier workspace");
    const plan = await planDirectoryCopy({
      repoPath: folder,
      isRepository: false,
      maxBytes: 0,
      exclude: [path.join(folder, "ws")],
      git: gitFor(),
    });
    expect(plan.files.sort()).toEqual(["bin/run.sh", "notes.md"]);
    const to = (await makeTempDir("copy-folder-to")).path;
    await copyPlannedFiles(plan, to);
    expect((await stat(path.join(to, "bin/run.sh"))).mode & 0o111).not.toBe(0);
  });

  it("refuses a folder above the limit before copying, naming repo-path and directory-max-mb", async () => {
    const folder = (await makeTempDir("copy-too-big")).path;
    await write(folder, "node_modules/a.bin", 700 * 1024);
    await write(folder, "node_modules/b.bin", 700 * 1024);
    const attempt = planDirectoryCopy({
      repoPath: folder,
      isRepository: false,
      maxBytes: 1024 * 1024,
      exclude: [],
      git: gitFor(),
    });
    await expect(attempt).rejects.toThrow(/`repo-path` .* holds more than 1 MB.*`directory-max-mb`/);
  });
});
