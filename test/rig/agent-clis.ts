import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { access, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { beforeAll } from "vitest";
import { makeTempDir } from "./temp.js";

/**
 * The real agent CLIs for offline tests: pinned versions installed once into a cache outside
 * the repository, and a throwaway home per run that points a CLI at the scripted model server.
 */

export type AgentKind = "claude" | "codex" | "gemini";

/** Exact versions: a CLI update changes its wire traffic, so bumping one is a deliberate change. */
export const AGENT_CLIS = {
  claude: { package: "@anthropic-ai/claude-code", version: "2.1.330", bin: "claude" },
  codex: { package: "@openai/codex", version: "0.169.0", bin: "codex" },
  gemini: { package: "@google/gemini-cli", version: "0.61.0", bin: "gemini" },
} as const satisfies Record<AgentKind, { package: string; version: string; bin: string }>;

export const AGENT_KINDS = Object.keys(AGENT_CLIS) as AgentKind[];

/** Absolute path of each CLI's executable. */
export type AgentClis = Record<AgentKind, string>;

/** The npm registry does not answer, so the CLIs cannot be installed: an offline machine, not a bug. */
export class RegistryUnreachableError extends Error {
  override name = "RegistryUnreachableError";
}

const execFileAsync = promisify(execFile);
const COMPLETE_MARKER = ".agent-task-complete";
const INSTALL_TIMEOUT_MS = 10 * 60_000;

/**
 * The cache directory for the pinned set: `$AGENT_TASK_TEST_CACHE/clis-<hash>`, by default under
 * `${XDG_CACHE_HOME:-~/.cache}/agent-task-test`. The hash covers the versions and the platform,
 * since the packages bring native binaries.
 */
export function agentClisDir(): string {
  const root =
    process.env.AGENT_TASK_TEST_CACHE ||
    path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), ".cache"), "agent-task-test");
  const hash = createHash("sha256")
    .update(JSON.stringify({ clis: AGENT_CLIS, platform: process.platform, arch: process.arch }))
    .digest("hex")
    .slice(0, 12);
  return path.join(root, `clis-${hash}`);
}

/**
 * Installs the pinned CLIs (about 870 MB on disk, 15-25 s) unless the cache already has them, and
 * returns their executables. Safe to call from several processes at once: one installs under
 * a lock while the others wait, and the install is staged and renamed into place, so a killed
 * install never looks complete.
 */
export async function installAgentClis(): Promise<AgentClis> {
  const dir = agentClisDir();
  if (!(await isComplete(dir))) {
    await withLock(`${dir}.lock`, async () => {
      if (!(await isComplete(dir))) await install(dir);
    });
  }
  const bins = Object.fromEntries(
    AGENT_KINDS.map((kind) => [kind, path.join(dir, "node_modules", ".bin", AGENT_CLIS[kind].bin)]),
  ) as AgentClis;
  await Promise.all(Object.values(bins).map((bin) => access(bin, constants.X_OK)));
  return bins;
}

async function isComplete(dir: string): Promise<boolean> {
  return access(path.join(dir, COMPLETE_MARKER)).then(
    () => true,
    () => false,
  );
}

