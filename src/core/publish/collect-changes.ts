import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Git } from "../git.js";
import { CONTEXT_DIR_NAME } from "../issue/context-files.js";
import type { Logger } from "../ports.js";
import { type ChangedFiles, diffSnapshots, snapshotDirectory } from "../workspace/directory-snapshot.js";
import type { DirectoryWorkspace, Workspace, WorktreeWorkspace } from "../workspace/prepare-workspace.js";

export interface Changes {
  files: ChangedFiles;
  count: number;
  /** The commit holding the agent's work (worktree mode). */
  headSha?: string;
  /** `output/changes.patch` when the agent changed anything in a worktree. */
  patchFile?: string;
}

/** Who the action commits as: the Actions bot, like other actions that commit for a workflow. */
export const COMMIT_IDENTITY = {
  name: "github-actions[bot]",
  email: "41898282+github-actions[bot]@users.noreply.github.com",
};

export interface CommitMessage {
  issueNumber: number;
  issueTitle: string;
  agent: string;
}

/** What the agent changed, committed (worktree) or listed against the first snapshot (directory). */
export async function collectChanges(
  env: Workspace,
  git: Git,
  message: CommitMessage,
  logger: Logger,
): Promise<Changes> {
  return env.mode === "worktree"
    ? collectWorktreeChanges(env, git.at(env.workdir), message, logger)
    : collectDirectoryChanges(env);
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
): Promise<Changes> {
  await git.run(["add", "--all"]);
  // .agent_context is excluded, but the agent may have removed the exclude line.
  await git.run(["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", CONTEXT_DIR_NAME]);
  const staged = await git.run(["diff", "--cached", "--name-only"]);
  if (staged.trim()) {
    await commit(git, commitMessage(message));
    logger.info(`Committed the agent's uncommitted changes (${staged.trim().split("\n").length} files)`);
  }
  await dropCommittedContext(env, git, message, logger);

  const headSha = (await git.run(["rev-parse", "HEAD"])).trim();
  const files = await diffCommits(git, env.startSha, headSha);
  const count = files.added.length + files.modified.length + files.deleted.length;
  if (count === 0) return { files, count, headSha };
  const patchFile = path.join(env.outputDir, "changes.patch");
  // git writes the patch itself: it can be far larger than the action should hold in memory.
  await git.run(["diff", "--binary", "--no-renames", `--output=${patchFile}`, env.startSha, headSha]);
  return { files, count, headSha, patchFile };
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
): Promise<void> {
  // Any commit of the run that touched it counts, even when a later commit removed it again.
  const leaked = await git.run(["log", "--format=%H", `${env.startSha}..HEAD`, "--", CONTEXT_DIR_NAME]);
  if (!leaked.trim()) return;
  logger.warning(`The agent committed ${CONTEXT_DIR_NAME}/; squashing its commits without it`);
  await git.run(["reset", "--soft", env.startSha]);
  await git.run(["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", CONTEXT_DIR_NAME]);
  const staged = await git.run(["diff", "--cached", "--name-only"]);
  if (staged.trim()) await commit(git, commitMessage(message));
}

async function commit(git: Git, text: string): Promise<void> {
  await git.run([
    "-c",
    `user.name=${COMMIT_IDENTITY.name}`,
    "-c",
    `user.email=${COMMIT_IDENTITY.email}`,
    "commit",
    "--quiet",
    "--no-verify",
    "-m",
    text,
  ]);
}

export function commitMessage({ issueNumber, issueTitle, agent }: CommitMessage): string {
  const title = issueTitle.replace(/\s+/g, " ").trim();
  return `Agent changes for #${issueNumber}: ${title}\n\nMade by agent-task with the ${agent} agent.\n\nRefs #${issueNumber}`;
}

async function diffCommits(git: Git, from: string, to: string): Promise<ChangedFiles> {
  const output = await git.run(["diff", "--name-status", "--no-renames", "-z", from, to]);
  const fields = output.split("\0").filter(Boolean);
  const files: ChangedFiles = { added: [], modified: [], deleted: [] };
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i]!;
    const file = fields[i + 1]!;
    if (status === "A") files.added.push(file);
    else if (status === "D") files.deleted.push(file);
    else files.modified.push(file);
  }
  return files;
}

async function collectDirectoryChanges(env: DirectoryWorkspace): Promise<Changes> {
  const files = diffSnapshots(env.before, await snapshotDirectory(env.workdir, [CONTEXT_DIR_NAME]));
  const count = files.added.length + files.modified.length + files.deleted.length;
  await writeFile(path.join(env.outputDir, "changes.json"), `${JSON.stringify(files, null, 2)}\n`);
  return { files, count };
}
