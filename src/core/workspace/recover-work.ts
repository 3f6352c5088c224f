import { stat } from "node:fs/promises";
import path from "node:path";
import { killMarkedProcesses } from "../agent/agent-process.js";
import { agentMarker } from "../agent/run-agent.js";
import { errorMessage } from "../errors.js";
import type { Git } from "../git.js";
import type { Logger } from "../ports.js";
import { saveWorkAsPatch } from "../publish/collect-changes.js";
import type { WorkspaceHandle } from "./cleanup.js";

export interface RecoveredWork {
  /** True when the workspace may hold the agent's only copy of its work: it must be kept whole. */
  keep: boolean;
  /** Where the work is (the patch, or the working directory), when there is any. */
  where?: string;
}

/**
 * For a workspace whose run was killed before it finished (the runner's SIGKILL after a cancel):
 * stops whatever the agent left running, then saves the agent's work as `output/changes.patch`.
 * The agent may have changed files that exist nowhere else, so the workspace is kept whenever
 * there is work, or whenever it cannot be told whether there is.
 */
export async function recoverUnsavedWork(
  handle: WorkspaceHandle,
  git: Git,
  logger: Logger,
): Promise<RecoveredWork> {
  const outputDir = path.join(handle.root, "output");
  const stopped = await killMarkedProcesses(agentMarker(outputDir));
  if (stopped > 0) logger.info(`Stopped ${stopped} process(es) the agent had left running`);
  if (!(await exists(handle.workdir))) return { keep: false };
  if (handle.mode === "directory" || !handle.startSha) {
    // Without a record of the files before the run, any run of the agent may have changed them.
    const agentRan = await exists(path.join(handle.root, "logs", "sessions.log"));
    return agentRan ? { keep: true, where: handle.workdir } : { keep: false };
  }
  const patchFile = path.join(outputDir, "changes.patch");
  try {
    const files = await saveWorkAsPatch(git.at(handle.workdir), handle.startSha, patchFile);
    return files > 0 ? { keep: true, where: patchFile } : { keep: false };
  } catch (error) {
    logger.warning(`Could not save the agent's work as a patch: ${errorMessage(error)}`);
    return { keep: true, where: handle.workdir };
  }
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}