async function install(dir: string): Promise<void> {
  // Ask first, without retries: npm's own retries make an offline install fail after minutes.
  await execFileAsync("npm", ["ping", "--fetch-retries=0", "--fetch-timeout=15000", "--loglevel=error"], {
    timeout: 30_000,
  }).catch((error: unknown) => {
    throw new RegistryUnreachableError(
      `npm registry unreachable, cannot install ${describeClis()}: ${errorOutput(error).split("\n")[0]}`,
    );
  });
  const staging = `${dir}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const dependencies = Object.fromEntries(
    AGENT_KINDS.map((k) => [AGENT_CLIS[k].package, AGENT_CLIS[k].version]),
  );
  await writeFile(
    path.join(staging, "package.json"),
    `${JSON.stringify({ name: "agent-task-test-clis", private: true, dependencies }, null, 2)}\n`,
  );
  try {
    // Install scripts stay on: Claude Code's postinstall puts its native binary in place.
    await execFileAsync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: staging,
      timeout: INSTALL_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(`npm install of ${describeClis()} failed: ${errorOutput(error)}`);
  }
  await writeFile(path.join(staging, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  await rm(dir, { recursive: true, force: true }); // a leftover without the marker
  await rename(staging, dir);
}

function describeClis(): string {
  return AGENT_KINDS.map((k) => `${AGENT_CLIS[k].package}@${AGENT_CLIS[k].version}`).join(", ");
}

function errorOutput(error: unknown): string {
  const { stderr, message } = error as { stderr?: string; message?: string };
  return (stderr || message || String(error)).trim().slice(-4000);
}

/**
 * Runs `fn` holding a lock directory (mkdir is atomic). A lock whose owner process is gone is
 * broken; so is one older than the install timeout, in case the pid was reused.
 */
async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + INSTALL_TIMEOUT_MS + 60_000;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (await isStale(lockDir)) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the install lock ${lockDir}`);
    await sleep(500);
  }
  try {
    await writeFile(path.join(lockDir, "pid"), String(process.pid));
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function isStale(lockDir: string): Promise<boolean> {
  try {
    const { mtimeMs } = await stat(lockDir);
    if (Date.now() - mtimeMs > INSTALL_TIMEOUT_MS) return true;
    const pid = Number(await readFile(path.join(lockDir, "pid"), "utf8"));
    if (!pid) return false; // just created; the owner writes its pid next
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // ESRCH: the owner is gone. ENOENT: the lock was released meanwhile (or has no pid yet).
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** A throwaway home for one CLI run and the environment that points the CLI at the rig. */
export interface AgentHome {
  /**
   * The complete environment for the child process: spawn with it as is, without merging
   * process.env, so no real credential or endpoint of the developer's machine reaches the run.
   */
  env: Record<string, string>;
  /** The throwaway HOME (removed by removeAllTempDirs from ./temp.js). */
  home: string;
}

/** The Codex model the rig selects by default: it offers the classic `exec_command`/`apply_patch` tools. */
export const CODEX_RIG_MODEL = "gpt-5.5";

/** A model name the scripted model server plays, per CLI. */
export const RIG_MODELS: Record<AgentKind, string> = {
  claude: "rig-claude",
  codex: CODEX_RIG_MODEL,
  gemini: "gemini-2.5-pro",
};

/** The fake key the rig's CLIs send; the model server accepts anything. */
export const RIG_API_KEY = "agent-task-rig-key";

/**
 * Makes a throwaway HOME (and CODEX_HOME, settings files) for one run of `kind` against the
 * model server at `serverUrl`, with retries off so a broken server fails in about a second.
 *
 * These are test-environment settings: in real use the user supplies the endpoint and key
 * through secrets. What the action's presets pass (flags, and variables such as IS_SANDBOX or
 * DISABLE_AUTOUPDATER) is not here: tests take it from src/core/agent-command.ts, so the rig and
 * the presets cannot disagree.
 */
export async function agentHome(kind: AgentKind, serverUrl: string): Promise<AgentHome> {
  const home = (await makeTempDir(`home-${kind}`)).path;
  const tmp = path.join(home, "tmp");
  await mkdir(tmp);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    // Keeps the CLIs' scratch files and crash reports out of the shared temp dir.
    TMPDIR: tmp,
    LANG: "C.UTF-8",
    NO_COLOR: "1",
    ...(await kindEnv(kind, home, serverUrl)),
  };
  return { env, home };
}

async function kindEnv(kind: AgentKind, home: string, serverUrl: string): Promise<Record<string, string>> {
  switch (kind) {
    case "claude":
      return {
        ANTHROPIC_BASE_URL: serverUrl,
        ANTHROPIC_API_KEY: RIG_API_KEY,
        CLAUDE_CODE_MAX_RETRIES: "0",
      };
    case "codex": {
      // Codex ignores OPENAI_BASE_URL; the endpoint must be a model provider in config.toml.
      const codexHome = path.join(home, ".codex");
      await mkdir(codexHome);
      await writeFile(
        path.join(codexHome, "config.toml"),
        [
          // Newer default models get namespaced tools the model server does not script.
          `model = ${JSON.stringify(CODEX_RIG_MODEL)}`,
          'model_provider = "rig"',
          "",
          "[model_providers.rig]",
          'name = "agent-task rig"',
          `base_url = ${JSON.stringify(`${serverUrl}/v1`)}`,
          'env_key = "OPENAI_API_KEY"',
          'wire_api = "responses"',
          "request_max_retries = 0",
          "stream_max_retries = 0",
          "",
          "[features]",
          "plugins = false",
          "",
          "[analytics]",
          "enabled = false",
          "",
        ].join("\n"),
      );
      return { CODEX_HOME: codexHome, OPENAI_API_KEY: RIG_API_KEY };
    }
    case "gemini": {
      // With a custom base URL, headless auth fails (exit 41) unless the auth type is chosen here.
      const settings = {
        security: { auth: { selectedType: "gemini-api-key" } },
        privacy: { usageStatisticsEnabled: false },
        general: { maxAttempts: 1 },
      };
      await mkdir(path.join(home, ".gemini"));
      await writeFile(path.join(home, ".gemini", "settings.json"), `${JSON.stringify(settings, null, 2)}\n`);
      return { GOOGLE_GEMINI_BASE_URL: serverUrl, GEMINI_API_KEY: RIG_API_KEY };
    }
  }
}

/** Set to `1` to skip the tests of the real CLIs, e.g. on a machine without the npm registry. */
export const SKIP_REAL_CLIS_VARIABLE = "AGENT_TASK_SKIP_REAL_CLIS";

/**
 * Installs the CLIs before a test file's tests. When they cannot be installed the tests fail:
 * a silently skipped preset is an untested preset. Only an explicit
 * `AGENT_TASK_SKIP_REAL_CLIS=1` skips them (`unavailable` then says why), without installing.
 */
export function useAgentClis(): { clis: () => AgentClis; unavailable: () => string | undefined } {
  let clis: AgentClis | undefined;
  const skipped =
    process.env[SKIP_REAL_CLIS_VARIABLE] === "1"
      ? `real agent CLIs skipped: ${SKIP_REAL_CLIS_VARIABLE}=1`
      : undefined;
  beforeAll(async () => {
    if (skipped) {
      console.warn(skipped);
      return;
    }
    try {
      clis = await installAgentClis();
    } catch (error) {
      throw new Error(
        `${errorOutput(error)}\n(set ${SKIP_REAL_CLIS_VARIABLE}=1 to skip the tests of the real CLIs)`,
      );
    }
  }, 600_000);
  return { clis: () => clis!, unavailable: () => skipped };
}
