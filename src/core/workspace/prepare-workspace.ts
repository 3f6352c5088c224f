import { appendFile, chmod, mkdir, realpath, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import type { AgentUser } from "../agent/agent-user.js";
import type { CheckoutPaths } from "../agent/checkout-guard.js";
import { TaskError } from "../errors.js";
import type { Git, GitAuth } from "../git.js";
import { parseConfigListing } from "../git-config-listing.js";
import type { Logger } from "../ports.js";
import { listRemoteRefs, type RemoteRefs } from "../remote-refs.js";
import { configSection } from "./config-text.js";
import { copyPlannedFiles } from "./directory-copy.js";
import { type DirectorySnapshot, snapshotDirectory } from "./directory-snapshot.js";
import { addExcludes } from "./exclude.js";
import { copyIndex } from "./index-copy.js";
import { holdWorkspaceLock } from "./locks.js";
import { CONTEXT_DIR_NAME } from "./naming.js";
import type { WorkspacePlan } from "./plan-workspace.js";
import { borrowObjects, copyShallow, shareObjects } from "./share-objects.js";

export interface WorkspacePaths {
  taskId: string;
  /** Releases this run's ownership of the environment (see holdWorkspaceLock). */
  releaseLock: () => Promise<void>;
  root: string;
  workdir: string;
  outputDir: string;
  logsDir: string;
  contextDir: string;
  /** The agent's HOME when it runs as a user of its own (`home/`), else undefined. */
  homeDir: string | undefined;
  /** The action's git directories (`git/`): only the runner's user can enter it. */
  actionGitDir: string;
  /** System and global git config as read before the agent started (trusted-git-config.ts). */
  trustedGitConfig: Array<[string, string]>;
  /** The checkout at `repo-path` as git reported it before the agent started; undefined if none. */
  checkout: CheckoutPaths | undefined;
  /** The user the agent runs as; undefined when it runs as the runner's user. */
  agentUser?: AgentUser;
  /** Why the agent is not isolated and what it can reach, for the reports. */
  isolationNote?: string;
  /** What the agent changed in the checkout that could not be put back, for the reports. */
  checkoutProblems?: string[];
}

export interface WorktreeWorkspace extends WorkspacePaths {
  mode: "worktree";
  repoPath: string;
  /**
   * The action's repository, made before the agent starts: the base and the agent branch fetched
   * into it. The agent's workdir is a repository of its own, filled from this one.
   */
  preparedRepo: string;
  branch: string;
  baseBranch: string;
  baseSha: string;
  /** The commit the agent started from: the base, or the agent branch's head when continuing. */
  startSha: string;
  /** The agent branch's head on the remote when the run started; undefined when it did not exist. */
  remoteBranchSha: string | undefined;
  /** True when the run builds on an existing agent branch. */
  continued: boolean;
  /** The agent branch holds the work and outlives the workspace (a local run; see local-run.ts). */
  keepBranch?: boolean;
  /**
   * The index of the checkout the agent started from, copied before it started (`git/index`):
   * what the action's commit starts from, so git re-reads only the files whose stat changed.
   */
  startIndex: string;
  /** The agent's user checked the workdir's files out (see checksOutAsAgent); else the action did. */
  checkedOutByAgent: boolean;
  /** The agent's user made the workdir's files and still owns them (see run-agent.ts). */
  workdirWithAgent: boolean;
}

export interface DirectoryWorkspace extends WorkspacePaths {
  mode: "directory";
  baseBranch: string;
  before: DirectorySnapshot;
}

export type Workspace = WorktreeWorkspace | DirectoryWorkspace;

export interface PrepareOptions {
  /** The kind of workspace, decided by planWorkspace. */
  plan: WorkspacePlan;
  repoPath: string;
  workspacesRoot: string;
  taskId: string;
  branch: string;
  baseBranch: string;
  /** Whether to start the agent branch again from the base; asked only when the branch exists. */
  restart: () => Promise<boolean>;
  /** Cleanup leaves the local agent branch: it is where a local run's work stays. */
  keepBranch?: boolean;
  remoteUrl: string;
  auth: GitAuth;
  git: Git;
  logger: Logger;
  /**
   * The agent's own user, when it has one: it gets a HOME, the root is closed to listing, and
   * the files of its workdir are its own from the start.
   */
  agentUser?: AgentUser;
  trustedGitConfig: Array<[string, string]>;
  checkout: CheckoutPaths | undefined;
  /** The remote's refs as the run listed them at its start (asked again unless they cover `headRefs`). */
  listedAtStart?: Promise<RemoteRefs>;
  /** Called once the environment's directories exist, before anything is made in them. */
  onDirectories?: (paths: WorkspacePaths) => Promise<void>;
  /**
   * Called as the workspace's files start being written (the agent's checkout, or the copy), the
   * longest step, which leaves this process waiting: the set-up reads nothing of the checkout's
   * git directory from then on.
   */
  onFilling?: () => void;
}

/** The remote refs a worktree is made from: the base and the agent branch. */
export function headRefs(baseBranch: string, branch: string): string[] {
  return [`refs/heads/${baseBranch}`, `refs/heads/${branch}`];
}

/**
 * Creates `{workspaces-root}/{task-id}/{workdir,output,logs}`: a repository of the agent's own on
 * the agent branch, or a plain directory holding the planned copy of `repo-path`. When that
 * fails, what was created is removed again: the run has nothing to keep yet.
 */
export async function prepareWorkspace(options: PrepareOptions): Promise<Workspace> {
  const paths = {
    ...(await createTaskDirectories(options.workspacesRoot, options.taskId, options.agentUser !== undefined)),
    trustedGitConfig: options.trustedGitConfig,
    checkout: options.checkout,
  };
  try {
    await options.onDirectories?.(paths);
    return options.plan.mode === "worktree"
      ? await createWorktree(paths, options)
      : await createDirectory(paths, options);
  } catch (error) {
    await paths.releaseLock().catch(() => {});
    await rm(paths.root, { recursive: true, force: true }).catch(() => {});
    throw error;
  }
}

async function createTaskDirectories(
  workspacesRoot: string,
  taskId: string,
  isolated: boolean,
): Promise<Omit<WorkspacePaths, "trustedGitConfig" | "checkout">> {
  await mkdir(workspacesRoot, { recursive: true });
  const base = await realpath(workspacesRoot);
  // mkdir without `recursive` fails when the directory exists, so two runs never share one.
  for (let attempt = 1; ; attempt++) {
    const id = attempt === 1 ? taskId : `${taskId}-${attempt}`;
    const root = path.join(base, id);
    try {
      await mkdir(root);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && attempt < 100) continue;
      throw error;
    }
    // The agent's user may pass through the root to its workdir, output and HOME, but not list
    // it or enter the action's own directories.
    if (isolated) await chmod(root, 0o711);
    const paths = {
      taskId: id,
      releaseLock: await holdWorkspaceLock(root),
      root,
      workdir: path.join(root, "workdir"),
      outputDir: path.join(root, "output"),
      logsDir: path.join(root, "logs"),
      contextDir: path.join(root, "workdir", CONTEXT_DIR_NAME),
      homeDir: isolated ? path.join(root, "home") : undefined,
      actionGitDir: path.join(root, "git"),
    };
    await Promise.all([
      mkdir(paths.outputDir),
      mkdir(paths.logsDir, { mode: isolated ? 0o700 : 0o777 }),
      mkdir(paths.actionGitDir, { mode: 0o700 }),
      paths.homeDir ? mkdir(paths.homeDir, { mode: 0o700 }) : undefined,
    ]);
    return paths;
  }
}

