import { lstat, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { guardFiles } from "../../../src/core/agent/file-guard.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

let dir: string;
const file = (name: string) => path.join(dir, name);

beforeEach(async () => {
  dir = (await makeTempDir("file-guard")).path;
});
afterAll(removeAllTempDirs);

describe("guardFiles undoes what the agent wrote to the runner's file commands", () => {
  it("files left alone: nothing is reported and nothing changes", async () => {
    await writeFile(file("env"), "FOO=bar\n");
    await writeFile(file("empty"), "");
    const check = await guardFiles([file("env"), file("empty")]);
    expect(await check()).toEqual([]);
    expect(await readFile(file("env"), "utf8")).toBe("FOO=bar\n");
    expect(await readFile(file("empty"), "utf8")).toBe("");
  });

  it("an appended file is restored byte for byte and listed", async () => {
    const original = Buffer.from([0x46, 0x4f, 0x4f, 0x3d, 0xff, 0x0a]);
    await writeFile(file("env"), original);
    await writeFile(file("path"), "/usr/bin\n");
    const check = await guardFiles([file("env"), file("path")]);
    await writeFile(file("env"), "PATH=/tmp/evil\n", { flag: "a" });
    expect(await check()).toEqual([file("env")]);
    expect((await readFile(file("env"))).equals(original)).toBe(true);
    expect(await readFile(file("path"), "utf8")).toBe("/usr/bin\n");
  });

  it("an empty file the agent wrote to is emptied again", async () => {
    await writeFile(file("output"), "");
    const check = await guardFiles([file("output")]);
    await writeFile(file("output"), "result=forged\n");
    expect(await check()).toEqual([file("output")]);
    expect(await readFile(file("output"), "utf8")).toBe("");
  });

  it("a file rewritten with the same length is still caught", async () => {
    await writeFile(file("env"), "A=1\n");
    const check = await guardFiles([file("env")]);
    await writeFile(file("env"), "A=2\n");
    expect(await check()).toEqual([file("env")]);
    expect(await readFile(file("env"), "utf8")).toBe("A=1\n");
  });

  it("a deleted file is put back and listed", async () => {
    await writeFile(file("state"), "k=v\n");
    const check = await guardFiles([file("state")]);
    await rm(file("state"));
    expect(await check()).toEqual([file("state")]);
    expect(await readFile(file("state"), "utf8")).toBe("k=v\n");
  });

  it("a file missing at guard time that the agent created is removed again and listed", async () => {
    // e.g. a ~/.gitconfig with a proxy, which the job's later git commands would read.
    await writeFile(file("env"), "A=1\n");
    const check = await guardFiles([file("missing"), file("env")]);
    await writeFile(file("missing"), "created by the agent\n");
    expect(await check()).toEqual([file("missing")]);
    await expect(readFile(file("missing"))).rejects.toThrow(/ENOENT/);
  });

  it("a file missing at guard time and still missing is nothing to do", async () => {
    const check = await guardFiles([file("missing")]);
    expect(await check()).toEqual([]);
  });

  it("a file replaced by a symlink is replaced again, and the link's target is not written", async () => {
    await writeFile(file("env"), "A=1\n");
    await writeFile(file("target"), "the target\n");
    const check = await guardFiles([file("env")]);
    await rm(file("env"));
    await symlink(file("target"), file("env"));
    expect(await check()).toEqual([file("env")]);
    expect((await lstat(file("env"))).isSymbolicLink()).toBe(false);
    expect(await readFile(file("env"), "utf8")).toBe("A=1\n");
    expect(await readFile(file("target"), "utf8")).toBe("the target\n");
  });

  it("lists every tampered file in the order given", async () => {
    for (const name of ["a", "b", "c"]) await writeFile(file(name), `${name}\n`);
    const check = await guardFiles([file("c"), file("b"), file("a")]);
    await writeFile(file("a"), "x", { flag: "a" });
    await writeFile(file("c"), "x", { flag: "a" });
    expect(await check()).toEqual([file("c"), file("a")]);
  });

  it("no files: nothing to do", async () => {
    expect(await (await guardFiles([]))()).toEqual([]);
  });
});
