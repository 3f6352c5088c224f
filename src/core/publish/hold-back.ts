import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Git } from "../git.js";
import type { Logger } from "../ports.js";
import type { WorktreeWorkspace } from "../workspace/prepare-workspace.js";
import { commitIndex } from "./commit-identity.js";

/**
 * What of the agent's work must not be pushed, and what a reviewer must look at twice. The agent
 * is not trusted with the repository's automation: a workflow file it changed would run with the
 * repository's secrets once merged, so changes under `.github/workflows/` are held back unless
 * `allow-workflow-changes` says otherwise. Files over GitHub's 100 MiB limit would make the whole
 * push fail. Symbolic links are pushed as links (git stores the target's path, never its
 * content), but one pointing out of the repository, and submodule changes, deserve a warning.
 */

/** GitHub refuses pushes holding a file larger than 100 MiB.
 * https://docs.github.com/en/repositories/working-with-files/managing-large-files/about-large-files-on-github */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

export interface HeldBack {
  /** Changes under `.github/workflows/` that were not pushed. */
  workflowFiles: string[];
  /** Files over GitHub's limit that were not pushed. */
  largeFiles: Array<{ path: string; bytes: number }>;
  /** `output/held-back.patch`: the held-back workflow changes, to apply by hand. */
  patchFile?: string;
}

export interface ReviewWarnings {
  /** Symbolic links whose target is outside the repository. */
  outwardLinks: Array<{ path: string; target: string }>;
  /** `.gitmodules` and submodule pointers that changed. */
  submodules: string[];
}

/** One line of `git diff --raw`: a path with its old and new mode and object. */
export interface RawChange {
  path: string;
  oldMode: string;
  newMode: string;
  oldSha: string;
  newSha: string;
  status: string;
}

const SYMLINK_MODE = "120000";
const GITLINK_MODE = "160000";
const NO_MODE = "000000";

/**
 * A path whose change needs the `workflows` permission: anything under `.github/workflows/`, and
 * `.github` or `.github/workflows` themselves (replaced by a file or a link). Matched without
 * case, as on case-insensitive checkouts these are the same directory.
 */
export function isWorkflowPath(file: string): boolean {
  const lower = file.toLowerCase();
  return lower === ".github" || lower === ".github/workflows" || lower.startsWith(".github/workflows/");
}

/** True when a link at `linkPath` pointing at `target` resolves outside the repository. */
export function leavesRepository(linkPath: string, target: string): boolean {
  if (target.startsWith("/") || /^[A-Za-z]:[\\/]/.test(target)) return true;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(linkPath), target));
  return resolved === ".." || resolved.startsWith("../");
}

/** The paths to hold back among the final changes, given the big blobs of the run's commits. */
export function pathsToHoldBack(
  changes: RawChange[],
  options: { allowWorkflowChanges: boolean; largeBlobs: ReadonlySet<string> },
): { workflowFiles: string[]; largeFiles: string[] } {
  const workflowFiles = options.allowWorkflowChanges
    ? []
    : changes.filter((change) => isWorkflowPath(change.path)).map((change) => change.path);
  const largeFiles = changes
    .filter((change) => options.largeBlobs.has(change.newSha) && !workflowFiles.includes(change.path))
    .map((change) => change.path);
  return { workflowFiles, largeFiles };
}

/** Parses `git diff --raw -z` and `git log --raw -z` output. */
export function parseRawChanges(output: string): RawChange[] {
  const fields = output.split("\0");
  const changes: RawChange[] = [];
  for (let i = 0; i < fields.length; i++) {
    const meta = fields[i]!.trim();
    if (!meta.startsWith(":")) continue;
    const [oldMode, newMode, oldSha, newSha, status] = meta.slice(1).split(/\s+/);
    const file = fields[++i];
    if (file === undefined || !status) continue;
    changes.push({
      path: file,
      oldMode: oldMode!,
      newMode: newMode!,
      oldSha: oldSha!,
      newSha: newSha!,
      status,
    });
  }
  return changes;
}

export interface CheckedWork {
  /** The commit to publish: the agent's, or one without what was held back. */
  headSha: string;
  /** Set when anything was held back. */
  heldBack?: HeldBack;
  /** Set when a reviewer should look at links or submodules. */
  warnings?: ReviewWarnings;
  /** True when everything the agent changed was held back. */
  nothingToPush: boolean;
}

