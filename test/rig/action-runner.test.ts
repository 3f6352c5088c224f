import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  ActionTimeoutError,
  FAKE_RUNNER_SECRETS,
  inputEnvName,
  parseKeyValueFile,
  parseManifestYaml,
  parseWorkflowCommand,
  REPO_ROOT,
  rawLinesRevealing,
  runAction,
  runActionWithPost,
} from "./action-runner.js";
import { RUNNER_NODE_VERSION } from "./node-runtime.js";
import { removeAllTempDirs } from "./temp.js";

const ECHO_ACTION = fileURLToPath(new URL("./fixtures/echo-action/", import.meta.url));
const TOKEN = "ghs_echoActionToken42";

function runEcho(inputs: Record<string, string> = {}, extra: Parameters<typeof runAction>[0] = {}) {
  return runAction({ actionDir: ECHO_ACTION, token: TOKEN, repository: "octo-org/echo", inputs, ...extra });
}

afterAll(removeAllTempDirs);

describe("runAction", () => {
  it("passes inputs, defaults and the runner environment like the GitHub runner", async () => {
    const run = await runEcho({ message: "hi" });

    expect(run.exitCode).toBe(0);
    expect(run.outputs.greeting).toBe("hi\nsecond line");
    expect(run.outputs.token).toBe(TOKEN);
    expect(run.outputs["work-dir"]).toBe(run.context.workspace);
    expect(run.outputs.scratch).toBe(`${run.context.runnerTemp}/scratch`);
    expect(run.outputs.cwd).toBe(run.context.workspace);
    expect(run.env["INPUT_GITHUB-TOKEN"]).toBe(TOKEN);
    expect(run.env.INPUT_WORK_DIR).toBe(run.context.workspace);
    expect(run.env).toMatchObject({
      GITHUB_ACTIONS: "true",
      CI: "true",
      GITHUB_REPOSITORY_OWNER: "octo-org",
    });
    expect(run.env).toMatchObject(FAKE_RUNNER_SECRETS);
    expect(JSON.parse(await readFile(run.env.GITHUB_EVENT_PATH!, "utf8"))).toEqual({});
  });

  it("takes an unset input's default from action.yml", async () => {
    const run = await runEcho();
    expect(run.outputs.greeting).toBe("hello, it's me\nsecond line");
  });

  it("reads state, summary and GITHUB_ENV, and ignores the legacy set-output command", async () => {
    const run = await runEcho({ message: "kept" });

    expect(run.state).toEqual({ phase: "main-done", "plain-state": "1" });
    expect(run.summary).toBe("## Echo\n\nAll good.\n");
    expect(run.exportedEnv).toEqual({ FROM_MAIN: "yes" });
    expect(run.outputs.greeting).toBe("kept\nsecond line");
    expect(run.commands).toContainEqual({
      name: "set-output",
      properties: { name: "greeting" },
      message: "hijacked",
      status: "ignored",
    });
  });

  it("processes masks and annotations, except between stop-commands and its token", async () => {
    const run = await runEcho();

    expect(run.masks).toEqual(["visible-secret"]);
    expect(run.annotations).toEqual([
      {
        level: "warning",
        message: "careful\nnow",
        properties: { file: "src/a.ts", line: "3", title: "Heads up" },
      },
      { level: "error", message: "real error", properties: {} },
    ]);
    expect(run.log).toContain("before mask: visible-secret");
    expect(run.log).toContain("after mask: ***");
    expect(run.log).toContain("::error::not an error");
    expect(run.commands.map((command) => command.name)).not.toContain("pause-token-1");
  });

  it("honours the legacy ##[command] form anywhere in a line, as the runner does", async () => {
    const run = await runEcho({ "legacy-commands": "true" });

    expect(run.masks).toEqual(["visible-secret", "legacy-secret"]);
    expect(run.log).toContain("then: ***");
    expect(run.log).not.toContain("progress 50%");
    expect(run.annotations).toContainEqual({
      level: "warning",
      message: "semi;colon and ] bracket",
      properties: { file: "src/b.ts", line: "2" },
    });
    expect(run.annotations).toContainEqual({ level: "error", message: "legacy error", properties: {} });
    expect(run.commands).toContainEqual({
      name: "set-output",
      properties: { name: "greeting" },
      message: "legacy-hijack",
      status: "ignored",
    });
    // Inside stop-commands only the token counts, in either form.
    expect(run.log).toContain("##[error]paused, not an error");
    expect(run.annotations.map((a) => a.message)).not.toContain("paused, not an error");
    expect(run.log).not.toContain("resumed by");
  });

  it("keeps the raw output beside the masked log, to find secrets the masking hides", async () => {
    const run = await runEcho();
    expect(run.log).not.toContain("after mask: visible-secret");
    expect(run.stdout).toContain("after mask: visible-secret");
    expect(rawLinesRevealing(run, ["visible-secret"])).toEqual([
      "before mask: visible-secret",
      "after mask: visible-secret",
    ]);
    expect(rawLinesRevealing(run, ["not-printed-anywhere"])).toEqual([]);
  });

  it("reports the exit code, and the signal a test sends", async () => {
    expect((await runEcho({ "exit-code": "3" })).exitCode).toBe(3);

    const signalled = await runEcho(
      { "sleep-ms": "20000" },
      { signalAfter: { signal: "SIGTERM", afterMs: 300 } },
    );
    expect(signalled.exitCode).toBe(143);
    expect(signalled.stdout).toContain("got SIGTERM");
  });

  it("kills the action and fails clearly when it exceeds timeoutMs", async () => {
    const started = Date.now();
    const run = runEcho({ "sleep-ms": "20000" }, { timeoutMs: 500 });
    await expect(run).rejects.toThrow(ActionTimeoutError);
    await expect(run).rejects.toThrow(/did not exit within 500 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("reports and kills processes the action left behind", async () => {
    const run = await runEcho({ "spawn-stray": "true" });
    expect(run.strayProcesses).toBe(true);
    expect(run.durationMs).toBeLessThan(5000);
  });

  it("runs post after main with main's state and exported environment", async () => {
    const { main, post } = await runActionWithPost({ actionDir: ECHO_ACTION, token: TOKEN });
    expect(main.exitCode).toBe(0);
    expect(post.exitCode).toBe(0);
    expect(post.env.STATE_phase).toBe("main-done");
    expect(post.outputs).toEqual({ phase: "main-done", "plain-state": "1", "from-main": "yes" });
    expect(post.context).toEqual(main.context);
  });

  it("runs on the runner's Node 24 runtime", { timeout: 240_000 }, async () => {
    const run = await runEcho({}, { node: "24", timeoutMs: 200_000 });
    expect(run.exitCode).toBe(0);
    expect(run.outputs["node-version"]).toBe(`v${RUNNER_NODE_VERSION}`);
  });
});

describe("action-runner parsing", () => {
  it("reads the project's action.yml: inputs with their defaults and the entry points", async () => {
    const manifest = parseManifestYaml(await readFile(path.join(REPO_ROOT, "action.yml"), "utf8"));
    const inputs = manifest.inputs as Record<string, Record<string, string>>;
    expect(inputs["github-token"]?.default).toBe("${{ github.token }}");
    expect(inputs["workspaces-root"]?.default).toBe("${{ runner.temp }}/agent_workspaces");
    expect(inputs["timeout-minutes"]?.default).toBe("120");
    expect(inputs["agent-command"]?.description).toMatch(
      /^Command line of the agent\. .* without a shell\.$/,
    );
    expect(manifest.runs).toMatchObject({
      using: "node24",
      main: "dist/index.js",
      post: "dist/post/index.js",
    });
  });

  it("parses both command forms the runner reads, and nothing else", () => {
    const known = new Set(["error", "add-mask"]);
    expect(parseWorkflowCommand("  ::error file=a%2Cb.ts::x%0Ay", known)).toEqual({
      name: "error",
      properties: { file: "a,b.ts" },
      message: "x\ny",
    });
    expect(parseWorkflowCommand("text ##[error file=a;line=3]boom", known)).toEqual({
      name: "error",
      properties: { file: "a", line: "3" },
      message: "boom",
    });
    expect(parseWorkflowCommand("##[add-mask]s%5Dcret", known)?.message).toBe("s]cret");
    expect(parseWorkflowCommand("text ::error::not at the start", known)).toBeUndefined();
    expect(parseWorkflowCommand("##[unknown]x", known)).toBeUndefined();
    expect(parseWorkflowCommand("##[error no closing bracket", known)).toBeUndefined();
  });

  it("names input variables like the runner", () => {
    expect(inputEnvName("github-token")).toBe("INPUT_GITHUB-TOKEN");
    expect(inputEnvName("work dir")).toBe("INPUT_WORK_DIR");
  });

  it("parses file commands: plain lines and heredocs, with = before << winning", () => {
    const text = "a=1\nb<<EOF\nx\n\ny\nEOF\nc=d<<e\n";
    expect(parseKeyValueFile(text, "test")).toEqual({ a: "1", b: "x\n\ny", c: "d<<e" });
    expect(() => parseKeyValueFile("b<<EOF\nnever closed\n", "test")).toThrow(/not closed/);
  });
});
