import { execFile } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../rig/action-runner.js";

/** The bundled command, as `npx agent-task` runs it from a checkout (package.json `bin`). */
export const CLI = path.join(REPO_ROOT, "dist", "cli", "index.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `agent-task ARGS` as its own process, in `cwd`, with only PATH, HOME and `env` in its
 * environment: nothing of the test's own environment (a developer's token) leaks in.
 */
export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; home?: string },
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd: options.cwd,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: options.home ?? process.env.HOME ?? "",
          ...options.env,
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `agent-task ARGS` in a scenario's clone, pointed at the rig's GitHub stand-in and git remote. */
export function runCliIn(
  scenario: { workspace: string; token: string; github: { url: string }; git: { url: string } },
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return runCli(args, {
    cwd: scenario.workspace,
    env: {
      GITHUB_TOKEN: scenario.token,
      GITHUB_API_URL: scenario.github.url,
      GITHUB_SERVER_URL: scenario.git.url,
      ...env,
    },
  });
}
