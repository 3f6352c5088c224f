import { describe, expect, it } from "vitest";
import type { IssueComment, IssueThread } from "../../../src/core/issue/issue.js";
import { freezeAtTrigger, sanitizeThread } from "../../../src/core/trust/issue-snapshot.js";

const LABELED_AT = "2024-05-01T12:00:00Z";

function comment(id: number, createdAt: string, updatedAt = createdAt, body = `comment ${id}`): IssueComment {
  return { id, author: "someone", createdAt, updatedAt, body, url: `u#${id}` };
}

function thread(comments: IssueComment[], title = "Now title", body = "Now body"): IssueThread {
  return {
    repository: { owner: "o", name: "r", defaultBranch: "main", htmlUrl: "h" },
    issue: {
      number: 1,
      title,
      body,
      url: "u",
      author: "a",
      labels: [],
      state: "open",
      createdAt: "2024-01-01T00:00:00Z",
    },
    comments,
  };
}

describe("freezeAtTrigger: the issue as it was when the run was triggered", () => {
  it("takes the title and body from the event, not from the API's later version", () => {
    const frozen = freezeAtTrigger(thread([]), {
      at: LABELED_AT,
      issue: { title: "Then title", body: "Then body" },
    });
    expect(frozen.thread.issue).toMatchObject({ title: "Then title", body: "Then body" });
  });

  it("keeps the API's text when the event carried none (a dispatch)", () => {
    expect(freezeAtTrigger(thread([]), { at: LABELED_AT }).thread.issue.body).toBe("Now body");
  });

  it.each([
    ["created and last edited before", comment(1, "2024-05-01T11:00:00Z"), true],
    ["created in the trigger's own second", comment(2, LABELED_AT), true],
    ["created after", comment(3, "2024-05-01T12:00:01Z"), false],
    ["created before but edited after", comment(4, "2024-05-01T11:00:00Z", "2024-05-01T12:05:00Z"), false],
  ])("a comment %s counts: %s", (_what, item, kept) => {
    const frozen = freezeAtTrigger(thread([item]), { at: LABELED_AT });
    expect(frozen.thread.comments).toHaveLength(kept ? 1 : 0);
    expect(frozen.commentsLeftOut).toBe(kept ? 0 : 1);
  });

  it("keeps no comment when the trigger time cannot be read", () => {
    expect(
      freezeAtTrigger(thread([comment(1, "2024-05-01T11:00:00Z")]), { at: "soon" }).commentsLeftOut,
    ).toBe(1);
  });

  it("changes nothing without a trigger (a run from a terminal)", () => {
    const original = thread([comment(1, "2030-01-01T00:00:00Z")]);
    expect(freezeAtTrigger(original, undefined)).toEqual({ thread: original, commentsLeftOut: 0 });
  });
});

describe("sanitizeThread: title, body and comments, one count", () => {
  it("sanitises every text and adds up what it removed", () => {
    const result = sanitizeThread(
      thread([comment(1, LABELED_AT, LABELED_AT, "ok<!--x-->")], "Ti\u200btle", "Bo<!-- hidden -->dy"),
    );
    expect(result.thread.issue.title).toBe("Title");
    expect(result.thread.issue.body).toBe("Body");
    expect(result.thread.comments[0]!.body).toBe("ok");
    expect(result.removed).toBe(1 + 15 + 8);
  });
});
