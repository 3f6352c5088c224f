// Concurrency: 1, 4 and 8 runs at once for different issues on one checkout and one
// workspaces-root, as on a self-hosted runner with several jobs; each job has its own RUNNER_TEMP.
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { makeTempDir } from "../../test/rig/temp.js";
import { type BenchGroup, progress } from "./group.js";
import { count, formatMs, formatRatio, formatSpread, spread, type Table } from "./table.js";
import { type BenchRepo, shellAgentWriting } from "./world.js";

const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split("\n")[0]!;

interface Batch {
  readonly wallMs: number;
  /** CPU time the whole machine spent busy meanwhile (every process: runs, git, rig, agents). */
  readonly cpuMs: number;
  /**
   * Of that, what the runs' own processes spent (main and post, with the git commands and agents
   * they waited for); undefined when GNU time is missing. The rest is the rig's: the git server's
   * processes and the GitHub stand-in, which in a real job run on GitHub's machines.
   */
  readonly actionCpuMs: number | undefined;
  readonly failures: string[];
}

/** GNU time measures each run's own CPU (see RunActionOptions.measureCpu). */
const HAS_GNU_TIME = existsSync("/usr/bin/time");

/** Milliseconds all cores have spent busy (not idle) since boot. */
function busyCpuMs(): number {
  return cpus().reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0);
}

async function runBatch(repo: BenchRepo, parallel: number, label: string): Promise<Batch> {
  const temps = await Promise.all(Array.from({ length: parallel }, () => makeTempDir("bench-job-temp")));
  const issues = temps.map((_, i) => repo.addIssue(`Concurrency ${label} job ${i + 1}`));
  const started = performance.now();
  const busyBefore = busyCpuMs();
  const results = await Promise.allSettled(
    issues.map((issue, i) =>
      repo.run({
        issue,
        agent: shellAgentWriting(`concurrency-${issue}.txt`, `job ${i + 1}`),
        runnerTemp: temps[i]!.path,
        inputs: { "workspaces-root": repo.workspacesRoot },
        timeoutMs: 300_000,
        expect: ["pr-opened"],
        measureCpu: HAS_GNU_TIME,
      }),
    ),
  );
  const wallMs = performance.now() - started;
  const cpuMs = busyCpuMs() - busyBefore;
  await Promise.all(temps.map((temp) => temp.remove()));
  const failures = results.flatMap((result) =>
    result.status === "rejected" ? [firstLine(result.reason)] : [],
  );
  const actionCpu = results.map((result) => (result.status === "fulfilled" ? result.value.cpuMs : undefined));
  const actionCpuMs = actionCpu.every((ms) => ms !== undefined)
    ? actionCpu.reduce((sum, ms) => sum + ms!, 0)
    : undefined;
  return { wallMs, cpuMs, actionCpuMs, failures };
}

/**
 * Milliseconds every API request and every git HTTP request waits in the latency rows: about what
 * a hosted runner sees from GitHub. Locally both answer at once, so runs are bound by the CPU
 * alone; with the wait, they are bound as in a real job, by the network as much as by the CPU.
 */
const NETWORK_LATENCY_MS = 100;

/** The batches of each size: the reference (the divisor of every ratio) gets the repetitions. */
async function runBatches(
  repo: BenchRepo,
  sizes: readonly number[],
  repeats: number,
  label: string,
): Promise<Map<number, Batch[]>> {
  const [reference, ...others] = sizes;
  const batches = new Map<number, Batch[]>();
  for (let i = 0; i < repeats; i++) {
    progress(`concurrency${label}: ${reference} run(s), repetition ${i + 1} of ${repeats}`);
    batches.set(reference!, [
      ...(batches.get(reference!) ?? []),
      await runBatch(repo, reference!, `${label}${reference}-${i}`),
    ]);
  }
  for (const parallel of others) {
    progress(`concurrency${label}: ${parallel} runs at once`);
    batches.set(parallel, [await runBatch(repo, parallel, `${label}${parallel}`)]);
  }
  return batches;
}

export const concurrencyGroup: BenchGroup = async (world, config) => {
  await world.warmUp();
  const repo = await world.repo(1_000);
  const sizes = config.parallelRuns;
  const local = await runBatches(repo, sizes, config.repeats, "");
  // The same batches with the reference and the largest size only, each request answered later.
  const latencySizes = [sizes[0]!, sizes.at(-1)!];
  world.setNetworkDelay(NETWORK_LATENCY_MS);
  const distant = await runBatches(repo, latencySizes, config.repeats, " with latency").finally(() =>
    world.setNetworkDelay(0),
  );
  world.assertApiValid();

  const rowsOf = (batches: Map<number, Batch[]>, latency: string) => {
    const referenceWall = spread(batches.get(sizes[0]!)!.map((batch) => batch.wallMs)).median;
    return [...batches.entries()].map(([parallel, done]) => {
      const walls = done.map((batch) => batch.wallMs);
      return [
        String(parallel),
        latency,
        String(done.length),
        String(done.reduce((sum, batch) => sum + batch.failures.length, 0)),
        done.length > 1 ? formatSpread(walls) : formatMs(walls[0]!),
        formatRatio(spread(walls).median / referenceWall),
        formatMs(spread(done.map((batch) => batch.cpuMs / parallel)).median),
        done.every((batch) => batch.actionCpuMs !== undefined)
          ? formatMs(spread(done.map((batch) => batch.actionCpuMs! / parallel)).median)
          : "n/a",
        formatRatio(spread(done.map((batch) => batch.wallMs / (batch.cpuMs / cpus().length))).median),
        parallel === 8 ? "0 failed, ≤ 3×" : "0 failed",
      ];
    });
  };
  const failures = [...local.values(), ...distant.values()].flat().flatMap((batch) => batch.failures);
  const reference = sizes[0]!;
  return [
    {
      title: "Concurrency",
      description: `Runs started together for different issues on one checkout and one workspaces-root (an agent that is one shell process writing one file, a fresh PR each); wall time from the first start to the last post step's end. ${count(reference, "run")} at once ${count(config.repeats, "time")} (the reference), the others once; ratios compare batches with the same latency. Latency: none, as the local git server and stand-in answer, or ${NETWORK_LATENCY_MS} ms added to every API and git HTTP request, about what a hosted runner sees from GitHub. CPU busy per run: the time all cores spent busy during the batch (every process on the machine: the runs, their git commands and agents, the git server and the GitHub stand-in), divided by the runs; of it, the run's own: main and post with the git commands, agents and helpers they waited for (GNU time), the rest being the git server's processes and the stand-in, which a real job leaves to GitHub; wall ÷ (CPU ÷ cores) near 1× means the batch took as long as its work on ${count(cpus().length, "core")}, with no waiting.`,
      columns: [
        "runs at once",
        "latency",
        "batches",
        "failed runs",
        "wall time",
        `ratio to ${reference}`,
        "CPU busy per run",
        "of it, the run's own",
        "wall ÷ (CPU ÷ cores)",
        "goal",
      ],
      rows: [...rowsOf(local, "none"), ...rowsOf(distant, `${NETWORK_LATENCY_MS} ms`)],
      notes: failures.length > 0 ? ["Failures:", ...failures.map((failure) => `- ${failure}`)] : [],
    } satisfies Table,
  ];
};
