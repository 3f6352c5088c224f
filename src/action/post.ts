import { rm } from "node:fs/promises";
import path from "node:path";
import * as core from "@actions/core";
import { restoreAbandonedCredentials } from "../core/agent/credential-guard.js";
import { errorMessage } from "../core/errors.js";
import { Git } from "../core/git.js";
import { decideRetention } from "../core/outcome.js";
import { withoutSecrets } from "../core/secrets.js";
import type { KeepWorkspace } from "../core/settings.js";
import { cleanUpWorkspace, type WorkspaceHandle } from "../core/workspace/cleanup.js";
import { OWNER_LOCK } from "../core/workspace/locks.js";
import { recoverUnsavedWork } from "../core/workspace/recover-work.js";
import { createActionLogger } from "./action-logger.js";
import { getToken } from "./inputs.js";
import { STATE } from "./state.js";

/**
 * The post step (post-if: always()): when main did not get to clean up (it crashed, or the runner
 * killed it after a cancel), the agent's leftover processes are stopped, its work is saved as a
 * patch and the environment kept whatever `keep-env` says; with no work to save, the environment
 * is treated as a failed run's and kept per `keep-env`. It never fails the job: problems are warnings.
 */
export async function post(): Promise<void> {
  try {
    const saved = core.getState(STATE.environment);
    if (!saved || core.getState(STATE.cleanedUp) === "true") return;
    const handle = JSON.parse(saved) as WorkspaceHandle;
    const git = new Git(handle.repoPath ?? handle.root, withoutSecrets(process.env));
    const logger = createActionLogger();
    // Main was killed (the runner's SIGKILL after a cancel), not its agent: the agent is stopped
    // before the checkout's credentials come back, and its work saved before keep-env applies.
    const recovered = await recoverUnsavedWork(handle, git, logger);
    // Main died before putting back the checkout's credentials: its lock is removed (it is not
    // coming back), and the credentials are restored unless another live run still hides them.
    if (handle.repoPath) {
      const token = getToken();
      if (token) {
        core.setSecret(token);
        await rm(path.join(handle.root, OWNER_LOCK), { recursive: true, force: true });
        await restoreAbandonedCredentials(git, token, logger).catch((error) =>
          core.warning(`Could not restore the checkout's credentials: ${errorMessage(error)}`),
        );
      }
    }
    const keepWorkspace = (core.getState(STATE.keepWorkspace) || "on-failure") as KeepWorkspace;
    // The outcome is unknown, so the run counts as failed: on-failure keeps everything; and work
    // that exists only here is kept whatever keep-env says.
    const work = recovered.keep ? "at-risk" : "none";
    const retention = decideRetention({ keepWorkspace, outcome: "agent-failed", work });
    if (recovered.keep) {
      core.warning(
        `The main step was stopped before it finished. The agent's work is saved: ${recovered.where} (workspace kept at ${handle.root}, whatever keep-env says)`,
      );
    } else {
      logger.info(`The main step did not finish its cleanup; applying keep-env: ${keepWorkspace}`);
    }
    await cleanUpWorkspace(handle, retention, git, logger);
  } catch (error) {
    core.warning(`agent-task post step: ${errorMessage(error)}`);
  }
}
