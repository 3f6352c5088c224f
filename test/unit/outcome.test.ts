import { describe, expect, it } from "vitest";
import type { AgentEnding } from "../../src/core/agent/agent-process.js";
import {
  classifyEnding,
  decideOutcome,
  decideRetention,
  type EndingClass,
  isFailure,
  OUTCOMES,
  type Outcome,
  type OutcomeInput,
  type WorkLocation,
} from "../../src/core/outcome.js";
import { KEEP_ENV, type KeepEnv, ON_AGENT_FAILURE } from "../../src/core/settings.js";

describe("classifyEnding reduces how the agent ended to the table's rows", () => {
  it.each([
    [{ kind: "exited", exitCode: 0 }, "succeeded"],
    [{ kind: "exited", exitCode: 1 }, "failed"],
    [{ kind: "exited", exitCode: 2 }, "failed"],
    [{ kind: "exited", exitCode: 255 }, "failed"],
    [{ kind: "signaled", signal: "SIGSEGV" }, "failed"],
    [{ kind: "signaled", signal: "SIGKILL" }, "failed"],
    [{ kind: "not-started", reason: "ENOENT" }, "not-started"],
    [{ kind: "timed-out" }, "timed-out"],
    [{ kind: "canceled" }, "interrupted"],
  ] as Array<[AgentEnding, EndingClass]>)("%j → %s", (ending, expected) => {
    expect(classifyEnding(ending)).toBe(expected);
  });
});

const base: OutcomeInput = {
  ending: "succeeded",
  hasChanges: true,
  canPublish: true,
  dryRun: false,
  draft: false,
  onAgentFailure: "draft-pr",
};

describe("decideOutcome: the contract's outcome table (worktree, not a dry run)", () => {
  it.each([
    // agent ended, changes, draft input, on-agent-failure → outcome, publication, step fails
    ["succeeded", true, false, "draft-pr", "pr-opened", "pr", false],
    ["succeeded", true, true, "draft-pr", "pr-opened", "draft-pr", false],
    ["succeeded", false, false, "draft-pr", "no-changes", "none", false],
    ["succeeded", false, true, "discard", "no-changes", "none", false],
    ["failed", false, false, "draft-pr", "canceled", "none", true],
    ["not-started", false, false, "draft-pr", "canceled", "none", true],
    ["failed", true, false, "draft-pr", "agent-failed", "draft-pr", true],
    ["failed", true, false, "branch", "agent-failed", "branch", true],
    ["failed", true, false, "discard", "agent-failed", "none", true],
    ["failed", true, true, "branch", "agent-failed", "branch", true],
    ["timed-out", true, false, "draft-pr", "timed-out", "draft-pr", true],
    ["timed-out", true, false, "branch", "timed-out", "branch", true],
    ["timed-out", true, false, "discard", "timed-out", "none", true],
    ["timed-out", false, false, "draft-pr", "timed-out", "none", true],
    ["timed-out", false, false, "branch", "timed-out", "none", true],
  ] as const)(
    "%s, changes=%s, draft=%s, on-agent-failure=%s → %s, %s, fails=%s",
    (ending, hasChanges, draft, onAgentFailure, outcome, publication, stepFails) => {
      expect(decideOutcome({ ...base, ending, hasChanges, draft, onAgentFailure })).toEqual({
        outcome,
        publication,
        stepFails,
      });
    },
  );

  it.each(ON_AGENT_FAILURE)("a successful run ignores on-agent-failure=%s", (onAgentFailure) => {
    expect(decideOutcome({ ...base, onAgentFailure }).publication).toBe("pr");
  });

  it.each([true, false])(
    "a run the runner interrupted publishes nothing (changes=%s) and fails",
    (hasChanges) => {
      expect(decideOutcome({ ...base, ending: "interrupted", hasChanges })).toEqual({
        outcome: "canceled",
        publication: "none",
        stepFails: true,
      });
    },
  );
});

