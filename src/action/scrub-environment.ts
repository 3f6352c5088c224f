import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isSecretVariable, secretForms } from "../core/agent-env.js";

const TOKEN_INPUT = "INPUT_GITHUB-TOKEN";
const HANDOVER = "AGENT_TASK_TOKEN_HANDOVER";

/**
 * The runner starts the action with the token in its environment (`INPUT_GITHUB-TOKEN`), and a
 * process's initial environment stays readable at /proc/<pid>/environ by every process of the
 * same user, the agent included; deleting the variable in Node does not erase it there. So the
 * action replaces itself (execve keeps the pid the runner waits on) with an environment without
 * the token, handing the token over in a private file that the new image reads and deletes
 * before anything else runs. Where execve is missing (Node < 22.15) nothing changes.
 */
export function scrubTokenFromEnvironment(): void {
  const handover = process.env[HANDOVER];
  if (handover) {
    process.env[TOKEN_INPUT] = readFileSync(handover, "utf8");
    rmSync(path.dirname(handover), { recursive: true, force: true });
    delete process.env[HANDOVER];
    return;
  }
  const token = process.env[TOKEN_INPUT];
  const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never })
    .execve;
  if (!token || typeof execve !== "function" || process.platform !== "linux") return;

  const dir = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), "agent-task-"));
  const file = path.join(dir, "token");
  writeFileSync(file, token, { mode: 0o600 });
  const forms = secretForms(token);
  const env: NodeJS.ProcessEnv = { [HANDOVER]: file };
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key === TOKEN_INPUT) continue;
    // Other inputs stay (they are the action's settings); runtime tokens and the token go.
    if (!key.startsWith("INPUT_") && isSecretVariable(key)) {
      if (
        !["GITHUB_OUTPUT", "GITHUB_STATE", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"].includes(key)
      )
        continue;
    }
    if (forms.some((form) => value.includes(form))) continue;
    env[key] = value;
  }
  execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], env);
}
