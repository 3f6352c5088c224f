import { execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { parseAgentResult } from "../../src/core/agent/agent-result.js";
import { agentArgv, PRESETS, presetEnv } from "../../src/core/agent/presets.js";
import { AGENT_KINDS, type AgentKind, agentHome, RIG_MODELS, useAgentClis } from "../rig/agent-clis.js";
import { type ModelServer, type Script, startModelServer } from "../rig/model-server.js";
import { makeTempDir, removeAllTempDirs } from "../rig/temp.js";

/**
 * Runs each real agent CLI headless against the scripted model server: no network, no account.
 * Each runs with the command line and variables of the action's preset, taken from the code that
 * builds them, so what is tested here is what the action runs.
 */

const PROMPT = "Create hello.txt containing hi, then run a command that leaves ran.txt behind.";
const FINAL_TEXT = "I wrote hello.txt and ran a command.";
const SCRIPT: Script = [
  { writeFile: { path: "hello.txt", content: "hi\n" } },
  { shell: "echo done > ran.txt" },
  { finalText: FINAL_TEXT },
];
const RUN_TIMEOUT_MS = 30_000;

/** The preset's argv with the installed CLI as its program, and its environment over the rig's. */
function presetCommand(kind: AgentKind, bin: string, rigEnv: Record<string, string>) {
  const [program, ...args] = agentArgv({
    agent: kind,
    command: [bin],
    args: [],
    model: RIG_MODELS[kind],
    prompt: PROMPT,
  });
  const env = { ...presetEnv(kind, { isRoot: process.getuid?.() === 0 }), ...rigEnv };
  return { program: program!, args, env };
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs a CLI with stdin closed, killing its whole process group at the deadline. */
function run(bin: string, args: string[], cwd: string, env: Record<string, string>): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group is already gone.
      }
    }, RUN_TIMEOUT_MS);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, durationMs: Date.now() - started });
    });
  });
}

const execFileAsync = promisify(execFile);

async function makeGitRepo(kind: AgentKind): Promise<string> {
  const repo = (await makeTempDir(`repo-${kind}`)).path;
  const git = (...args: string[]) => execFileAsync("git", args, { cwd: repo });
  await git("init", "-q", "-b", "main");
  await git(
    "-c",
    "user.name=rig",
    "-c",
    "user.email=rig@example.invalid",
    "commit",
    "-q",
    "--allow-empty",
    "-m",
    "init",
  );
  return repo;
}

/** Runs `kind` on the script in a fresh repository; the result plus what the server saw. */
async function runScripted(kind: AgentKind, script: Script) {
  const server = await startModelServer(script);
  servers.push(server);
  const repo = await makeGitRepo(kind);
  const home = await agentHome(kind, server.url);
  const { program, args, env } = presetCommand(kind, cli.clis()[kind], home.env);
  const result = await run(program, args, repo, env);
  const diagnostics = `exit ${result.code} (${result.signal}) after ${result.durationMs} ms\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
  return { repo, result, server, diagnostics };
}

const cli = useAgentClis();
const servers: ModelServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

afterAll(removeAllTempDirs);

describe("real agent CLIs against the scripted model server", () => {
  test("the rig installs a CLI for every preset the action has", () => {
    expect([...AGENT_KINDS].sort()).toEqual(Object.keys(PRESETS).sort());
  });

  test.for(AGENT_KINDS)(
    "%s writes a file, runs a command and reports the final message",
    async (kind, ctx) => {
      if (cli.unavailable()) ctx.skip(cli.unavailable());
      const { repo, result, server, diagnostics } = await runScripted(kind, SCRIPT);

      expect(result.code, diagnostics).toBe(0);
      expect(await readFile(`${repo}/hello.txt`, "utf8")).toBe("hi\n");
      expect(await readFile(`${repo}/ran.txt`, "utf8")).toBe("done\n");

      const report = parseAgentResult(kind, result.stdout);
      expect(report.summary).toBe(FINAL_TEXT);
      expect(report.inputTokens).toBeGreaterThan(0);
      expect(report.outputTokens).toBeGreaterThan(0);
      if (kind === "claude") expect(report.costUsd).toBeGreaterThan(0);
      if (kind !== "codex") expect(report.turns).toBe(SCRIPT.length);

      const scripted = server.requests.filter((request) => request.step !== undefined);
      expect(scripted.map((request) => request.step)).toEqual([0, 1, 2]);
      for (const request of scripted) {
        expect(request.prompt).toContain(PROMPT);
        expect(request.model).toBe(RIG_MODELS[kind]);
        expect(request.cwd).toBe(repo);
      }
      expect(scripted.at(-1)?.toolResults).toHaveLength(2);
    },
  );

  test.for(AGENT_KINDS)(
    "%s exits non-zero at once when the model answers with an error",
    async (kind, ctx) => {
      if (cli.unavailable()) ctx.skip(cli.unavailable());
      const { result, server, diagnostics } = await runScripted(kind, [
        { httpError: { status: 529, message: "overloaded by the script" } },
      ]);

      // Gemini exits with the HTTP status (mod 256) in JSON mode; the others with 1.
      expect(result.code, diagnostics).toBe(kind === "gemini" ? 529 % 256 : 1);
      expect(result.durationMs, diagnostics).toBeLessThan(15_000);
      expect(server.requests.filter((request) => request.step === 0)).toHaveLength(1);
    },
  );
});
