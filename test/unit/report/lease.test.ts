import { describe, expect, it } from "vitest";
import {
  judgeLease,
  type LeaseState,
  parseState,
  renderState,
  STATE_SCHEMA_VERSION,
} from "../../../src/core/report/lease.js";

const HEARTBEAT_SECONDS = 60;
const HEARTBEAT_AT = "2025-03-01T12:00:00.000Z";
const heartbeatMs = Date.parse(HEARTBEAT_AT);

const running: LeaseState = {
  v: STATE_SCHEMA_VERSION,
  holder: "3f1c9a52-7d1e-4b8e-9a0c-2f6d5e4b3a21",
  runId: "1001",
  runAttempt: "1",
  runUrl: "https://github.com/octo/widgets/actions/runs/1001",
  phase: "running",
  startedAt: "2025-03-01T11:55:00.000Z",
  heartbeatAt: HEARTBEAT_AT,
  heartbeatSeconds: HEARTBEAT_SECONDS,
  headBefore: "0123456789abcdef0123456789abcdef01234567",
};

const finished: LeaseState = {
  ...running,
  phase: "done",
  headAfter: "89abcdef0123456789abcdef0123456789abcdef",
  outcome: "pr-opened",
  session: {
    outcome: "pr-opened",
    readAt: "2025-03-01T11:55:01.250Z",
    finishedAt: "2025-03-01T12:10:00.000Z",
    changes: { added: ["src/new.ts"], modified: ["README.md"], deleted: [] },
    prNumber: 7,
    prUrl: "https://github.com/octo/widgets/pull/7",
    branch: "agent/claude/issue-42",
    agentSummary: "Fixed the crash.\nAdded a test.",
  },
};

const withSummary = (agentSummary: string): LeaseState => ({
  ...finished,
  session: { ...finished.session!, agentSummary },
});

/** The status comment as the lease writes it: visible text, a blank line, the state line. */
const comment = (state: LeaseState, visible = "<!-- agent-task:status -->\n### Agent run") =>
  `${visible}\n\n${renderState(state)}\n`;

describe("renderState and parseState: the hidden state survives the comment", () => {
  it.each([
    ["a running lease", running],
    ["a finished lease with the last session", finished],
  ])("%s round-trips", (_, state) => {
    expect(parseState(comment(state))).toEqual(state);
  });

  it("is one hidden HTML comment line", () => {
    const line = renderState(finished);
    expect(line).toMatch(/^<!-- agent-task:state \{.*\} -->$/);
    expect(line).not.toContain("\n");
  });

  it.each([
    ["-->", "Done --> see the PR"],
    [">", "a > b and x >= y"],
    ["--!>", "HTML also ends a comment at --!> in error recovery"],
    ["a whole fake comment end", "ok -->\n<script>alert(1)</script>"],
  ])("a summary containing %s cannot close the HTML comment, and comes back intact", (_, summary) => {
    const line = renderState(withSummary(summary));
    // The only `>` on the line is the one of the closing ` -->`.
    expect(line.indexOf(">")).toBe(line.length - 1);
    expect(parseState(comment(withSummary(summary)))?.session?.agentSummary).toBe(summary);
  });

  it.each([
    ["a whole state line of its own", `The comment ends with ${renderState(running)}`],
    [
      "the state marker's opening",
      "The status comment carries `<!-- agent-task:state {...} -->` at its end.",
    ],
  ])("a summary quoting %s comes back intact (the state is not lost)", (_, summary) => {
    const state = parseState(comment(withSummary(summary)));
    expect(state?.session?.agentSummary).toBe(summary);
    expect(state?.holder).toBe(finished.holder);
  });
});

describe("parseState: anything but this schema's state is no state", () => {
  const json = (value: unknown) => `<!-- agent-task:status -->\n\n<!-- agent-task:state ${value} -->\n`;

  it.each([
    ["an empty body", ""],
    ["a comment without state", "<!-- agent-task:status -->\n### Agent run\n"],
    ["an older schema version", json(JSON.stringify({ ...running, v: 0 }))],
    ["a newer schema version", json(JSON.stringify({ ...running, v: STATE_SCHEMA_VERSION + 1 }))],
    ["the version as a string", json(JSON.stringify({ ...running, v: String(STATE_SCHEMA_VERSION) }))],
    ["no version", json(JSON.stringify({ ...running, v: undefined }))],
    ["garbage", json("not json at all")],
    ["truncated JSON", json(JSON.stringify(running).slice(0, 40))],
    ["JSON null", json("null")],
    ["a JSON number", json("1")],
    ["a JSON array", json("[1]")],
    ["a state line that never closes", `<!-- agent-task:state ${JSON.stringify(running)}`],
  ])("%s → undefined", (_, body) => {
    expect(parseState(body)).toBeUndefined();
  });

  it("the last state block in the body wins", () => {
    const first = { ...running, runId: "1", holder: "first" };
    const second = { ...running, runId: "2", holder: "second" };
    const body = `${comment(first)}\nedited by hand\n\n${renderState(second)}\n`;
    expect(parseState(body)).toEqual(second);
  });

  it("a garbled last block is not rescued by an earlier one", () => {
    const body = `${comment(running)}\n<!-- agent-task:state {"v":1, garbage -->\n`;
    expect(parseState(body)).toBeUndefined();
  });

  it("text around the state line does not matter", () => {
    const body = `preamble\r\n${renderState(running)}   \r\ntrailing words`;
    expect(parseState(body)).toEqual(running);
  });
});

