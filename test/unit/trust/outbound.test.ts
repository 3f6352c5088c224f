import { describe, expect, it } from "vitest";
import type { GitHubPort } from "../../../src/core/ports.js";
import { fitBody, GITHUB_BODY_LIMIT, guardGitHub, outboundText } from "../../../src/core/trust/outbound.js";
import { CLOSING, MENTION } from "./notifying-text.js";

const SECRET = "agent-env-secret-value";
const outbound = outboundText({ secrets: [SECRET], issueNumber: 7, ownTitleOpening: "Resolve #7:" });

describe("outbound text: what GitHub gets", () => {
  it("a comment body has no secret, no mention and no closing keyword", () => {
    const body = outbound.body(
      `Agent: done, key ${SECRET}, ghp_16C7e42F292c6912E7710c838347Ae178B4a; @alice fixes #12`,
    );
    expect(body).not.toContain(SECRET);
    expect(body).not.toContain("ghp_16C7");
    expect(body).not.toMatch(MENTION);
    expect(body).not.toMatch(CLOSING);
  });

  it("a pull request body keeps only the action's own `Closes #N`", () => {
    const body = outbound.body("Closes #7\n\nThe agent says: closes #12 and Closes #7", "pull");
    expect(body.split("\n")[0]).toBe("Closes #7");
    expect(body.slice("Closes #7".length)).not.toMatch(CLOSING);
  });

  it("a comment body never keeps a closing keyword, not even for the issue itself", () => {
    expect(outbound.body("Closes #7")).not.toMatch(CLOSING);
  });

  it("a title is one line without mentions or secrets, at most 256 characters", () => {
    const title = outbound.title(`Resolve #7: ping @bob\nabout ${SECRET} ${"x".repeat(300)}`);
    expect(title).not.toMatch(MENTION);
    expect(title).not.toContain(SECRET);
    expect(title).not.toContain("\n");
    expect(title.length).toBeLessThanOrEqual(256);
  });

  it("a title keeps the action's own `Resolve #N:`", () => {
    expect(outbound.title("Resolve #7: fixes #12")).toMatch(/^Resolve #7: /);
    expect(outbound.title("Resolve #7: fixes #12").slice(11)).not.toMatch(CLOSING);
  });

  it("the job summary has no secret", () => {
    expect(outbound.summary(`log: ${SECRET}`)).toBe("log: ***");
  });
});

describe("fitBody keeps bodies within GitHub's 65,536 characters", () => {
  it("leaves a body that fits alone", () => {
    expect(fitBody("short")).toBe("short");
  });

  it("cuts a long body with a visible marker", () => {
    const body = fitBody("a".repeat(100_000));
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body).toMatch(/cut: GitHub takes at most 65536 characters/);
  });

  it("keeps the hidden state line at the end", () => {
    const state = '<!-- agent-task:state {"v":1} -->';
    const body = fitBody(`${"b".repeat(70_000)}\n\n${state}\n`);
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body.trimEnd().endsWith(state)).toBe(true);
  });

  it("never splits a character in two", () => {
    const body = fitBody("😀".repeat(40_000), 1001);
    expect(body).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe("guardGitHub passes every write through the outbound text", () => {
  function recordingPort(): { port: GitHubPort; sent: string[] } {
    const sent: string[] = [];
    const pull = {
      number: 1,
      url: "u",
      state: "open",
      merged: false,
      draft: false,
      headRef: "h",
      baseRef: "b",
    } as const;
    const port = {
      createComment: async (_n: number, body: string) => {
        sent.push(body);
        return { id: 1, url: "u" };
      },
      updateComment: async (_id: number, body: string) => {
        sent.push(body);
      },
      createPull: async (fields: { title: string; body: string }) => {
        sent.push(fields.title, fields.body);
        return pull;
      },
      updatePull: async (_n: number, fields: { title: string; body: string }) => {
        sent.push(fields.title, fields.body);
        return pull;
      },
      getIssue: async () => ({ body: `read ${SECRET}` }),
    } as unknown as GitHubPort;
    return { port, sent };
  }

  it("comments and pull requests are cleaned; reads are untouched", async () => {
    const { port, sent } = recordingPort();
    const guarded = guardGitHub(port, outbound);
    const text = `${SECRET} @carol fixes #3`;
    await guarded.createComment(7, text);
    await guarded.updateComment(1, text);
    await guarded.createPull({
      title: `t @dave ${SECRET}`,
      body: `Closes #7\n${text}`,
      head: "h",
      base: "b",
      draft: false,
    });
    await guarded.updatePull(1, { title: "t", body: `Closes #7\n${text}` });
    expect(sent).toHaveLength(6);
    for (const body of sent) {
      expect(body).not.toContain(SECRET);
      expect(body).not.toMatch(MENTION);
      expect(body.replace(/^Closes #7\n/, "")).not.toMatch(CLOSING);
    }
    expect((await guarded.getIssue(7)).body).toBe(`read ${SECRET}`);
  });
});
