// `npm run build` replaces the committed dist/ only when every bundle was built: a build that
// fails or is killed halfway leaves the old dist/ in place.
import { type ChildProcess, spawn } from "node:child_process";
import { copyFile, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../rig/action-runner.js";
import { makeTempDir, removeAllTempDirs } from "../rig/temp.js";

afterAll(removeAllTempDirs);

const ENTRIES = ["src/action/index.ts", "src/action/post-index.ts", "src/cli/index.ts"];
const OLD_BUNDLE = "// the bundle of the last good build\n";

/** A project with the real build script and toolchain, tiny entry points and a committed dist/. */
async function project(): Promise<string> {
  const dir = (await makeTempDir("build")).path;
  await mkdir(path.join(dir, "scripts"));
  await copyFile(path.join(REPO_ROOT, "scripts", "build.js"), path.join(dir, "scripts", "build.js"));
  await copyFile(path.join(REPO_ROOT, "tsconfig.json"), path.join(dir, "tsconfig.json"));
  await writeFile(path.join(dir, "package.json"), '{ "type": "module" }\n');
  await symlink(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
  for (const entry of ENTRIES) {
    await mkdir(path.dirname(path.join(dir, entry)), { recursive: true });
    await writeFile(path.join(dir, entry), `console.log(${JSON.stringify(entry)});\n`);
  }
  for (const out of ["dist", "dist/post", "dist/cli"]) {
    await mkdir(path.join(dir, out), { recursive: true });
    await writeFile(path.join(dir, out, "index.js"), OLD_BUNDLE);
  }
  return dir;
}

function startBuild(dir: string): { child: ChildProcess; done: Promise<number | null> } {
  // Its own process group, so the test can kill ncc along with the script, as Ctrl-C would.
  const child = spawn(process.execPath, ["scripts/build.js"], { cwd: dir, detached: true, stdio: "ignore" });
  const done = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, done };
}

async function bundles(dir: string): Promise<string[]> {
  return Promise.all(
    ["dist", "dist/post", "dist/cli"].map((out) => readFile(path.join(dir, out, "index.js"), "utf8")),
  );
}

/** The main bundle exists somewhere: in a staging folder, or (a build without one) in dist/. */
async function firstBundleWritten(dir: string): Promise<boolean> {
  for (const name of await stagingFolders(dir)) {
    if ((await readdir(path.join(dir, name))).includes("index.js")) return true;
  }
  const current = await readFile(path.join(dir, "dist", "index.js"), "utf8").catch(() => "");
  return current !== OLD_BUNDLE;
}

async function stagingFolders(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith(".dist-build-"));
}

describe("npm run build (scripts/build.js)", () => {
  it("a build that fails leaves the old dist/ in place, and no staging folder", async () => {
    const dir = await project();
    await writeFile(path.join(dir, "src/cli/index.ts"), "export const = ;\n");
    const { done } = startBuild(dir);
    expect(await done).not.toBe(0);
    expect(await bundles(dir)).toEqual([OLD_BUNDLE, OLD_BUNDLE, OLD_BUNDLE]);
    expect(await stagingFolders(dir)).toEqual([]);
  });

  it("an interrupted build leaves the old dist/ in place; the next build replaces it whole", async () => {
    const dir = await project();
    const { child, done } = startBuild(dir);
    // Killed halfway: once the first bundle is written, with two more to go.
    for (let i = 0; i < 800 && !(await firstBundleWritten(dir)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await firstBundleWritten(dir)).toBe(true);
    process.kill(-child.pid!, "SIGKILL");
    await done;
    expect(await bundles(dir)).toEqual([OLD_BUNDLE, OLD_BUNDLE, OLD_BUNDLE]);

    const next = startBuild(dir);
    expect(await next.done).toBe(0);
    const built = await bundles(dir);
    expect(built[0]).toContain("src/action/index.ts");
    expect(built[1]).toContain("src/action/post-index.ts");
    expect(built[2]).toContain("src/cli/index.ts");
    expect(await stagingFolders(dir)).toEqual([]);
  });
});
