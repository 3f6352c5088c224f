import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { RunResult } from "../run-task.js";
import type { RunFacts } from "./report.js";

/**
 * `output/summary.json`: the run's outputs and the facts of the reports, for a later step or a
 * person looking at a kept workspace. It is written before cleanup, so `keep-env: logs` keeps it.
 */
export async function writeSummaryFile(outputDir: string, result: RunResult, facts: RunFacts): Promise<void> {
  const summary = {
    outputs: result.outputs,
    failure: result.failure,
    issue: { number: facts.issueNumber, title: facts.issueTitle },
    agent: facts.agent,
    mode: facts.mode,
    baseBranch: facts.baseBranch,
    exitCode: facts.exitCode,
    durationMs: facts.durationMs,
    usage: facts.agentUsage,
    changes: facts.changes,
    runUrl: facts.runUrl,
    dryRun: facts.dryRun,
  };
  await writeFile(path.join(outputDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
}
