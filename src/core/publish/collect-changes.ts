import { rm, utimes } from "node:fs/promises";
import path from "node:path";
import type { Git } from "../git.js";
import type { Logger } from "../ports.js";
import { type ChangedFiles, diffSnapshots, snapshotDirectory } from "../workspace/directory-snapshot.js";
import { forgetStatData, markIndexChecked } from "../workspace/index-copy.js";
import { CONTEXT_DIR_NAME } from "../workspace/naming.js";
import type { DirectoryWorkspace, Workspace, WorktreeWorkspace } from "../workspace/prepare-workspace.js";
import { replaceFile } from "../workspace/replace-file.js";
import { commitIndex } from "./commit-identity.js";
import {
  type HeldBack,
  holdBack,
  parseRawChanges,
  type RawChange,
  type ReviewWarnings,
  type RunHistory,
  readRunHistory,
} from "./hold-back.js";
import type { IndexRecheck } from "./publish-repository.js";
import { isAncestor, replayCommits } from "./replay.js";

export interface Changes {
  files: ChangedFiles;
  count: number;
  /** The commit holding the agent's work (worktree mode). */
  headSha?: string;
  /** `output/changes.patch` when the agent changed anything in a worktree. */
  patchFile?: string;
  /** What collecting had to do differently (the agent rewrote the branch's history), for the reports. */
  note?: string;
  /** What was not pushed (workflow files, files over GitHub's limit). */
  heldBack?: HeldBack;
  /** Links and submodule changes a reviewer should look at. */
  warnings?: ReviewWarnings;
  /** True when everything the agent changed was held back. */
  nothingToPush?: boolean;
  /** `git diff --raw` from the start commit to headSha (worktree mode, when anything changed). */
  raw?: RawChange[];
}

export { COMMIT_IDENTITY } from "./commit-identity.js";

export interface CommitMessage {
  issueNumber: number;
  issueTitle: string;
  agent: string;
}

/**
 * What the agent changed, committed (worktree: `git` is the action's publish repository, whose
 * work tree is the agent's workdir) or listed against the first snapshot (directory). In a
 * worktree, what must not be pushed is then held back (see hold-back.ts).
 */
export async function collectChanges(
  env: Workspace,
  git: Git,
  message: CommitMessage,
  logger: Logger,
  options: {
    /** What may be pushed; undefined when nothing will be (a local run keeps its work locally). */
    policy?: { allowWorkflowChanges: boolean };
    /** The commit the agent left checked out (see importAgentCommits), when it is known. */
    agentHead?: string;
    /** What `git add` must look at again (openPublishRepository). */
    recheck?: IndexRecheck;
  } = {},
): Promise<Changes> {
  const { policy } = options;
  if (env.mode === "directory") return collectDirectoryChanges(env);
  const { history, ...changes } = await collectWorktreeChanges(env, git, message, logger, {
    readHistory: policy !== undefined,
    agentHead: options.agentHead,
    recheck: options.recheck,
  });
  if (changes.count === 0 || !policy) return changes;
  const checked = await holdBack(
    env,
    git,
    { ...policy, commitMessage: commitMessage(message), logger },
    changes.headSha!,
    changes.raw!,
    history,
  );
  return { ...changes, ...checked };
}

/**
 * Keeps the commits the agent made, commits whatever it left uncommitted, and diffs the result
 * against the commit it started from. Whatever branch or detached HEAD the agent left, HEAD is
 * what gets published.
 */
