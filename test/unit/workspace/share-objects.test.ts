import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { shareObjects } from "../../../src/core/workspace/share-objects.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

afterAll(removeAllTempDirs);

async function objectsDir(root: string, files: Record<string, string>, mode = 0o444): Promise<string> {
  const dir = path.join(root, "objects");
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
    await chmod(path.join(dir, name), mode);
  }
  return dir;
}

/** Names of loose objects as git writes them: two hex digits of directory, 38 of file. */
const LOOSE_A = `ab/${"c".repeat(38)}`;
const LOOSE_B = `12/${"3".repeat(38)}`;

describe("shareObjects", () => {
  it("links packs and loose objects, and those of the directories they borrow from", async () => {
    const base = (await makeTempDir("share-objects")).path;
    const checkout = await objectsDir(path.join(base, "checkout"), {
      "pack/pack-aa.pack": "pack",
      "pack/pack-aa.idx": "idx",
      "pack/pack-aa.keep": "keep",
      "pack/tmp_pack_x": "partial",
      [LOOSE_A]: "loose",
    });
    const prepared = await objectsDir(path.join(base, "prepared"), { [LOOSE_B]: "fetched" });
    await mkdir(path.join(prepared, "info"));
    await writeFile(path.join(prepared, "info", "alternates"), `${checkout}\n`);
    const target = path.join(base, "shared");

    await shareObjects([prepared], target);

    for (const [name, from] of [
      ["pack/pack-aa.pack", checkout],
      ["pack/pack-aa.idx", checkout],
      [LOOSE_A, checkout],
      [LOOSE_B, prepared],
    ] as const) {
      const [linked, original] = [await stat(path.join(target, name)), await stat(path.join(from, name))];
      expect(linked.ino, name).toBe(original.ino);
    }
    await expect(stat(path.join(target, "pack", "pack-aa.keep"))).rejects.toThrow();
    await expect(stat(path.join(target, "pack", "tmp_pack_x"))).rejects.toThrow();
  });

  it("copies a file other users cannot read, readable by all and writable by none", async () => {
    const base = (await makeTempDir("share-objects")).path;
    const source = await objectsDir(path.join(base, "checkout"), { "pack/pack-bb.pack": "private" }, 0o600);
    const target = path.join(base, "shared");
    await shareObjects([source], target);
    const copied = await stat(path.join(target, "pack", "pack-bb.pack"));
    expect(copied.ino).not.toBe((await stat(path.join(source, "pack", "pack-bb.pack"))).ino);
    expect(copied.mode & 0o777).toBe(0o444);
    expect(await readFile(path.join(target, "pack", "pack-bb.pack"), "utf8")).toBe("private");
  });

  it("takes an object found in two sources once", async () => {
    const base = (await makeTempDir("share-objects")).path;
    const one = await objectsDir(path.join(base, "one"), { [LOOSE_A]: "same" });
    const two = await objectsDir(path.join(base, "two"), { [LOOSE_A]: "same" });
    await shareObjects([one, two], path.join(base, "shared"));
    expect((await stat(path.join(base, "shared", LOOSE_A))).ino).toBe(
      (await stat(path.join(one, LOOSE_A))).ino,
    );
  });

  it("leaves out what git is still writing: temporary objects beside the finished ones", async () => {
    const base = (await makeTempDir("share-objects")).path;
    // Another git process (a run's lease commit in the shared checkout) writes an object as
    // tmp_obj_* and renames it when done: the name can be gone by the time it would be linked.
    const source = await objectsDir(path.join(base, "checkout"), {
      [LOOSE_A]: "done",
      "ab/tmp_obj_Xy12Ab": "half written",
    });
    await shareObjects([source], path.join(base, "shared"));
    expect(await readFile(path.join(base, "shared", LOOSE_A), "utf8")).toBe("done");
    await expect(stat(path.join(base, "shared", "ab", "tmp_obj_Xy12Ab"))).rejects.toThrow();
  });
});
