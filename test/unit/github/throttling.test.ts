// The GitHub port waits only when GitHub signals a limit: writes go out back to back (the
// throttling plugin's default spacing of 1 s per write and 3 s per comment or pull request is
// off), while a primary or secondary rate limit is still waited out and the request retried.
import Bottleneck from "bottleneck/light.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { quietLogger } from "../../../src/core/ports.js";
import { createOctokitGitHub } from "../../../src/github/octokit-github.js";
import { type GitHubStandIn, gitHubFaults, startGitHubStandIn } from "../../rig/github-stand-in.js";

const TOKEN = "ghs_throttlingTest0123456789abcdefABCDEF";
const OWNER = "octo";
const REPO = "widgets";

let standIn: GitHubStandIn;
let issue: number;
const warnings: string[] = [];

const logger = quietLogger({ warning: (message) => warnings.push(message) });

beforeAll(async () => {
  standIn = await startGitHubStandIn({ token: TOKEN });
  standIn.addRepo({ owner: OWNER, name: REPO });
  issue = standIn.addIssue(OWNER, REPO, { title: "Throttling" }).number;
});

afterAll(async () => {
  standIn.assertAllRequestsValid();
  await standIn.close();
});

function port() {
  return createOctokitGitHub({ token: TOKEN, apiUrl: standIn.url, owner: OWNER, repo: REPO, logger });
}

/** When the stand-in received each comment creation since `from`. */
function commentPosts(from: number): number[] {
  return standIn.requests
    .slice(from)
    .filter((request) => request.method === "POST" && request.path.endsWith(`/issues/${issue}/comments`))
    .map((request) => request.at);
}

const gaps = (times: number[]) => times.slice(1).map((time, i) => time - times[i]!);

describe("the GitHub port's pacing", () => {
  it("sends writes back to back: no comment waits for the one before (the plugin's default is 3 s apart)", async () => {
    const github = port();
    const from = standIn.requests.length;
    for (let i = 0; i < 3; i++) {
      const { id } = await github.createComment(issue, `comment ${i}`);
      await github.updateComment(id, `comment ${i}, edited`);
    }
    const posts = commentPosts(from);
    expect(posts).toHaveLength(3);
    // Any spacing the plugin adds is at least 1 s per write; three local round trips take far less.
    for (const gap of gaps(posts)) expect(gap).toBeLessThan(1000);
  });

  it("still waits out a secondary rate limit and retries the request", async () => {
    const github = port();
    const from = standIn.requests.length;
    standIn.injectFault(
      gitHubFaults.secondaryRateLimit({ operationId: "issues/create-comment", retryAfterSeconds: 1 }),
    );
    await github.createComment(issue, "after a secondary limit");
    const posts = commentPosts(from);
    expect(posts).toHaveLength(2);
    expect(gaps(posts)[0]).toBeGreaterThanOrEqual(950);
    expect(warnings.join("\n")).toMatch(/secondary rate limit/);
  });

  it("still waits for the primary rate limit's reset and retries the request", async () => {
    const github = port();
    const from = standIn.requests.length;
    standIn.injectFault(
      gitHubFaults.rateLimitExhausted({ operationId: "issues/create-comment", resetInSeconds: 1 }),
    );
    await github.createComment(issue, "after the rate limit");
    expect(commentPosts(from)).toHaveLength(2);
    expect(warnings.join("\n")).toMatch(/rate limit reached/);
  });

  it("schedules a job through Bottleneck with one timer, not one per step of Bottleneck's store", async () => {
    port();
    const timers = vi.spyOn(globalThis, "setTimeout");
    try {
      const limiter = new Bottleneck();
      await expect(limiter.schedule(async () => "done")).resolves.toBe("done");
      // Bottleneck's own wait before running the job (0 ms here) is the one left.
      expect(timers.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      timers.mockRestore();
    }
  });
});
