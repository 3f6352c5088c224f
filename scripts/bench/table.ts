/** Summary statistics and the tables every group reports, as Markdown (readable on a terminal too). */

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error("no measurements to summarise");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, count: sorted.length };
}

export const formatMs = (ms: number): string =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;

export const formatMb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** "median (min–max)"; a single measurement is printed alone. */
export function formatSpread(values: readonly number[], unit: (value: number) => string = formatMs): string {
  const { median, min, max, count } = spread(values);
  return count === 1 ? unit(median) : `${unit(median)} (${unit(min)}–${unit(max)})`;
}

/** "1 run", "3 runs". */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;

export const formatRatio = (ratio: number): string => `${ratio.toFixed(2)}×`;

export interface Table {
  readonly title: string;
  /** What was measured and how, in a sentence or two; printed above the table. */
  readonly description?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Remarks printed below the table. */
  readonly notes?: readonly string[];
}

function escapeCell(cell: string): string {
  return cell.replaceAll("|", "\\|");
}

/** A Markdown table with padded columns, so the same text reads well in a terminal. */
export function renderTable(table: Table): string {
  for (const row of table.rows) {
    if (row.length !== table.columns.length) {
      throw new Error(
        `table "${table.title}": a row has ${row.length} cells for ${table.columns.length} columns`,
      );
    }
  }
  const rows = [table.columns, ...table.rows].map((row) => row.map(escapeCell));
  const widths = table.columns.map((_, column) =>
    Math.max(3, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths.map((width, column) => (cells[column] ?? "").padEnd(width)).join(" | ")} |`;
  const parts = [`### ${table.title}`, ""];
  if (table.description) parts.push(table.description, "");
  parts.push(line(rows[0]!), `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const row of rows.slice(1)) parts.push(line(row));
  for (const note of table.notes ?? []) parts.push("", note);
  return parts.join("\n");
}
