// The runner cancels a job with SIGINT, SIGTERM about 7.5 s later and SIGKILL at about 10 s, then
// runs the post steps. The agent's work must survive: saved and reported by main in time, or
// rescued by the post step when main was killed anyway.
import type { ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type ActionRun, RUNNER_CANCEL_SEQUENCE, type TimedSignal } from "../rig/action-runner.js";
import {
  fixtureAgent,
  isAlive,
  killProcessesWithEnv,
  pathExists,
  type Scenario,
  useScenario,
} from "./scenario.js";

let scenario: Scenario;
useScenario((started) => {
  scenario = started;
});

/** Agent processes a failed test may leave behind, by their output directory. */
const outputDirs: string[] = [];
afterEach(async () => {
  for (const dir of outputDirs.splice(0)) await killProcessesWithEnv("AGENT_OUTPUT_DIR", dir);
});

interface SignalTimes {
  spawnedAt?: number;
  firstSignalAt?: number;
}

/**
 * Sends the signals to the action's node process (as the runner does, not to its group) once the
 * agent runs and has changed a file (its pids.json exists); records when the first one went out.
 */
function signalWhenAgentRuns(issue: number, signals: readonly TimedSignal[], times: SignalTimes) {
  return (child: ChildProcess) => {
    times.spawnedAt = performance.now();
    let done = false;
    const poll = setInterval(async () => {
      if (done) return;
      const [root] = await scenario.environments(issue);
      if (done || !root || !(await pathExists(path.join(root, "output", "pids.json")))) return;
      done = true;
      clearInterval(poll);
      outputDirs.push(path.join(root, "output"));
      times.firstSignalAt = performance.now();
      for (const { signal, afterMs } of signals) setTimeout(() => child.kill(signal), afterMs);
    }, 50);
    child.once("exit", () => {
      done = true;
      clearInterval(poll);
    });
  };
}

async function expectAgentProcessesGone(root: string): Promise<void> {
  const pids = JSON.parse(await readFile(path.join(root, "output", "pids.json"), "utf8")) as Record<
    string,
    number
  >;
  for (const [name, pid] of Object.entries(pids)) expect(isAlive(pid), `${name} (pid ${pid})`).toBe(false);
}

function warnings(run: ActionRun): string {
  return run.annotations
    .filter((a) => a.level === "warning")
    .map((a) => a.message)
    .join("\n");
}

describe("the runner's cancel sequence against an agent that ignores SIGTERM", () => {
  it("main stops the agent, saves the patch, sets the outputs and says canceled before SIGKILL", async () => {
    const issue = scenario.addIssue("Canceled, stubborn agent");
    const times: SignalTimes = {};
    const { main, post } = await scenario.run({
      issueNumber: issue,
      inputs: {
        "agent-command": fixtureAgent("sleep-with-children.mjs", "--ignore-term"),
        "kill-grace-seconds": "30",
        "keep-env": "never",
      },
      onSpawn: signalWhenAgentRuns(issue, RUNNER_CANCEL_SEQUENCE, times),
    });
    // The action ended by itself: the runner's SIGKILL at 10 s never had to land.
    expect(main.signal, main.log).toBeNull();
    expect(main.exitCode, main.log).toBe(1);
    const afterSigint = main.durationMs - (times.firstSignalAt! - times.spawnedAt!);
    console.info(`cancel: main exited ${Math.round(afterSigint)} ms after SIGINT`);
    expect(post.exitCode, post.log).toBe(0);

    expect(main.outputs.outcome).toBe("canceled");
    expect(main.outputs["changed-files"]).toBe("1");
    const root = main.outputs["env-dir"]!;
    expect(root).not.toBe("");
    // keep-env: never, but the work exists only here: the workspace and the patch are kept.
    const patch = await readFile(path.join(root, "output", "changes.patch"), "utf8");
    expect(patch).toContain("+work in progress");
    expect(await pathExists(path.join(root, "workdir", "partial.txt"))).toBe(true);
    const [status, ...more] = scenario.statusComments(issue);
    expect(more).toEqual([]);
    expect(status!.body).toMatch(/canceled/i);
    await expectAgentProcessesGone(root);
  });
});

describe("the runner kills main while the agent works", () => {
  it("post stops the agent, saves its work as a patch, keeps the workspace whatever keep-env says", async () => {
    const issue = scenario.addIssue("Main killed mid-run");
    const runId = "8800001";
    const { main, post } = await scenario.run({
      issueNumber: issue,
      runId,
      inputs: {
        "agent-command": fixtureAgent("sleep-with-children.mjs", "--ignore-term"),
        "keep-env": "never",
      },
      // Main is gone before it could save anything: no SIGINT first.
      onSpawn: signalWhenAgentRuns(issue, [{ signal: "SIGKILL", afterMs: 0 }], {}),
    });
    expect(main.signal).toBe("SIGKILL");
    expect(post.exitCode, post.log).toBe(0);

    const root = scenario.envRoot(runId, issue);
    const patchFile = path.join(root, "output", "changes.patch");
    expect(await readFile(patchFile, "utf8")).toContain("+work in progress");
    expect(await pathExists(path.join(root, "workdir", "partial.txt"))).toBe(true);
    // The post step says where the work is.
    expect(warnings(post)).toContain(patchFile);
    expect(warnings(post)).toContain(`workspace kept at ${root}`);
    // And the agent main left behind is stopped.
    await expectAgentProcessesGone(root);
  });
});
