import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../../src/core/agent/line-splitter.js";

const MAX = 8 * 1024;

/** Feeds the chunks, then `end()`, and returns every line emitted. */
function split(chunks: Array<string | Buffer>, end = true): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  for (const chunk of chunks) splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  if (end) splitter.end();
  return lines;
}

/** True when the string has no unpaired UTF-16 surrogate (so it encodes to UTF-8 losslessly). */
function wellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

describe("lines, whatever the chunk boundaries", () => {
  it.each([
    [["one\ntwo\n"], ["one", "two"]],
    [
      ["on", "e\ntw", "o\n"],
      ["one", "two"],
    ],
    [
      ["one\n", "\n", "two\n"],
      ["one", "", "two"],
    ],
    [["\n\n"], ["", ""]],
    [["a\nb\nc"], ["a", "b", "c"]],
    [["no newline at all"], ["no newline at all"]],
    [[""], []],
    [[], []],
  ])("%j → %j", (chunks, lines) => {
    expect(split(chunks)).toEqual(lines);
  });

  it("gives the same lines for every way of cutting the stream", () => {
    const text = "alpha\nbeta\r\n\ngamma é ✓ 😀\r\ndelta";
    const bytes = Buffer.from(text);
    const whole = split([bytes]);
    expect(whole).toEqual(["alpha", "beta", "", "gamma é ✓ 😀", "delta"]);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(split([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at ${cut}`).toEqual(whole);
    }
    expect(split([...bytes].map((b) => Buffer.from([b]))), "byte by byte").toEqual(whole);
  });

  it("emits a complete line as soon as its newline arrives, before end()", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push(Buffer.from("first\nsec"));
    expect(lines).toEqual(["first"]);
    splitter.push(Buffer.from("ond\n"));
    expect(lines).toEqual(["first", "second"]);
  });
});

describe("CRLF", () => {
  it.each([
    [["a\r\nb\r\n"], ["a", "b"]],
    [
      ["a\r", "\nb\r", "\n"],
      ["a", "b"],
    ],
    [["a\r"], ["a"]],
    [["a\rb\n"], ["a\rb"]],
    [["\r\n"], [""]],
  ])("%j → %j", (chunks, lines) => {
    expect(split(chunks)).toEqual(lines);
  });
});

describe("multi-byte UTF-8 split across chunks", () => {
  it.each(["é", "✓", "😀", "中文"])("%s cut inside its bytes comes out whole", (char) => {
    const bytes = Buffer.from(`x${char}y\n`);
    for (let cut = 2; cut < bytes.length - 2; cut++) {
      expect(split([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([`x${char}y`]);
    }
  });

  it("completes a character left unfinished at end() with a replacement character", () => {
    const bytes = Buffer.from("ok😀");
    const lines = split([bytes.subarray(0, bytes.length - 1)]);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith("ok")).toBe(true);
    expect(wellFormed(lines[0]!)).toBe(true);
  });
});

describe("a very long line without a newline is passed on in pieces", () => {
  it("emits 8 KiB pieces as the bytes arrive, not only at the end", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const chunk = Buffer.from("x".repeat(1000));
    for (let i = 0; i < 100; i++) splitter.push(chunk);
    expect(lines.length).toBeGreaterThanOrEqual(Math.floor((100 * 1000) / MAX) - 1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(MAX);
    splitter.end();
    expect(lines.join("")).toBe("x".repeat(100_000));
  });

  it("keeps the text intact and every piece within the limit", () => {
    const long = "0123456789".repeat(2_000);
    const lines = split([`${long}\nafter\n`]);
    expect(lines.at(-1)).toBe("after");
    const pieces = lines.slice(0, -1);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("")).toBe(long);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(MAX);
  });

  it("bounds what it holds: a 1 MiB stream without newline never waits for end()", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    for (let i = 0; i < 256; i++) splitter.push(Buffer.alloc(4096, 0x61));
    const emitted = lines.reduce((n, line) => n + line.length, 0);
    expect(1024 * 1024 - emitted).toBeLessThanOrEqual(MAX);
  });

  it("cuts a long line of emoji between characters, never inside one", () => {
    const long = `a${"😀".repeat(10_000)}`;
    const lines = split([long]);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join("")).toBe(long);
    for (const [i, line] of lines.entries()) expect(wellFormed(line), `piece ${i}`).toBe(true);
  });
});

describe("end() flushes", () => {
  it("emits the unterminated last line", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push(Buffer.from("done\npartial"));
    expect(lines).toEqual(["done"]);
    splitter.end();
    expect(lines).toEqual(["done", "partial"]);
  });

  it("emits nothing more when the stream ended with a newline", () => {
    expect(split(["a\n"])).toEqual(["a"]);
  });

  it("emits nothing for an empty stream", () => {
    expect(split([])).toEqual([]);
  });
});
