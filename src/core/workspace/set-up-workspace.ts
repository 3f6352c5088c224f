import { type IsolationFacts, isolationFacts } from "../agent/agent-user.js";
import { checkoutPaths } from "../agent/checkout-guard.js";
import { isolateAgent } from "../agent/isolation.js";
import { agentArgv } from "../agent/presets.js";
import { TaskError } from "../errors.js";
import type { Git, GitAuth } from "../git.js";
import type { GitHubPort, Logger } from "../ports.js";
import type { RemoteRefs } from "../remote-refs.js";
import type { Settings } from "../settings.js";
import { readTrustedConfig } from "../trusted-git-config.js";
import { collectStaleWorkspaces, recordWorkspace, type WorkspaceHandle, workspaceHandle } from "./cleanup.js";
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
  /** Called once the workspace exists, so the host can clean it up if this process dies. */
  onWorkspace?: (handle: WorkspaceHandle) => void;
  /** A run without GitHub: the remote is the local repository, and its agent branch is kept. */
  local?: boolean;
  /** See PrepareOptions.listedAtStart. */
  listedAtStart?: Promise<RemoteRefs>;
  /** What lookAtMachine read while the run was admitted; read now when not given. */
  looks?: MachineLooks;
}

/** What the run reads of the machine before it changes anything (see lookAtMachine). */
export interface MachineLooks {
  /** What the runner allows for the agent's user. */
  facts: Promise<IsolationFacts>;
  /** The system and global git config the action trusts (trusted-git-config.ts). */
  trusted: Promise<Array<[string, string]>>;
  /** The checkout's git directories, to guard while the agent runs. */
  checkout: Promise<Awaited<ReturnType<typeof checkoutPaths>>>;
}

/**
 * Starts three looks at the machine that change nothing and wait for no one: what the runner
 * allows for the agent's user, the trusted git config and the checkout's paths. A run starts
 * them while it is admitted, so they are ready when it goes on. Each is observed by whoever
 * awaits it, and never rejects unobserved.
 */
export function lookAtMachine(git: Git, repoPath: string): MachineLooks {
  const looks: MachineLooks = {
    facts: isolationFacts(),
    trusted: readTrustedConfig(git),
    checkout: checkoutPaths(git.at(repoPath), repoPath),
  };
  for (const look of Object.values(looks)) look.catch(() => {});
  return looks;
}

/**
 * Takes a user for the agent, collects stale workspaces, then makes this run's: a working tree
 * that continues the agent branch (or starts again from the base), or a plain directory;
 * recorded so that it is never lost.
 */
export async function setUpWorkspace(options: SetUpOptions): Promise<Workspace> {
  const { settings, git, logger } = options;
  const program = agentArgv({
    agent: settings.agent,
    command: settings.agentCommand,
    args: [],
    model: "",
    prompt: "",
  })[0]!;
  // The agent's user, once the looks at the machine (both others read before the agent exists).
  const looks = options.looks ?? lookAtMachine(git, settings.repoPath);
  const [isolated, trusted, inspected] = await Promise.allSettled([
    looks.facts.then((facts) =>
      isolateAgent({
        setting: settings.agentUser,
        workspacesRoot: settings.workspacesRoot,
        program,
        searchPath: settings.agentEnv.PATH ?? options.hostEnv.PATH ?? "",
        logger,
        facts,
      }),
    ),
    looks.trusted,
    looks.checkout,
  ]);
  if (isolated.status === "rejected") throw isolated.reason;
  const isolation = isolated.value;
  let workspace: Workspace;
  try {
    if (trusted.status === "rejected") throw trusted.reason;
    if (inspected.status === "rejected") throw inspected.reason;
    if (!isolation.user && options.tokenInHostEnvironment) {
      throw new TaskError(
        "the token is in this process's environment (GITHUB_TOKEN or GH_TOKEN), where an agent running as the same user can read it (/proc/<pid>/environ), and this Node cannot re-execute itself without it",
        "Use Node 22.15 or newer, or let the agent run as a user of its own (`--agent-user`, as root or with passwordless sudo)",
      );
    }
    const roots = new Set([settings.workspacesRoot, isolation.workspacesRoot]);
    for (const workspacesRoot of settings.staleEnvMs > 0 ? roots : []) {
      await collectStaleWorkspaces({ workspacesRoot, maxAgeMs: settings.staleEnvMs, logger });
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
      git,
      logger,
      agentUser: isolation.user,
      // What later git commands use instead of the config files.
      trustedGitConfig: trusted.value,
      checkout: inspected.value,
    });
  } catch (error) {
    await isolation.user?.release();
    throw error;
  }
  workspace.agentUser = isolation.user;
  workspace.isolationNote = isolation.note;
  await isolation.user?.recordHolder(workspace.root);
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
