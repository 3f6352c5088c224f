import path from "node:path";
import type { Git } from "../git.js";
import { type Logger, quietLogger } from "../ports.js";
import type { AgentPreset } from "../settings.js";
import { addExcludes } from "../workspace/exclude.js";
import type { Workspace } from "../workspace/prepare-workspace.js";
import type { MadeEnvironment } from "../workspace/set-up-workspace.js";
import type { AgentUser } from "./agent-user.js";
import { type CheckoutPaths, guardCheckout, type RestoreCheckout } from "./checkout-guard.js";
import { guardFiles } from "./file-guard.js";
import { BRIEF_FILES, insertBrief, restoreBrief } from "./runtime-brief.js";

export interface AgentGuardOptions {
  workspace: Workspace;
  agent: AgentPreset;
  issueNumber: number;
  /** Files the agent must not change (the runner's file commands, the action's own files). */
  protectedFiles: string[];
  /** The checkout's guard, set up ahead (guardCheckoutAhead); taken over here. */
  checkout: CheckoutGuardAhead;
  git: Git;
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
  // Three independent guards, set up at once (the checkout's ahead of them); when one cannot be,
  // the others are put back.
  const [checkout, brief, files] = await Promise.allSettled([
    options.checkout.take(logger),
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

/** The checkout's guard, started before the agent's workspace is ready (see guardCheckoutAhead). */
export interface CheckoutGuardAhead {
  /** For guardAgentRun: the guard, its messages said now; undefined when there is no checkout. */
  take(logger: Logger): Promise<RestoreCheckout | undefined>;
  /** For a run whose agent never started: puts the checkout back, unless guardAgentRun took it. */
  abandon(logger: Logger): Promise<void>;
}

/**
 * Sets the checkout's guard up while this run's workspace is still being made, as soon as the
 * agent's files are being checked out (the environment's root is the guard's holder, and is
 * recorded for the post step by then): the guard reads and changes only the checkout's git
 * directory, which the set-up is done reading. Its messages wait for the agent's log group. No
 * environment, no guard.
 */
export function guardCheckoutAhead(options: {
  environment: Promise<MadeEnvironment>;
  token: string;
  git: Git;
  /** Environments' directories, which may sit inside the checkout but are not part of it. */
  workspacesRoot: string;
}): CheckoutGuardAhead {
  const said = deferredLogger();
  // Taken by the agent's run, or abandoned by a run whose agent will not start: a guard that has
  // not started by then never does.
  let state: "waiting" | "started" | "taken" | "abandoned" = "waiting";
  const ready = options.environment.then(async ({ root, checkout, checkoutWritable, trustedGitConfig }) => {
    if (!checkout || state === "abandoned") return undefined;
    if (state === "waiting") state = "started";
    return guardCheckout({
      paths: checkout,
      holder: root,
      token: options.token,
      git: options.git,
      trustedGitConfig,
      exclude: [options.workspacesRoot, path.dirname(root)],
      recordWorktree: await checkoutWritable,
      logger: said.logger,
    });
  });
  ready.catch(() => {});
  return {
    take(logger) {
      // Fails closed: no agent starts beside a checkout whose guard was given up.
      if (state === "abandoned") return Promise.reject(new Error("the checkout's guard was given up"));
      state = "taken";
      said.replay(logger);
      return ready;
    },
    async abandon(logger) {
      const was = state;
      if (was === "taken" || was === "abandoned") return;
      state = "abandoned";
      if (was === "waiting") return;
      said.replay(logger);
      const restore = await ready.catch(() => undefined);
      const problems = (await restore?.()) ?? [];
      if (problems.length > 0) logger.warning(`Could not put the checkout back: ${problems.join(", ")}`);
    },
  };
}

/**
 * A logger that keeps what it is told until `replay` passes it on (and everything after it). The
 * checkout's guard only says things; it opens no group and prints no untrusted text.
 */
function deferredLogger(): { logger: Logger; replay(target: Logger): void } {
  let target: Logger | undefined;
  const kept: Array<[kind: "info" | "warning" | "error" | "debug", message: string]> = [];
  const say = (kind: (typeof kept)[number][0]) => (message: string) => {
    if (target) target[kind](message);
    else kept.push([kind, message]);
  };
  const logger = quietLogger({
    info: say("info"),
    warning: say("warning"),
    error: say("error"),
    debug: say("debug"),
  });
  return {
    logger,
    replay(to) {
      target = to;
      for (const [kind, message] of kept.splice(0)) to[kind](message);
    },
  };
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
