// `npm run bench`: figures, not pass/fail. Bundle sizes, the cold start of the bundled action,
// a whole labelled-issue → pull-request run on the local stand-ins, and how closely the timeout
// is enforced.
import { stat } from "node:fs/promises";
import { fixtureAgent, Scenario } from "../test/e2e/scenario.js";
import { runAction } from "../test/rig/action-runner.js";
import { nodeBinary } from "../test/rig/node-runtime.js";
import { makeTempDir, removeAllTempDirs } from "../test/rig/temp.js";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function bundleSizes(): Promise<void> {
  console.log("Bundle");
  for (const file of ["dist/index.js", "dist/post/index.js", "dist/cli/index.js"]) {
    const { size } = await stat(file);
    console.log(`  ${file.padEnd(22)} ${(size / 1024 / 1024).toFixed(2)} MB`);
  }
}

/** A run that is skipped by its trigger does no I/O beyond reading its inputs: load time dominates. */
async function coldStart(): Promise<void> {
  console.log(
    "Cold start of dist/index.js (a skipped run: load, parse inputs, decide, set outputs), 10 runs",
  );
  const dir = await makeTempDir("bench");
  for (const node of ["machine", "24"] as const) {
    await nodeBinary(node);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const run = await runAction({
        node,
        workspace: dir.path,
        runnerTemp: dir.path,
        eventName: "issues",
        eventPayload: { action: "labeled", label: { name: "other" }, issue: { number: 1 } },
        inputs: { "agent-command": "true" },
      });
      if (run.outputs.outcome !== "skipped") throw new Error(`unexpected outcome ${run.outputs.outcome}`);
      times.push(run.durationMs);
    }
    const version = node === "machine" ? process.version : "v24.19.0";
    console.log(`  node ${version.padEnd(10)} median ${ms(median(times))}, min ${ms(Math.min(...times))}`);
  }
}

async function endToEnd(): Promise<void> {
  console.log("Labelled issue → pull request on the local stand-ins (main + post), 5 runs");
  const scenario = await Scenario.start();
  try {
    const main: number[] = [];
    const post: number[] = [];
    for (let i = 0; i < 5; i++) {
      const issue = scenario.addIssue(`Bench ${i}`);
      const run = await scenario.run({
        issueNumber: issue,
        inputs: { "agent-command": fixtureAgent("write-files.mjs", `bench-${i}.txt=x`) },
      });
      if (run.main.outputs.outcome !== "pr-opened") throw new Error(run.main.log);
      main.push(run.main.durationMs);
      post.push(run.post.durationMs);
    }
    console.log(
      `  main median ${ms(median(main))} (min ${ms(Math.min(...main))}), post median ${ms(median(post))}`,
    );
    const requests = scenario.github.requests.length / 5;
    console.log(
      `  ${requests.toFixed(0)} API requests per run, all validated against the OpenAPI description`,
    );

    const issue = scenario.addIssue("Bench timeout");
    const run = await scenario.run({
      issueNumber: issue,
      inputs: {
        "agent-command": fixtureAgent("sleep-with-children.mjs", "--ignore-term"),
        "timeout-minutes": "0.02",
        "kill-grace-seconds": "1",
      },
    });
    console.log(
      `Timeout 1.2 s + grace 1 s on an agent ignoring SIGTERM: main took ${ms(run.main.durationMs)}, outcome ${run.main.outputs.outcome}`,
    );
  } finally {
    await scenario.close();
  }
}

await bundleSizes();
await coldStart();
await endToEnd();
await removeAllTempDirs();
