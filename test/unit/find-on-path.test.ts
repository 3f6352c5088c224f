// One lookup of programs on a PATH, shared by the agent's program, the system programs the action
// runs as the agent's user, and the CLI's doctor: the first absolute directory, in order, holding
// an executable file of that name.
import { chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findOnPath } from "../../src/core/run-command.js";
import { makeTempDir, removeAllTempDirs } from "../rig/temp.js";

afterAll(removeAllTempDirs);

async function directories(...names: string[]): Promise<string[]> {
  const root = (await makeTempDir("find-on-path")).path;
  return Promise.all(
    names.map(async (name) => {
      const dir = path.join(root, name);
      await mkdir(dir);
      return dir;
    }),
  );
}

async function executable(file: string, mode = 0o755): Promise<void> {
  await writeFile(file, "#!/bin/sh\n");
  await chmod(file, mode);
}

describe("findOnPath", () => {
  it("finds the program in the first directory, in PATH's order, that has it", async () => {
    const [first, second, third] = await directories("first", "second", "third");
    await executable(path.join(second!, "tool"));
    await executable(path.join(third!, "tool"));
    const searchPath = [first, second, third].join(path.delimiter);
    expect(await findOnPath("tool", searchPath)).toBe(path.join(second!, "tool"));
  });

  it("passes over a directory of that name, a file it may not execute, and relative entries", async () => {
    const [withDirectory, notExecutable, right] = await directories("dir", "plain", "right");
    await mkdir(path.join(withDirectory!, "tool"));
    await executable(path.join(notExecutable!, "tool"), 0o644);
    await executable(path.join(right!, "tool"));
    const searchPath = [withDirectory, notExecutable, ".", "", right].join(path.delimiter);
    // Root may execute a file without execute bits only when some bit is set; 0644 has none.
    expect(await findOnPath("tool", searchPath)).toBe(path.join(right!, "tool"));
  });

  it("finds nothing where no directory has it", async () => {
    const [empty] = await directories("empty");
    expect(await findOnPath("tool", empty!)).toBeUndefined();
  });
});