/** The run's commits as holdBack looks at them. */
export interface RunHistory {
  /** Where the agent's work starts (see workBase). */
  base: string;
  /** `git log --raw` of base..headSha: every change of every commit. */
  history: string;
  /** Blobs of those commits larger than GitHub takes. */
  largeBlobs: Set<string>;
}

/**
 * Reads the run's commits for holdBack. The work almost always starts at startSha, so its history
 * is read while that is checked. When the run is one commit on startSha, its `git diff --raw`
 * (the same format) is its history, and startSha is where it starts.
 */
export async function readRunHistory(
  git: Git,
  startSha: string,
  headSha: string,
  /** `git diff --raw -z --no-renames --no-abbrev startSha headSha`, when headSha is one commit on startSha. */
  oneCommit?: Promise<string>,
): Promise<RunHistory> {
  const inspect = (from: string) => {
    const range = `${from}..${headSha}`;
    return Promise.all([
      (from === startSha && oneCommit) ||
        git.run(["log", "--format=", "--raw", "-z", "--no-renames", "--no-abbrev", range]),
      largeBlobsIn(git, range),
    ]);
  };
  const [base, fromStart] = await Promise.all([
    oneCommit ? startSha : workBase(git, startSha, headSha),
    inspect(startSha),
  ]);
  const [history, largeBlobs] = base === startSha ? fromStart : await inspect(base);
  return { base, history, largeBlobs };
}

/**
 * Looks at the run's commits (`startSha..headSha`) and, when something must not be pushed,
 * replaces them with one commit holding the rest: a held-back change in any commit of the
 * agent's would make GitHub refuse the whole push, even when a later commit undid it. The
 * workspace keeps the agent's files as they are, and the held-back workflow changes are saved
 * as `output/held-back.patch`.
 */
export async function holdBack(
  env: WorktreeWorkspace,
  git: Git,
  options: { allowWorkflowChanges: boolean; commitMessage: string; logger: Logger },
  headSha: string,
  /** `git diff --raw` from startSha to headSha, which the changes were collected from. */
  runDiff: RawChange[],
  /** What readRunHistory read of startSha..headSha, when it was started earlier. */
  read: Promise<RunHistory> = readRunHistory(git, env.startSha, headSha),
): Promise<CheckedWork> {
  const { logger } = options;
  const { base, history, largeBlobs } = await read;
  const changes =
    base === env.startSha
      ? runDiff
      : parseRawChanges(await git.run(["diff", "--raw", "-z", "--no-renames", "--no-abbrev", base, headSha]));
  const touched = parseRawChanges(history);
  const held = pathsToHoldBack(changes, { allowWorkflowChanges: options.allowWorkflowChanges, largeBlobs });
  const heldPaths = [...held.workflowFiles, ...held.largeFiles];
  const historyNeedsRewrite = touched.some(
    (change) =>
      (!options.allowWorkflowChanges && isWorkflowPath(change.path)) || largeBlobs.has(change.newSha),
  );

  let publishSha = headSha;
  let heldBack: HeldBack | undefined;
  if (heldPaths.length > 0 || historyNeedsRewrite) {
    publishSha = await commitWithout(git, base, changes, heldPaths, options.commitMessage);
    logger.info(
      heldPaths.length > 0
        ? `Held back ${heldPaths.length} file(s); the rest is one commit, ${publishSha.slice(0, 12)}`
        : `The agent's commits touched files that cannot be pushed; they are squashed into ${publishSha.slice(0, 12)}`,
    );
  }
  if (heldPaths.length > 0) {
    heldBack = {
      workflowFiles: held.workflowFiles,
      largeFiles: await Promise.all(
        held.largeFiles.map(async (file) => ({
          path: file,
          bytes: Number(await git.run(["cat-file", "-s", changes.find((c) => c.path === file)!.newSha])),
        })),
      ),
    };
    if (held.workflowFiles.length > 0) {
      heldBack.patchFile = path.join(env.outputDir, "held-back.patch");
      const pathspecs = held.workflowFiles.map((file) => `:(literal)${file}`);
      await writeFile(
        heldBack.patchFile,
        await git.run(["diff", "--binary", "--no-renames", base, headSha, "--", ...pathspecs]),
      );
    }
    logger.warning(describeHeldBack(heldBack));
  }
  const pushed = changes.filter((change) => !heldPaths.includes(change.path));
  const warnings = await reviewWarnings(git, pushed);
  return { headSha: publishSha, heldBack, warnings, nothingToPush: pushed.length === 0 };
}

