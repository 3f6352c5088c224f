// Memory: the peak resident memory (VmHWM) of the action's main process, itself only, not the
// agent or git, while the agent floods its log, for an issue with a huge body, and when the agent
// changes thousands of files. A quiet run is the reference.
import { type BenchGroup, progress } from "./group.js";
import { formatMb, formatMs, type Table } from "./table.js";
import { type BenchRunOptions, benchAgent } from "./world.js";

const GOAL = "≤ 150 MB";

/** Markdown-ish text of about `megabytes` MiB, as a long pasted log in an issue would be. */
function largeBody(megabytes: number): string {
  const line = "- step 0000000: a line of a long log pasted into the issue, with `code` and a link #12\n";
  const lines: string[] = ["Please fix the failure in this log:", ""];
  for (let i = 0; lines.length * line.length < megabytes * 1024 * 1024; i++) {
    lines.push(line.replace("0000000", String(i).padStart(7, "0")));
  }
  return lines.join("\n");
}

export const memoryGroup: BenchGroup = async (world, config) => {
  const repo = await world.repo(1_000);
  const cases: { name: string; options: BenchRunOptions }[] = [
    {
      name: "quiet run (one file, reference)",
      options: {
        issue: repo.addIssue("Memory: a quiet run"),
        agent: benchAgent("write-files.mjs", "quiet.txt=quiet"),
        expect: ["pr-opened"],
      },
    },
    ...config.floodMegabytes.map((megabytes) => ({
      name: `agent prints ${megabytes >= 1024 ? `${megabytes / 1024} GB` : `${megabytes} MB`}`,
      options: {
        issue: repo.addIssue(`Memory: a ${megabytes} MB log`),
        agent: benchAgent("flood.mjs", `--megabytes=${megabytes}`),
        probe: { discardOutput: true },
        timeoutMs: 20 * 60_000,
        expect: ["no-changes"],
      },
    })),
    {
      name: `${config.issueBodyMegabytes} MB issue body`,
      options: {
        issue: repo.addIssue("Memory: a huge issue", largeBody(config.issueBodyMegabytes)),
        agent: benchAgent("write-files.mjs", "huge-issue.txt=done"),
        expect: ["pr-opened"],
      },
    },
    {
      name: `${config.changedFiles.toLocaleString("en-US")} changed files`,
      options: {
        issue: repo.addIssue("Memory: many changed files"),
        agent: benchAgent("write-files.mjs", `--generate=${config.changedFiles}:generated`),
        expect: ["pr-opened"],
        timeoutMs: 10 * 60_000,
      },
    },
  ];

  const rows: string[][] = [];
  for (const { name, options } of cases) {
    progress(`memory: ${name}`);
    const run = await repo.run(options);
    const peak = run.probe.peakRssBytes;
    if (peak === undefined) throw new Error(`memory: no VmHWM sample of the action for "${name}"`);
    rows.push([name, formatMb(peak), formatMs(run.main.durationMs), run.main.outputs.outcome ?? "", GOAL]);
  }
  world.assertApiValid();
  return [
    {
      title: "Memory",
      description:
        "Peak resident memory (VmHWM from /proc, sampled every 20 ms) of the action's main process on Node 24, one run per case; children (agent, git) not included. The bench reads the action's output as it comes, like the runner, counting it without keeping it.",
      columns: ["case", "peak RSS", "main step", "outcome", "goal"],
      rows,
    } satisfies Table,
  ];
};
