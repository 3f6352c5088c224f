import { describe, expect, it } from "vitest";
import { isWorktreeRace } from "../../../src/core/workspace/prepare-workspace.js";

describe("isWorktreeRace: a fetch that met another run's worktree in the making", () => {
  it.each([
    [
      "git 2.39, a placeholder HEAD",
      "fatal: bad object worktrees/workdir/HEAD\nerror: http://127.0.0.1:46489/octo/widgets.git did not send all necessary objects",
    ],
    ["a numbered worktree", "fatal: bad object worktrees/workdir3/HEAD"],
    [
      "only the connectivity check's message",
      "error: https://github.com/o/r did not send all necessary objects",
    ],
  ])("%s → fetched again under the lock", (_, message) => {
    expect(isWorktreeRace(message)).toBe(true);
  });

  it.each([
    ["an authentication failure", "fatal: Authentication failed for 'https://github.com/o/r/'"],
    ["a missing branch", "fatal: couldn't find remote ref refs/heads/nope"],
    [
      "a network failure",
      "fatal: unable to access 'https://github.com/o/r/': Could not resolve host: github.com",
    ],
  ])("%s → not a race", (_, message) => {
    expect(isWorktreeRace(message)).toBe(false);
  });
});
