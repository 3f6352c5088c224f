import { describe, expect, it, vi } from "vitest";

// The adapters only define their entry functions; the entry files (index.ts, post-index.ts and
// the CLI's index.ts) call them. Importing an adapter must run nothing.
describe("the adapter modules can be imported without running", () => {
  it.each([
    ["../../../src/action/main.js", "main"],
    ["../../../src/action/start.js", "start"],
    ["../../../src/action/post.js", "post"],
    ["../../../src/cli/main.js", "cli"],
  ])("%s exports %s and does nothing on import", async (file, name) => {
    const stdout = vi.spyOn(process.stdout, "write");
    const exitCode = process.exitCode;
    const module = (await import(file)) as Record<string, unknown>;
    expect(typeof module[name]).toBe("function");
    expect(stdout).not.toHaveBeenCalled();
    expect(process.exitCode).toBe(exitCode);
    stdout.mockRestore();
  });
});