async function createWorktree(paths: WorkspacePaths, options: PrepareOptions): Promise<WorktreeWorkspace> {
  if (!options.checkout) {
    throw new TaskError(
      `\`repo-path\` ${options.repoPath} is not a git checkout`,
      "Check out the repository first (actions/checkout), or use `mode: directory`",
    );
  }
  const checkout = options.git.at(options.repoPath);
  const commonDir = options.checkout!.commonDir;
  const { branch, baseBranch, remoteUrl } = options;
  // The agent's repository, with the checkout's objects and the identity it gets, needs nothing
  // from the remote: it is made while the action's own repository is and the start is found.
  const identity = checkoutIdentity(checkout);
  const agentRepo = initAgentRepo(paths.workdir, branch, options.git.at(paths.root)).then(() =>
    setUpAgentRepo(paths, { commonDir, remoteUrl, identity }),
  );
  // Observed below, whichever way the rest goes.
  for (const part of [identity, agentRepo]) part.catch(() => {});
  try {
    const preparedRepo = path.join(paths.actionGitDir, "prepared.git");
    // Which commits the checkout lacks is asked of the checkout while that repository is made:
    // it borrows the checkout's objects, so it lacks the same ones.
    const [made, heads] = await Promise.allSettled([
      createPreparedRepo(preparedRepo, commonDir, options.git),
      findHeads(checkout, options),
    ]);
    if (made.status === "rejected") throw made.reason;
    if (heads.status === "rejected") throw heads.reason;
    const repo = options.git.at(preparedRepo);
    const { shas, baseSha, startSha, remoteBranchSha, continued, fetched } = await findStart(
      repo,
      heads.value,
      options,
    );
    const startIndex = path.join(paths.actionGitDir, "index");
    const byAgent = options.agentUser !== undefined && checksOutAsAgent();
    // Both settle before either's failure is thrown: nothing may be left writing into the
    // environment that the caller then removes.
    const settled = await Promise.allSettled([
      updateRefs(repo, [...shas, [`refs/heads/${branch}`, startSha]]),
      agentRepo.then(() =>
        fillAgentRepo(paths, {
          preparedRepo: fetched ? preparedRepo : undefined,
          startIndex,
          refs: { branch, baseBranch, startSha, baseSha },
          git: options.git,
          checkOutAs: byAgent ? options.agentUser : undefined,
          onFilling: options.onFilling,
        }),
      ),
    ]);
    for (const result of settled) if (result.status === "rejected") throw result.reason;
    return {
      ...paths,
      mode: "worktree",
      repoPath: options.repoPath,
      preparedRepo,
      branch,
      baseBranch,
      baseSha,
      startSha,
      remoteBranchSha,
      continued,
      keepBranch: options.keepBranch,
      startIndex,
      checkedOutByAgent: byAgent,
      workdirWithAgent: byAgent,
    };
  } catch (error) {
    // Nor may the agent's repository still be made.
    await Promise.allSettled([agentRepo, identity]);
    throw error;
  }
}

