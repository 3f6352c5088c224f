// Bundle sizes and the cold start of dist/index.js: a run skipped by its label does nothing but
// load, parse its inputs and decide, so its whole duration is the price of starting the action.
import { stat } from "node:fs/promises";
import { runAction } from "../../test/rig/action-runner.js";
import { type NodeRuntime, nodeBinary } from "../../test/rig/node-runtime.js";
import { makeTempDir } from "../../test/rig/temp.js";
import { type BenchGroup, progress } from "./group.js";
import { runCommand } from "./process-probes.js";
import { formatSpread } from "./table.js";

const BUNDLES = ["dist/index.js", "dist/post/index.js", "dist/cli/index.js"];

export const bundleGroup: BenchGroup = async (_world, config) => {
  const sizes: string[][] = [];
  for (const file of BUNDLES) {
    const { size } = await stat(file);
    sizes.push([file, `${(size / 1024 / 1024).toFixed(2)} MB`]);
  }

  const dir = await makeTempDir("bench-cold-start");
  const rows: string[][] = [];
  for (const node of ["machine", "24"] as NodeRuntime[]) {
    const version = (await runCommand(await nodeBinary(node), ["--version"])).trim();
    progress(`cold start on Node ${version}`);
    const times: number[] = [];
    for (let i = 0; i < config.coldStartRuns; i++) {
      const run = await runAction({
        node,
        workspace: dir.path,
        runnerTemp: dir.path,
        eventName: "issues",
        eventPayload: { action: "labeled", label: { name: "other" }, issue: { number: 1 } },
        inputs: { "agent-command": "true" },
      });
      if (run.outputs.outcome !== "skipped")
        throw new Error(`cold start: outcome ${run.outputs.outcome}\n${run.log}`);
      times.push(run.durationMs);
    }
    rows.push([
      `Node ${version}${node === "24" ? " (runner)" : ""}`,
      String(times.length),
      formatSpread(times),
    ]);
  }
  await dir.remove();

  return [
    { title: "Bundle sizes", columns: ["file", "size"], rows: sizes },
    {
      title: "Cold start",
      description:
        "Whole duration of `node dist/index.js` for a run skipped by its label (load, parse inputs, decide, set outputs), spawn to exit.",
      columns: ["runtime", "runs", "median (min–max)"],
      rows,
    },
  ];
};
