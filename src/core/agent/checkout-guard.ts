import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { chmod, lstat, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { errorMessage, TaskError } from "../errors.js";
import type { Git } from "../git.js";
import type { Logger } from "../ports.js";
import { secretForms } from "../secrets.js";
import { pinnedScope } from "../trusted-git-config.js";
import { isWorkspaceLocked, withRepositoryLock } from "../workspace/locks.js";
import {
  type HookFile,
  restoreHooks,
  restoreWorktree,
  snapshotHooks,
  snapshotWorktree,
  type WorktreeSnapshot,
} from "./checkout-snapshot.js";
import { fill, findCredentials, isDerivable, removeCredentials, template } from "./credential-guard.js";

/**
 * The checkout as later steps of the job must find it, recorded before the first agent starts:
 * `.git/config` byte for byte (with the persisted credential that is hidden meanwhile), the
 * credentials files it includes, the hooks, and the working tree's state. Secrets are kept as
 * placeholders, never in clear.
 */
interface Original {
  /** `.git/config`, latin1 so that every byte survives, and its mode. */
  config: string;
  configMode: number;
  files: Array<{ file: string; content: string; mode: number }>;
  hooks: HookFile[] | null;
  /** Not recorded when the agent's user cannot write the working tree (see recordWorktree). */
  worktree?: WorktreeSnapshot;
}

/**
 * Shared by the runs whose agents work beside one checkout (self-hosted runners, the CLI): the
 * first records and hides, the last to finish puts everything back, so no agent ever sees what
 * another run restored. It lives in the checkout's git directory, which an agent with a user of
 * its own cannot write; against an agent running as the runner's user it is signed with a key
 * derived from the token, which the agent never has, so a changed record is never obeyed.
 */
interface SharedState {
  v: 2;
  /** The environment roots of the runs whose agents are working. */
  holders: string[];
  original: Original;
  mac?: string;
}

const STATE_FILE = "agent-task-checkout-state.json";

export interface CheckoutGuardOptions {
  /** The checkout, as found before the agent started (checkoutPaths). */
  paths: CheckoutPaths;
  /** This run's environment root: its live lock says the run still holds the checkout. */
  holder: string;
  token: string;
  git: Git;
  /** The trusted system and global config, for git commands after the agent started. */
  trustedGitConfig: Array<[string, string]>;
  /** Directories inside the checkout that are not the checkout's (environments). */
  exclude: string[];
  /**
   * Whether the working tree is recorded (a `git status` of the whole checkout, before and
   * after): needed when the agent could write it; not when the kernel keeps it out.
   */
  recordWorktree: boolean;
  logger: Logger;
}

/** Undoes what the guard did and what the agent changed; returns what could not be put back. */
export type RestoreCheckout = () => Promise<string[]>;

/** Where the checkout's git data is, found before the agent starts and never asked of git after. */
export interface CheckoutPaths {
  toplevel: string;
  gitDir: string;
  commonDir: string;
}

/**
 * Records the checkout, hides its persisted credentials for the agent's run, and returns the
 * function that restores it. Fails closed: when the credentials cannot be looked for, the agent
 * does not start.
 */
export async function guardCheckout(options: CheckoutGuardOptions): Promise<RestoreCheckout> {
  const { logger, holder, paths } = options;
  const repo = options.git.at(paths.toplevel);
  const secrets = secretForms(options.token);
  const stateFile = path.join(paths.commonDir, STATE_FILE);
  let original: Original | undefined;
  let shared = false;

  await withRepositoryLock(paths.commonDir, async () => {
    const state = await readState(stateFile, options.token, logger);
    if (state && (await liveHolders(state, holder)).length > 0) {
      // Another run hid the credentials and recorded the checkout; this run joins it.
      original = fillOriginal(state.original, secrets);
      await writeState(stateFile, { ...state, holders: [...state.holders, holder] }, options.token);
      shared = true;
      return;
    }
    if (state) {
      // A run died with the checkout hidden and no post step restored it: its config, credentials
      // and hooks come back first. Its view of the working tree is too old to act on.
      await restoreOriginal(paths, fillOriginal(state.original, secrets), { ...options, worktree: false });
      await rm(stateFile, { force: true });
    }
    // Four reads of what is there now, none of which changes anything: made at once.
    const [found, config, hooks, worktree] = await Promise.all([
      findCredentials(repo, paths.gitDir),
      readConfig(paths.commonDir),
      snapshotHooks(path.join(paths.commonDir, "hooks")),
      options.recordWorktree ? snapshotWorktree(repo, { ...paths, exclude: options.exclude }) : undefined,
    ]);
    const recorded: Original = {
      ...config,
      files: await Promise.all(
        found.files.map(async ({ file, content }) => ({
          file,
          content: content.toString("latin1"),
          mode: (await stat(file)).mode & 0o777,
        })),
      ),
      hooks,
      worktree,
    };
    original = recorded;
    if (found.entries.length > 0) {
      await removeCredentials(repo, found);
      logger.info(
        `Hid ${found.entries.length} persisted git credential entr${found.entries.length === 1 ? "y" : "ies"} from the agent for its run`,
      );
    }
    // A credential made with another token cannot be rebuilt from this run's: it stays in this
    // process's memory only, and this run restores it when it ends.
    if (isDerivable(found, secrets)) {
      await writeState(
        stateFile,
        { v: 2, holders: [holder], original: templateOriginal(recorded, secrets) },
        options.token,
      );
      shared = true;
    }
  });

  return async () =>
    withRepositoryLock(paths.commonDir, async () => {
      if (shared) {
        const state = await readState(stateFile, options.token, logger);
        const others = state ? await liveHolders(state, holder) : [];
        if (state && others.length > 0) {
          await writeState(stateFile, { ...state, holders: others }, options.token);
          return [];
        }
        // This run's record, or what replaced it: either way it goes, and the restore is from memory.
        await rm(stateFile, { force: true });
      }
      return restoreOriginal(paths, original!, { ...options, worktree: true });
    });
}

/**
 * After a run died with the checkout hidden (its restore never ran), puts the checkout back once
 * no live run still needs it hidden. The post step calls this; a later run on the checkout does
 * the same when it starts. Returns what could not be put back, or undefined when nothing was due.
 */
export async function restoreAbandonedCheckout(options: {
  paths: CheckoutPaths;
  token: string;
  git: Git;
  exclude: string[];
  logger: Logger;
}): Promise<string[] | undefined> {
  const { paths, logger } = options;
  const stateFile = path.join(paths.commonDir, STATE_FILE);
  return withRepositoryLock(paths.commonDir, async () => {
    const state = await readState(stateFile, options.token, logger);
    if (!state) return undefined;
    for (const root of state.holders) if (await isWorkspaceLocked(root)) return undefined;
    const problems = await restoreOriginal(paths, fillOriginal(state.original, secretForms(options.token)), {
      ...options,
      trustedGitConfig: [],
      worktree: true,
    });
    await rm(stateFile, { force: true });
    logger.info("Restored the checkout that a run which ended early had hidden");
    return problems;
  });
}

/**
 * The checkout's directories, asked of git once, before the agent starts. Undefined when
 * `repoPath` has no `.git`; an error when it has one that git cannot read (the run must not go on
 * without knowing what to hide).
 */
export async function checkoutPaths(repo: Git, repoPath: string): Promise<CheckoutPaths | undefined> {
  // Without a .git in it or above it there is nothing to guard; with one, git must read it.
  if (!(await hasDotGit(path.resolve(repoPath)))) return undefined;
  try {
    const [toplevel, gitDir, commonDir] = (
      await repo.run([
        "rev-parse",
        "--path-format=absolute",
        "--show-toplevel",
        "--git-dir",
        "--git-common-dir",
      ])
    )
      .trim()
      .split("\n");
    if (!toplevel || !gitDir || !commonDir) throw new Error("git rev-parse printed no paths");
    return { toplevel, gitDir, commonDir };
  } catch (error) {
    throw new TaskError(
      `could not inspect the checkout at ${repoPath} to hide its persisted credentials (${errorMessage(error).split("\n")[0]})`,
      "The agent is not started beside credentials that could not be hidden",
    );
  }
}

async function hasDotGit(dir: string): Promise<boolean> {
  for (let current = dir; ; current = path.dirname(current)) {
    if (await lstat(path.join(current, ".git")).catch(() => undefined)) return true;
    if (path.dirname(current) === current) return false;
  }
}

async function readConfig(commonDir: string): Promise<Pick<Original, "config" | "configMode">> {
  const file = path.join(commonDir, "config");
  return { config: (await readFile(file)).toString("latin1"), configMode: (await stat(file)).mode & 0o777 };
}

/**
 * Writes back `.git/config` (atomically, by rename), the credentials files and the hooks, then
 * puts back the working tree, with git pinned to the trusted configuration: the agent's config
 * is gone by then, and nothing it wrote runs. Returns what could not be put back.
 */
async function restoreOriginal(
  paths: CheckoutPaths,
  original: Original,
  options: Pick<CheckoutGuardOptions, "git" | "trustedGitConfig" | "exclude" | "logger"> & {
    worktree: boolean;
  },
): Promise<string[]> {
  const { logger } = options;
  const problems: string[] = [];
  const configFile = path.join(paths.commonDir, "config");
  const current = await readFile(configFile).catch(() => undefined);
  const wanted = Buffer.from(original.config, "latin1");
  if (!current?.equals(wanted)) {
    const temporary = `${configFile}.agent-task-${process.pid}`;
    await writeFile(temporary, wanted, { mode: original.configMode });
    await chmod(temporary, original.configMode);
    await rename(temporary, configFile);
  }
  for (const file of original.files) {
    await rm(file.file, { force: true }).catch(() => {});
    await writeFile(file.file, Buffer.from(file.content, "latin1"), { mode: file.mode, flag: "wx" }).catch(
      (error) => problems.push(`${file.file} (${errorMessage(error)})`),
    );
  }
  const hooks = await restoreHooks(path.join(paths.commonDir, "hooks"), original.hooks);
  if (hooks.length > 0)
    logger.warning(`The agent changed the checkout's git hooks (${hooks.join(", ")}); they were put back`);

  if (!options.worktree || !original.worktree) return problems;
  const pinned = options.git.scoped(
    pinnedScope({ gitDir: paths.gitDir, workTree: paths.toplevel }, options.trustedGitConfig),
  );
  try {
    const worktree = await restoreWorktree(pinned, { ...paths, exclude: options.exclude }, original.worktree);
    if (worktree.restored.length > 0) {
      logger.warning(
        `The agent changed files of the checkout outside its workdir; they were put back: ${worktree.restored.slice(0, 10).join(", ")}`,
      );
    }
    problems.push(...worktree.unrestorable);
  } catch (error) {
    problems.push(`the working tree (${errorMessage(error).split("\n")[0]})`);
  }
  if (problems.length > 0) {
    logger.warning(
      `The checkout was changed while the agent ran and could not be put back entirely: ${problems.slice(0, 10).join(", ")}. Later steps of the job see these changes`,
    );
  }
  return problems;
}

async function liveHolders(state: SharedState, self: string): Promise<string[]> {
  const live: string[] = [];
  for (const root of state.holders) if (root !== self && (await isWorkspaceLocked(root))) live.push(root);
  return live;
}

function templateOriginal(original: Original, secrets: string[]): Original {
  return {
    ...original,
    config: template(original.config, secrets),
    files: original.files.map((file) => ({ ...file, content: template(file.content, secrets) })),
  };
}

function fillOriginal(original: Original, secrets: string[]): Original {
  return {
    ...original,
    config: fill(original.config, secrets),
    files: original.files.map((file) => ({ ...file, content: fill(file.content, secrets) })),
  };
}

/** The record's key: only a holder of the token can sign it, and the token cannot be read from it. */
function macKey(token: string): Buffer {
  return createHash("sha256").update(`agent-task checkout state\0${token}`).digest();
}

function sign(state: SharedState, token: string): string {
  const { mac: _mac, ...body } = state;
  return createHmac("sha256", macKey(token)).update(JSON.stringify(body)).digest("hex");
}

async function writeState(file: string, state: SharedState, token: string): Promise<void> {
  const signed = { ...state, mac: undefined };
  const text = `${JSON.stringify({ ...signed, mac: sign(signed, token) })}\n`;
  const temporary = `${file}.${process.pid}`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, file);
}

/** The shared record, when it exists and carries this token's signature; anything else is not obeyed. */
async function readState(file: string, token: string, logger: Logger): Promise<SharedState | undefined> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const state = JSON.parse(text) as SharedState;
    const expected = Buffer.from(sign(state, token), "hex");
    const given = Buffer.from(String(state.mac ?? ""), "hex");
    if (state.v === 2 && given.length === expected.length && timingSafeEqual(given, expected)) return state;
  } catch {
    // Not JSON: not ours.
  }
  logger.warning(
    `${file} was not written by a run with this token (or was changed since); it is not used, and this run restores the checkout from its own record`,
  );
  return undefined;
}
