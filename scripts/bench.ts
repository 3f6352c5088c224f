// `npm run bench`: figures, not pass/fail. Builds nothing itself (npm runs the build first), then
// measures every group side by side against the local git remote and GitHub stand-in, prints one
// table per figure and writes them with a description of the machine to bench/results.md.
// Settings: scripts/bench/config.ts; how to read the figures: the README's "Benchmark" section.
import os from "node:os";
import { removeAllTempDirs } from "../test/rig/temp.js";
import { apiEconomyGroup } from "./bench/api-economy.js";
import { bundleGroup } from "./bench/bundle.js";
import { concurrencyGroup } from "./bench/concurrency.js";
import { benchConfig, type GroupName } from "./bench/config.js";
import type { BenchGroup } from "./bench/group.js";
import { killLatencyGroup } from "./bench/kill-latency.js";
import { chooseTempRoot, describeMachine, LoadSampler, renderMachine } from "./bench/machine.js";
import { memoryGroup } from "./bench/memory.js";
import { overheadGroup } from "./bench/overhead.js";
import { renderReport, writeReport } from "./bench/results.js";
import { startUpGroup } from "./bench/start-up.js";
import { renderTable, type Table } from "./bench/table.js";
import { BenchWorld } from "./bench/world.js";

const GROUPS: Record<GroupName, BenchGroup> = {
  bundle: bundleGroup,
  "start-up": startUpGroup,
  overhead: overheadGroup,
  api: apiEconomyGroup,
  memory: memoryGroup,
  kill: killLatencyGroup,
  concurrency: concurrencyGroup,
};

const config = benchConfig(process.env);
// Every temp directory of the rig is made with os.tmpdir(), which reads TMPDIR at each call.
process.env.TMPDIR = await chooseTempRoot(config.tempRoot);
const startedAt = new Date();
const started = performance.now();
const machine = await describeMachine();
const load = new LoadSampler();
console.log(`${renderMachine(machine, `${os.loadavg()[0]!.toFixed(1)} at the start`, config.note)}\n`);

const world = await BenchWorld.start();
const tables: Table[] = [];
try {
  for (const name of config.groups) {
    process.stderr.write(`${name}\n`);
    for (const table of await GROUPS[name](world, config)) {
      tables.push(table);
      console.log(`${renderTable(table)}\n`);
    }
  }
} finally {
  await world.close();
  await removeAllTempDirs();
}

const durationMs = performance.now() - started;
load.stop();
const report = renderReport({ machine, load: load.describe(), config, tables, startedAt, durationMs });
await writeReport(config.out, report);
console.log(`The bench took ${(durationMs / 60_000).toFixed(1)} min; results written to ${config.out}`);