async function collectWorktreeChanges(
  env: WorktreeWorkspace,
  git: Git,
  message: CommitMessage,
  logger: Logger,
  options: {
    /** Whether holdBack follows: the run's history is then read beside the diff. */
    readHistory: boolean;
    agentHead?: string;
    recheck?: IndexRecheck;
  },
): Promise<Changes & { history?: Promise<RunHistory> }> {
  // The index starts as HEAD's tree (openPublishRepository), so what `git add` says it changed
  // is exactly what is staged: one line per path. The repository's own exclude keeps
  // .agent_context out of `add`, unless the agent's .gitignore un-ignores it (a `!` pattern there
  // wins; git runs with LC_ALL=C, so the line reads `add '…'`) or HEAD tracks it, asked
  // meanwhile: then `rm` takes it out again, and the index is compared with HEAD.
  const [added, contextTracked] = await Promise.all([
    stageAll(git, options.recheck),
    git.tryRun(["cat-file", "-e", `HEAD:${CONTEXT_DIR_NAME}`]).then((found) => found !== undefined),
  ]);
  const lines = (text: string) => text.split("\n").filter((line) => line.trim()).length;
  let staged = lines(added);
  if (contextTracked || added.split("\n").some((line) => line.startsWith(`add '${CONTEXT_DIR_NAME}/`))) {
    await git.run(["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", CONTEXT_DIR_NAME]);
    staged = lines(await git.run(["diff", "--no-ext-diff", "--no-textconv", "--cached", "--name-only"]));
  }
  const committed = staged > 0 ? await commit(git, commitMessage(message)) : undefined;
  if (committed) logger.info(`Committed the agent's uncommitted changes (${staged} files)`);
  // The usual case: the agent made no commit, and the action's one, on startSha, leaves out the
  // context (HEAD does not track it). Then there is no history of the agent's to keep or to squash,
  // and the run's history is that one commit, whose raw diff is the run's.
  const onlyOwnCommit = options.agentHead === env.startSha && !contextTracked;
  let note: string | undefined;
  let headSha: string;
  if (onlyOwnCommit) {
    headSha = committed ?? env.startSha;
  } else {
    // Before the context is dropped: dropping squashes the run's commits onto startSha.
    note = await keepBranchHistory(env, git, logger);
    headSha = await dropCommittedContext(env, git, message, logger);
  }

  // git writes the patch itself (it can be far larger than the action should hold in memory),
  // after whatever the agent left at that path, a link included, is gone; the diff is read meanwhile.
  const rawDiff = git.run(["diff", "--raw", "-z", "--no-renames", "--no-abbrev", env.startSha, headSha]);
  rawDiff.catch(() => {});
  const history = options.readHistory
    ? readRunHistory(git, env.startSha, headSha, onlyOwnCommit ? rawDiff : undefined)
    : undefined;
  history?.catch(() => {});
  const patchFile = path.join(env.outputDir, "changes.patch");
  await rm(patchFile, { force: true });
  const [diff] = await Promise.all([
    rawDiff,
    git.run([
      "diff",
      "--no-ext-diff",
      "--no-textconv",
      "--binary",
      "--no-renames",
      `--output=${patchFile}`,
      env.startSha,
      headSha,
    ]),
  ]);
  const raw = parseRawChanges(diff);
  const files = changedFiles(raw);
  const count = raw.length;
  if (count === 0) {
    await Promise.all([rm(patchFile, { force: true }), history?.catch(() => {})]);
    return { files, count, headSha, note };
  }
  return { files, count, headSha, patchFile, note, raw, history };
}

/**
 * A continued branch holds commits of people and earlier runs. An agent that resets the branch
 * (`git reset --hard` to the base), rebases or amends leaves a HEAD that no longer contains them;
 * publishing it would push them away. Its own commits (those since it left the branch's history)
 * are replayed on top of the branch instead. When they do not apply cleanly HEAD stays as the
 * agent left it, and publishing sends it to a side branch.
 */
async function keepBranchHistory(
  env: WorktreeWorkspace,
  git: Git,
  logger: Logger,
): Promise<string | undefined> {
  if (!env.continued) return undefined;
  const head = (await git.run(["rev-parse", "HEAD"])).trim();
  if (await isAncestor(git, env.startSha, head)) return undefined;
  const fork = (await git.tryRun(["merge-base", env.startSha, head]))?.trim();
  const replayed = fork ? await replayCommits(git, env.startSha, fork, head) : undefined;
  if (!replayed) {
    logger.warning(
      `The agent rewrote the history of ${env.branch}, and its commits do not apply on top of the branch`,
    );
    return undefined;
  }
  logger.warning(
    `The agent rewrote the history of ${env.branch} (a reset, rebase or amend); its commits were replayed on top of the branch so that no commit on it is lost`,
  );
  return `The agent rewrote the history of ${env.branch} (a reset, rebase or amend); its commits were replayed on top of the branch, so every commit already on it was kept.`;
}

/**
 * An agent may force-add `.agent_context` into its own commits. The context must never land, so
 * the agent's commits are squashed into one without it.
 */
async function dropCommittedContext(
  env: WorktreeWorkspace,
  git: Git,
  message: CommitMessage,
  logger: Logger,
): Promise<string> {
  // Any commit of the run that touched it counts, even when a later commit removed it again.
  const [leaked, head] = await Promise.all([
    git.run(["log", "--format=%H", `${env.startSha}..HEAD`, "--", CONTEXT_DIR_NAME]),
    git.run(["rev-parse", "HEAD"]),
  ]);
  if (!leaked.trim()) return head.trim();
  logger.warning(`The agent committed ${CONTEXT_DIR_NAME}/; squashing its commits without it`);
  await git.run(["reset", "--soft", env.startSha]);
  await git.run(["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", CONTEXT_DIR_NAME]);
  const staged = await git.run(["diff", "--no-ext-diff", "--no-textconv", "--cached", "--name-only"]);
  if (staged.trim()) await commit(git, commitMessage(message));
  return (await git.run(["rev-parse", "HEAD"])).trim();
}

