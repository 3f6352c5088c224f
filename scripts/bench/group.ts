import type { BenchConfig } from "./config.js";
import type { Table } from "./table.js";
import type { BenchWorld } from "./world.js";

/** One group of figures: it runs its measurements in the shared world and returns its tables. */
export type BenchGroup = (world: BenchWorld, config: BenchConfig) => Promise<Table[]>;

/** Prints progress on stderr, so stdout holds only the tables. */
export function progress(message: string): void {
  process.stderr.write(`  … ${message}\n`);
}
