import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TaskError } from "../../../src/core/errors.js";
import { Git } from "../../../src/core/git.js";
import { chooseMode, inspectSource, type Source } from "../../../src/core/workspace/choose-mode.js";
import { git } from "../../rig/git-server.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

afterAll(removeAllTempDirs);

const at = "/home/runner/_work/widgets/widgets";
const sources = {
  missing: { kind: "missing", path: at },
  file: { kind: "not-a-directory", path: at },
  repository: { kind: "repository", path: at },
  folder: { kind: "folder", path: at, empty: false },
  empty: { kind: "folder", path: at, empty: true },
  gitError: { kind: "git-error", path: at, message: "fatal: bad config line 1 in file .git/config" },
} satisfies Record<string, Source>;

function refusal(setting: "auto" | "worktree" | "directory", source: Source): string {
  try {
    chooseMode(setting, source);
  } catch (error) {
    expect(error).toBeInstanceOf(TaskError);
    return (error as Error).message;
  }
  throw new Error(`chooseMode(${setting}, ${source.kind}) did not refuse`);
}

describe("chooseMode: a plain directory only for an existing, non-empty folder outside git", () => {
  it.each([
    ["auto", sources.repository, "worktree"],
    ["worktree", sources.repository, "worktree"],
    ["directory", sources.repository, "directory"],
    ["auto", sources.folder, "directory"],
    ["directory", sources.folder, "directory"],
    ["directory", sources.empty, "directory"],
  ] as const)("mode: %s, %o → %s, with the reason", (setting, source, mode) => {
    const choice = chooseMode(setting, source);
    expect(choice.mode).toBe(mode);
    expect(choice.reason).toContain(at);
  });

  it.each(["auto", "worktree", "directory"] as const)(
    "mode: %s, a missing repo-path fails naming it and actions/checkout",
    (setting) => {
      const message = refusal(setting, sources.missing);
      expect(message).toContain("`repo-path` /home/runner/_work/widgets/widgets does not exist");
      expect(message).toContain("actions/checkout");
    },
  );

  it("mode: auto, an empty repo-path is a workflow without a checkout", () => {
    const message = refusal("auto", sources.empty);
    expect(message).toContain("is empty");
    expect(message).toContain("actions/checkout");
    expect(message).toContain("`mode: directory`");
  });

  it.each(["auto", "worktree"] as const)("mode: %s, a git error is reported as git's error", (setting) => {
    const message = refusal(setting, sources.gitError);
    expect(message).toContain(
      "git failed in `repo-path` /home/runner/_work/widgets/widgets: fatal: bad config line 1",
    );
    expect(message).not.toMatch(/not a git checkout/);
  });

  it("mode: worktree, a folder outside git needs a checkout", () => {
    expect(refusal("worktree", sources.folder)).toMatch(/not a git checkout.*actions\/checkout/);
  });

  it("a file as repo-path is refused", () => {
    expect(refusal("auto", sources.file)).toContain("is not a directory");
  });

  it("git refusing a checkout owned by another user says how to allow it", () => {
    const message = refusal("auto", {
      kind: "git-error",
      path: at,
      message: "fatal: detected dubious ownership in repository at '/home/runner/_work/widgets/widgets'",
    });
    expect(message).toContain("safe.directory /home/runner/_work/widgets/widgets");
  });
});

describe("inspectSource: what repo-path is, as git and the file system say", () => {
  const gitFor = () => new Git("/", { PATH: process.env.PATH ?? "", HOME: "/nonexistent" });

  it("a missing path, a file, an empty folder and a folder with files", async () => {
    const dir = (await makeTempDir("source")).path;
    await writeFile(path.join(dir, "file.txt"), "x");
    await mkdir(path.join(dir, "empty"));
    await mkdir(path.join(dir, "workspaces-inside"));
    expect(await inspectSource(path.join(dir, "nope"), gitFor())).toMatchObject({ kind: "missing" });
    expect(await inspectSource(path.join(dir, "file.txt"), gitFor())).toMatchObject({
      kind: "not-a-directory",
    });
    expect(await inspectSource(path.join(dir, "empty"), gitFor())).toMatchObject({
      kind: "folder",
      empty: true,
    });
    expect(await inspectSource(dir, gitFor())).toMatchObject({ kind: "folder", empty: false });
    // The workspaces root inside repo-path is not content.
    const holder = path.join(dir, "empty");
    await mkdir(path.join(holder, "ws"));
    expect(await inspectSource(holder, gitFor(), [path.join(holder, "ws")])).toMatchObject({
      kind: "folder",
      empty: true,
    });
  });

  it("a repository, also from one of its folders", async () => {
    const dir = (await makeTempDir("source-repo")).path;
    await git(["init", "--quiet", dir]);
    await mkdir(path.join(dir, "sub"));
    expect(await inspectSource(dir, gitFor())).toMatchObject({ kind: "repository" });
    expect(await inspectSource(path.join(dir, "sub"), gitFor())).toMatchObject({ kind: "repository" });
  });

  it("a checkout git cannot read is a git error, not a plain folder", async () => {
    const badConfig = (await makeTempDir("source-bad-config")).path;
    await git(["init", "--quiet", badConfig]);
    await writeFile(path.join(badConfig, ".git", "config"), "[core\nthis is not git config\n");
    const first = await inspectSource(badConfig, gitFor());
    expect(first).toMatchObject({ kind: "git-error" });
    expect((first as { message: string }).message).toMatch(/bad config/);

    const badHead = (await makeTempDir("source-bad-head")).path;
    await git(["init", "--quiet", badHead]);
    await writeFile(path.join(badHead, ".git", "HEAD"), "garbage\n");
    expect(await inspectSource(badHead, gitFor())).toMatchObject({ kind: "git-error" });
  });
});
