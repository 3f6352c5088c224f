import { mkdir, realpath, rm, stat } from "node:fs/promises";
import path from "node:path";
import { errorMessage, TaskError } from "../errors.js";
import type { Git, GitAuth } from "../git.js";
import type { Logger } from "../ports.js";
import { copyPlannedFiles } from "./directory-copy.js";
import { type DirectorySnapshot, snapshotDirectory } from "./directory-snapshot.js";
import { addExcludes } from "./exclude.js";
import { holdWorkspaceLock, withRepositoryLock } from "./locks.js";
import { CONTEXT_DIR_NAME } from "./naming.js";
import type { WorkspacePlan } from "./plan-workspace.js";

export interface WorkspacePaths {
  taskId: string;
  /** Releases this run's ownership of the environment (see holdWorkspaceLock). */
  releaseLock: () => Promise<void>;
  root: string;
  workdir: string;
  outputDir: string;
  logsDir: string;
  contextDir: string;
}

export interface WorktreeWorkspace extends WorkspacePaths {
  mode: "worktree";
  repoPath: string;
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
}

/**
 * Creates `{workspaces-root}/{task-id}/{workdir,output,logs}`: a git worktree on the agent branch,
 * or a plain directory holding the planned copy of `repo-path`. When that fails, what was created
 * is removed again: the run has nothing to keep yet.
 */
export async function prepareWorkspace(options: PrepareOptions): Promise<Workspace> {
  const paths = await createTaskDirectories(options.workspacesRoot, options.taskId);
  try {
    return options.plan.mode === "worktree"
      ? await createWorktree(paths, options)
      : await createDirectory(paths, options);
  } catch (error) {
    await paths.releaseLock().catch(() => {});
    await rm(paths.root, { recursive: true, force: true }).catch(() => {});
    throw error;
  }
}

async function createTaskDirectories(workspacesRoot: string, taskId: string): Promise<WorkspacePaths> {
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
    const paths = {
      taskId: id,
      releaseLock: await holdWorkspaceLock(root),
      root,
      workdir: path.join(root, "workdir"),
      outputDir: path.join(root, "output"),
      logsDir: path.join(root, "logs"),
      contextDir: path.join(root, "workdir", CONTEXT_DIR_NAME),
    };
    await Promise.all([mkdir(paths.outputDir), mkdir(paths.logsDir)]);
    return paths;
  }
}

async function createWorktree(paths: WorkspacePaths, options: PrepareOptions): Promise<WorktreeWorkspace> {
  const repo = options.git.at(options.repoPath);
  const commonDir = await repo.commonDir();
  // The network part runs before the repository's lock is taken, so runs sharing the checkout
  // wait for each other only for the local steps. It writes nothing another run writes: the
  // fetched heads go to refs of this task alone, and FETCH_HEAD is not written.
  const heads = await fetchHeads(paths, options, repo, (fetch) =>
    fetch().catch((error) => {
      // A fetch checks what it got against every ref, the HEAD of each worktree included, and
      // `git worktree add` writes a placeholder HEAD for a moment: a fetch that met another
      // run's worktree in the making is done again while no worktree is being made.
      if (!isWorktreeRace(errorMessage(error))) throw error;
      options.logger.debug(`Fetching again under the repository lock: ${errorMessage(error)}`);
      return withRepositoryLock(commonDir, fetch);
    }),
  );
  return withRepositoryLock(commonDir, () => createWorktreeLocked(paths, options, repo, heads));
}

/** A fetch's connectivity check tripped over a worktree another process was adding or removing. */
export function isWorktreeRace(message: string): boolean {
  return /worktrees\/[^\s]*\/HEAD|did not send all necessary objects/.test(message);
}

interface FetchedHeads {
  baseSha: string;
  remoteBranchSha: string | undefined;
  restart: boolean;
  /** This task's local refs that hold the fetched heads until the worktree exists. */
  refs: string[];
}

