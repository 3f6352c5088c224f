import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { release } from "../../scripts/release.js";
import { makeTempDir, removeAllTempDirs } from "../rig/temp.js";

const execFileAsync = promisify(execFile);
afterAll(removeAllTempDirs);

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await execFileAsync("git", args, { cwd })).stdout.trim();
}

/** A repository like this one: package.json, CHANGELOG.md and a committed dist/. */
async function project(version: string, changelog: string) {
  const dir = (await makeTempDir("release")).path;
  await git(dir, "init", "--quiet", "--initial-branch=main");
  await git(dir, "config", "user.name", "Release Test");
  await git(dir, "config", "user.email", "release@example.com");
  await mkdir(path.join(dir, "dist"));
  await writeFile(path.join(dir, "dist", "index.js"), "built from v1\n");
  await setVersion(dir, version, changelog);
  return dir;
}

async function setVersion(dir: string, version: string, changelog: string): Promise<void> {
  await writeFile(path.join(dir, "package.json"), `${JSON.stringify({ name: "x", version })}\n`);
  await writeFile(path.join(dir, "CHANGELOG.md"), changelog);
  await git(dir, "add", "-A");
  await git(dir, "commit", "--quiet", "-m", `version ${version}`);
}

/** A build that writes what the committed dist/ holds, or something else when it is stale. */
const buildWriting =
  (dir: string, content = "built from v1\n") =>
  () =>
    writeFile(path.join(dir, "dist", "index.js"), content);

const tags = (dir: string) => git(dir, "tag", "--list").then((out) => out.split("\n").filter(Boolean));
const tagCommit = (dir: string, tag: string) => git(dir, "rev-list", "-n", "1", tag);
const quiet = () => {};

describe("the release script", () => {
  it("tags vX.Y.Z and moves vX to it, release after release", async () => {
    const dir = await project("1.0.0", "# Changelog\n\n## 1.0.0 - 2026-12-01\n\n- first\n");
    const first = await release({ cwd: dir, build: buildWriting(dir), log: quiet });
    expect(first).toMatchObject({ tag: "v1.0.0", majorTag: "v1" });
    expect(await tags(dir)).toEqual(["v1", "v1.0.0"]);
    expect(await tagCommit(dir, "v1")).toBe(await git(dir, "rev-parse", "HEAD"));

    await setVersion(
      dir,
      "1.1.0",
      "# Changelog\n\n## 1.1.0 - 2026-12-02\n\n- second\n\n## 1.0.0 - 2026-12-01\n",
    );
    await release({ cwd: dir, build: buildWriting(dir), log: quiet });
    const head = await git(dir, "rev-parse", "HEAD");
    expect(await tags(dir)).toEqual(["v1", "v1.0.0", "v1.1.0"]);
    expect(await tagCommit(dir, "v1")).toBe(head);
    expect(await tagCommit(dir, "v1.0.0")).toBe(first.commit);
    expect(first.commit).not.toBe(head);
  });

  it("refuses a tree with uncommitted changes", async () => {
    const dir = await project("1.0.0", "## 1.0.0 - 2026-12-01\n");
    await writeFile(path.join(dir, "notes.txt"), "not committed\n");
    await expect(release({ cwd: dir, build: buildWriting(dir), log: quiet })).rejects.toThrow(
      /working tree is not clean[\s\S]*notes\.txt/,
    );
    expect(await tags(dir)).toEqual([]);
  });

  it("refuses when dist/ is not the build of the commit", async () => {
    const dir = await project("1.0.0", "## 1.0.0 - 2026-12-01\n");
    await expect(
      release({ cwd: dir, build: buildWriting(dir, "built from newer sources\n"), log: quiet }),
    ).rejects.toThrow(/dist\/ differs from a fresh build/);
    expect(await tags(dir)).toEqual([]);
  });

  it("refuses a version without a dated CHANGELOG section, or unlike package.json", async () => {
    const undated = await project("1.0.0", "## 1.0.0 (unreleased)\n");
    await expect(release({ cwd: undated, build: buildWriting(undated), log: quiet })).rejects.toThrow(
      /no release date/,
    );
    const missing = await project("1.0.0", "## 0.9.0 - 2026-11-01\n");
    await expect(release({ cwd: missing, build: buildWriting(missing), log: quiet })).rejects.toThrow(
      /no "## 1\.0\.0" section/,
    );
    await expect(
      release({ cwd: missing, version: "1.0.1", build: buildWriting(missing), log: quiet }),
    ).rejects.toThrow(/package\.json says 1\.0\.0, not 1\.0\.1/);
    expect([...(await tags(undated)), ...(await tags(missing))]).toEqual([]);
  });

  it("never moves the major tag back to an older release", async () => {
    const dir = await project("1.2.0", "## 1.2.0 - 2026-12-02\n## 1.1.5 - 2026-11-20\n");
    await release({ cwd: dir, build: buildWriting(dir), log: quiet });
    await setVersion(dir, "1.1.5", await readFile(path.join(dir, "CHANGELOG.md"), "utf8"));
    await expect(release({ cwd: dir, build: buildWriting(dir), log: quiet })).rejects.toThrow(
      /v1\.2\.0 is newer than 1\.1\.5/,
    );
    expect(await tags(dir)).toEqual(["v1", "v1.2.0"]);
  });
});
