import { mkdir } from "node:fs/promises";
import path from "node:path";
import lockfile from "proper-lockfile";

/** A lock is stale when its holder has not refreshed it for this long (the holder died). */
const STALE_MS = 20_000;

/**
 * Runs `fn` while holding the repository's lock, so that runs sharing a checkout (self-hosted
 * runners) never make git's own lock files (index.lock, config.lock, packed-refs.lock) fail each
 * other: worktree creation and removal, ref deletions and config edits take turns. Network work
 * stays outside: it writes only objects and refs of its own run.
 */
export async function withRepositoryLock<T>(gitCommonDir: string, fn: () => Promise<T>): Promise<T> {
  const release = await lockfile.lock(gitCommonDir, {
    lockfilePath: path.join(gitCommonDir, "agent-task.lock"),
    stale: STALE_MS,
    retries: { retries: 600, minTimeout: 50, maxTimeout: 500, factor: 1.5 },
    realpath: false,
  });
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}

export const OWNER_LOCK = "owner.lock";

/**
 * Marks an environment as owned by this live run. The lock is refreshed in the background; when
 * the run dies it goes stale, and stale-environment collection may then remove the environment.
 */
export async function holdWorkspaceLock(root: string): Promise<() => Promise<void>> {
  await mkdir(root, { recursive: true });
  const release = await lockfile.lock(root, {
    lockfilePath: path.join(root, OWNER_LOCK),
    stale: STALE_MS,
    realpath: false,
    // The environment may be removed while locked (cleanup releases first, but a crash may not).
    onCompromised: () => {},
  });
  return () => release().catch(() => {});
}

/** True while a live run holds the environment's lock. */
export async function isWorkspaceLocked(root: string): Promise<boolean> {
  return lockfile
    .check(root, { lockfilePath: path.join(root, OWNER_LOCK), stale: STALE_MS, realpath: false })
    .catch(() => false);
}
