import { cp, lstat, mkdir } from "node:fs/promises";
import path from "node:path";
import type { AgentPreset } from "../settings.js";

/**
 * The CLI configuration a preset reads from HOME: copied from the runner's HOME into the agent's
 * fresh one, so that a login or settings file a workflow set up in an earlier step still works.
 * Nothing else of the runner's HOME is copied (no git config, no other tools' credentials).
 */
export const PRESET_CONFIG: Record<AgentPreset, string[]> = {
  claude: [".claude", ".claude.json"],
  codex: [".codex"],
  gemini: [".gemini"],
  custom: [],
};

/**
 * Variables of `agent-env` that name a CLI's configuration directory: the directory is copied
 * into the agent's HOME too, and the variable points at the copy, which the agent's user can
 * read and write (the original may be in a place it cannot reach).
 */
const CONFIG_DIR_VARIABLES: Record<string, string> = {
  CODEX_HOME: ".codex",
  CLAUDE_CONFIG_DIR: ".claude",
};

export interface AgentHomeOptions {
  agent: AgentPreset;
  homeDir: string;
  /** The runner's HOME, where an earlier step may have set the CLI up. */
  runnerHome: string | undefined;
  agentEnv: Record<string, string>;
}

/**
 * Fills the agent's HOME (`home/`, with `tmp/` for TMPDIR) and returns the variables that point
 * the agent at it; `agent-env` may still override them.
 */
export async function prepareAgentHome(options: AgentHomeOptions): Promise<Record<string, string>> {
  const { homeDir, runnerHome } = options;
  const tmp = path.join(homeDir, "tmp");
  await mkdir(tmp, { recursive: true });
  const env: Record<string, string> = { HOME: homeDir, TMPDIR: tmp };
  if (runnerHome) {
    for (const name of PRESET_CONFIG[options.agent]) {
      await copyConfig(path.join(runnerHome, name), path.join(homeDir, name));
    }
  }
  for (const [variable, name] of Object.entries(CONFIG_DIR_VARIABLES)) {
    const source = options.agentEnv[variable];
    if (!source || !path.isAbsolute(source)) continue;
    const target = path.join(homeDir, name);
    await copyConfig(source, target);
    env[variable] = target;
  }
  return env;
}

/** Copies a file or directory tree as it is (symlinks stay links); a missing one is skipped. */
async function copyConfig(source: string, target: string): Promise<void> {
  const info = await lstat(source).catch(() => undefined);
  if (!info || (!info.isDirectory() && !info.isFile())) return;
  await cp(source, target, { recursive: true, force: true, verbatimSymlinks: true });
}
