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
  type RunHistory,
  settleOutcome,
  type WorkLocation,
} from "../../src/core/outcome.js";
import { KEEP_WORKSPACE, type KeepWorkspace, ON_AGENT_FAILURE } from "../../src/core/settings.js";

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
      const expected: Record<KeepWorkspace, string> = {
        never: "none",
        logs: "logs",
        "on-failure": "logs",
        always: "all",
      };
      for (const keepWorkspace of KEEP_WORKSPACE) {
        expect(decideRetention({ keepWorkspace, outcome, work }), keepWorkspace).toBe(
          expected[keepWorkspace],
        );
      }
    },
  );

  it.each(["none", "published"] as const)(
    "canceled is removed entirely unless keep-env: always (work %s)",
    (work) => {
      const expected: Record<KeepWorkspace, string> = {
        never: "none",
        logs: "none",
        "on-failure": "none",
        always: "all",
      };
      for (const keepWorkspace of KEEP_WORKSPACE) {
        expect(decideRetention({ keepWorkspace, outcome: "canceled", work }), keepWorkspace).toBe(
          expected[keepWorkspace],
        );
      }
    },
  );

  it.each([
    ["agent-failed", "published"],
    ["agent-failed", "none"],
    ["timed-out", "published"],
    ["timed-out", "none"],
  ] as const)("%s (work %s) is kept unless keep-env: never", (outcome, work) => {
    const expected: Record<KeepWorkspace, string> = {
      never: "none",
      logs: "logs",
      "on-failure": "all",
      always: "all",
    };
    for (const keepWorkspace of KEEP_WORKSPACE) {
      expect(decideRetention({ keepWorkspace, outcome, work }), keepWorkspace).toBe(expected[keepWorkspace]);
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
      for (const keepWorkspace of KEEP_WORKSPACE) {
        expect(decideRetention({ keepWorkspace, outcome, work: "at-risk" }), keepWorkspace).toBe("all");
      }
    },
  );

  it.each(["completed", "agent-failed", "timed-out"] as const)(
    "work only on disk by design (directory mode, dry run, discard) is kept unless keep-env: never (%s)",
    (outcome) => {
      const expected: Record<KeepWorkspace, string> = {
        never: "none",
        logs: "all",
        "on-failure": "all",
        always: "all",
      };
      for (const keepWorkspace of KEEP_WORKSPACE) {
        expect(decideRetention({ keepWorkspace, outcome, work: "on-disk" }), keepWorkspace).toBe(
          expected[keepWorkspace],
        );
      }
    },
  );
});