/** A head the run starts from: its branch, the prepared repository's ref for it, its commit. */
interface Head {
  name: string;
  ref: string;
  sha: string;
  /** Whether the checkout has the commit already. */
  present: boolean;
}

/**
 * The base and the agent branch as the remote has them (from the run's listing, else a listing of
 * its own), and whether the checkout has their commits already (the base, right after
 * actions/checkout, is not fetched again).
 */
async function findHeads(checkout: Git, options: PrepareOptions): Promise<Head[]> {
  const { branch, baseBranch, auth, remoteUrl } = options;
  // The run's listing from its start, else one of its own (also when that listing failed).
  const wantedRefs = headRefs(baseBranch, branch);
  const listed = await options.listedAtStart?.catch(() => undefined);
  const refs = listed?.covers(wantedRefs)
    ? listed
    : await listRemoteRefs(checkout, remoteUrl, auth, wantedRefs);
  const headOf = (name: string) => refs.get(`refs/heads/${name}`);
  const base = headOf(baseBranch);
  if (!base) {
    throw new TaskError(
      `base branch \`${baseBranch}\` does not exist on ${remoteUrl}`,
      "Set `base-branch` to an existing branch",
    );
  }
  const wanted = [{ name: baseBranch, ref: BASE_REF, sha: base }];
  const agentHead = headOf(branch);
  if (agentHead) wanted.push({ name: branch, ref: BRANCH_REF, sha: agentHead });
  const present = await Promise.all(
    wanted.map(
      async ({ sha }) => (await checkout.tryRun(["cat-file", "-e", `${sha}^{commit}`])) !== undefined,
    ),
  );
  return wanted.map((head, i) => ({ ...head, present: present[i]! }));
}

/**
 * Where the agent branch starts: the heads the remote has, fetched into the prepared repository
 * when the checkout lacks them, and whether the branch is continued or started again.
 */