describe("decideOutcome: dry run and directory mode publish nothing", () => {
  const modes = [
    ["dry run", { dryRun: true, canPublish: true }],
    ["directory mode", { dryRun: false, canPublish: false }],
    ["dry run in directory mode", { dryRun: true, canPublish: false }],
  ] as const;

  for (const [what, mode] of modes) {
    it(`${what}: a successful run with changes is \`completed\` and succeeds`, () => {
      for (const draft of [true, false]) {
        expect(decideOutcome({ ...base, ...mode, draft })).toEqual({
          outcome: "completed",
          publication: "none",
          stepFails: false,
        });
      }
    });

    it(`${what}: a successful run without changes is \`no-changes\``, () => {
      expect(decideOutcome({ ...base, ...mode, hasChanges: false })).toEqual({
        outcome: "no-changes",
        publication: "none",
        stepFails: false,
      });
    });

    it.each(ON_AGENT_FAILURE)(
      `${what}: failures keep their outcome and publish nothing (on-agent-failure=%s)`,
      (onAgentFailure) => {
        expect(decideOutcome({ ...base, ...mode, ending: "failed", onAgentFailure })).toEqual({
          outcome: "agent-failed",
          publication: "none",
          stepFails: true,
        });
        expect(decideOutcome({ ...base, ...mode, ending: "timed-out", onAgentFailure })).toEqual({
          outcome: "timed-out",
          publication: "none",
          stepFails: true,
        });
        expect(
          decideOutcome({ ...base, ...mode, ending: "failed", hasChanges: false, onAgentFailure }),
        ).toEqual({
          outcome: "canceled",
          publication: "none",
          stepFails: true,
        });
      },
    );
  }
});

describe("isFailure: the outcomes that fail the step", () => {
  it.each(OUTCOMES)("%s", (outcome) => {
    expect(isFailure(outcome)).toBe(["canceled", "agent-failed", "timed-out"].includes(outcome));
  });
});

describe("decideRetention: keep-env per outcome", () => {
  const successes: Outcome[] = ["pr-opened", "pr-updated", "no-changes"];

  it.each(successes)(
    "%s follows keep-env: never → none, logs → logs, on-failure → logs, always → all",
    (outcome) => {
      const work: WorkLocation = outcome === "no-changes" ? "none" : "published";
      const expected: Record<KeepEnv, string> = {
        never: "none",
        logs: "logs",
        "on-failure": "logs",
        always: "all",
      };
      for (const keepEnv of KEEP_ENV) {
        expect(decideRetention({ keepEnv, outcome, work }), keepEnv).toBe(expected[keepEnv]);
      }
    },
  );

  it.each(["none", "published"] as const)(
    "canceled is removed entirely unless keep-env: always (work %s)",
    (work) => {
      const expected: Record<KeepEnv, string> = {
        never: "none",
        logs: "none",
        "on-failure": "none",
        always: "all",
      };
      for (const keepEnv of KEEP_ENV) {
        expect(decideRetention({ keepEnv, outcome: "canceled", work }), keepEnv).toBe(expected[keepEnv]);
      }
    },
  );

  it.each([
    ["agent-failed", "published"],
    ["agent-failed", "none"],
    ["timed-out", "published"],
    ["timed-out", "none"],
  ] as const)("%s (work %s) is kept unless keep-env: never", (outcome, work) => {
    const expected: Record<KeepEnv, string> = {
      never: "none",
      logs: "logs",
      "on-failure": "all",
      always: "all",
    };
    for (const keepEnv of KEEP_ENV) {
      expect(decideRetention({ keepEnv, outcome, work }), keepEnv).toBe(expected[keepEnv]);
    }
  });
});

describe("decideRetention: where the work lives", () => {
  const allOutcomes: Outcome[] = [
    "pr-opened",
    "no-changes",
    "completed",
    "canceled",
    "agent-failed",
    "timed-out",
  ];

  it.each(allOutcomes)(
    "work at risk (push or API failed) keeps everything whatever keep-env says (%s)",
    (outcome) => {
      for (const keepEnv of KEEP_ENV) {
        expect(decideRetention({ keepEnv, outcome, work: "at-risk" }), keepEnv).toBe("all");
      }
    },
  );

  it.each(["completed", "agent-failed", "timed-out"] as const)(
    "work only on disk by design (directory mode, dry run, discard) is kept unless keep-env: never (%s)",
    (outcome) => {
      const expected: Record<KeepEnv, string> = {
        never: "none",
        logs: "all",
        "on-failure": "all",
        always: "all",
      };
      for (const keepEnv of KEEP_ENV) {
        expect(decideRetention({ keepEnv, outcome, work: "on-disk" }), keepEnv).toBe(expected[keepEnv]);
      }
    },
  );
});