describe("judgeLease: whether another run still holds the issue", () => {
  const me = { runId: "2002", runAttempt: "1" };
  const interval = HEARTBEAT_SECONDS * 1000;
  const fresh = heartbeatMs + 10_000;

  interface Row {
    case: string;
    patch?: Partial<LeaseState>;
    who?: { runId: string; runAttempt: string };
    now?: number;
    status: string | undefined;
    live: boolean;
    /** What the reason must say. */
    says: string;
  }

  const rows: Row[] = [
    {
      case: "the run finished",
      patch: { phase: "done" },
      status: "in_progress",
      live: false,
      says: "the last run finished",
    },
    {
      case: "the run finished, even with a fresh heartbeat and no run status",
      patch: { phase: "done" },
      status: undefined,
      live: false,
      says: "finished",
    },
    {
      case: "an earlier attempt of this very run",
      patch: { runId: "2002", runAttempt: "1" },
      who: { runId: "2002", runAttempt: "2" },
      status: "in_progress",
      live: false,
      says: "attempt 1 of this workflow run ended",
    },
    {
      case: "attempt 2 before attempt 10 (numbers, not text)",
      patch: { runId: "2002", runAttempt: "2" },
      who: { runId: "2002", runAttempt: "10" },
      status: "in_progress",
      live: false,
      says: "attempt 2",
    },
    {
      case: "a heartbeat older than three intervals",
      now: heartbeatMs + 3 * interval + 1000,
      status: "in_progress",
      live: false,
      says: "heartbeat was 181s ago",
    },
    {
      case: "a heartbeat an hour old",
      now: heartbeatMs + 3_600_000,
      status: undefined,
      live: false,
      says: "3600s ago",
    },
    {
      case: "an unreadable heartbeat time",
      patch: { heartbeatAt: "yesterday-ish" },
      status: "in_progress",
      live: false,
      says: "heartbeat",
    },
    {
      case: "its workflow run completed",
      status: "completed",
      live: false,
      says: "workflow run is completed",
    },
    { case: "its workflow run is cancelled", status: "cancelled", live: false, says: "cancelled" },
    {
      case: "a heartbeat just under three intervals",
      now: heartbeatMs + 3 * interval - 1,
      status: "in_progress",
      live: true,
      says: "run 1001",
    },
    {
      case: "an old heartbeat, but quiet until later (an agent of the runner's user works)",
      patch: { quietUntil: new Date(heartbeatMs + 3_600_000).toISOString() },
      now: heartbeatMs + 3_000_000,
      status: "in_progress",
      live: true,
      says: "run 1001",
    },
    {
      case: "quiet, but its workflow run completed",
      patch: { quietUntil: new Date(heartbeatMs + 3_600_000).toISOString() },
      now: heartbeatMs + 3_000_000,
      status: "completed",
      live: false,
      says: "workflow run is completed",
    },
    {
      case: "quiet until a time now past, with an old heartbeat",
      patch: { quietUntil: new Date(heartbeatMs + 3_600_000).toISOString() },
      now: heartbeatMs + 3_600_001,
      status: "in_progress",
      live: false,
      says: "heartbeat was 3600s ago",
    },
    { case: "a fresh heartbeat, run in progress", status: "in_progress", live: true, says: "is running" },
    { case: "a fresh heartbeat, run queued", status: "queued", live: true, says: "run 1001" },
    { case: "a fresh heartbeat, run status unknown", status: undefined, live: true, says: "attempt 1" },
    {
      case: "the same attempt of this run",
      patch: { runId: "2002", runAttempt: "2" },
      who: { runId: "2002", runAttempt: "2" },
      status: "in_progress",
      live: true,
      says: "run 2002",
    },
    {
      case: "a later attempt of this run",
      patch: { runId: "2002", runAttempt: "3" },
      who: { runId: "2002", runAttempt: "2" },
      status: "in_progress",
      live: true,
      says: "attempt 3",
    },
    {
      case: "a lower attempt number of another run",
      who: { runId: "2002", runAttempt: "5" },
      status: "in_progress",
      live: true,
      says: "run 1001",
    },
  ];

  it.each(rows.map((row) => [`${row.case} → ${row.live ? "live" : "stale"}`, row] as const))(
    "%s",
    (_, { patch, who, now, status, live, says }) => {
      const verdict = judgeLease({ ...running, ...patch }, who ?? me, now ?? fresh, status);
      expect(verdict.live).toBe(live);
      expect(verdict.reason).toContain(says);
    },
  );

  it("the heartbeat interval is the holder's own, not this run's", () => {
    const slow = { ...running, heartbeatSeconds: 600 };
    expect(judgeLease(slow, me, heartbeatMs + 20 * 60_000, "in_progress").live).toBe(true);
    expect(judgeLease(slow, me, heartbeatMs + 31 * 60_000, "in_progress").live).toBe(false);
  });

  it("a live verdict names the run, its attempt and its phase", () => {
    const verdict = judgeLease({ ...running, phase: "publishing" }, me, fresh, "in_progress");
    expect(verdict).toEqual({ live: true, reason: "run 1001 (attempt 1) is publishing" });
  });
});
