import path from "node:path";
import type { Git } from "../git.js";
import type { Logger } from "../ports.js";
import type { AgentPreset } from "../settings.js";
import { addExcludes } from "../workspace/exclude.js";
import type { Workspace } from "../workspace/prepare-workspace.js";
import type { AgentUser } from "./agent-user.js";
import { type CheckoutPaths, guardCheckout } from "./checkout-guard.js";
import { guardFiles } from "./file-guard.js";
import { BRIEF_FILES, insertBrief, restoreBrief } from "./runtime-brief.js";

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
  // Three independent guards, set up at once; when one cannot be, the others are put back.
  const [checkout, brief, files] = await Promise.allSettled([
    workspace.checkout
      ? (workspace.checkoutWritable ?? agentCanWrite(workspace.agentUser, workspace.checkout)).then(
          (recordWorktree) =>
            guardCheckout({
              paths: workspace.checkout!,
              holder: workspace.root,
              token: options.token,
              git: options.git,
              trustedGitConfig: workspace.trustedGitConfig,
              exclude: options.workspacesRoots,
              recordWorktree,
              logger,
            }),
        )
      : undefined,
    insertHiddenBrief(options),
    guardFiles(options.protectedFiles),
  ]);
  const restoreCheckout = checkout.status === "fulfilled" ? checkout.value : undefined;
  const inserted = brief.status === "fulfilled" ? brief.value : undefined;
  const restoreProtected = files.status === "fulfilled" ? files.value : undefined;
  try {
    for (const guard of [checkout, brief, files]) if (guard.status === "rejected") throw guard.reason;
    return await run();
  } finally {
    const problems = (await restoreCheckout?.()) ?? [];
    if (problems.length > 0) workspace.checkoutProblems = problems;
    await restoreBrief(inserted);
    const tampered = (await restoreProtected?.()) ?? [];
    if (tampered.length > 0) {
      logger.warning(
        `The agent wrote to the runner's file commands or the action's own files (${tampered.join(", ")}); its writes were undone`,
      );
    }
  }
}

/** The brief in the agent's instructions file, hidden from its git; taken out again if hiding fails. */
async function insertHiddenBrief(options: AgentGuardOptions) {
  const inserted = await insertBrief(options.workspace.workdir, options.agent, options.issueNumber);
  if (!inserted) return undefined;
  try {
    await hideBriefFromGit(options, inserted.original === undefined);
  } catch (error) {
    await restoreBrief(inserted);
    throw error;
  }
  return inserted;
}

/**
 * Whether the agent could change the checkout's working tree. An agent with a user of its own
 * cannot when neither the checkout's top directory nor its git directory is writable by other
 * users: that is how actions/checkout leaves it (umask 022). A job that opened the checkout to
 * everyone gets the working tree recorded and put back, as with an agent of the runner's user.
 */
export async function agentCanWrite(
  agentUser: AgentUser | undefined,
  checkout: CheckoutPaths | undefined,
): Promise<boolean> {
  if (!agentUser || !checkout) return true;
  return agentUser.canWriteAny([checkout.toplevel, checkout.gitDir]);
}

/**
 * The brief is the action's, not the agent's work: the agent's `git status` must not show it. The
 * workdir is a repository of the agent's own, so the hiding lives there, set up before the agent
 * starts: a file made for the run is listed in that repository's `info/exclude`, a tracked file
 * the brief was added to is marked skip-worktree. Neither is undone: the action never reads that
 * repository's index or excludes (it collects the work as files, see publish-repository.ts), and
 * the brief is taken out of the files before then.
 */
async function hideBriefFromGit(options: AgentGuardOptions, created: boolean): Promise<void> {
  const { workspace } = options;
  if (workspace.mode !== "worktree") return;
  const name = BRIEF_FILES[options.agent];
  if (created) {
    await addExcludes(path.join(workspace.workdir, ".git"), `${workspace.taskId}-brief`, [`/${name}`]);
    return;
  }
  // The repository is the agent's user's already (prepare-workspace.ts): git runs as that user
  // there, as git's safe.directory check wants, and the index stays the agent's own.
  const agentRepo = options.git.at(workspace.workdir);
  const user = workspace.workdirWithAgent ? workspace.agentUser : undefined;
  const run = (args: string[]) => (user ? agentRepo.runAs(user, args) : agentRepo.run(args));
  if ((await run(["ls-files", "--error-unmatch", "--", name]).catch(() => undefined)) === undefined) return;
  await run(["update-index", "--skip-worktree", "--", name]);
}
