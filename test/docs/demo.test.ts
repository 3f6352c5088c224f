import { execFile } from "node:child_process";
import { access, readFile, rm, symlink } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../rig/action-runner.js";
import { makeTempDir, removeAllTempDirs } from "../rig/temp.js";

const run = promisify(execFile);

// The README promises the demo with only Node.js and git; it runs the committed bundle (dist/).
describe("npm run demo", () => {
  afterAll(removeAllTempDirs);

  it("runs on this machine's Node.js and, with --keep, leaves what the run produced and says where", async () => {
    // Only git on PATH, no npm or npx: the demo must not fetch anything (such as another Node.js).
    const bin = (await makeTempDir("demo-path")).path;
    await symlink(await gitPath(), path.join(bin, "git"));
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/demo.ts", "--keep"], {
      cwd: REPO_ROOT,
      // A fresh TMPDIR: no cached path of a Node.js fetched by earlier tests either.
      env: { PATH: bin, HOME: process.env.HOME ?? "", TMPDIR: (await makeTempDir("demo-tmp")).path },
      timeout: 120_000,
    });
    expect(stdout).toContain(`main exited 0, post exited 0 on Node.js ${process.versions.node}`);
    const dir = /── Kept in (\S+) ──/.exec(stdout)?.[1];
    expect(dir, stdout).toBeDefined();
    try {
      const files = [
        "environment/workdir/.agent_context/issue_context.md",
        "environment/workdir/GREETING.md",
        "changes.diff",
        "job-summary.md",
        "status-comment.md",
        "pull-request.md",
      ];
      for (const file of files) {
        await access(path.join(dir!, file));
        expect(stdout).toContain(path.join(dir!, file.startsWith("environment/") ? "environment" : file));
      }
      expect(await readFile(path.join(dir!, "changes.diff"), "utf8")).toContain("+++ b/GREETING.md");
      expect(await readFile(path.join(dir!, "status-comment.md"), "utf8")).toContain("opened a pull request");
    } finally {
      await rm(dir!, { recursive: true, force: true });
    }
  });
});

async function gitPath(): Promise<string> {
  return (await run("sh", ["-c", "command -v git"])).stdout.trim();
}
