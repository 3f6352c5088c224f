import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { secretForms } from "../core/secrets.js";

const TOKEN_VARIABLES = ["GITHUB_TOKEN", "GH_TOKEN"] as const;
const HANDOVER = "AGENT_TASK_CLI_TOKEN_HANDOVER";

/**
 * Where the CLI's token is once this returns: `scrubbed` (gone from the process's initial
 * environment, kept in memory only), `exposed` (still in the initial environment: no execve on
 * this Node), or `absent` (no token variable set).
 */
export type TokenExposure = "scrubbed" | "exposed" | "absent";

/**
 * Takes the token out of the CLI's own initial environment before any agent starts. A process's
 * initial environment stays readable at /proc/<pid>/environ (and through ps on macOS) by every
 * process of the same user, however it changes process.env later; so the CLI replaces itself
 * (execve keeps its pid) with an environment without GITHUB_TOKEN and GH_TOKEN and hands the
 * token to the new image in a private file, read and deleted before anything else. Where execve
 * is missing (Node < 22.15) the token stays, and the run refuses to start an agent that runs as
 * the same user (see setUpWorkspace).
 * https://man7.org/linux/man-pages/man5/proc_pid_environ.5.html,
 * https://nodejs.org/api/process.html#processexecvefile-args-env
 */
export function takeTokenOutOfEnvironment(env: NodeJS.ProcessEnv = process.env): TokenExposure {
  const handover = env[HANDOVER];
  if (handover) {
    const { name, token } = JSON.parse(readFileSync(handover, "utf8")) as { name: string; token: string };
    rmSync(path.dirname(handover), { recursive: true, force: true });
    delete env[HANDOVER];
    env[name] = token;
    return "scrubbed";
  }
  const name = TOKEN_VARIABLES.find((variable) => env[variable]);
  if (!name) return "absent";
  const token = env[name]!;
  const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never })
    .execve;
  if (typeof execve !== "function" || process.platform === "win32") return "exposed";

  const dir = mkdtempSync(path.join(tmpdir(), "agent-task-cli-"));
  const file = path.join(dir, "token");
  writeFileSync(file, JSON.stringify({ name, token }), { mode: 0o600 });
  const forms = secretForms(token);
  const next: NodeJS.ProcessEnv = { [HANDOVER]: file };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || (TOKEN_VARIABLES as readonly string[]).includes(key)) continue;
    if (forms.some((form) => form.length >= 4 && value.includes(form))) continue;
    next[key] = value;
  }
  return execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], next);
}
