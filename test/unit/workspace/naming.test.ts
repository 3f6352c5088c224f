import { describe, expect, it } from "vitest";
import { isValidRefName } from "../../../src/core/settings.js";
import { agentBranchName, taskId } from "../../../src/core/workspace/naming.js";

describe("the agent branch is {branch-prefix}{agent-name}/issue-{N}", () => {
  it.each([
    ["agent/", "claude", 42, "agent/claude/issue-42"],
    ["agent/", "codex", 1, "agent/codex/issue-1"],
    ["agent/", "gemini", 7, "agent/gemini/issue-7"],
    ["agent/", "custom", 12, "agent/custom/issue-12"],
    ["bots/", "claude", 3, "bots/claude/issue-3"],
    ["ai-", "codex", 5, "ai-codex/issue-5"],
    ["", "custom", 9, "custom/issue-9"],
  ] as const)("%j + %s + #%d → %s", (prefix, agent, issue, branch) => {
    expect(agentBranchName(prefix, agent, issue)).toBe(branch);
    expect(isValidRefName(branch)).toBe(true);
  });
});

describe("the task id is unique per run and carries no user text", () => {
  it("is issue-{N}-{run id}-{attempt}", () => {
    expect(taskId(42, "1001", "1")).toBe("issue-42-1001-1");
  });

  it.each([
    ["1001", "1"],
    ["1001", "2"],
    ["1002", "1"],
  ])("differs between runs and attempts (%s, %s)", (runId, attempt) => {
    const ids = new Set([taskId(42, "1001", "1"), taskId(42, runId, attempt)]);
    expect(ids.size).toBe(runId === "1001" && attempt === "1" ? 1 : 2);
  });

  it.each([
    ["../../etc", "1"],
    ["1/2", "1"],
    ["1 2", "$(rm -rf ~)"],
    ["run\n1", "..\\x"],
  ])("strips path and shell characters from run id %j and attempt %j", (runId, attempt) => {
    const id = taskId(7, runId, attempt);
    expect(id).toMatch(/^issue-7-[0-9A-Za-z]+-[0-9A-Za-z]+$/);
  });

  it.each([
    ["", ""],
    ["///", "..."],
  ])("never leaves a part empty (%j, %j)", (runId, attempt) => {
    expect(taskId(7, runId, attempt)).toMatch(/^issue-7-[0-9A-Za-z]+-[0-9A-Za-z]+$/);
  });
});
