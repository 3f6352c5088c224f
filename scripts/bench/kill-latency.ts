// Kill latency: an agent that ignores SIGTERM and has a child, a grandchild and a process that
// left its group runs past timeout-minutes; how long after the timeout is its last process gone?
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type BenchGroup, progress } from "./group.js";
import { isAlive } from "./process-probes.js";
import { formatSpread, type Table } from "./table.js";
import { type BenchRepo, benchAgent } from "./world.js";

const TIMEOUT_MINUTES = 0.02; // 1.2 s
const GRACE_SECONDS = 1;
/** The agent, its child, its grandchild and the process that called setsid. */
const AGENT_PROCESSES = 4;
const POLL_MS = 5;

interface AgentTree {
  /** The agent's own start (its performance.timeOrigin), when the action's timeout clock starts. */
  readonly startedAt: number;
  readonly pids: number[];
}

/** Waits for the pids the hang.mjs agent of `issue` records in its output directory. */
async function agentTree(workspacesRoot: string, issue: number, deadline: number): Promise<AgentTree> {
  while (Date.now() < deadline) {
    const roots = await readdir(workspacesRoot).catch(() => [] as string[]);
    for (const root of roots.filter((name) => name.startsWith(`issue-${issue}-`))) {
      const text = await readFile(path.join(workspacesRoot, root, "output", "pids"), "utf8").catch(() => "");
      const lines = text.split("\n").slice(0, -1); // complete lines only
      if (lines.length < AGENT_PROCESSES) continue;
      const [first, ...rest] = lines.map((line) => line.split(" ").map(Number));
      return { startedAt: first![1]!, pids: [first![0]!, ...rest.map((fields) => fields[0]!)] };
    }
    await sleep(POLL_MS);
  }
  throw new Error(`kill latency: the agent of issue ${issue} never recorded its processes`);
}

/** Epoch ms when none of `pids` is alive any more; kills and throws at `deadline`. */
async function allGone(pids: readonly number[], deadline: number): Promise<number> {
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) {
      for (const pid of pids.filter(isAlive)) process.kill(pid, "SIGKILL");
      throw new Error(`kill latency: agent processes ${pids.filter(isAlive).join(", ")} outlived the run`);
    }
    await sleep(POLL_MS);
  }
  return Date.now();
}

async function measureOnce(repo: BenchRepo, index: number) {
  const issue = repo.addIssue(`Kill latency ${index + 1}`);
  const deadline = Date.now() + 120_000;
  const watch = agentTree(repo.workspacesRoot, issue, deadline).then(async (tree) => ({
    tree,
    goneAt: await allGone(tree.pids, deadline),
  }));
  const run = await repo.run({
    issue,
    agent: benchAgent("hang.mjs"),
    inputs: { "timeout-minutes": String(TIMEOUT_MINUTES), "kill-grace-seconds": String(GRACE_SECONDS) },
    expect: ["timed-out"],
    stepFails: true,
  });
  const { tree, goneAt } = await watch;
  return { latency: goneAt - (tree.startedAt + TIMEOUT_MINUTES * 60_000), main: run.main.durationMs };
}

export const killLatencyGroup: BenchGroup = async (world, config) => {
  const repo = await world.repo(1_000);
  const latencies: number[] = [];
  const mains: number[] = [];
  for (let i = 0; i < config.repeats; i++) {
    progress(`kill latency: run ${i + 1} of ${config.repeats}`);
    const { latency, main } = await measureOnce(repo, i);
    latencies.push(latency);
    mains.push(main);
  }
  world.assertApiValid();
  return [
    {
      title: "Kill latency",
      description: `An agent ignoring SIGTERM, with a child, a grandchild and a process in a session of its own, all ignoring SIGTERM; timeout-minutes ${TIMEOUT_MINUTES} (${TIMEOUT_MINUTES * 60} s), kill-grace-seconds ${GRACE_SECONDS}. Latency: from the timeout (agent start + timeout) to the moment none of its ${AGENT_PROCESSES} processes is alive (polled every ${POLL_MS} ms).`,
      columns: ["runs", "timeout → last agent process gone", "goal", "main step"],
      rows: [
        [
          String(latencies.length),
          formatSpread(latencies),
          `≤ ${GRACE_SECONDS + 1} s (grace + 1 s)`,
          formatSpread(mains),
        ],
      ],
    } satisfies Table,
  ];
};
