import type { Git } from "../git.js";
import type { Logger } from "../ports.js";
import type { AgentPreset } from "../settings.js";
import type { Workspace } from "../workspace/prepare-workspace.js";
import { hidePersistedCredentials } from "./credential-guard.js";
import { guardFiles } from "./file-guard.js";
import { insertBrief, restoreBrief } from "./runtime-brief.js";

export interface AgentGuardOptions {
  workspace: Workspace;
  /** The checkout whose persisted credentials are hidden while the agent runs. */
  repoPath: string;
  git: Git;
  token: string;
  agent: AgentPreset;
  issueNumber: number;
  /** Files the agent must not change (the runner's file commands). */
  protectedFiles: string[];
  logger: Logger;
}

/**
 * Runs `run` (the agent) with what surrounds it set up and put back afterwards, whatever happens:
 * the checkout's persisted git credentials hidden, the runtime brief in the agent's instructions
 * file, and the runner's file commands guarded against the agent's writes.
 */
export async function guardAgentRun<T>(options: AgentGuardOptions, run: () => Promise<T>): Promise<T> {
  const { workspace, logger } = options;
  const repo = options.git.at(options.repoPath);
  const isCheckout = (await repo.tryRun(["rev-parse", "--git-dir"])) !== undefined;
  const restoreCredentials = isCheckout
    ? await hidePersistedCredentials(repo, workspace.root, options.token, logger)
    : undefined;
  const brief = await insertBrief(workspace.workdir, options.agent, options.issueNumber);
  const restoreProtected = await guardFiles(options.protectedFiles);
  try {
    return await run();
  } finally {
    await restoreCredentials?.();
    await restoreBrief(brief);
    const tampered = await restoreProtected();
    if (tampered.length > 0) {
      logger.warning(
        `The agent wrote to the runner's file commands (${tampered.join(", ")}); its writes were undone`,
      );
    }
  }
}
