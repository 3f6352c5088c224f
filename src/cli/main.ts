import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { errorMessage, InputError } from "../core/errors.js";
import { Git } from "../core/git.js";
import { runTask } from "../core/run-task.js";
import { withoutSecrets } from "../core/secrets.js";
import { INPUTS, type InputKey, parseSettings, type RawInputs } from "../core/settings.js";
import { createOctokitGitHub } from "../github/octokit-github.js";
import { createTerminalLogger } from "./terminal-logger.js";
import { takeTokenOutOfEnvironment } from "./token-environment.js";

const USAGE = `Usage: agent-task run --repo OWNER/NAME --issue N [options]

Runs the agent-task pipeline on one issue from a terminal or another CI system: the same core
as the GitHub Action, with the same options (each action input is a --flag of the same name).

The token comes from the environment (GITHUB_TOKEN or GH_TOKEN), never from a flag, so it stays
out of the process list. GITHUB_SERVER_URL and GITHUB_API_URL point it at GitHub Enterprise.

Options:
  --repo OWNER/NAME          the repository (default: GITHUB_REPOSITORY)
  --issue N                  the issue to work on (same as --issue-number)
  --agent NAME               claude, codex, gemini or custom (default: custom)
  --agent-command "CMD ..."  the agent's command line (required for custom)
  --repo-path DIR            the checkout to make the worktree from (default: .)
  --workspaces-root DIR      where environments go (default: the temp dir's agent-task-workspaces)
  --timeout-minutes N        the agent's wall-clock limit (default: 120)
  --keep-env WHEN            never, logs, on-failure (default), always
  --dry-run                  do everything except push, pull request and comments
  --json                     print the outputs as JSON at the end
  ...and every other input of action.yml, e.g. --model, --prompt, --base-branch, --draft.

Exit status: 0 when the run succeeded or was skipped, 1 when it failed, 2 for bad usage.`;

const BOOLEAN_INPUTS = new Set<InputKey>(["draft", "comment", "dryRun", "restart"]);

export async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const options: Record<string, { type: "string" | "boolean" }> = {
    repo: { type: "string" },
    issue: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean" },
  };
  for (const [key, name] of Object.entries(INPUTS) as Array<[InputKey, string]>) {
    if (key !== "githubToken") options[name] = { type: BOOLEAN_INPUTS.has(key) ? "boolean" : "string" };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`agent-task: ${errorMessage(error)}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] !== "run") {
    (values.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }

  const tokenExposure = takeTokenOutOfEnvironment(env);
  const logger = createTerminalLogger(process.stdout, process.stderr);
  try {
    const [owner, repo] = String(values.repo ?? env.GITHUB_REPOSITORY ?? "").split("/");
    if (!owner || !repo) throw new InputError("--repo OWNER/NAME is required (or set GITHUB_REPOSITORY)");
    const raw: RawInputs = {
      githubToken: env.GITHUB_TOKEN || env.GH_TOKEN || "",
      repoPath: path.resolve(String(values["repo-path"] ?? ".")),
      // Outside the checkout by default, so worktrees never show up as untracked files in it.
      workspacesRoot: path.resolve(
        String(values["workspaces-root"] ?? path.join(tmpdir(), "agent-task-workspaces")),
      ),
      issueNumber: values.issue === undefined ? undefined : String(values.issue),
    };
    for (const [key, name] of Object.entries(INPUTS) as Array<[InputKey, string]>) {
      const value = values[name];
      if (value !== undefined) raw[key] = String(value);
    }
    if (!raw.githubToken) {
      throw new InputError(
        "no token: set GITHUB_TOKEN (or GH_TOKEN) to a token that can push and open pull requests",
      );
    }
    const settings = parseSettings(raw);
    if (!settings.issueNumber) throw new InputError("--issue N is required");
    const serverUrl = (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
    const apiUrl = env.GITHUB_API_URL || "https://api.github.com";
    const runId = `local${Date.now()}`;
    const cancel = new AbortController();
    process.once("SIGINT", () => cancel.abort());
    process.once("SIGTERM", () => cancel.abort());

    const result = await runTask({
      settings,
      issueNumber: settings.issueNumber,
      run: { owner, repo, serverUrl, runId, runAttempt: "1" },
      github: createOctokitGitHub({ token: settings.token, apiUrl, owner, repo, logger }),
      git: new Git(settings.repoPath, withoutSecrets(env)),
      logger,
      hostEnv: { ...env },
      tokenInHostEnvironment: tokenExposure === "exposed",
      cancelSignal: cancel.signal,
    });
    if (result.summary) process.stdout.write(`\n${result.summary}`);
    if (values.json) process.stdout.write(`${JSON.stringify(result.outputs, null, 2)}\n`);
    if (result.failure) {
      logger.error(result.failure);
      return 1;
    }
    return 0;
  } catch (error) {
    logger.error(errorMessage(error));
    return error instanceof InputError ? 2 : 1;
  }
}