async function findStart(
  repo: Git,
  heads: Head[],
  options: PrepareOptions,
): Promise<{
  shas: Map<string, string>;
  baseSha: string;
  startSha: string;
  remoteBranchSha: string | undefined;
  continued: boolean;
  /** Whether anything was fetched into the prepared repository (the checkout lacked a commit). */
  fetched: boolean;
}> {
  const { branch, baseBranch, auth, remoteUrl, logger } = options;
  const shas = new Map<string, string>();
  for (const { ref, sha, present } of heads) if (present) shas.set(ref, sha);
  const missing = heads.filter(({ present }) => !present);
  if (missing.length > 0) {
    const refspecs = missing.map(({ name, ref }) => `+refs/heads/${name}:${ref}`);
    await repo.run(["fetch", "--no-tags", "--quiet", remoteUrl, ...refspecs], { auth });
    const resolved = (await repo.run(["rev-parse", ...missing.map(({ ref }) => ref)])).trim().split("\n");
    for (const [i, { ref }] of missing.entries()) shas.set(ref, resolved[i]!);
  }
  const baseSha = shas.get(BASE_REF)!;
  const remoteBranchSha = shas.get(BRANCH_REF);
  const continued = remoteBranchSha !== undefined && !(await options.restart());
  if (continued) {
    logger.info(`Branch ${branch} exists on the remote at ${short(remoteBranchSha)}; continuing from it`);
  } else if (remoteBranchSha) {
    logger.info(`Branch ${branch} exists on the remote; restarting it from ${baseBranch}`);
  } else {
    logger.info(`Creating branch ${branch} from ${baseBranch} at ${short(baseSha)}`);
  }
  const startSha = continued ? remoteBranchSha! : baseSha;
  return { shas, baseSha, startSha, remoteBranchSha, continued, fetched: missing.length > 0 };
}

/** Where the prepared repository keeps the base and the agent branch as the remote had them. */
const BASE_REF = "refs/agent-task/base";
const BRANCH_REF = "refs/agent-task/branch";

/**
 * The action's own bare repository for the run, in a directory only the runner's user can enter.
 * It borrows the checkout's objects (and its shallow boundary, which a fetch depends on), so the
 * fetch from the remote brings only what the checkout lacks; nothing is written to the checkout.
 */
async function createPreparedRepo(dir: string, commonDir: string, git: Git): Promise<void> {
  await git.at(path.dirname(dir)).run(["init", "--quiet", "--bare", "--template=", dir]);
  await borrowObjects(dir, path.join(commonDir, "objects"), commonDir);
}

/** `git init` of the agent's repository, on the agent branch; filled by fillAgentRepo. */
async function initAgentRepo(workdir: string, branch: string, git: Git): Promise<void> {
  await git.run(["init", "--quiet", "--template=", `--initial-branch=${branch}`, workdir]);
}

/**
 * The agent's workdir: a repository of its own on the agent branch. Its objects are borrowed
 * (objects/info/alternates) from `objects/` beside it, which holds links to the checkout's and
 * the prepared repository's object files: readable by the agent, writable only by the action.
 * The action sets the repository up (setUpAgentRepo, then fillAgentRepo); its files are then
 * checked out by the agent's own user, so they are the agent's from the start and no pass over
 * them changes their owner. The index that checkout wrote is copied for the action before the
 * agent exists. The agent may commit, branch and configure its repository as it likes; the
 * action never runs git in it afterwards, and reads the agent's commits back through a fetch
 * that runs as the agent's user (see publish-repository.ts).
 *
 * This first part needs nothing from the remote: the checkout's objects, the remote's address
 * and the identity. No credentials: the agent's own push fails, as it should; the action
 * publishes. Commits the agent makes carry the identity the checkout was set up with, if any.
 */
async function setUpAgentRepo(
  paths: WorkspacePaths,
  options: {
    commonDir: string;
    remoteUrl: string;
    /** The checkout's `user.name` and `user.email` (see checkoutIdentity). */
    identity: Promise<Array<[string, string]>>;
  },
): Promise<void> {
  const dotGit = path.join(paths.workdir, ".git");
  const objects = path.join(paths.root, "objects");
  const [identity] = await Promise.all([
    options.identity,
    (async () => {
      await shareObjects([path.join(options.commonDir, "objects")], objects);
      await borrowObjects(dotGit, objects, options.commonDir);
    })(),
  ]);
  await appendFile(
    path.join(dotGit, "config"),
    configSection('remote "origin"', [
      ["url", options.remoteUrl],
      ["fetch", "+refs/heads/*:refs/remotes/origin/*"],
    ]) + (identity.length > 0 ? configSection("user", identity) : ""),
  );
  // The agent sees a clean `git status`, and its own `git add -A` leaves the context out.
  await addExcludes(dotGit, "context", [`/${CONTEXT_DIR_NAME}/`]);
}

