import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeTree } from "../../../src/core/workspace/cleanup.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

afterAll(removeAllTempDirs);

async function tree(root: string, dirs: number, filesPerDir: number): Promise<void> {
  for (let d = 0; d < dirs; d++) {
    const dir = path.join(root, "src", `area-${d}`, "part");
    await mkdir(dir, { recursive: true });
    for (let f = 0; f < filesPerDir; f++) await writeFile(path.join(dir, `file-${f}.txt`), `${d}-${f}\n`);
  }
  await writeFile(path.join(root, "top.txt"), "top\n");
}

describe("removeTree", () => {
  it("removes a nested tree, files at every level included", async () => {
    const base = (await makeTempDir("remove-tree")).path;
    const root = path.join(base, "workdir");
    await tree(root, 30, 5);
    await mkdir(path.join(root, ".git", "objects"), { recursive: true });
    await writeFile(path.join(root, ".git", "HEAD"), "ref: refs/heads/main\n");
    await removeTree(root);
    expect(await readdir(base)).toEqual([]);
  });

  it("removes links, never what they point at", async () => {
    const base = (await makeTempDir("remove-tree")).path;
    const outside = path.join(base, "outside");
    await mkdir(outside);
    await writeFile(path.join(outside, "keep.txt"), "keep\n");
    const root = path.join(base, "workdir");
    await tree(root, 3, 2);
    await symlink(outside, path.join(root, "src", "area-1", "link-to-outside"));
    await symlink(outside, path.join(root, "top-link"));
    await removeTree(root);
    expect((await readdir(base)).sort()).toEqual(["outside"]);
    expect(await readFile(path.join(outside, "keep.txt"), "utf8")).toBe("keep\n");
  });

  it("is done when the directory does not exist", async () => {
    const base = (await makeTempDir("remove-tree")).path;
    await expect(removeTree(path.join(base, "missing"))).resolves.toBeUndefined();
  });
});