async function fetchHeads(
  paths: WorkspacePaths,
  options: PrepareOptions,
  repo: Git,
  guard: (fetch: () => Promise<string>) => Promise<string>,
): Promise<FetchedHeads> {
  const { branch, baseBranch, auth, remoteUrl } = options;
  const heads = await remoteHeads(repo, remoteUrl, auth, [baseBranch, branch]);
  if (!heads.has(baseBranch)) {
    throw new TaskError(
      `base branch \`${baseBranch}\` does not exist on ${remoteUrl}`,
      "Set `base-branch` to an existing branch",
    );
  }
  const branchExists = heads.has(branch);
  const ref = (name: string) => `refs/agent-task/${paths.taskId}/${name}`;
  const refspecs = [`+refs/heads/${baseBranch}:${ref("base")}`];
  if (branchExists) refspecs.push(`+refs/heads/${branch}:${ref("branch")}`);
  const [restart] = await Promise.all([
    // Only an existing branch can be continued; whether to start again is asked only then.
    branchExists ? options.restart() : Promise.resolve(true),
    guard(() =>
      repo.run(
        ["fetch", "--no-tags", "--quiet", "--no-write-fetch-head", "--no-auto-gc", remoteUrl, ...refspecs],
        { auth },
      ),
    ),
  ]);
  const baseSha = (await repo.run(["rev-parse", ref("base")])).trim();
  const remoteBranchSha = branchExists ? (await repo.run(["rev-parse", ref("branch")])).trim() : undefined;
  return {
    baseSha,
    remoteBranchSha,
    restart,
    refs: branchExists ? [ref("base"), ref("branch")] : [ref("base")],
  };
}

async function createWorktreeLocked(
  paths: WorkspacePaths,
  options: PrepareOptions,
  repo: Git,
  heads: FetchedHeads,
): Promise<WorktreeWorkspace> {
  const { branch, baseBranch, logger } = options;
  const { baseSha, remoteBranchSha } = heads;
  const continued = remoteBranchSha !== undefined && !heads.restart;
  if (continued) {
    logger.info(`Branch ${branch} exists on the remote at ${short(remoteBranchSha)}; continuing from it`);
  } else if (remoteBranchSha) {
    logger.info(`Branch ${branch} exists on the remote; restarting it from ${baseBranch}`);
  } else {
    logger.info(`Creating branch ${branch} from ${baseBranch} at ${short(baseSha)}`);
  }
  const startSha = continued ? remoteBranchSha! : baseSha;
  await releaseBranch(repo, branch, logger);
  await repo.run(["worktree", "add", "--quiet", "--no-track", "-B", branch, paths.workdir, startSha]);
  for (const ref of heads.refs) await repo.run(["update-ref", "-d", ref]);
  // The agent sees a clean `git status`, and its own `git add -A` leaves the context out.
  await addExcludes(await repo.commonDir(), paths.taskId, [`/${CONTEXT_DIR_NAME}/`]);
  return {
    ...paths,
    mode: "worktree",
    repoPath: options.repoPath,
    branch,
    baseBranch,
    baseSha,
    startSha,
    remoteBranchSha,
    continued,
    keepBranch: options.keepBranch,
  };
}

/**
 * git refuses a branch that another worktree has checked out. That worktree belongs to a run
 * that is over (an environment kept after a failure) or whose lease this run took over; its
 * HEAD is detached, which keeps its files and commits, and frees the branch.
 */
async function releaseBranch(repo: Git, branch: string, logger: Logger): Promise<void> {
  const list = await repo.run(["worktree", "list", "--porcelain"]);
  for (const entry of list.split("\n\n")) {
    const worktree = /^worktree (.+)$/m.exec(entry)?.[1];
    if (!worktree || !entry.split("\n").includes(`branch refs/heads/${branch}`)) continue;
    if (await stat(worktree).catch(() => undefined)) {
      await repo.at(worktree).run(["checkout", "--quiet", "--detach"]);
      logger.info(`Detached ${worktree} from ${branch}, which an earlier run had checked out`);
    } else {
      await repo.run(["worktree", "prune"]);
    }
  }
}

async function remoteHeads(
  repo: Git,
  url: string,
  auth: GitAuth,
  branches: string[],
): Promise<Map<string, string>> {
  const output = await repo.run(["ls-remote", url, ...branches.map((b) => `refs/heads/${b}`)], { auth });
  const heads = new Map<string, string>();
  for (const line of output.split("\n")) {
    const [sha, ref] = line.split("\t");
    if (sha && ref?.startsWith("refs/heads/")) heads.set(ref.slice("refs/heads/".length), sha);
  }
  return heads;
}

async function createDirectory(paths: WorkspacePaths, options: PrepareOptions): Promise<DirectoryWorkspace> {
  await mkdir(paths.workdir);
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
