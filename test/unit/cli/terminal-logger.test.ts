import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { formatElapsed } from "../../../src/cli/format.js";
import {
  createTerminalLogger,
  printable,
  type TerminalLoggerOptions,
} from "../../../src/cli/terminal-logger.js";

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (chunk) => chunks.push(String(chunk)));
  return { stream, text: () => chunks.join("") };
}

function logger(overrides: Partial<TerminalLoggerOptions> = {}) {
  const out = capture();
  const err = capture();
  let clock = 0;
  const log = createTerminalLogger({
    out: out.stream,
    err: err.stream,
    decorate: false,
    colour: false,
    workflowCommands: false,
    debug: false,
    now: () => clock,
    ...overrides,
  });
  return { log, out, err, advance: (ms: number) => (clock += ms) };
}

describe("the terminal logger", () => {
  it("prints plain lines with the time since the start when stdout is not a terminal", async () => {
    const { log, out, advance } = logger();
    advance(65_000);
    await log.group("Run the agent", async () => {
      log.untrusted("wrote hello.txt");
      log.info("done");
    });
    log.close();
    expect(out.text()).toBe("[1:05] Run the agent\n  | wrote hello.txt\ndone\n");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escape sequences
    expect(out.text()).not.toMatch(/\x1b/);
  });

  it("on a terminal shows the phase in bold and a live line with its elapsed time", async () => {
    const { log, out, advance } = logger({ decorate: true, colour: true });
    await log.group("Run the agent", async () => {
      advance(7_000);
      log.untrusted("working");
    });
    log.close();
    const text = out.text();
    expect(text).toContain("\x1b[1m▶ Run the agent\x1b[0m");
    expect(text).toContain("… Run the agent · 0:07");
    expect(text).toContain("│");
    // The live line is cleared before every printed line and when the phase ends.
    expect(text.endsWith("\r\x1b[2K")).toBe(true);
  });

  it("sends warnings and errors to stderr", () => {
    const { log, out, err } = logger();
    log.warning("careful");
    log.error("broken");
    expect(err.text()).toBe("warning: careful\nerror: broken\n");
    expect(out.text()).toBe("");
  });

  it("strips terminal escape sequences from the agent's output", () => {
    const { log, out } = logger();
    log.untrusted("\x1b]0;pwned\x07red \x1b[31mtext\x1b[0m\x07 and a\ttab");
    expect(out.text()).toBe("  | red text and a\ttab\n");
    expect(printable("a\x1b[2Jb\x00c\x9bd")).toBe("abcd");
  });

  it("hides masked values in every line", () => {
    const { log, out, err } = logger();
    log.mask("sk-secret-value");
    log.untrusted("key is sk-secret-value");
    log.warning("sk-secret-value leaked?");
    expect(out.text()).toBe("  | key is ***\n");
    expect(err.text()).toBe("warning: *** leaked?\n");
  });

  it("inside a GitHub Actions step, fences output that would read as a workflow command", () => {
    const { log, out } = logger({ workflowCommands: true });
    log.untrusted("##[add-mask]x");
    log.info("plain");
    const lines = out.text().split("\n");
    expect(lines[0]).toMatch(/^::stop-commands::[0-9a-f-]{36}$/);
    expect(lines[2]).toBe(`::${lines[0]!.slice("::stop-commands::".length)}::`);
    expect(lines[3]).toBe("plain");
  });
});

describe("elapsed time", () => {
  it.each([
    [0, "0:00"],
    [7_500, "0:07"],
    [754_000, "12:34"],
    [3_723_000, "1:02:03"],
  ])("%d ms is %s", (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});
