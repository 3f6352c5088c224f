import { describe, expect, it } from "vitest";
import {
  describeHeldBack,
  isWorkflowPath,
  leavesRepository,
  parseRawChanges,
  pathsToHoldBack,
  type RawChange,
} from "../../../src/core/publish/hold-back.js";

function change(path: string, newSha = "b".repeat(40), oldMode = "100644"): RawChange {
  return { path, oldMode, newMode: "100644", oldSha: "a".repeat(40), newSha, status: "M" };
}

describe("what needs the workflows permission", () => {
  it.each([
    [".github/workflows/ci.yml", true],
    [".github/workflows/nested/x.yaml", true],
    [".GitHub/Workflows/ci.yml", true],
    [".github/workflows", true],
    [".github", true],
    [".github/dependabot.yml", false],
    ["docs/.github/workflows/ci.yml", false],
    [".github/workflows-old/ci.yml", false],
  ])("%s: %s", (file, expected) => {
    expect(isWorkflowPath(file)).toBe(expected);
  });
});

describe("links that leave the repository", () => {
  it.each([
    ["link", "/etc/passwd", true],
    ["a/link", "../../outside", true],
    ["a/link", "../..", true],
    ["link", "C:\\Windows", true],
    ["a/b/link", "../../README.md", false],
    ["link", "src/file.txt", false],
    ["a/link", "./b/../c", false],
  ])("%s -> %s leaves: %s", (link, target, expected) => {
    expect(leavesRepository(link, target)).toBe(expected);
  });
});

describe("pathsToHoldBack", () => {
  const big = "c".repeat(40);
  const changes = [change(".github/workflows/ci.yml"), change("src/a.ts"), change("data/big.bin", big)];

  it("holds back workflow files and files over the limit", () => {
    expect(pathsToHoldBack(changes, { allowWorkflowChanges: false, largeBlobs: new Set([big]) })).toEqual({
      workflowFiles: [".github/workflows/ci.yml"],
      largeFiles: ["data/big.bin"],
    });
  });

  it("lets workflow files through with allow-workflow-changes, never a file over the limit", () => {
    expect(pathsToHoldBack(changes, { allowWorkflowChanges: true, largeBlobs: new Set([big]) })).toEqual({
      workflowFiles: [],
      largeFiles: ["data/big.bin"],
    });
  });
});

describe("parseRawChanges", () => {
  it("reads git's -z raw format, across commits", () => {
    const a = "a".repeat(40);
    const z = "0".repeat(40);
    const output = `:000000 100644 ${z} ${a} A\0new file.txt\0\n:100644 120000 ${a} ${a} T\0link\0`;
    expect(parseRawChanges(output)).toEqual([
      { path: "new file.txt", oldMode: "000000", newMode: "100644", oldSha: z, newSha: a, status: "A" },
      { path: "link", oldMode: "100644", newMode: "120000", oldSha: a, newSha: a, status: "T" },
    ]);
  });
});

describe("describeHeldBack says what was held back and how to allow it", () => {
  it("names the files and the input", () => {
    const text = describeHeldBack({
      workflowFiles: [".github/workflows/ci.yml"],
      largeFiles: [{ path: "big.bin", bytes: 101 * 1024 * 1024 }],
    });
    expect(text).toContain(".github/workflows/ci.yml");
    expect(text).toContain("`allow-workflow-changes: true`");
    expect(text).toContain("`workflows` permission");
    expect(text).toContain("big.bin (101.0 MiB)");
  });
});
