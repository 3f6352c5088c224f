import { execFile } from "node:child_process";
import { lstat, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { git } from "../rig/git-server.js";
import { fixtureAgent, pathExists, type Scenario, useScenario } from "./scenario.js";

let scenario: Scenario;
const CI_WORKFLOW = "name: ci\non: push\njobs: {}\n";
useScenario(
  (started) => {
    scenario = started;
  },
  { files: { "README.md": "# widgets\n", ".github/workflows/ci.yml": CI_WORKFLOW } },
);

type Step =
  | { write: Record<string, string> }
  | { link: Record<string, string> }
  | { big: { path: string; bytes: number } }
  | { remove: string }
  | { commit: string };

function changesAgent(steps: Step[]): string {
  return fixtureAgent("scripted-changes.mjs", JSON.stringify(steps));
}

const EVIL_WORKFLOW =
  "name: ci\non: push\njobs:\n  leak:\n    runs-on: ubuntu-latest\n    steps: [{ run: env }]\n";

/** Every path any commit of `branch` (not on main) touched. */
async function pathsTouched(branch: string): Promise<string[]> {
  const bare = scenario.git.bareDir(scenario.owner, scenario.repo);
  const log = await git(["-C", bare, "log", "--format=", "--name-only", `main..${branch}`]);
  return [...new Set(log.split("\n").filter(Boolean))].sort();
}

async function remoteFile(branch: string, file: string): Promise<string | undefined> {
  return scenario.git.readFile(scenario.owner, scenario.repo, branch, file);
}

function annotations(main: { annotations: Array<{ message: string }> }): string {
  return main.annotations.map((annotation) => annotation.message).join("\n");
}

describe("workflow files the agent changed", () => {
  it("are not pushed by default: the rest is, the patch is saved, and every report says so", async () => {
    const issue = scenario.addIssue("Change CI and add a file");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: {
        "agent-command": changesAgent([
          { write: { ".github/workflows/ci.yml": EVIL_WORKFLOW, "notes.txt": "notes\n" } },
        ]),
      },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");
    const branch = main.outputs.branch!;
    expect(await pathsTouched(branch)).toEqual(["notes.txt"]);
    expect(await remoteFile(branch, ".github/workflows/ci.yml")).toBe(CI_WORKFLOW);
    for (const other of await scenario.git.branches(scenario.owner, scenario.repo)) {
      expect(await remoteFile(other, ".github/workflows/ci.yml")).toBe(CI_WORKFLOW);
    }

    const patch = await readFile(path.join(main.outputs["env-dir"]!, "output", "held-back.patch"), "utf8");
    expect(patch).toContain("+  leak:");
    expect(patch).not.toContain("notes.txt");

    expect(annotations(main)).toMatch(
      /\.github\/workflows\/ci\.yml.*allow-workflow-changes: true.*`workflows` permission/s,
    );
    expect(main.summary).toContain("Held back, not pushed");
    expect(main.summary).toContain("allow-workflow-changes: true");
    const [status] = scenario.statusComments(issue);
    expect(status!.body).toContain("Held back, not pushed");
    expect(status!.body).toContain("`.github/workflows/ci.yml`");
    const pull = scenario.github
      .pulls(scenario.owner, scenario.repo)
      .find((p) => p.number === Number(main.outputs["pr-number"]));
    expect(pull!.body).toContain("`allow-workflow-changes: true`");
  });

  it("are pushed with allow-workflow-changes: true", async () => {
    const issue = scenario.addIssue("Change CI, allowed");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: {
        "allow-workflow-changes": "true",
        "agent-command": changesAgent([
          { write: { ".github/workflows/ci.yml": EVIL_WORKFLOW, "more.txt": "x\n" } },
        ]),
      },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(await remoteFile(main.outputs.branch!, ".github/workflows/ci.yml")).toBe(EVIL_WORKFLOW);
    expect(main.summary).not.toContain("Held back");
  });

  it("when only workflow files changed, nothing is pushed and the work is kept", async () => {
    const issue = scenario.addIssue("Only CI");
    const branchesBefore = await scenario.git.branches(scenario.owner, scenario.repo);
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: { "agent-command": changesAgent([{ write: { ".github/workflows/ci.yml": EVIL_WORKFLOW } }]) },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("completed");
    expect(main.outputs.branch).toBe("");
    expect(await scenario.git.branches(scenario.owner, scenario.repo)).toEqual(branchesBefore);
    const envDir = main.outputs["env-dir"]!;
    expect(await pathExists(path.join(envDir, "output", "held-back.patch"))).toBe(true);
    expect(await readFile(path.join(envDir, "workdir", ".github", "workflows", "ci.yml"), "utf8")).toBe(
      EVIL_WORKFLOW,
    );
  });

  it("a workflow change in one of the agent's own commits, undone later, is not pushed either", async () => {
    const issue = scenario.addIssue("Sneaky history");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: {
        "agent-command": changesAgent([
          { write: { ".github/workflows/ci.yml": EVIL_WORKFLOW } },
          { commit: "tweak ci" },
          { write: { ".github/workflows/ci.yml": CI_WORKFLOW, "feature.txt": "feature\n" } },
          { commit: "feature" },
        ]),
      },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");
    expect(await pathsTouched(main.outputs.branch!)).toEqual(["feature.txt"]);
  });
});

describe("files GitHub would refuse, and links", () => {
  it("a 101 MiB file is not pushed, is named, and is kept; the rest is pushed", async () => {
    const issue = scenario.addIssue("Add a dataset");
    const bytes = 101 * 1024 * 1024;
    const { main } = await scenario.run({
      issueNumber: issue,
      timeoutMs: 240_000,
      inputs: {
        "keep-env": "always",
        "agent-command": changesAgent([
          { big: { path: "data/big.bin", bytes } },
          { write: { "data/README.md": "data\n" } },
        ]),
      },
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");
    expect(await pathsTouched(main.outputs.branch!)).toEqual(["data/README.md"]);
    expect(annotations(main)).toContain("data/big.bin (101.0 MiB)");
    expect(main.summary).toContain("`data/big.bin`: 101.0 MiB, over GitHub's 100 MiB file limit");
    const envDir = main.outputs["env-dir"]!;
    expect((await lstat(path.join(envDir, "workdir", "data", "big.bin"))).size).toBe(bytes);
    const { stdout } = await promisify(execFile)("grep", [
      "-c",
      "^diff --git a/data/big.bin",
      path.join(envDir, "output", "changes.patch"),
    ]);
    expect(stdout.trim()).toBe("1");
  }, 300_000);

  it("a link out of the repository is pushed as a link and listed in the pull request's warnings", async () => {
    const issue = scenario.addIssue("Add links");
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: {
        "agent-command": changesAgent([
          { link: { "config/passwd": "/etc/passwd", "docs/readme-link": "../README.md" } },
          {
            write: {
              ".gitmodules": '[submodule "lib"]\n\tpath = lib\n\turl = https://example.com/lib.git\n',
            },
          },
        ]),
      },
    });
    expect(main.exitCode, main.log).toBe(0);
    const branch = main.outputs.branch!;
    const bare = scenario.git.bareDir(scenario.owner, scenario.repo);
    const entry = await git(["-C", bare, "ls-tree", branch, "config/passwd"]);
    expect(entry.startsWith("120000 blob ")).toBe(true);
    expect(await remoteFile(branch, "config/passwd")).toBe("/etc/passwd");

    const pull = scenario.github
      .pulls(scenario.owner, scenario.repo)
      .find((p) => p.number === Number(main.outputs["pr-number"]));
    const body = pull!.body!;
    expect(body).toContain("### ⚠️ Review with care");
    expect(body).toContain("`config/passwd` is a symbolic link to `/etc/passwd`, outside the repository");
    expect(body).toContain("`.gitmodules` changed");
    expect(body).not.toMatch(/docs\/readme-link` is a symbolic link/);
  });
});