/** Blobs of the range's commits larger than GitHub takes. */
async function largeBlobsIn(git: Git, range: string): Promise<Set<string>> {
  // `--filter=blob:limit=N` leaves out blobs of N bytes or more, and lists them with a `~`.
  const listing = await git.run([
    "rev-list",
    "--objects",
    `--filter=blob:limit=${MAX_FILE_BYTES + 1}`,
    "--filter-print-omitted",
    range,
  ]);
  return new Set(
    listing
      .split("\n")
      .filter((line) => line.startsWith("~"))
      .map((line) => line.slice(1).trim()),
  );
}

/**
 * Where the agent's work starts: normally startSha. When the agent rewrote the branch's history
 * and its commits could not be replayed onto it, where they forked (the work then goes to a side
 * branch, and must not carry the branch's own changes undone).
 */
async function workBase(git: Git, startSha: string, headSha: string): Promise<string> {
  if ((await git.tryRun(["merge-base", "--is-ancestor", startSha, headSha])) !== undefined) return startSha;
  return (await git.tryRun(["merge-base", startSha, headSha]))?.trim() || startSha;
}

/**
 * One commit on `base` whose tree is the agent's final tree with each held-back path as it was
 * there (or absent, when it was new). Built in the index; the files stay as they are.
 */
async function commitWithout(
  git: Git,
  base: string,
  changes: RawChange[],
  heldPaths: string[],
  message: string,
): Promise<string> {
  const held = changes.filter((change) => heldPaths.includes(change.path));
  await git.run(["read-tree", "HEAD"]);
  // Removals first: a restored `.github/workflows/x` cannot sit under a `.github` that is a link.
  const added = held.filter((change) => change.oldMode === NO_MODE).map((change) => change.path);
  if (added.length > 0) await git.run(["update-index", "--force-remove", "--", ...added]);
  for (const change of held.filter((c) => c.oldMode !== NO_MODE)) {
    await git.run([
      "update-index",
      "--add",
      "--replace",
      "--cacheinfo",
      `${change.oldMode},${change.oldSha},${change.path}`,
    ]);
  }
  const commit = await commitIndex(git, base, message);
  // HEAD follows, with the index; the agent's held-back files stay in the working tree.
  await git.run(["reset", "--soft", "--quiet", commit]);
  return commit;
}

/** Links that leave the repository and submodule changes among what is pushed. */
async function reviewWarnings(git: Git, pushed: RawChange[]): Promise<ReviewWarnings | undefined> {
  const links = pushed.filter((change) => change.newMode === SYMLINK_MODE).slice(0, 100);
  const outwardLinks: ReviewWarnings["outwardLinks"] = [];
  for (const link of links) {
    const target = await git.run(["cat-file", "blob", link.newSha]);
    if (leavesRepository(link.path, target)) outwardLinks.push({ path: link.path, target });
  }
  const submodules = pushed
    .filter(
      (change) =>
        change.path === ".gitmodules" || change.oldMode === GITLINK_MODE || change.newMode === GITLINK_MODE,
    )
    .map((change) => change.path);
  return outwardLinks.length > 0 || submodules.length > 0 ? { outwardLinks, submodules } : undefined;
}

/** The annotation, and the reports' wording, for what was held back. */
export function describeHeldBack(heldBack: HeldBack): string {
  const parts: string[] = [];
  if (heldBack.workflowFiles.length > 0) {
    parts.push(
      `The agent changed workflow files (${heldBack.workflowFiles.join(", ")}); they were not pushed and are saved as output/held-back.patch. To push changes under .github/workflows/, set \`allow-workflow-changes: true\` and use a token with the \`workflows\` permission (the job's GITHUB_TOKEN cannot have it).`,
    );
  }
  if (heldBack.largeFiles.length > 0) {
    const files = heldBack.largeFiles.map((file) => `${file.path} (${formatMiB(file.bytes)})`).join(", ");
    parts.push(
      `Files over GitHub's 100 MiB limit were not pushed: ${files}. They are in the workspace and in output/changes.patch.`,
    );
  }
  return parts.join(" ");
}

export function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
