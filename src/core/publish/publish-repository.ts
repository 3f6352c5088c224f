import { constants } from "node:fs";
import { lstat, mkdir, mkdtemp, open, realpath, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { errorMessage, TaskError } from "../errors.js";
import type { Git } from "../git.js";
import type { Logger } from "../ports.js";
import { pinnedScope } from "../trusted-git-config.js";
import { copyIndex, markIndexChecked, trackedOf } from "../workspace/index-copy.js";
import { CONTEXT_DIR_NAME } from "../workspace/naming.js";
import type { WorktreeWorkspace } from "../workspace/prepare-workspace.js";
import { borrowObjects } from "../workspace/share-objects.js";
import { filesChangedInStartSecond } from "../workspace/write-stamp.js";

const AGENT_HEAD_REF = "refs/agent-task/agent-head";

/** The agent's commits, copied into a repository the action made after the agent ran. */
export interface ImportedCommits {
  /** The bare repository holding them (in the action's git directory). */
  gitDir: string;
  /** The commit the agent left checked out; its start commit when it left nothing readable. */
  head: string;
}

/**
 * Copies the agent's commits out of its repository, once its processes are gone and before its
 * files are taken back. The copy goes into a repository of the action's (createImportRepository),
 * in its own git directory, so nothing in it comes from the agent: no hooks, the trusted config
 * only (pinned), and objects borrowed from the prepared repository.
 *
 * The fetch's upload-pack runs in the agent's repository as the agent's user: whatever that
 * repository's config says is done with the agent's rights, and only a pack, verified by the
 * action's git, comes back. Without a readable HEAD there, the agent's work is taken as files on
 * top of the commit it started from.
 */
export async function importAgentCommits(
  workspace: WorktreeWorkspace,
  git: Git,
  logger: Logger,
  /** The repository createImportRepository made for it while the agent ran; made now when not given. */
  made?: Promise<ImportRepository>,
): Promise<ImportedCommits> {
  const { dir, bare } = await (made ?? createImportRepository(workspace, git));
  const head = (await leftAtStart(workspace))
    ? workspace.startSha
    : await fetchAgentHead(bare, workspace, logger);
  await bare.run(["update-ref", `refs/heads/${workspace.branch}`, head]);
  return { gitDir: dir, head };
}

/** The empty repository the agent's commits are copied into (see importAgentCommits). */
export interface ImportRepository {
  dir: string;
  bare: Git;
}

/**
 * Makes the repository importAgentCommits copies into: nothing in it depends on the agent, so it
 * is made while the agent runs, in the action's own git directory, where the agent cannot reach.
 */
export async function createImportRepository(
  workspace: WorktreeWorkspace,
  git: Git,
): Promise<ImportRepository> {
  const dir = await mkdtemp(path.join(workspace.actionGitDir, "publish-"));
  const bare = git.scoped(pinnedScope({ gitDir: dir }, workspace.trustedGitConfig));
  await bare.run(["init", "--quiet", "--bare", "--template=", `--initial-branch=${workspace.branch}`]);
  await borrowObjects(dir, path.join(workspace.preparedRepo, "objects"), workspace.preparedRepo);
  await mkdir(path.join(dir, "info"), { recursive: true });
  await writeFile(path.join(dir, "info", "exclude"), `/${CONTEXT_DIR_NAME}/\n`);
  return { dir, bare };
}

/** The action's repository to commit from (openPublishRepository). */
export interface PublishRepository {
  git: Git;
  /** Set when git was told to trust the stat data of the agent's start index: see stageAll. */
  recheck?: IndexRecheck;
}

/**
 * What `git add` must look at again in an index dated past its files (markIndexChecked) though
 * a change in the checkout's second could hide behind their stat data.
 */
export interface IndexRecheck {
  /**
   * The files changed in that second from the agent's start on (filesChangedInStartSecond) that
   * the start index tracks, listed meanwhile; undefined when they cannot be listed.
   */
  suspects: Promise<string[] | undefined>;
  /** The index's own date before, from which git tells the racy entries. */
  racyFrom: Date;
}

/**
 * The repository the action commits and pushes from: the one holding the agent's commits, with
 * the agent's workdir as its work tree, named explicitly so git never looks at the `.git` there,
 * and its index beside it. Every command gets the pinned configuration.
 */
export async function openPublishRepository(
  workspace: WorktreeWorkspace,
  git: Git,
  imported: ImportedCommits | undefined,
  /** When the agent started, as its workdir dates changes (AgentRun.startStamp). */
  agentStart?: bigint,
): Promise<PublishRepository> {
  // Never fall back to a repository the agent had: without the copy there is nothing to publish from.
  if (!imported) throw new TaskError("the agent's work was not copied out of its repository");
  // Listed while git reads the rest: the agent's processes are gone, nothing changes them.
  const changed =
    agentStart === undefined ? undefined : filesChangedInStartSecond(workspace.workdir, agentStart);
  const indexFile = path.join(imported.gitDir, "index");
  const repo = git.scoped(
    pinnedScope(
      {
        gitDir: imported.gitDir,
        workTree: workspace.workdir,
        indexFile,
      },
      // Full stat checks: files taken back from the agent's user since (a new owner, a new
      // ctime) are read again, which is slower but never misses a same-size edit made in the
      // same second as the checkout. Only where the action checked the files out itself and
      // they went to the agent's user and back (two chowns, the same owner again) is their ctime
      // left out: git still compares mtime, size, inode and owner, and reads racy entries.
      workspace.agentUser && !workspace.checkedOutByAgent
        ? [...workspace.trustedGitConfig, ["core.trustctime", "false"]]
        : workspace.trustedGitConfig,
    ),
  );
  // The index of the checkout the agent started from, moved to the agent's HEAD by a two-tree
  // merge that keeps the stat data of unchanged entries: `git add` then reads only the files
  // whose stat changed, not all of them. Without -i, read-tree refuses to replace an entry whose
  // file changed, which is every file the agent committed a change to: then every file was read.
  // https://git-scm.com/docs/git-read-tree#_two_tree_merge
  const copied = await copyIndex(workspace.startIndex, indexFile).then(
    () => true,
    () => false,
  );
  // Most entries of a fresh checkout are racy: git would read every such file again. When the
  // files the agent may have changed unseen in that second can be listed, git trusts the rest.
  let recheck: IndexRecheck | undefined;
  if (copied && changed) {
    // Asked of the start index, which only the action writes: the entries whose stat data git is
    // told to trust. Those read-tree replaces below have none to trust.
    const start = git.scoped(
      pinnedScope({ gitDir: imported.gitDir, indexFile: workspace.startIndex }, workspace.trustedGitConfig),
    );
    const suspects = changed
      .then((files) => (files ? trackedOf(start, files) : undefined))
      .catch(() => undefined);
    recheck = { suspects, racyFrom: (await stat(indexFile)).mtime };
    await markIndexChecked(indexFile);
  }
  const moved =
    copied &&
    (imported.head === workspace.startSha ||
      (await repo.tryRun(["read-tree", "-m", "-i", workspace.startSha, "HEAD"])) !== undefined);
  if (!moved) {
    await repo.run(["read-tree", "HEAD"]);
    // No entry has stat data left to trust.
    recheck = undefined;
  } else if (recheck && imported.head !== workspace.startSha) {
    // read-tree wrote the index now: its entries would be racy again.
    await markIndexChecked(indexFile);
  }
  return { git: repo, recheck };
}

/**
 * True when the agent's repository shows HEAD where the agent started (it made no commit): then
 * there is nothing to fetch. Read as plain files, never followed through a link and never waited
 * on (a FIFO); anything else, a packed ref included, is left to the fetch. An agent that makes
 * this lie only keeps its commit messages out: its files are collected all the same.
 */
export async function leftAtStart(
  workspace: Pick<WorktreeWorkspace, "workdir" | "startSha">,
): Promise<boolean> {
  const dotGit = path.join(workspace.workdir, ".git");
  const head = await readSmallFile(dotGit, "HEAD");
  if (head === workspace.startSha) return true;
  const ref = /^ref: (refs\/heads\/[^\s]+)$/.exec(head ?? "")?.[1];
  if (!ref || ref.split("/").includes("..")) return false;
  return (await readSmallFile(dotGit, ref)) === workspace.startSha;
}

/** A regular file that really lies inside `dir` (no link on the way leads out of it), at most 512 bytes of it. */
async function readSmallFile(dir: string, name: string): Promise<string | undefined> {
  const file = path.join(dir, name);
  const [inside, real] = await Promise.all([
    realpath(dir).catch(() => undefined),
    realpath(file).catch(() => ""),
  ]);
  const isDirectory = (await lstat(dir).catch(() => undefined))?.isDirectory();
  if (!inside || !real.startsWith(`${inside}${path.sep}`) || !isDirectory) return undefined;
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    () => undefined,
  );
  if (!handle) return undefined;
  try {
    if (!(await handle.stat()).isFile()) return undefined;
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString("utf8").trim();
  } finally {
    await handle.close();
  }
}

async function fetchAgentHead(bare: Git, workspace: WorktreeWorkspace, logger: Logger): Promise<string> {
  const uploadPack = workspace.agentUser
    ? workspace.agentUser.wrap(["env", `HOME=${workspace.homeDir}`, "git", "upload-pack"])
    : ["git", "upload-pack"];
  try {
    await bare.run([
      "fetch",
      "--quiet",
      "--no-tags",
      "--no-write-fetch-head",
      // The agent may have rewritten the commit it started from; its parents are then only known
      // to the remote, like the start commit's own.
      "--update-shallow",
      `--upload-pack=${uploadPack.map(shellQuote).join(" ")}`,
      workspace.workdir,
      `+HEAD:${AGENT_HEAD_REF}`,
    ]);
    return (await bare.run(["rev-parse", "--verify", `${AGENT_HEAD_REF}^{commit}`])).trim();
  } catch (error) {
    logger.warning(
      `Could not read the agent's commits from its repository (${errorMessage(error).split("\n")[0]}); its files are committed on top of the commit it started from`,
    );
    return workspace.startSha;
  }
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
