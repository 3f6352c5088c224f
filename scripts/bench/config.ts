/**
 * What `npm run bench` measures and how often, from the environment:
 * - `BENCH_QUICK=1`: small repositories, small floods, one repetition; a smoke run of every group.
 * - `BENCH_REPEATS=n`: repetitions of each timed case (default 5; 1 with BENCH_QUICK). Five, as
 *   at 20k and 100k files both sides of the overhead ratio vary by up to half a second (see the
 *   README's Benchmark section).
 * - `BENCH_GROUPS=overhead,api,…`: only these groups (names in GROUP_NAMES).
 * - `BENCH_OUT=file`: where the results go; default bench/results.md for a full run of every
 *   group, else bench/results.local.md (not committed).
 * - `BENCH_NOTE=text`: a remark printed with the machine description (e.g. what else ran).
 * - `BENCH_TMPDIR=dir`: where repositories, checkouts and runner directories go; default /dev/shm
 *   when it is a writable memory file system, else the OS temp dir (see chooseTempRoot).
 */
export const GROUP_NAMES = [
  "bundle",
  "start-up",
  "overhead",
  "api",
  "memory",
  "kill",
  "concurrency",
] as const;
export type GroupName = (typeof GROUP_NAMES)[number];

export interface BenchConfig {
  readonly quick: boolean;
  readonly repeats: number;
  /** Repository sizes (files) of the overhead group. */
  readonly repoSizes: readonly number[];
  /** Megabytes the agent prints in the log-flood cases. */
  readonly floodMegabytes: readonly number[];
  /** Size of the issue body in the large-issue case, in megabytes. */
  readonly issueBodyMegabytes: number;
  /** Files the agent writes in the many-files case. */
  readonly changedFiles: number;
  /** Parallel runs in the concurrency group; the first is the reference. */
  readonly parallelRuns: readonly number[];
  /** Runs per Node version in the cold-start measurement and skipped runs in the start-up group. */
  readonly coldStartRuns: number;
  readonly groups: readonly GroupName[];
  readonly out: string;
  readonly note: string | undefined;
  /** BENCH_TMPDIR, when given. */
  readonly tempRoot: string | undefined;
}

function positiveInteger(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new Error(`${name} must be a positive whole number, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function selectedGroups(value: string | undefined): GroupName[] {
  if (!value?.trim()) return [...GROUP_NAMES];
  const names = value.split(",").map((name) => name.trim());
  for (const name of names) {
    if (!(GROUP_NAMES as readonly string[]).includes(name)) {
      throw new Error(
        `BENCH_GROUPS: unknown group ${JSON.stringify(name)}; known: ${GROUP_NAMES.join(", ")}`,
      );
    }
  }
  return GROUP_NAMES.filter((name) => names.includes(name));
}

export function benchConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const quick = env.BENCH_QUICK === "1";
  const groups = selectedGroups(env.BENCH_GROUPS);
  const complete = !quick && groups.length === GROUP_NAMES.length;
  return {
    quick,
    repeats: env.BENCH_REPEATS ? positiveInteger("BENCH_REPEATS", env.BENCH_REPEATS) : quick ? 1 : 5,
    repoSizes: quick ? [1_000, 5_000] : [1_000, 20_000, 100_000],
    floodMegabytes: quick ? [30, 100] : [300, 1024],
    issueBodyMegabytes: quick ? 1 : 5,
    changedFiles: quick ? 1_000 : 10_000,
    parallelRuns: quick ? [1, 4] : [1, 4, 8],
    coldStartRuns: quick ? 3 : 10,
    groups,
    out: env.BENCH_OUT || (complete ? "bench/results.md" : "bench/results.local.md"),
    note: env.BENCH_NOTE?.trim() || undefined,
    tempRoot: env.BENCH_TMPDIR?.trim() || undefined,
  };
}