/**
 * `git add --all --verbose`, in an index that may have been told to trust its stat data
 * (openPublishRepository): then the files changed in the checkout's second, listed meanwhile,
 * lose theirs and are added again. Without the list, the index gets its own date back and git
 * reads every racy file, as it would have. Returns what git said it added, once per line.
 */
export async function stageAll(git: Git, recheck?: IndexRecheck): Promise<string> {
  const indexFile = git.scope?.indexFile;
  const [added, suspects] = await Promise.all([
    git.run(["add", "--all", "--verbose"]),
    recheck && indexFile ? recheck.suspects : [],
  ]);
  if (!recheck || !indexFile || suspects?.length === 0) return added;
  // Their entries as `git add` left them: one it has just updated keeps its new content.
  const again = suspects && (await forgetStatData(git, indexFile, suspects).catch(() => undefined));
  let more = "";
  if (!again) {
    await utimes(indexFile, recheck.racyFrom, recheck.racyFrom);
    more = await git.run(["add", "--all", "--verbose"]);
  } else if (again.length > 0) {
    more = await git.run(["--literal-pathspecs", "add", "--all", "--verbose", "--", ...again]);
  }
  return [...new Set(`${added}${more}`.split("\n").filter(Boolean))].map((line) => `${line}\n`).join("");
}

/**
 * Commits the index as it stands on top of HEAD: the commit object `git commit -m` makes, byte for
 * byte, without its refresh of the index first, an lstat of every file, which `git add` has just
 * done (175 ms at 100,000 files; these three commands take 40 ms there). No hook runs, as with
 * `--no-verify`: the repository is the action's own and has none.
 *
 * write-tree writes the index again (with the trees it computed), and git reads again every file
 * of an entry that is racy to the index it read: for a fresh checkout most of them, 90 ms at 20k
 * files. The files no longer change (the agent is gone) and git add has just checked each of
 * them, so the index is dated past them first (markIndexChecked). The commit holds what the index
 * says either way: write-tree reads no file.
 */
export async function commit(git: Git, text: string): Promise<string> {
  if (git.scope?.indexFile) await markIndexChecked(git.scope.indexFile);
  const sha = await commitIndex(git, "HEAD", text);
  await git.run(["update-ref", "HEAD", sha]);
  return sha;
}

export function commitMessage({ issueNumber, issueTitle, agent }: CommitMessage): string {
  const title = issueTitle.replace(/\s+/g, " ").trim();
  return `Agent changes for #${issueNumber}: ${title}\n\nMade by agent-task with the ${agent} agent.\n\nRefs #${issueNumber}`;
}

/**
 * Saves what the agent changed since `startSha`, its commits and its uncommitted files alike, as
 * a patch, without committing anything. For a workspace whose run was killed before it collected
 * the changes. Returns how many files changed.
 */
export async function saveWorkAsPatch(worktree: Git, startSha: string, patchFile: string): Promise<number> {
  await worktree.run(["add", "--all"]);
  await worktree.run(["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", CONTEXT_DIR_NAME]);
  const names = (
    await worktree.run(["diff", "--no-ext-diff", "--cached", "--name-only", "--no-renames", startSha])
  ).trim();
  if (!names) return 0;
  await rm(patchFile, { force: true });
  await worktree.run([
    "diff",
    "--no-ext-diff",
    "--no-textconv",
    "--cached",
    "--binary",
    "--no-renames",
    `--output=${patchFile}`,
    startSha,
  ]);
  return names.split("\n").length;
}

/** The files of a `git diff --raw`, by what happened to them (a type change counts as modified). */
function changedFiles(raw: RawChange[]): ChangedFiles {
  const files: ChangedFiles = { added: [], modified: [], deleted: [] };
  for (const change of raw) {
    if (change.status === "A") files.added.push(change.path);
    else if (change.status === "D") files.deleted.push(change.path);
    else files.modified.push(change.path);
  }
  return files;
}

async function collectDirectoryChanges(env: DirectoryWorkspace): Promise<Changes> {
  const files = diffSnapshots(env.before, await snapshotDirectory(env.workdir, [CONTEXT_DIR_NAME]));
  const count = files.added.length + files.modified.length + files.deleted.length;
  await replaceFile(path.join(env.outputDir, "changes.json"), `${JSON.stringify(files, null, 2)}\n`);
  return { files, count };
}
