// API economy: the REST requests a run makes, by kind of run, counted by the GitHub stand-in
// (every one checked against GitHub's OpenAPI description), and the git conversations it has
// with the remote (fetches and pushes over smart HTTP), for main and post together.
import { chmod, readFile } from "node:fs/promises";
import path from "node:path";
import type { GitRequestRecord } from "../../test/rig/git-server.js";
import type { RecordedRequest } from "../../test/rig/github-stand-in.js";
import { makeTempDir } from "../../test/rig/temp.js";
import { type BenchGroup, progress } from "./group.js";
import type { Table } from "./table.js";
import { type BenchRepo, type BenchRun, benchAgent } from "./world.js";

const HEARTBEAT_SECONDS = 1;
const HEARTBEAT_AGENT_SECONDS = 6;

/** `GET /repos/{owner}/{repo}/issues/{n}/comments`: the route, whatever the repository and numbers. */
export function routeOf(request: RecordedRequest): string {
  const route = request.path
    .replace(/^\/repos\/[^/]+\/[^/]+/, "/repos/{owner}/{repo}")
    .replace(/\/\d+(?=\/|$)/g, "/{n}");
  return `${request.method} ${route}`;
}

export interface GitConversations {
  /** Fetches, ls-remotes and clones: each starts with `GET info/refs?service=git-upload-pack`. */
  readonly fetches: number;
  /** Each push starts with `GET info/refs?service=git-receive-pack`. */
  readonly pushes: number;
  /** HTTP requests of all kinds, 401 challenges included. */
  readonly requests: number;
}

export function gitConversations(requests: readonly GitRequestRecord[]): GitConversations {
  const starts = (service: string) =>
    requests.filter(
      (request) =>
        request.path.endsWith("/info/refs") &&
        request.query.includes(`service=${service}`) &&
        request.status !== 401,
    ).length;
  return {
    fetches: starts("git-upload-pack"),
    pushes: starts("git-receive-pack"),
    requests: requests.length,
  };
}

interface Measured {
  readonly kind: string;
  readonly goal: string;
  readonly run: BenchRun;
}

async function heartbeatRun(repo: BenchRepo) {
  const dir = await makeTempDir("bench-heartbeat");
  // The agent runs as a user of its own (agent-user: auto) and must be able to write its record.
  await chmod(dir.path, 0o777);
  const record = path.join(dir.path, "agent.json");
  const run = await repo.run({
    issue: repo.addIssue("API economy: heartbeats"),
    agent: benchAgent("sleep.mjs", `--seconds=${HEARTBEAT_AGENT_SECONDS}`, `--record=${record}`),
    inputs: { "heartbeat-seconds": String(HEARTBEAT_SECONDS) },
    expect: ["no-changes"],
  });
  const { startedAt, endedAt } = JSON.parse(await readFile(record, "utf8")) as {
    startedAt: number;
    endedAt: number;
  };
  await dir.remove();
  // While the agent works, the action has nothing to do but keep its lease alive. Its first
  // interval holds the one status update that says the agent runs (counted in the per-run
  // totals); the heartbeats are what comes after.
  const from = startedAt + HEARTBEAT_SECONDS * 1000;
  const during = run.apiRequests.filter((request) => request.at >= from && request.at <= endedAt);
  // A window of five intervals holds five or six heartbeats, depending on where their timer
  // started: each request is counted with the heartbeat it belongs to (they are an interval
  // apart), so that two requests of one heartbeat show as 2, and the timer's phase as nothing.
  const interval = HEARTBEAT_SECONDS * 1000;
  const first = during[0]?.at ?? from;
  const heartbeats = new Set(during.map((request) => Math.round((request.at - first) / interval))).size;
  return { during, heartbeats: Math.max(heartbeats, 1) };
}

export const apiEconomyGroup: BenchGroup = async (world) => {
  const repo = await world.repo(1_000);
  const measured: Measured[] = [];

  progress("API economy: fresh pull request, then its update");
  const issue = repo.addIssue("API economy: a fresh pull request");
  measured.push({
    kind: "fresh PR from a labelled issue",
    goal: "≤ 7",
    run: await repo.run({
      issue,
      agent: benchAgent("write-files.mjs", "economy-first.txt=first"),
      expect: ["pr-opened"],
    }),
  });
  measured.push({
    kind: "update of that PR (second run)",
    goal: "",
    run: await repo.run({
      issue,
      agent: benchAgent("write-files.mjs", "economy-second.txt=second"),
      expect: ["pr-updated"],
    }),
  });
  progress("API economy: no-change run, skipped run");
  measured.push({
    kind: "no changes",
    goal: "",
    run: await repo.run({
      issue: repo.addIssue("API economy: nothing to change"),
      agent: benchAgent("write-files.mjs"),
      expect: ["no-changes"],
    }),
  });
  measured.push({
    kind: "skipped by its label",
    goal: "0",
    run: await repo.run({
      issue: repo.addIssue("API economy: another label"),
      agent: benchAgent("write-files.mjs", "never.txt=never"),
      label: "other",
      expect: ["skipped"],
    }),
  });
  progress(`API economy: heartbeats during a ${HEARTBEAT_AGENT_SECONDS} s agent run`);
  const heartbeat = await heartbeatRun(repo);
  world.assertApiValid();

  const summary: Table = {
    title: "API economy",
    description:
      "Requests to the GitHub stand-in (main + post; all validated against the OpenAPI description) and git conversations with the remote, per kind of run.",
    columns: [
      "run",
      "API requests",
      "reads",
      "writes",
      "goal",
      "git fetches",
      "git pushes",
      "git HTTP requests",
    ],
    rows: [
      ...measured.map(({ kind, goal, run }) => {
        const writes = run.apiRequests.filter((request) => request.method !== "GET").length;
        const git = gitConversations(run.gitRequests);
        return [
          kind,
          String(run.apiRequests.length),
          String(run.apiRequests.length - writes),
          String(writes),
          goal,
          String(git.fetches),
          String(git.pushes),
          String(git.requests),
        ];
      }),
      [
        `per heartbeat (heartbeat-seconds ${HEARTBEAT_SECONDS})`,
        (heartbeat.during.length / heartbeat.heartbeats).toFixed(1),
        (
          heartbeat.during.filter((request) => request.method === "GET").length / heartbeat.heartbeats
        ).toFixed(1),
        (
          heartbeat.during.filter((request) => request.method !== "GET").length / heartbeat.heartbeats
        ).toFixed(1),
        "1",
        "",
        "",
        "",
      ],
    ],
    notes: [
      `Per heartbeat: the ${heartbeat.during.length} requests made while a ${HEARTBEAT_AGENT_SECONDS} s agent worked, after its first heartbeat interval (which holds the one update saying that the agent runs), divided by the ${heartbeat.heartbeats} heartbeats they belong to (requests an interval apart are different heartbeats).`,
    ],
  };

  const routes = [...new Set(measured.flatMap(({ run }) => run.apiRequests.map(routeOf)))].sort();
  const breakdown: Table = {
    title: "API requests by route",
    columns: ["route", ...measured.map(({ kind }) => kind)],
    rows: routes.map((route) => [
      route,
      ...measured.map(({ run }) =>
        String(run.apiRequests.filter((request) => routeOf(request) === route).length),
      ),
    ]),
  };
  return [summary, breakdown];
};
