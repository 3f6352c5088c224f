import { readdirSync } from "node:fs";
import path from "node:path";
import * as core from "@actions/core";
import * as github from "@actions/github";
import { errorMessage } from "../core/errors.js";
import { Git } from "../core/git.js";
import { emptyOutputs, type Outputs, skippedOutputs } from "../core/report/outputs.js";
import { runTask } from "../core/run-task.js";
import { FILE_COMMANDS, withoutSecrets } from "../core/secrets.js";
import { createOctokitGitHub } from "../github/octokit-github.js";
import { createActionLogger } from "./action-logger.js";
import { withEventRepository } from "./event-repository.js";
import { getSettings } from "./inputs.js";
import { STATE } from "./state.js";
import { decideTrigger, describeTrigger } from "./trigger.js";

/**
 * The action's main step: every output is set first (empty), then the pipeline runs, then the
 * real values replace them; one setFailed at the top.
 */
export async function main(): Promise<void> {
  // Comments written after this do not count for a dispatch, which carries no time of its own.
  const startedAt = new Date().toISOString();
  setOutputs(emptyOutputs());
  const logger = createActionLogger();
  const cancel = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (cancel.signal.aborted) return;
    logger.warning(`Received ${signal}: stopping the agent and saving its work`);
    cancel.abort();
  };
  // A canceled job gets SIGINT, then SIGTERM, then SIGKILL; every signal is handled (a second one
  // must not end the process before the work is saved):
  // https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-workflow-runs/canceling-a-workflow#steps-github-takes-to-cancel-a-workflow-run
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const settings = getSettings();
    const context = github.context;
    const event = { name: context.eventName, payload: context.payload };
    const trigger = decideTrigger(event, settings);
    if (!trigger.run) {
      logger.info(`Skipping: ${trigger.reason}`);
      setOutputs(skippedOutputs());
      core.info("Outcome: skipped");
      return;
    }
    const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? "").split("/");
    if (!owner || !repo) throw new Error("GITHUB_REPOSITORY is not set; is this running in GitHub Actions?");
    const serverUrl = context.serverUrl;
    const runId = String(process.env.GITHUB_RUN_ID ?? context.runId ?? "0");
    const runAttempt = process.env.GITHUB_RUN_ATTEMPT ?? "1";
    const hostEnv = { ...process.env };
    core.saveState(STATE.keepWorkspace, settings.keepWorkspace);
    let reported = false;

    const result = await runTask({
      settings,
      issueNumber: trigger.issueNumber,
      trigger: describeTrigger(event, trigger.issueNumber, { startedAt, actor: process.env.GITHUB_ACTOR }),
      run: {
        owner,
        repo,
        serverUrl,
        runId,
        runAttempt,
        runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`,
      },
      github: withEventRepository(
        createOctokitGitHub({ token: settings.token, apiUrl: context.apiUrl, owner, repo, logger }),
        context.payload.repository,
        { owner, name: repo, serverUrl },
      ),
      git: new Git(settings.repoPath, withoutSecrets(hostEnv)),
      logger,
      hostEnv,
      protectedFiles: [
        ...FILE_COMMANDS.map((name) => process.env[name]).filter((file): file is string => Boolean(file)),
        ...actionFiles(),
        ...globalGitConfigFiles(),
      ],
      cancelSignal: cancel.signal,
      onWorkspace: (handle) => core.saveState(STATE.environment, JSON.stringify(handle)),
      onCleanedUp: () => core.saveState(STATE.cleanedUp, "true"),
      onSettled: (settled) => {
        setOutputs(settled.outputs);
        reported = true;
      },
    });
    if (!reported) setOutputs(result.outputs);
    if (result.summary) await core.summary.addRaw(result.summary).write();
    core.info(`Outcome: ${result.outcome}`);
    if (result.failure) core.setFailed(result.failure);
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}

/**
 * The files of this action that the runner runs or reads later in the job: the post step's bundle
 * above all, which gets the token. An agent running as the runner's user could rewrite them.
 */
function actionFiles(): string[] {
  const dist = path.dirname(path.resolve(process.argv[1] ?? ""));
  // Every file the main and post steps load: the entry points, the chunks they import (named by
  // the build) and package.json, which makes them modules. Source maps are only read.
  const loaded = (dir: string) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.name.endsWith(".map"))
      .map((entry) => path.join(dir, entry.name));
  return [...loaded(dist), ...loaded(path.join(dist, "post")), path.join(dist, "..", "action.yml")];
}

/**
 * The runner user's own git config files, which the job's later git commands read (with their
 * tokens): an agent running as that user could plant a proxy or a URL rewrite there.
 * https://git-scm.com/docs/git-config#FILES
 */
function globalGitConfigFiles(): string[] {
  const home = process.env.HOME;
  if (!home) return [];
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home, ".config");
  return [path.join(home, ".gitconfig"), path.join(xdg, "git", "config")];
}

function setOutputs(outputs: Outputs): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}
