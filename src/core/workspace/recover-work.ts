import { mkdtemp, rm, stat } from "node:fs/promises";
import path from "node:path";
import { errorMessage } from "../errors.js";
import type { Git } from "../git.js";
import type { Logger } from "../ports.js";
import { saveWorkAsPatch } from "../publish/collect-changes.js";
import { pinnedScope } from "../trusted-git-config.js";
import type { WorkspaceHandle } from "./cleanup.js";

export interface RecoveredWork {
  /** True when the workspace may hold the agent's only copy of its work: it must be kept whole. */
  keep: boolean;
  /** Where the work is (the patch, or the working directory), when there is any. */
  where?: string;
}

/**
 * For a workspace whose run was killed before it finished (the runner's SIGKILL after a cancel),
 * once the agent's processes are stopped and its files taken back: saves the agent's work as
 * `output/changes.patch`. The agent may have changed files that exist nowhere else, so the
 * workspace is kept whenever there is work, or whenever it cannot be told whether there is.
 *
 * git never runs in the agent's repository: the workdir is read as files through the action's
 * prepared repository (which holds the commit the agent started from), with a fresh index and
 * the pinned configuration, so nothing the agent wrote there steers the action's git.
 */
export async function recoverUnsavedWork(
  handle: WorkspaceHandle,
  git: Git,
  logger: Logger,
): Promise<RecoveredWork> {
  const outputDir = path.join(handle.root, "output");
  if (!(await exists(handle.workdir))) return { keep: false };
  const preparedRepo = path.join(handle.root, "git", "prepared.git");
  if (handle.mode === "directory" || !handle.startSha || !(await exists(preparedRepo))) {
    // Without a record of the files before the run, any run of the agent may have changed them.
    const agentRan = await exists(path.join(handle.root, "logs", "sessions.log"));
    return agentRan ? { keep: true, where: handle.workdir } : { keep: false };
  }
  const patchFile = path.join(outputDir, "changes.patch");
  const indexDir = await mkdtemp(path.join(handle.root, "git", "recover-"));
  try {
    const repo = git.scoped(
      pinnedScope(
        { gitDir: preparedRepo, workTree: handle.workdir, indexFile: path.join(indexDir, "index") },
        [],
      ),
    );
    await repo.run(["read-tree", handle.startSha]);
    const files = await saveWorkAsPatch(repo, handle.startSha, patchFile);
    return files > 0 ? { keep: true, where: patchFile } : { keep: false };
  } catch (error) {
    logger.warning(`Could not save the agent's work as a patch: ${errorMessage(error)}`);
    return { keep: true, where: handle.workdir };
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}
