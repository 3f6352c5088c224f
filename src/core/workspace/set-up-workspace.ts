import { agentCanWrite } from "../agent/agent-guard.js";
import { type CheckoutPaths, checkoutPaths } from "../agent/checkout-guard.js";
import { type Isolation, isolateAgent, reportIsolation } from "../agent/isolation.js";
import { agentArgv } from "../agent/presets.js";
import { TaskError } from "../errors.js";
import type { Git, GitAuth } from "../git.js";
import type { GitHubPort, Logger } from "../ports.js";
import type { RemoteRefs } from "../remote-refs.js";
import type { Settings } from "../settings.js";
import { readTrustedConfig } from "../trusted-git-config.js";
import {
  environmentHandle,
  findStaleWorkspaces,
  recordWorkspace,
  removeStaleWorkspaces,
  type WorkspaceHandle,
  workspaceHandle,
} from "./cleanup.js";
import type { WorkspacePlan } from "./plan-workspace.js";
import { prepareWorkspace, type Workspace } from "./prepare-workspace.js";

export interface SetUpOptions {
  settings: Settings;
  plan: WorkspacePlan;
  github: GitHubPort;
  git: Git;
  logger: Logger;
  taskId: string;
  branch: string;
  baseBranch: string;
  remoteUrl: string;
  auth: GitAuth;
  hostEnv: Record<string, string | undefined>;
  /** See RunContext.tokenInHostEnvironment. */
  tokenInHostEnvironment?: boolean;
  /**
   * Called once the environment exists (its directories, before its repositories are made), and
   * again with the whole workspace, so the host can clean it up if this process dies.
   */
  onWorkspace?: (handle: WorkspaceHandle) => void;
  /** Called when the environment onWorkspace named was removed again (its set-up failed). */
  onCleanedUp?: () => void;
  /**
   * Called with the environment (recorded, see onWorkspace) as the workspace's files start being
   * written, the longest step of the set-up: what the checkout's guard needs to start meanwhile.
   */
  onEnvironment?: (environment: MadeEnvironment) => void;
  /** A run without GitHub: the remote is the local repository, and its agent branch is kept. */
  local?: boolean;
  /** See PrepareOptions.listedAtStart. */
  listedAtStart?: Promise<RemoteRefs>;
  /** What startEarlySetUp did while the run was admitted; done now when not given. */
  early?: EarlySetUp;
}

/** A run's environment as soon as it exists, before the workspace in it is ready. */
export interface MadeEnvironment {
  root: string;
  /** The checkout at `repo-path`, if any; see WorkspacePaths. */
  checkout: CheckoutPaths | undefined;
  /** Whether the agent could change the checkout (see agentCanWrite). */
  checkoutWritable: Promise<boolean>;
  trustedGitConfig: Array<[string, string]>;
}

/**
 * What setting up the workspace does while the run is admitted (see startEarlySetUp): it waits
 * for no answer from GitHub and makes no environment; the one thing it takes, the agent's user,
 * a run that does not go on hands back.
 */
export interface EarlySetUp {
  /** The agent's user and where its environment can live. */
  isolation: Promise<Isolation>;
  /** The system and global git config the action trusts (trusted-git-config.ts). */
  trusted: Promise<Array<[string, string]>>;
  /** The checkout's git directories, to guard while the agent runs. */
  checkout: Promise<Awaited<ReturnType<typeof checkoutPaths>>>;
  /** Environments of runs long gone, by workspaces root: found now, removed once the run goes on. */
  stale: Promise<Array<{ workspacesRoot: string; found: WorkspaceHandle[] }>>;
}

/**
 * Starts the set-up's local work that needs no answer from GitHub: taking a user for the agent
 * (see isolateAgent), and three looks at the machine: the trusted git config, the checkout's
 * paths, and the stale environments in the workspaces roots (only looked for: a run that goes on
 * removes them before it makes its own). A run starts it while it is admitted, so that it is
 * ready when the run goes on; a run that does not go on hands the user back (abandonEarlySetUp).
 * Nothing of it rejects unobserved.
 */
export function startEarlySetUp(options: Pick<SetUpOptions, "settings" | "git" | "hostEnv">): EarlySetUp {
  const { settings, git } = options;
  const program = agentArgv({
    agent: settings.agent,
    command: settings.agentCommand,
    args: [],
    model: "",
    prompt: "",
  })[0]!;
  const isolation = isolateAgent({
    setting: settings.agentUser,
    workspacesRoot: settings.workspacesRoot,
    program,
    searchPath: settings.agentEnv.PATH ?? options.hostEnv.PATH ?? "",
  });
  const early: EarlySetUp = {
    isolation,
    trusted: readTrustedConfig(git),
    checkout: checkoutPaths(git.at(settings.repoPath), settings.repoPath),
    stale: isolation.then(({ workspacesRoot }) => {
      const maxAgeMs = settings.staleEnvMs;
      const roots = maxAgeMs > 0 ? new Set([settings.workspacesRoot, workspacesRoot]) : [];
      return Promise.all(
        [...roots].map(async (root) => ({
          workspacesRoot: root,
          found: await findStaleWorkspaces({ workspacesRoot: root, maxAgeMs }),
        })),
      );
    }),
  };
  for (const part of Object.values(early)) part.catch(() => {});
  return early;
}

