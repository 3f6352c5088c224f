// Overhead ratio: a whole run (main + post) whose agent writes one file, next to the "bare git
// floor", the git work such a run cannot avoid, done directly with git on the same checkout and
// remote: add a worktree of the base on a new branch, write one file, add, commit, push.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { git } from "../../test/rig/git-server.js";
import { type BenchGroup, progress } from "./group.js";
import { count, formatMs, formatRatio, formatSpread, spread, type Table } from "./table.js";
import { type BenchRepo, shellAgentWriting } from "./world.js";

/** Goals of the overhead ratio by repository size. */
const GOALS: Record<number, string> = { 20000: "≤ 1.5×", 100000: "≤ 1.2×" };

/**
 * Milliseconds of the floor's git work, and of removing its worktree afterwards (timed apart: a
 * whole run removes its workspace, the floor as the goals define it does not). The branch is
 * deleted untimed.
 */
export async function bareGitFloor(
  repo: BenchRepo,
  label: string,
): Promise<{ ms: number; removeMs: number }> {
  const branch = `floor/${label}`;
  const dir = path.join(repo.runnerTemp, `floor-${label}`);
  const started = performance.now();
  await git(["-C", repo.workspace, "worktree", "add", "--quiet", "-b", branch, dir, "origin/main"]);
  await writeFile(path.join(dir, `floor-${label}.txt`), "one file\n");
  await git(["-C", dir, "add", "-A"]);
  await git(["-C", dir, "commit", "--quiet", "-m", `Floor ${label}`]);
  await git(["-C", dir, "push", "--quiet", "origin", `HEAD:refs/heads/${branch}`]);
  const elapsed = performance.now() - started;
  const removing = performance.now();
  await git(["-C", repo.workspace, "worktree", "remove", "--force", dir]);
  const removeMs = performance.now() - removing;
  await git(["-C", repo.workspace, "branch", "-D", "--quiet", branch]);
  return { ms: elapsed, removeMs };
}

async function wholeRun(repo: BenchRepo, label: string) {
  const run = await repo.run({
    issue: repo.addIssue(`Overhead ${label}`),
    agent: shellAgentWriting(`overhead-${label}.txt`, "one file"),
    expect: ["pr-opened"],
  });
  return run;
}

export const overheadGroup: BenchGroup = async (world, config) => {
  await world.warmUp();
  const rows: string[][] = [];
  for (const size of config.repoSizes) {
    progress(`overhead: preparing a repository of ${size} files`);
    const repo = await world.repo(size);
    // One untimed floor first: both sides then start with the repository in the page cache.
    await bareGitFloor(repo, "warm-up");
    const floors: number[] = [];
    const withRemoval: number[] = [];
    const runs: number[] = [];
    const mains: number[] = [];
    const posts: number[] = [];
    for (let i = 0; i < config.repeats; i++) {
      progress(`overhead: ${size} files, repetition ${i + 1} of ${config.repeats}`);
      // Interleaved, so load from elsewhere on the machine falls on both sides alike.
      const floor = await bareGitFloor(repo, `${size}-${i}`);
      floors.push(floor.ms);
      withRemoval.push(floor.ms + floor.removeMs);
      const run = await wholeRun(repo, `${size}-${i}`);
      runs.push(run.totalMs);
      mains.push(run.main.durationMs);
      posts.push(run.post.durationMs);
    }
    const pairRatios = runs.map((run, i) => run / floors[i]!);
    const floor = spread(floors).median;
    const run = spread(runs).median;
    rows.push([
      size.toLocaleString("en-US"),
      formatSpread(floors),
      formatSpread(runs),
      formatSpread(mains),
      formatSpread(posts),
      formatMs(run - floor),
      formatRatio(run / floor),
      `${formatRatio(Math.min(...pairRatios))}–${formatRatio(Math.max(...pairRatios))}`,
      GOALS[size] ?? "",
      formatSpread(withRemoval),
      formatRatio(run / spread(withRemoval).median),
    ]);
  }
  world.assertApiValid();
  return [
    {
      title: "Overhead ratio",
      description: `Whole run (main + post, an agent that is one shell process writing one file, a fresh PR each time) next to the bare git floor (worktree add of the base, write one file, add, commit, push) on the same checkout and remote; ${count(config.repeats, "repetition")} each, interleaved, after one untimed floor. Run − floor and ratio compare the medians; the range is that of the per-pair ratios. A whole run also removes its workspace, which the floor leaves out: the last two columns add the floor's own removal (\`git worktree remove\`) for comparison.`,
      columns: [
        "files",
        "floor",
        "whole run",
        "main",
        "post",
        "run − floor",
        "ratio",
        "ratio range",
        "goal",
        "floor + removing its worktree",
        "ratio to that",
      ],
      rows,
    } satisfies Table,
  ];
};
