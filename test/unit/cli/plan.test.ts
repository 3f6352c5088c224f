import { describe, expect, it } from "vitest";
import { agentPullsByIssue, matrixJson, planIssues } from "../../../src/cli/plan.js";
import type { PullRequest } from "../../../src/core/ports.js";

function pull(number: number, headRef: string, state: "open" | "closed" = "open"): PullRequest {
  return {
    number,
    url: `https://x/pull/${number}`,
    state,
    merged: false,
    draft: false,
    headRef,
    baseRef: "main",
  };
}

const issues = [9, 3, 5, 7, 11].map((number) => ({ number }));

describe("which issues a fan-out starts", () => {
  it("leaves out issues with an open agent pull request or a live lease, oldest first", async () => {
    const plan = await planIssues({
      issues,
      pulls: [pull(20, "agent/claude/issue-5"), pull(21, "feature/issue-9")],
      branchPrefix: "agent/",
      all: false,
      limit: undefined,
      liveLease: async (issue) => (issue === 7 ? "run 42 (attempt 1) is running" : undefined),
    });
    expect(plan.planned).toEqual([3, 9, 11]);
    expect(plan.skipped).toEqual([
      { number: 5, reason: "open pull request #20 (agent/claude/issue-5)" },
      { number: 7, reason: "a run is working on it: run 42 (attempt 1) is running" },
    ]);
  });

  it("plans them all with --all, and asks about no lease", async () => {
    const asked: number[] = [];
    const plan = await planIssues({
      issues,
      pulls: [pull(20, "agent/custom/issue-5")],
      branchPrefix: "agent/",
      all: true,
      limit: undefined,
      liveLease: async (issue) => {
        asked.push(issue);
        return "held";
      },
    });
    expect(plan.planned).toEqual([3, 5, 7, 9, 11]);
    expect(asked).toEqual([]);
  });

  it("stops at the limit, without reading the leases of issues it will not plan", async () => {
    const asked: number[] = [];
    const plan = await planIssues({
      issues,
      pulls: [],
      branchPrefix: "agent/",
      all: false,
      limit: 2,
      liveLease: async (issue) => {
        asked.push(issue);
        return undefined;
      },
    });
    expect(plan.planned).toEqual([3, 5]);
    expect(asked).toEqual([3, 5]);
  });
});

describe("agent pull requests", () => {
  it("are open pull requests from {prefix}{preset}/issue-{N}", () => {
    const byIssue = agentPullsByIssue(
      [
        pull(1, "agent/claude/issue-4"),
        pull(2, "agent/codex/issue-6", "closed"),
        pull(3, "agent/someone/issue-8"),
        pull(4, "bots/gemini/issue-10"),
        pull(5, "agent/custom/issue-12-extra"),
      ],
      "agent/",
    );
    expect([...byIssue.keys()]).toEqual([4]);
    expect(agentPullsByIssue([pull(4, "bots/gemini/issue-10")], "bots/").get(10)?.number).toBe(4);
  });
});

describe("the matrix", () => {
  it("is one line of JSON for strategy.matrix", () => {
    expect(matrixJson([12, 15])).toBe('{"include":[{"issue":12},{"issue":15}]}');
    expect(matrixJson([])).toBe('{"include":[]}');
  });
});