/** For a run that does not go on: waits for the early set-up and hands its user back. */
export async function abandonEarlySetUp(early: EarlySetUp): Promise<void> {
  const [isolation] = await Promise.allSettled([early.isolation, early.trusted, early.checkout, early.stale]);
  if (isolation.status === "fulfilled") await isolation.value.user?.release();
}

/**
 * Takes a user for the agent, collects stale workspaces, then makes this run's: a working tree
 * that continues the agent branch (or starts again from the base), or a plain directory;
 * recorded so that it is never lost.
 */
export async function setUpWorkspace(options: SetUpOptions): Promise<Workspace> {
  const { settings, logger } = options;
  const early = options.early ?? startEarlySetUp(options);
  const [isolated, trusted, inspected] = await Promise.allSettled([
    early.isolation,
    early.trusted,
    early.checkout,
  ]);
  if (isolated.status === "rejected") throw isolated.reason;
  const isolation = isolated.value;
  reportIsolation(isolation, logger);
  // Asked now, while the workspace is made, for the checkout's guard (agent-guard.ts).
  const checkoutWritable = agentCanWrite(
    isolation.user,
    inspected.status === "fulfilled" ? inspected.value : undefined,
  );
  checkoutWritable.catch(() => {});
  let workspace: Workspace;
  let made: MadeEnvironment | undefined;
  let announced = false;
  const announce = () => {
    if (!made || announced) return;
    announced = true;
    options.onEnvironment?.(made);
  };
  try {
    if (trusted.status === "rejected") throw trusted.reason;
    if (inspected.status === "rejected") throw inspected.reason;
    if (!isolation.user && options.tokenInHostEnvironment) {
      throw new TaskError(
        "the token is in this process's environment (GITHUB_TOKEN or GH_TOKEN), where an agent running as the same user can read it (/proc/<pid>/environ), and this Node cannot re-execute itself without it",
        "Use Node 22.15 or newer, or let the agent run as a user of its own (`--agent-user`, as root or with passwordless sudo)",
      );
    }
    // Removed before this run's environment is made: a full disk is freed first.
    for (const { workspacesRoot, found } of await early.stale) {
      await removeStaleWorkspaces(workspacesRoot, found, logger);
    }
    workspace = await prepareWorkspace({
      plan: options.plan,
      repoPath: settings.repoPath,
      workspacesRoot: isolation.workspacesRoot,
      taskId: options.taskId,
      branch: options.branch,
      baseBranch: options.baseBranch,
      restart: () => restartRequested(options),
      keepBranch: options.local,
      remoteUrl: options.remoteUrl,
      auth: options.auth,
      listedAtStart: options.listedAtStart,
      git: options.git,
      logger,
      agentUser: isolation.user,
      // What later git commands use instead of the config files.
      trustedGitConfig: trusted.value,
      checkout: inspected.value,
      // Recorded as soon as it exists: a run that dies while its repositories are made, or while
      // the checkout is guarded alongside (agent-guard.ts), leaves it to the post step.
      onDirectories: async (paths) => {
        const handle = environmentHandle({ ...paths, agentUser: isolation.user }, options.plan.mode);
        await isolation.user?.recordHolder(paths.root);
        await recordWorkspace(handle);
        options.onWorkspace?.(handle);
        made = {
          root: paths.root,
          checkout: paths.checkout,
          checkoutWritable,
          trustedGitConfig: paths.trustedGitConfig,
        };
      },
      onFilling: announce,
    });
  } catch (error) {
    await isolation.user?.release();
    // The host was told of the environment, which prepareWorkspace has removed again.
    if (made) options.onCleanedUp?.();
    throw error;
  }
  // Announced as the files were written; here at the latest.
  announce();
  workspace.agentUser = isolation.user;
  workspace.isolationNote = isolation.note;
  await recordWorkspace(workspaceHandle(workspace));
  options.onWorkspace?.(workspaceHandle(workspace));
  logger.info(
    `Workspace ${workspace.root} (${workspace.mode === "worktree" ? `worktree on ${workspace.branch}` : "plain directory"})`,
  );
  return workspace;
}

/** A merged pull request's branch is not built on again: the next run starts from the base. */
async function restartRequested(options: SetUpOptions): Promise<boolean> {
  if (options.settings.restart) return true;
  const [latest] = await options.github.listPullsForBranch(options.branch);
  if (latest?.merged) {
    options.logger.info(
      `Pull request #${latest.number} of ${options.branch} was merged; starting again from ${options.baseBranch}`,
    );
    return true;
  }
  return false;
}
