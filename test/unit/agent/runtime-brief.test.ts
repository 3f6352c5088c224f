import { readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  addBrief,
  BRIEF_END,
  BRIEF_FILES,
  BRIEF_START,
  briefBlock,
  insertBrief,
  removeBrief,
  restoreBrief,
} from "../../../src/core/agent/runtime-brief.js";
import type { AgentPreset } from "../../../src/core/settings.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

const block = briefBlock(42);

/** Originals an instructions file can have before the run; undefined: there is none. */
const originals: Array<[string, string | undefined]> = [
  ["no file", undefined],
  ["an empty file", ""],
  ["a file ending in a newline", "# Project\n\nUse pnpm.\n"],
  ["a one-line file ending in a newline", "A\n"],
  ["a file without a trailing newline", "A"],
  ["a CRLF file", "# Project\r\n\r\nUse pnpm.\r\n"],
  ["a CRLF file without a trailing newline", "A\r\nB"],
  ["a file ending in blank lines", "A\n\n\n"],
  ["a file that already mentions the markers' text", "See agent-task:brief docs.\n"],
];

describe("briefBlock points the agent at .agent_context/", () => {
  it("sits between the markers and names the issue and the context files", () => {
    expect(block.startsWith(BRIEF_START)).toBe(true);
    expect(block.endsWith(BRIEF_END)).toBe(true);
    expect(block).toContain("issue #42");
    expect(block).toContain(".agent_context/issue_context.md");
    expect(block).toContain(".agent_context/issue.json");
    expect(block).toMatch(/do not commit, push or open a pull request/);
  });

  it("has its markers once each", () => {
    expect(block.split(BRIEF_START)).toHaveLength(2);
    expect(block.split(BRIEF_END)).toHaveLength(2);
  });
});

describe("addBrief: the repository's own content comes first, untouched", () => {
  it.each(originals)("%s: the original is a prefix, the block follows", (_, original) => {
    const added = addBrief(original, block);
    expect(added.startsWith(original ?? "")).toBe(true);
    expect(added.endsWith(`${block}\n`)).toBe(true);
  });

  it.each([
    [undefined, `${block}\n`],
    ["", `${block}\n`],
    ["A\n", `A\n\n${block}\n`],
    ["A", `A\n\n${block}\n`],
    ["A\r\n", `A\r\n\n${block}\n`],
  ])("%j → a blank line between the original and the block", (original, expected) => {
    expect(addBrief(original, block)).toBe(expected);
  });
});

describe("removeBrief(addBrief(x)) is x byte for byte when the agent left the file alone", () => {
  it.each(originals)("%s", (_, original) => {
    expect(removeBrief(addBrief(original, block), original, block)).toBe(original);
  });

  it("a file the action created is deleted again (undefined)", () => {
    expect(removeBrief(addBrief(undefined, block), undefined, block)).toBeUndefined();
  });
});

describe("removeBrief keeps the agent's edits outside the markers", () => {
  it.each([
    // original, what the agent left, what is committed
    ["appended after the block", "A\n", `A\n\n${block}\nAgent line.\n`, "A\nAgent line.\n"],
    [
      "appended after the block, original without trailing newline",
      "A",
      `A\n\n${block}\nAgent line.\n`,
      "A\nAgent line.\n",
    ],
    [
      "appended after the block without a trailing newline",
      "A\n",
      `A\n\n${block}\nAgent line.`,
      "A\nAgent line.",
    ],
    ["inserted before the block", "A\n", `A\nAgent line.\n\n${block}\n`, "A\nAgent line.\n"],
    ["edited the original text", "Use npm.\n", `Use pnpm.\n\n${block}\n`, "Use pnpm.\n"],
    ["edited both sides", "A\nB\n", `A\nB changed\n\n${block}\nC\n`, "A\nB changed\nC\n"],
    [
      "appended to a CRLF file with CRLF",
      "A\r\n",
      `A\r\n\n${block}\nAgent line.\r\n`,
      "A\r\nAgent line.\r\n",
    ],
    ["stripped the final newline", "A\n", `A\n\n${block}`, "A\n"],
    ["wrote into a file the action created", undefined, `${block}\nNew notes.\n`, "New notes.\n"],
    ["wrote above the block of a created file", undefined, `New notes.\n${block}\n`, "New notes.\n"],
    ["wrote into a file that was empty", "", `${block}\nNew notes.\n`, "New notes.\n"],
  ] as Array<[string, string | undefined, string, string]>)(
    "the agent %s",
    (_, original, current, expected) => {
      expect(removeBrief(current, original, block)).toBe(expected);
    },
  );

  it("the agent edited inside the block: the block is removed anyway", () => {
    const edited = addBrief("A\n", block).replace("## agent-task", "## agent-task (seen, thanks)");
    expect(edited).not.toBe(addBrief("A\n", block));
    expect(removeBrief(edited, "A\n", block)).toBe("A\n");
  });

  it("the agent edited inside the block of a file the action created: the file goes", () => {
    const edited = addBrief(undefined, block).replace("issue #42", "issue #42 (done)");
    expect(removeBrief(edited, undefined, block)).toBeUndefined();
  });

  it("the agent emptied a file the action created except for the block: the file goes", () => {
    expect(removeBrief(`\n\n${block}\n\n`, undefined, block)).toBeUndefined();
  });

  it("the agent deleted the markers: its file is kept as it is", () => {
    const current = "A\n\nMy own notes, no markers.\n";
    expect(removeBrief(current, "A\n", block)).toBe(current);
    expect(removeBrief(current, undefined, block)).toBe(current);
  });

  it("the agent deleted only the end marker: its file is kept as it is", () => {
    const current = addBrief("A\n", block).replace(BRIEF_END, "");
    expect(removeBrief(current, "A\n", block)).toBe(current);
  });

  it.each(originals)("the agent deleted the file (%s): it stays deleted", (_, original) => {
    expect(removeBrief(undefined, original, block)).toBeUndefined();
  });
});

