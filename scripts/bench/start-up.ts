// Start-up: from the moment the runner has started `node dist/index.js` to its first log line,
// on the runner's Node 24, for a run skipped by its label and for one that goes on to work.
import { type BenchGroup, progress } from "./group.js";
import { formatSpread, type Table } from "./table.js";
import { benchAgent } from "./world.js";

/** The repository the start-up runs work in; its size does not matter before the first line. */
export const START_UP_REPO_FILES = 1_000;

export const startUpGroup: BenchGroup = async (world, config) => {
  await world.warmUp();
  const repo = await world.repo(START_UP_REPO_FILES);
  const firstLine = (ms: number | undefined) => {
    if (ms === undefined) throw new Error("the action wrote no log line");
    return ms;
  };

  progress(`start-up: ${config.coldStartRuns} skipped runs`);
  const skipped: number[] = [];
  const skippedTotal: number[] = [];
  const issue = repo.addIssue("Start-up: a run skipped by its label");
  for (let i = 0; i < config.coldStartRuns; i++) {
    const run = await repo.run({
      issue,
      agent: benchAgent("write-files.mjs"),
      label: "other",
      expect: ["skipped"],
    });
    skipped.push(firstLine(run.probe.firstLogLineMs));
    skippedTotal.push(run.main.durationMs);
  }

  progress(`start-up: ${config.repeats} runs that open a pull request`);
  const working: number[] = [];
  const workingTotal: number[] = [];
  for (let i = 0; i < config.repeats; i++) {
    const run = await repo.run({
      issue: repo.addIssue(`Start-up: a run that works ${i + 1}`),
      agent: benchAgent("write-files.mjs", `start-up-${i}.txt=hello`),
      expect: ["pr-opened"],
    });
    working.push(firstLine(run.probe.firstLogLineMs));
    workingTotal.push(run.main.durationMs);
  }
  world.assertApiValid();

  return [
    {
      title: "Start-up (Node 24)",
      description:
        "From the spawn of `node dist/index.js` to the first line it shows in the job log (workflow commands the runner consumes silently, such as `::add-mask::`, do not count); goal ≤ 250 ms. The main step's whole duration for context.",
      columns: ["run", "runs", "first log line: median (min–max)", "main step"],
      rows: [
        ["skipped by its label", String(skipped.length), formatSpread(skipped), formatSpread(skippedTotal)],
        ["opens a pull request", String(working.length), formatSpread(working), formatSpread(workingTotal)],
      ],
    } satisfies Table,
  ];
};
