import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  getInput,
  looksLikeCommand,
  readRawInputs,
  writeInert,
  writeOutputs,
} from "../../../src/action/runner-commands.js";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.restoreAllMocks();
});

describe("getInput and readRawInputs: the inputs as the runner passes them", () => {
  it("reads INPUT_<NAME> with hyphens kept and spaces as underscores, untrimmed", () => {
    process.env["INPUT_TRIGGER-LABEL"] = "  agent  ";
    process.env.INPUT_SOME_NAME = "x";
    expect(getInput("trigger-label")).toBe("  agent  ");
    expect(getInput("some name")).toBe("x");
    expect(getInput("not-given")).toBe("");
  });

  it("gives every input of action.yml that is set, by its key, and leaves out the empty ones", () => {
    for (const key of Object.keys(process.env)) if (key.startsWith("INPUT_")) delete process.env[key];
    process.env["INPUT_AGENT-COMMAND"] = "my-agent --go";
    process.env["INPUT_TIMEOUT-MINUTES"] = "";
    process.env["INPUT_GITHUB-TOKEN"] = "ghs_x";
    expect(readRawInputs()).toEqual({ agentCommand: "my-agent --go", githubToken: "ghs_x" });
  });
});

describe("writeOutputs: the GITHUB_OUTPUT file command", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "runner-commands-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("appends each output between delimiters of its own, so a value cannot end it early", () => {
    const file = path.join(dir, "output");
    process.env.GITHUB_OUTPUT = file;
    expect(writeOutputs({ outcome: "skipped", note: "two\nlines", empty: "" })).toBe(true);
    const text = readFileSync(file, "utf8");
    const entries = [...text.matchAll(/^(\S+)<<(ghadelimiter_[0-9a-f-]{36})\n([\s\S]*?)\n\2\n/gm)].map(
      (m) => [m[1], m[3]],
    );
    expect(entries).toEqual([
      ["outcome", "skipped"],
      ["note", "two\nlines"],
      ["empty", ""],
    ]);
    expect(new Set([...text.matchAll(/ghadelimiter_[0-9a-f-]{36}/g)].map((m) => m[0])).size).toBe(3);
  });

  it("says when the runner gave no output file", () => {
    delete process.env.GITHUB_OUTPUT;
    expect(writeOutputs({ outcome: "skipped" })).toBe(false);
  });
});

describe("writeInert: text in the job log that is never a command", () => {
  const written = () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    return () => write.mock.calls.map((call) => String(call[0])).join("");
  };

  it.each([
    ["a command at a line's start", "Skipping: the label added was `::error::boom`\n::warning::x"],
    ["the legacy form anywhere", "label ##[error]boom"],
  ])("%s is fenced by stop-commands with a token of its own", (_, text) => {
    const output = written();
    writeInert(text);
    const [first, ...rest] = output().trimEnd().split("\n");
    const token = /^::stop-commands::(.+)$/.exec(first!)?.[1];
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect(rest.at(-1)).toBe(`::${token}::`);
    expect(rest.slice(0, -1).join("\n")).toBe(text);
  });

  it("plain text is written as it is", () => {
    const output = written();
    writeInert("Outcome: skipped");
    expect(output()).toBe("Outcome: skipped\n");
    expect(looksLikeCommand("Outcome: skipped")).toBe(false);
  });
});