/**
 * The second part, once the start is known: what the prepared repository fetched (when the
 * checkout lacked a commit) joins the shared objects, the branches are set, and the files are
 * checked out.
 */
async function fillAgentRepo(
  paths: WorkspacePaths,
  options: {
    /** The prepared repository when it fetched objects of its own; undefined when it did not. */
    preparedRepo: string | undefined;
    startIndex: string;
    refs: { branch: string; baseBranch: string; startSha: string; baseSha: string };
    git: Git;
    /** The agent's user, when it checks the files out (see checksOutAsAgent). */
    checkOutAs: AgentUser | undefined;
    onFilling?: () => void;
  },
): Promise<void> {
  const { workdir } = paths;
  const { refs, git, checkOutAs, preparedRepo } = options;
  const dotGit = path.join(workdir, ".git");
  if (preparedRepo) {
    // Its own objects only: those it borrows are the checkout's, shared already. A fetch into a
    // shallow repository may have moved its boundary.
    await shareObjects([path.join(preparedRepo, "objects")], path.join(paths.root, "objects"), {
      alternates: false,
    });
    await copyShallow(preparedRepo, dotGit);
  }
  const agentRepo = git.at(workdir);
  await updateRefs(agentRepo, [
    [`refs/heads/${refs.branch}`, refs.startSha],
    [`refs/remotes/origin/${refs.baseBranch}`, refs.baseSha],
  ]);
  const checkOut = ["-c", `checkout.workers=${checkoutWorkers()}`, "reset", "--quiet", "--hard"];
  options.onFilling?.();
  if (checkOutAs) {
    await checkOutAs.handOver([workdir]);
    await agentRepo.runAs(checkOutAs, checkOut);
  } else {
    await agentRepo.run(checkOut);
  }
  await copyIndex(path.join(dotGit, "index"), options.startIndex);
}

/**
 * Whether the agent's own user checks its files out, so that they are its own from the start.
 * Only when the action runs as root: an action of the runner's user (sudo, as on GitHub-hosted
 * runners) could not write into what the agent owns afterwards (the context, the brief, the
 * excludes); it checks the files out itself and hands the workdir over once, as the agent starts.
 */
function checksOutAsAgent(): boolean {
  return process.getuid?.() === 0;
}

/**
 * How many processes write the agent's files (git's parallel checkout, used from 100 files on):
 * twice the cores, as a worker spends part of its time waiting on the file system. On 2 cores
 * this checks out 100k files in about 0.9 s instead of 1.05 s.
 * https://git-scm.com/docs/git-config#Documentation/git-config.txt-checkoutworkers
 */
function checkoutWorkers(): number {
  return 2 * availableParallelism();
}

/** Sets refs in one command, in one transaction. https://git-scm.com/docs/git-update-ref#_description */
async function updateRefs(repo: Git, updates: Array<[string, string]>): Promise<void> {
  const input = updates.map(([ref, sha]) => `update ${ref}\0${sha}\0\0`).join("");
  await repo.run(["update-ref", "--stdin", "-z"], { input });
}

/** `user.name` and `user.email` as the checkout's git sees them (its config and the runner's). */
async function checkoutIdentity(checkout: Git): Promise<Array<[string, string]>> {
  const listing = await checkout.tryRun(["config", "--null", "--get-regexp", "^user\\.(name|email)$"]);
  const identity = new Map<string, string>();
  for (const { key, value } of parseConfigListing(listing ?? "")) {
    // The last value wins, as for `git config --get`.
    if (value?.trim()) identity.set(key.slice("user.".length), value.trim());
  }
  return [...identity];
}

async function createDirectory(paths: WorkspacePaths, options: PrepareOptions): Promise<DirectoryWorkspace> {
  await mkdir(paths.workdir);
  options.onFilling?.();
  if (options.plan.copy) await copyPlannedFiles(options.plan.copy, paths.workdir);
  return {
    ...paths,
    mode: "directory",
    baseBranch: options.baseBranch,
    before: await snapshotDirectory(paths.workdir, [CONTEXT_DIR_NAME]),
  };
}

export function short(sha: string | undefined): string {
  return sha ? sha.slice(0, 7) : "";
}
