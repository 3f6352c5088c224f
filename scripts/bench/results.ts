import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BenchConfig } from "./config.js";
import { type Machine, renderMachine } from "./machine.js";
import { renderTable, type Table } from "./table.js";

export interface BenchReport {
  readonly machine: Machine;
  /** The load average while the bench ran, described. */
  readonly load: string;
  readonly config: BenchConfig;
  readonly tables: readonly Table[];
  readonly startedAt: Date;
  readonly durationMs: number;
}

function renderSettings(config: BenchConfig): string {
  return [
    `- Mode: ${config.quick ? "quick (BENCH_QUICK=1: small sizes, one repetition)" : "full"}; groups: ${config.groups.join(", ")}`,
    `- Repetitions of each timed case: ${config.repeats}`,
  ].join("\n");
}

export function renderReport(report: BenchReport): string {
  const minutes = (report.durationMs / 60_000).toFixed(1);
  return [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\` on ${report.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC; the measurements took ${minutes} min after the build. Every figure below was measured in that run.`,
    "",
    "## Machine",
    "",
    renderMachine(report.machine, report.load, report.config.note),
    renderSettings(report.config),
    "",
    "## Figures",
    "",
    ...report.tables.flatMap((table) => [renderTable(table), ""]),
  ].join("\n");
}

export async function writeReport(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}
