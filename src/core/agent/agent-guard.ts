import type { Git } from "../git.js";
import type { Logger } from "../ports.js";
import type { AgentPreset } from "../settings.js";
import type { Workspace } from "../workspace/prepare-workspace.js";
import { guardCheckout } from "./checkout-guard.js";
import { guardFiles } from "./file-guard.js";
import { insertBrief, restoreBrief } from "./runtime-brief.js";

export interface AgentGuardOptions {
  workspace: Workspace;
  git: Git;
  token: string;
  agent: AgentPreset;
  issueNumber: number;
  /** Files the agent must not change (the runner's file commands, the action's own files). */
  protectedFiles: string[];
  /** Directories of environments, which may sit inside the checkout but are not part of it. */
  workspacesRoots: string[];
  logger: Logger;
}

/**
 * Runs `run` (the agent) with what surrounds it set up and put back afterwards, whatever happens:
 * the checkout recorded and its persisted git credentials hidden (and the checkout restored for
 * the job's later steps), the runtime brief in the agent's instructions file, and the protected
 * files guarded against the agent's writes. Anything that cannot be put back is reported in
 * `workspace.checkoutProblems`.
 */
export async function guardAgentRun<T>(options: AgentGuardOptions, run: () => Promise<T>): Promise<T> {
  const { workspace, logger } = options;
  const restoreCheckout = workspace.checkout
    ? await guardCheckout({
        paths: workspace.checkout,
        holder: workspace.root,
        token: options.token,
        git: options.git,
        trustedGitConfig: workspace.trustedGitConfig,
        exclude: options.workspacesRoots,
        logger,
      })
    : undefined;
  const brief = await insertBrief(workspace.workdir, options.agent, options.issueNumber);
  const restoreProtected = await guardFiles(options.protectedFiles);
  try {
    return await run();
  } finally {
    const problems = (await restoreCheckout?.()) ?? [];
    if (problems.length > 0) workspace.checkoutProblems = problems;
    await restoreBrief(brief);
    const tampered = await restoreProtected();
    if (tampered.length > 0) {
      logger.warning(
        `The agent wrote to the runner's file commands or the action's own files (${tampered.join(", ")}); its writes were undone`,
      );
    }
  }
}
