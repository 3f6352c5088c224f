import { describe, expect, it } from "vitest";
import { decideTrigger, describeTrigger, type EventInfo } from "../../../src/action/trigger.js";
import { InputError } from "../../../src/core/errors.js";

const options = { triggerLabel: "agent", issueNumber: undefined };

function labeled(label: string, issue = 42): EventInfo {
  return { name: "issues", payload: { action: "labeled", label: { name: label }, issue: { number: issue } } };
}

function dispatch(inputs?: Record<string, unknown>): EventInfo {
  return { name: "workflow_dispatch", payload: inputs === undefined ? {} : { inputs } };
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("issues/labeled runs only for the trigger label", () => {
  it("runs on the issue when the label just added is the trigger label", () => {
    expect(decideTrigger(labeled("agent", 42), options)).toEqual({ run: true, issueNumber: 42 });
  });

  it("honours a custom trigger label", () => {
    expect(decideTrigger(labeled("ai-fix", 7), { triggerLabel: "ai-fix", issueNumber: undefined })).toEqual({
      run: true,
      issueNumber: 7,
    });
  });

  it.each(["bug", "agents", "", "agent "])(
    "skips when the label added is %j, saying which label it was",
    (label) => {
      const decision = decideTrigger(labeled(label), options);
      expect(decision.run).toBe(false);
      if (!decision.run) {
        expect(decision.reason).toContain("`agent`");
        expect(decision.reason).toContain(`\`${label}\``);
      }
    },
  );

  it("skips when the event carries no label", () => {
    const decision = decideTrigger(
      { name: "issues", payload: { action: "labeled", issue: { number: 1 } } },
      options,
    );
    expect(decision.run).toBe(false);
  });

  it("prefers an explicit `issue-number` over the event's issue", () => {
    expect(decideTrigger(labeled("agent", 42), { triggerLabel: "agent", issueNumber: 9 })).toEqual({
      run: true,
      issueNumber: 9,
    });
  });

  it("throws when a labeled event carries no issue number", () => {
    const error = thrown(() =>
      decideTrigger({ name: "issues", payload: { action: "labeled", label: { name: "agent" } } }, options),
    );
    expect(error).toBeInstanceOf(InputError);
  });
});

describe("other issue actions are skipped", () => {
  it.each(["opened", "edited", "unlabeled", "closed", "reopened", "assigned"])(
    "%s → skip, naming the action",
    (action) => {
      const decision = decideTrigger(
        { name: "issues", payload: { action, label: { name: "agent" }, issue: { number: 42 } } },
        options,
      );
      expect(decision.run).toBe(false);
      if (!decision.run) expect(decision.reason).toContain(action);
    },
  );

  it("an `unlabeled` event removing the trigger label does not run", () => {
    const decision = decideTrigger(
      { name: "issues", payload: { action: "unlabeled", label: { name: "agent" }, issue: { number: 42 } } },
      options,
    );
    expect(decision.run).toBe(false);
  });
});

describe("workflow_dispatch names the issue", () => {
  it("uses the `issue-number` input", () => {
    expect(decideTrigger(dispatch(), { triggerLabel: "agent", issueNumber: 12 })).toEqual({
      run: true,
      issueNumber: 12,
    });
  });

  it("the input wins over the dispatch form", () => {
    expect(
      decideTrigger(dispatch({ "issue-number": "5" }), { triggerLabel: "agent", issueNumber: 12 }),
    ).toEqual({
      run: true,
      issueNumber: 12,
    });
  });

  it.each([
    [{ "issue-number": "34" }, 34],
    [{ issue_number: "34" }, 34],
    [{ "issue-number": "#34" }, 34],
    [{ "issue-number": " 34 " }, 34],
    [{ issue_number: 34 }, 34],
  ])("reads the dispatch form's field %j → %d", (inputs, n) => {
    expect(decideTrigger(dispatch(inputs), options)).toEqual({ run: true, issueNumber: n });
  });

  it.each([
    ["no inputs at all", undefined],
    ["an empty form", {}],
    ["an empty field", { "issue-number": "" }],
    ["a zero", { "issue-number": "0" }],
    ["text", { "issue-number": "abc" }],
    ["a negative number", { issue_number: "-4" }],
  ])("without an issue number (%s) it fails, naming `issue-number`", (_what, inputs) => {
    const error = thrown(() => decideTrigger(dispatch(inputs), options));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("`issue-number`");
    expect(error.message).toContain("workflow_dispatch");
  });

  it("does not look at the trigger label", () => {
    expect(
      decideTrigger(dispatch({ issue_number: "3" }), { triggerLabel: "never-added", issueNumber: undefined }),
    ).toEqual({
      run: true,
      issueNumber: 3,
    });
  });
});

describe("unsupported events fail, naming the supported ones", () => {
  it.each(["push", "pull_request", "issue_comment", "schedule", "repository_dispatch"])("%s", (name) => {
    const error = thrown(() => decideTrigger({ name, payload: { issue: { number: 1 } } }, options));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(name);
    expect(error.message).toContain("`issues`");
    expect(error.message).toContain("`workflow_dispatch`");
  });
});

describe("describeTrigger: who started the run, when, and the issue they saw", () => {
  const host = { startedAt: "2024-05-01T12:30:00.000Z", actor: "runner-actor" };
  const payloadIssue = {
    number: 42,
    title: "Then",
    body: "Then body",
    html_url: "https://github.com/o/r/issues/42",
    user: { login: "author" },
    labels: [{ name: "agent" }, "bug"],
    state: "open",
    locked: false,
    created_at: "2024-05-01T10:00:00Z",
    updated_at: "2024-05-01T12:00:00Z",
  };

  it("a label: the sender, the issue's updated_at and the issue as the payload carries it", () => {
    const event = {
      name: "issues",
      payload: { action: "labeled", issue: payloadIssue, sender: { login: "carol" } },
    };
    expect(describeTrigger(event, 42, host)).toEqual({
      event: "labeled",
      actor: "carol",
      at: "2024-05-01T12:00:00Z",
      issue: {
        number: 42,
        title: "Then",
        body: "Then body",
        url: "https://github.com/o/r/issues/42",
        author: "author",
        labels: ["agent", "bug"],
        state: "open",
        createdAt: "2024-05-01T10:00:00Z",
        locked: false,
        isPullRequest: false,
      },
    });
  });

  it("a null body in the payload is an empty body; a locked issue is locked", () => {
    const event = {
      name: "issues",
      payload: { action: "labeled", issue: { ...payloadIssue, body: null, locked: true } },
    };
    expect(describeTrigger(event, 42, host).issue).toMatchObject({ body: "", locked: true });
  });

  it("reads the issue from the API when the payload's is incomplete", () => {
    const event = {
      name: "issues",
      payload: { action: "labeled", issue: { ...payloadIssue, state: undefined } },
    };
    expect(describeTrigger(event, 42, host).issue).toBeUndefined();
  });

  it("does not use the payload's issue when issue-number names another issue", () => {
    const event = {
      name: "issues",
      payload: { action: "labeled", issue: payloadIssue, sender: { login: "c" } },
    };
    const trigger = describeTrigger(event, 7, host);
    expect(trigger.issue).toBeUndefined();
    expect(trigger.at).toBe(host.startedAt);
  });

  it("a dispatch: the dispatcher and the step's start, no issue", () => {
    const event = { name: "workflow_dispatch", payload: { inputs: {}, sender: { login: "dave" } } };
    expect(describeTrigger(event, 42, host)).toEqual({
      event: "workflow_dispatch",
      actor: "dave",
      at: host.startedAt,
    });
  });

  it("falls back to the runner's actor when the payload names nobody", () => {
    expect(describeTrigger({ name: "workflow_dispatch", payload: {} }, 42, host).actor).toBe("runner-actor");
    expect(
      describeTrigger({ name: "workflow_dispatch", payload: {} }, 42, { ...host, actor: undefined }).actor,
    ).toBe("");
  });
});