describe("settleOutcome: the one decision of the outcome, from everything that happened", () => {
  const paths = { root: "/ws/issue-7-1-1", workdir: "/ws/issue-7-1-1/workdir", patchFile: "/ws/p.patch" };
  const history: RunHistory = {
    mode: "worktree",
    dryRun: false,
    draft: false,
    onAgentFailure: "draft-pr",
    keepWorkspace: "on-failure",
    ending: "succeeded",
    changedFiles: 2,
    published: { sideBranch: false, pull: "opened" },
    paths,
  };
  const saved = "The agent's work is saved: /ws/p.patch (workspace kept at /ws/issue-7-1-1)";
  it.each<[string, Partial<RunHistory>, Outcome, WorkLocation, boolean, string | undefined]>([
    // case, what happened → outcome, where the work is, step fails, message
    ["a PR opened", {}, "pr-opened", "published", false, undefined],
    [
      "the open PR updated",
      { published: { sideBranch: false, pull: "updated" } },
      "pr-updated",
      "published",
      false,
      undefined,
    ],
    ["no changes", { changedFiles: 0, published: undefined }, "no-changes", "none", false, undefined],
    [
      "work pushed to a side branch",
      { published: { sideBranch: true } },
      "completed",
      "published",
      false,
      undefined,
    ],
    [
      "a local run: committed on the local agent branch",
      { published: { sideBranch: false, local: true } },
      "completed",
      "published",
      false,
      undefined,
    ],
    [
      "a local run whose agent failed: the commit is still on the local branch",
      { ending: "failed", exitCode: 2, published: { sideBranch: false, local: true } },
      "agent-failed",
      "published",
      true,
      "The agent exited with code 2",
    ],
    ["a dry run", { dryRun: true, published: undefined }, "completed", "on-disk", false, undefined],
    [
      "directory mode",
      { mode: "directory", published: undefined, paths: { ...paths, patchFile: undefined } },
      "completed",
      "on-disk",
      false,
      undefined,
    ],
    [
      "the push failed",
      { published: undefined, failure: { stage: "publish", message: "pushing failed: 503" } },
      "completed",
      "at-risk",
      true,
      `pushing failed: 503. ${saved}`,
    ],
    [
      "pushed, but opening the PR failed",
      { published: { sideBranch: false }, failure: { stage: "publish", message: "HTTP 500" } },
      "completed",
      "at-risk",
      true,
      `HTTP 500. ${saved}`,
    ],
    [
      "the changes could not be collected",
      {
        changedFiles: undefined,
        published: undefined,
        failure: { stage: "collect", message: "git add failed" },
        paths: { ...paths, patchFile: undefined },
      },
      "completed",
      "at-risk",
      true,
      "git add failed. The agent's work is saved: /ws/issue-7-1-1/workdir (workspace kept at /ws/issue-7-1-1)",
    ],
    [
      "canceled while the agent worked, with changes",
      { ending: "interrupted", published: undefined, agentNote: "The run was canceled" },
      "canceled",
      "at-risk",
      true,
      `The run was canceled. ${saved}`,
    ],
    [
      "canceled while the agent worked, no changes",
      { ending: "interrupted", changedFiles: 0, published: undefined, agentNote: "The run was canceled" },
      "canceled",
      "none",
      true,
      "The run was canceled",
    ],
    [
      "the agent failed, its work in a draft PR",
      { ending: "failed", exitCode: 2 },
      "agent-failed",
      "published",
      true,
      "The agent exited with code 2",
    ],
    [
      "the agent failed, its work discarded",
      { ending: "failed", exitCode: 2, onAgentFailure: "discard", published: undefined },
      "agent-failed",
      "on-disk",
      true,
      "The agent exited with code 2",
    ],
    [
      "the agent failed and publishing failed",
      {
        ending: "failed",
        exitCode: 2,
        published: undefined,
        failure: { stage: "publish", message: "HTTP 502" },
      },
      "agent-failed",
      "at-risk",
      true,
      `HTTP 502. ${saved}`,
    ],
    [
      "the agent timed out without changes",
      { ending: "timed-out", changedFiles: 0, published: undefined, agentNote: "ran past timeout-minutes" },
      "timed-out",
      "none",
      true,
      "ran past timeout-minutes",
    ],
    [
      "the agent could not start",
      {
        ending: "not-started",
        exitCode: -1,
        changedFiles: 0,
        published: undefined,
        agentNote: "agent command `x` not found",
      },
      "canceled",
      "none",
      true,
      "agent command `x` not found",
    ],
    [
      "the run failed before the agent ran",
      {
        ending: undefined,
        changedFiles: undefined,
        published: undefined,
        failure: { stage: "prepare", message: "base branch `dev` does not exist" },
      },
      "canceled",
      "none",
      true,
      "base branch `dev` does not exist",
    ],
  ])("%s", (_case, happened, outcome, work, stepFails, message) => {
    const settled = settleOutcome({ ...history, ...happened });
    expect(settled).toMatchObject({ outcome, work, stepFails });
    expect(settled.message).toBe(message);
  });

  it("keeps everything when the work is at risk, whatever keep-env says", () => {
    for (const keepWorkspace of KEEP_WORKSPACE) {
      const settled = settleOutcome({
        ...history,
        keepWorkspace,
        published: undefined,
        failure: { stage: "publish", message: "HTTP 500" },
      });
      expect(settled.retention, keepWorkspace).toBe("all");
    }
  });

  it("applies keep-env to a published run and to one that never reached the agent", () => {
    const published = KEEP_WORKSPACE.map(
      (keepWorkspace) => settleOutcome({ ...history, keepWorkspace }).retention,
    );
    expect(published).toEqual(["none", "logs", "logs", "all"]);
    const early = KEEP_WORKSPACE.map(
      (keepWorkspace) =>
        settleOutcome({
          ...history,
          keepWorkspace,
          ending: undefined,
          failure: { stage: "prepare", message: "x" },
        }).retention,
    );
    expect(early).toEqual(["none", "none", "none", "all"]);
  });
});