describe("BRIEF_FILES: the file each CLI reads for project instructions", () => {
  it.each([
    ["claude", "CLAUDE.md"],
    ["codex", "AGENTS.md"],
    ["gemini", "GEMINI.md"],
    ["custom", "AGENTS.md"],
  ] as Array<[AgentPreset, string]>)("%s → %s", (preset, file) => {
    expect(BRIEF_FILES[preset]).toBe(file);
  });
});

describe("insertBrief and restoreBrief on a real directory", () => {
  let workdir: string;

  beforeEach(async () => {
    workdir = (await makeTempDir("brief")).path;
  });
  afterAll(removeAllTempDirs);

  const exists = (file: string) =>
    readFile(file).then(
      () => true,
      () => false,
    );

  it.each([
    ["claude", "CLAUDE.md"],
    ["codex", "AGENTS.md"],
    ["gemini", "GEMINI.md"],
    ["custom", "AGENTS.md"],
  ] as Array<[AgentPreset, string]>)(
    "%s: the brief goes into %s, which is removed again when the action created it",
    async (preset, name) => {
      const inserted = (await insertBrief(workdir, preset, 7))!;
      expect(inserted.file).toBe(path.join(workdir, name));
      expect(inserted.original).toBeUndefined();
      expect(await readFile(inserted.file, "utf8")).toBe(`${briefBlock(7)}\n`);
      await restoreBrief(inserted);
      expect(await exists(inserted.file)).toBe(false);
    },
  );

  it("a symlink in the brief's place is left alone, before and after the run", async () => {
    const target = path.join(workdir, "target.txt");
    await writeFile(target, "not the brief\n");
    const file = path.join(workdir, "CLAUDE.md");
    await symlink(target, file);
    expect(await insertBrief(workdir, "claude", 7)).toBeUndefined();
    expect(await readFile(target, "utf8")).toBe("not the brief\n");

    // An agent that swaps the file for a link after the brief went in: nothing is written through it.
    await rm(file);
    const inserted = await insertBrief(workdir, "claude", 7);
    await rm(file);
    await symlink(target, file);
    await restoreBrief(inserted);
    expect(await readFile(target, "utf8")).toBe("not the brief\n");
  });

  it("a file the repository has is written back byte for byte", async () => {
    const file = path.join(workdir, "CLAUDE.md");
    const original = Buffer.from("# Rules\r\n\r\nNo tabs.\r\n", "utf8");
    await writeFile(file, original);
    const inserted = await insertBrief(workdir, "claude", 7);
    expect(await readFile(file, "utf8")).toContain(BRIEF_START);
    await restoreBrief(inserted);
    expect((await readFile(file)).equals(original)).toBe(true);
  });

  it.each([
    ["Latin-1 text", Buffer.from("Caf\xe9 rules\n", "latin1")],
    ["a UTF-16 file with its byte order mark", Buffer.from("\ufeffRules\n", "utf16le")],
    ["bytes that are not text", Buffer.from([0x41, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0a])],
    ["a lone continuation byte at the end", Buffer.from([0x41, 0x0a, 0x80])],
  ])("an original with non-UTF-8 bytes (%s) is restored byte for byte", async (_, original) => {
    const file = path.join(workdir, "AGENTS.md");
    await writeFile(file, original);
    const inserted = await insertBrief(workdir, "codex", 7);
    expect(await readFile(file, "utf8")).toContain(BRIEF_START);
    await restoreBrief(inserted);
    expect([...(await readFile(file))]).toEqual([...original]);
  });

  it("the agent's lines appended after the block are kept", async () => {
    const file = path.join(workdir, "GEMINI.md");
    await writeFile(file, "Rules\n");
    const inserted = await insertBrief(workdir, "gemini", 7);
    await writeFile(file, `${await readFile(file, "utf8")}Learned: run make check.\n`);
    await restoreBrief(inserted);
    expect(await readFile(file, "utf8")).toBe("Rules\nLearned: run make check.\n");
  });

  it("a file the agent deleted stays deleted", async () => {
    const file = path.join(workdir, "AGENTS.md");
    await writeFile(file, "Rules\n");
    const inserted = await insertBrief(workdir, "custom", 7);
    await rm(file);
    await restoreBrief(inserted);
    expect(await exists(file)).toBe(false);
  });

  it("a file the agent rewrote without the markers is kept as it is", async () => {
    const file = path.join(workdir, "CLAUDE.md");
    const inserted = await insertBrief(workdir, "claude", 7);
    await writeFile(file, "Entirely the agent's file.\n");
    await restoreBrief(inserted);
    expect(await readFile(file, "utf8")).toBe("Entirely the agent's file.\n");
  });
});
