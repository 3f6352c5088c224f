import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type GitHubStandIn, gitHubFaults, startGitHubStandIn } from "./github-stand-in.js";
import { loadGitHubApiDescription } from "./github-stand-in-openapi.js";

const TOKEN = "ghs_standInTestToken";
const OWNER = "octo-org";
const REPO = "widgets";

/** Branches on the pretend git remote, name → head sha. */
const remoteBranches = new Map<string, string>();

let standIn: GitHubStandIn;
let repoCounter = 0;

/** Each test gets its own repository, so tests share the server but not state. */
function freshRepo(): { owner: string; repo: string } {
  const repo = `${REPO}-${++repoCounter}`;
  standIn.addRepo({ owner: OWNER, name: repo });
  return { owner: OWNER, repo };
}

function octokit(token = TOKEN) {
  return getOctokit(token, { baseUrl: standIn.url });
}

async function rawRequest(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${standIn.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function statusOf(promise: Promise<unknown>): Promise<number> {
  return promise.then(
    () => 200,
    (error: { status?: number }) => error.status ?? -1,
  );
}

beforeAll(async () => {
  standIn = await startGitHubStandIn({
    token: TOKEN,
    htmlBaseUrl: "http://git.example.test:8080",
    branchHead: async (owner, repo, branch) =>
      owner === OWNER && repo.startsWith(REPO) ? remoteBranches.get(branch) : undefined,
  });
});

afterEach(() => {
  standIn.clearRequests();
  standIn.assertAndClearProblems();
});

afterAll(async () => {
  await standIn?.close();
});

describe("GitHub stand-in", () => {
  it("rejects requests without the right token", async () => {
    const { owner, repo } = freshRepo();

    const anonymous = await fetch(`${standIn.url}/repos/${owner}/${repo}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      message: "Bad credentials",
      documentation_url: "https://docs.github.com/rest",
      status: "401",
    });
    expect(await statusOf(octokit("ghs_wrong").rest.repos.get({ owner, repo }))).toBe(401);

    const accepted = await octokit().rest.repos.get({ owner, repo });
    expect(accepted.status).toBe(200);
  });

  it("serves repositories and issues shaped like GitHub's", async () => {
    const { owner, repo } = freshRepo();
    const filed = standIn.addIssue(owner, repo, { title: "Add a widget", body: "Please", labels: ["agent"] });

    const repository = await octokit().rest.repos.get({ owner, repo });
    expect(repository.data).toMatchObject({
      full_name: `${owner}/${repo}`,
      default_branch: "main",
      private: false,
      clone_url: `http://git.example.test:8080/${owner}/${repo}.git`,
    });
    expect(repository.headers["x-ratelimit-remaining"]).toMatch(/^\d+$/);
    expect(repository.headers["x-ratelimit-resource"]).toBe("core");
    expect(repository.headers["x-github-request-id"]).toBeTruthy();

    const issue = await octokit().rest.issues.get({ owner, repo, issue_number: filed.number });
    expect(issue.data).toMatchObject({
      number: 1,
      title: "Add a widget",
      body: "Please",
      state: "open",
      user: { login: OWNER, type: "User" },
      author_association: "OWNER",
      html_url: `http://git.example.test:8080/${owner}/${repo}/issues/1`,
    });
    expect(issue.data.labels).toMatchObject([{ name: "agent" }]);
    expect(issue.data.pull_request).toBeUndefined();

    expect(await statusOf(octokit().rest.issues.get({ owner, repo, issue_number: 99 }))).toBe(404);
    expect(await statusOf(octokit().rest.repos.get({ owner, repo: "no-such-repo" }))).toBe(404);
  });

  it("creates, updates, deletes and paginates issue comments", async () => {
    const { owner, repo } = freshRepo();
    const { number } = standIn.addIssue(owner, repo, { title: "Discuss" });
    for (let index = 1; index <= 4; index++) {
      const createdAt = new Date(Date.UTC(2024, 0, index));
      standIn.addIssueComment(owner, repo, number, { body: `old ${index}`, user: "alice", createdAt });
    }

    const created = await octokit().rest.issues.createComment({
      owner,
      repo,
      issue_number: number,
      body: "new",
    });
    expect(created.status).toBe(201);
    expect(created.data.user?.login).toBe("github-actions[bot]");
    expect(created.data.user?.type).toBe("Bot");
    expect(created.data.html_url).toBe(
      `http://git.example.test:8080/${owner}/${repo}/issues/${number}#issuecomment-${created.data.id}`,
    );
    const updated = await octokit().rest.issues.updateComment({
      owner,
      repo,
      comment_id: created.data.id,
      body: "new, edited",
    });
    expect(updated.data.body).toBe("new, edited");

    const firstPage = await octokit().rest.issues.listComments({
      owner,
      repo,
      issue_number: number,
      per_page: 2,
    });
    expect(firstPage.data.map((comment) => comment.body)).toEqual(["old 1", "old 2"]);
    expect(firstPage.headers.link).toContain('page=2>; rel="next"');
    expect(firstPage.headers.link).toContain('page=3>; rel="last"');

    const all = await octokit().paginate(octokit().rest.issues.listComments, {
      owner,
      repo,
      issue_number: number,
      per_page: 2,
    });
    expect(all.map((comment) => comment.body)).toEqual(["old 1", "old 2", "old 3", "old 4", "new, edited"]);
    expect(standIn.requests.filter((request) => request.operationId === "issues/list-comments")).toHaveLength(
      4,
    );

    const recent = await octokit().rest.issues.listComments({
      owner,
      repo,
      issue_number: number,
      since: "2024-01-03T00:00:00Z",
    });
    expect(recent.data.map((comment) => comment.body)).toEqual(["old 3", "old 4", "new, edited"]);

    const fetched = await octokit().rest.issues.getComment({ owner, repo, comment_id: created.data.id });
    expect(fetched.data.body).toBe("new, edited");
    await octokit().rest.issues.deleteComment({ owner, repo, comment_id: created.data.id });
    expect(standIn.comments(owner, repo, number).map((comment) => comment.body)).toEqual([
      "old 1",
      "old 2",
      "old 3",
      "old 4",
    ]);
    expect(standIn.writes().map((request) => request.operationId)).toEqual([
      "issues/create-comment",
      "issues/update-comment",
      "issues/delete-comment",
    ]);
  });

  it("creates pull requests, refuses duplicates and unknown branches, lists and updates them", async () => {
    const { owner, repo } = freshRepo();
    remoteBranches.set("main", "a".repeat(40));
    remoteBranches.set("agent/issue-1", "b".repeat(40));
    const issue = standIn.addIssue(owner, repo, { title: "Fix the widget" });
    const pullRequest = {
      owner,
      repo,
      head: "agent/issue-1",
      base: "main",
      title: "Fix the widget",
      body: "Fixes #1",
    };

    const created = await octokit().rest.pulls.create({ ...pullRequest, draft: true });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      number: issue.number + 1,
      state: "open",
      draft: true,
      merged: false,
      head: { ref: "agent/issue-1", sha: "b".repeat(40), label: `${owner}:agent/issue-1` },
      base: { ref: "main", sha: "a".repeat(40) },
      user: { login: "github-actions[bot]" },
      html_url: `http://git.example.test:8080/${owner}/${repo}/pull/${issue.number + 1}`,
    });

    const duplicate = await octokit()
      .rest.pulls.create(pullRequest)
      .catch((error: { status: number; response: { data: unknown } }) => error);
    expect(duplicate).toMatchObject({
      status: 422,
      response: {
        data: {
          message: "Validation Failed",
          errors: [
            {
              resource: "PullRequest",
              code: "custom",
              message: `A pull request already exists for ${owner}:agent/issue-1.`,
            },
          ],
        },
      },
    });
    const unknownBranch = octokit().rest.pulls.create({ ...pullRequest, head: "no-such-branch" });
    expect(await statusOf(unknownBranch)).toBe(422);

    const byHead = await octokit().rest.pulls.list({ owner, repo, head: `${owner}:agent/issue-1` });
    expect(byHead.data.map((pull) => pull.number)).toEqual([created.data.number]);
    const otherHead = await octokit().rest.pulls.list({ owner, repo, head: `${owner}:elsewhere` });
    expect(otherHead.data).toEqual([]);

    // Pull requests are issues too: labels go through the issues API.
    await octokit().rest.issues.addLabels({
      owner,
      repo,
      issue_number: created.data.number,
      labels: ["agent"],
    });
    remoteBranches.set("agent/issue-1", "c".repeat(40));
    const fetched = await octokit().rest.pulls.get({ owner, repo, pull_number: created.data.number });
    expect(fetched.data.labels.map((label) => label.name)).toEqual(["agent"]);
    expect(fetched.data.head.sha).toBe("c".repeat(40));
    const asIssue = await octokit().rest.issues.get({ owner, repo, issue_number: created.data.number });
    expect(asIssue.data.pull_request?.html_url).toBe(created.data.html_url);

    const closed = await octokit().rest.pulls.update({
      owner,
      repo,
      pull_number: created.data.number,
      title: "Fix the widget, again",
      state: "closed",
    });
    expect(closed.data).toMatchObject({ title: "Fix the widget, again", state: "closed" });
    expect((await octokit().rest.pulls.list({ owner, repo })).data).toEqual([]);
    const closedList = await octokit().rest.pulls.list({ owner, repo, state: "closed" });
    expect(closedList.data.map((pull) => pull.number)).toEqual([created.data.number]);

    // With the first one closed, a new pull request for the same branch is allowed.
    const second = await octokit().rest.pulls.create(pullRequest);
    expect(second.data.number).toBe(created.data.number + 1);
    standIn.mergePull(owner, repo, second.data.number);
    expect(standIn.pulls(owner, repo).map((pull) => [pull.number, pull.state, pull.pull.merged])).toEqual([
      [created.data.number, "closed", false],
      [second.data.number, "closed", true],
    ]);
  });

  it("lists review comments and reports permissions and workflow runs", async () => {
    const { owner, repo } = freshRepo();
    remoteBranches.set("main", "a".repeat(40));
    remoteBranches.set("feature", "d".repeat(40));
    const pull = await octokit().rest.pulls.create({
      owner,
      repo,
      head: "feature",
      base: "main",
      title: "Feature",
    });
    standIn.addReviewComment(owner, repo, pull.data.number, {
      body: "Rename this",
      user: "alice",
      path: "src/a.ts",
    });

    const reviewComments = await octokit().rest.pulls.listReviewComments({
      owner,
      repo,
      pull_number: pull.data.number,
    });
    expect(reviewComments.data).toMatchObject([
      { body: "Rename this", path: "src/a.ts", user: { login: "alice" } },
    ]);

    standIn.setPermission(owner, repo, "alice", "maintain");
    const alice = await octokit().rest.repos.getCollaboratorPermissionLevel({
      owner,
      repo,
      username: "alice",
    });
    expect(alice.data).toMatchObject({ permission: "write", role_name: "maintain" });
    const stranger = await octokit().rest.repos.getCollaboratorPermissionLevel({
      owner,
      repo,
      username: "mallory",
    });
    expect(stranger.data.permission).toBe("none");

    const running = await octokit().rest.actions.getWorkflowRun({ owner, repo, run_id: 42 });
    expect(running.data).toMatchObject({ id: 42, status: "in_progress", conclusion: null });
    standIn.setWorkflowRun(owner, repo, 42, { status: "completed", conclusion: "cancelled" });
    const finished = await octokit().rest.actions.getWorkflowRun({ owner, repo, run_id: 42 });
    expect(finished.data).toMatchObject({ status: "completed", conclusion: "cancelled" });
  });

  it("reports account types as tests set them, and locked and edited issues", async () => {
    const { owner, repo } = freshRepo();
    standIn.setAccountType("helper-app[bot]", "Bot");
    standIn.setAccountType("mallory[bot]", "User");
    const bot = await octokit().rest.users.getByUsername({ username: "helper-app[bot]" });
    expect(bot.data).toMatchObject({ login: "helper-app[bot]", type: "Bot" });
    const user = await octokit().rest.users.getByUsername({ username: "mallory[bot]" });
    expect(user.data.type).toBe("User");
    const permission = await octokit().rest.repos.getCollaboratorPermissionLevel({
      owner,
      repo,
      username: "mallory[bot]",
    });
    expect(permission.data.user?.type).toBe("User");

    const { number } = standIn.addIssue(owner, repo, { title: "Before", body: "before" });
    standIn.lockIssue(owner, repo, number);
    standIn.editIssue(owner, repo, number, { title: "After", body: "after" });
    const issue = await octokit().rest.issues.get({ owner, repo, issue_number: number });
    expect(issue.data).toMatchObject({ locked: true, title: "After", body: "after" });

    const comment = standIn.addIssueComment(owner, repo, number, {
      body: "first",
      createdAt: "2024-01-01T00:00:00Z",
    });
    standIn.editIssueComment(owner, repo, comment.id, "edited", "2024-01-02T00:00:00Z");
    const comments = await octokit().rest.issues.listComments({ owner, repo, issue_number: number });
    expect(comments.data[0]).toMatchObject({
      body: "edited",
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-02T00:00:00Z",
    });
  });

  it("rejects and reports requests GitHub's OpenAPI description does not allow", async () => {
    const { owner, repo } = freshRepo();
    const { number } = standIn.addIssue(owner, repo, { title: "Issue" });

    const withoutHead = await rawRequest("POST", `/repos/${owner}/${repo}/pulls`, {
      title: "t",
      base: "main",
    });
    expect(withoutHead.status).toBe(422);
    expect(((await withoutHead.json()) as { message: string }).message).toContain(
      "/requestBody must have required property 'head'",
    );
    const wrongType = await rawRequest("POST", `/repos/${owner}/${repo}/issues/${number}/comments`, {
      body: 42,
    });
    expect(wrongType.status).toBe(422);
    const unknownPath = await rawRequest("GET", `/repos/${owner}/${repo}/no-such-thing`);
    expect(unknownPath.status).toBe(404);
    const unimplemented = octokit().rest.issues.lock({ owner, repo, issue_number: number });
    expect(await statusOf(unimplemented)).toBe(501);

    expect(standIn.invalidRequests.map((problem) => problem.operationId)).toEqual([
      "pulls/create",
      "issues/create-comment",
      undefined,
    ]);
    expect(() => standIn.assertAllRequestsValid()).toThrowError(
      /invalid-request: POST \/repos\/octo-org\/widgets-\d+\/pulls \(pulls\/create\)\n\s+\/requestBody must have required property 'head'/,
    );
    expect(() => standIn.assertAllRequestsValid()).toThrowError(/\/requestBody\/body must be string/);
    expect(() => standIn.assertAllRequestsValid()).toThrowError(/unimplemented: PUT .*\(issues\/lock\)/);
    // Nothing was created by the rejected requests.
    expect(standIn.pulls(owner, repo)).toEqual([]);
    expect(standIn.comments(owner, repo, number)).toEqual([]);

    expect(standIn.takeProblems()).toHaveLength(4);
    expect(() => standIn.assertAllRequestsValid()).not.toThrow();
  });

  it("accepts the nulls GitHub's description allows", async () => {
    const { owner, repo } = freshRepo();
    const { number } = standIn.addIssue(owner, repo, { title: "Issue" });
    // `milestone` is nullable without a type, `state_reason` a nullable enum without null: both need the
    // description to be adjusted for Ajv (see github-stand-in-openapi.ts).
    const updated = await octokit().rest.issues.update({
      owner,
      repo,
      issue_number: number,
      milestone: null,
      state_reason: null,
    });
    expect(updated.status).toBe(200);
  });

  it("checks its own answers against the documented response schemas", async () => {
    const { owner, repo } = freshRepo();
    const { number } = standIn.addIssue(owner, repo, { title: "Issue" });
    await octokit().rest.issues.createComment({ owner, repo, issue_number: number, body: "hi" });
    const [created] = standIn.requests.filter((request) => request.operationId === "issues/create-comment");
    const api = await loadGitHubApiDescription();
    const operation = api.match("POST", created!.path)!.operation;
    expect(api.validateResponse(operation, 201, created!.response)).toEqual([]);
    // The checker is live: the same answer without a required field is reported.
    const { id: _id, ...withoutId } = created!.response as Record<string, unknown>;
    expect(api.validateResponse(operation, 201, withoutId)).toEqual(["/ must have required property 'id'"]);
  });

  it("forgets its problems once asserted, so one bad request fails one test", async () => {
    const { owner, repo } = freshRepo();
    await rawRequest("POST", `/repos/${owner}/${repo}/pulls`, { title: "no head", base: "main" });
    expect(() => standIn.assertAndClearProblems()).toThrowError(/required property 'head'/);
    expect(standIn.problems).toEqual([]);
    expect(() => standIn.assertAndClearProblems()).not.toThrow();
  });

  it("injects faults that Octokit's retry and throttling plugins react to", async () => {
    const { owner, repo } = freshRepo();
    const { number } = standIn.addIssue(owner, repo, { title: "Issue" });

    const once = standIn.injectFault(gitHubFaults.badGateway({ operationId: "issues/create-comment" }));
    const plain = octokit().rest.issues.createComment({ owner, repo, issue_number: number, body: "hi" });
    expect(await statusOf(plain)).toBe(502);
    expect(once).toMatchObject({ hits: 1, remaining: 0 });

    standIn.injectFault(gitHubFaults.badGateway({ operationId: "issues/create-comment" }));
    const retrying = getOctokit(TOKEN, { baseUrl: standIn.url, retry: { retryAfterBaseValue: 1 } }, retry);
    const created = await retrying.rest.issues.createComment({
      owner,
      repo,
      issue_number: number,
      body: "hi",
    });
    expect(created.status).toBe(201);
    expect(standIn.writes().map((request) => request.status)).toEqual([502, 502, 201]);
    // A faulted request never reaches the handler: one comment, not two.
    expect(standIn.comments(owner, repo, number)).toHaveLength(1);

    const limits: string[] = [];
    const throttled = getOctokit(
      TOKEN,
      {
        baseUrl: standIn.url,
        throttle: {
          onRateLimit: (retryAfter: number) => {
            limits.push(`primary ${retryAfter}`);
            return false;
          },
          onSecondaryRateLimit: (retryAfter: number) => {
            limits.push(`secondary ${retryAfter}`);
            return false;
          },
        },
      },
      throttling,
    );
    standIn.injectFault(gitHubFaults.rateLimitExhausted({ method: "GET", resetInSeconds: 30 }));
    expect(await statusOf(throttled.rest.repos.get({ owner, repo }))).toBe(403);
    standIn.injectFault(
      gitHubFaults.secondaryRateLimit({ path: /\/issues\/\d+$/, status: 429, retryAfterSeconds: 7 }),
    );
    expect(await statusOf(throttled.rest.issues.get({ owner, repo, issue_number: number }))).toBe(429);
    expect(limits).toHaveLength(2);
    expect(limits[0]).toMatch(/^primary (30|31)$/);
    expect(limits[1]).toBe("secondary 7");
  });

  it("a fault after the handler: the object is created and the client still gets a 502", async () => {
    const { owner, repo } = freshRepo();
    remoteBranches.set("main", "a".repeat(40));
    remoteBranches.set("lost-answer", "e".repeat(40));
    const pullRequest = { owner, repo, head: "lost-answer", base: "main", title: "Lost answer" };
    const fault = standIn.injectFault(gitHubFaults.badGatewayAfterWrite({ operationId: "pulls/create" }));

    expect(await statusOf(octokit().rest.pulls.create(pullRequest))).toBe(502);
    expect(fault).toMatchObject({ hits: 1, remaining: 0 });
    expect(standIn.pulls(owner, repo).map((pull) => pull.pull.headRef)).toEqual(["lost-answer"]);
    const [created] = standIn.requests.filter((request) => request.operationId === "pulls/create");
    expect(created).toMatchObject({
      status: 502,
      fault: "after-handler",
      response: { message: "Server Error" },
    });
    // What a blind retry meets: the pull request it made a moment ago.
    expect(await statusOf(octokit().rest.pulls.create(pullRequest))).toBe(422);

    // A write the handler refuses keeps the fault for the next one that succeeds.
    const pending = standIn.injectFault(gitHubFaults.badGatewayAfterWrite({ operationId: "pulls/create" }));
    expect(await statusOf(octokit().rest.pulls.create(pullRequest))).toBe(422);
    expect(pending).toMatchObject({ hits: 0, remaining: 1 });
    remoteBranches.set("second", "f".repeat(40));
    expect(await statusOf(octokit().rest.pulls.create({ ...pullRequest, head: "second" }))).toBe(502);
    expect(standIn.pulls(owner, repo)).toHaveLength(2);
  });

  it("dates a rate limit's reset from the moment the fault fires", () => {
    const fault = gitHubFaults.rateLimitExhausted({ resetInSeconds: 5 });
    const headers = fault.headers as (firedAt: Date) => Record<string, string>;
    expect(headers(new Date("2030-01-01T00:00:00.900Z"))).toEqual({
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(Date.UTC(2030, 0, 1) / 1000 + 5),
    });
  });

  it("refuses a revoked token with 401 Bad credentials until it is restored", async () => {
    const { owner, repo } = freshRepo();
    standIn.revokeToken();
    try {
      expect(await statusOf(octokit().rest.repos.get({ owner, repo }))).toBe(401);
      expect(standIn.requests.at(-1)?.response).toMatchObject({ message: "Bad credentials" });
    } finally {
      standIn.restoreToken();
    }
    expect(await statusOf(octokit().rest.repos.get({ owner, repo }))).toBe(200);
  });

  it("counts requests by method and route, from a counter's start or reset", async () => {
    const { owner, repo } = freshRepo();
    const { number } = standIn.addIssue(owner, repo, { title: "Count me" });
    await octokit().rest.repos.get({ owner, repo });
    const counter = standIn.countRequests();
    expect(counter.counts()).toEqual({ total: 0, byRoute: {} });

    await octokit().rest.issues.get({ owner, repo, issue_number: number });
    await octokit().rest.issues.createComment({ owner, repo, issue_number: number, body: "one" });
    await octokit().rest.issues.createComment({ owner, repo, issue_number: number, body: "two" });
    await rawRequest("GET", `/repos/${owner}/${repo}/no-such-thing`);
    standIn.takeProblems(); // the unknown path, on purpose
    standIn.clearRequests(); // does not touch counters
    expect(counter.counts()).toEqual({
      total: 4,
      byRoute: {
        [`GET /repos/${owner}/${repo}/no-such-thing`]: 1,
        "GET /repos/{owner}/{repo}/issues/{issue_number}": 1,
        "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": 2,
      },
    });

    counter.reset();
    await octokit().rest.repos.get({ owner, repo });
    expect(counter.counts()).toEqual({ total: 1, byRoute: { "GET /repos/{owner}/{repo}": 1 } });
  });

  it("delays responses when asked", async () => {
    const { owner, repo } = freshRepo();
    standIn.setDelay(60);
    try {
      const started = performance.now();
      await octokit().rest.repos.get({ owner, repo });
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    } finally {
      standIn.setDelay(0);
    }
    standIn.injectFault({ operationId: "repos/get", status: 500, delayMs: 60 });
    const started = performance.now();
    expect(await statusOf(octokit().rest.repos.get({ owner, repo }))).toBe(500);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("lists a repository's issues and pull requests by state and labels", async () => {
    const { owner, repo } = freshRepo();
    const labelled = standIn.addIssue(owner, repo, { title: "one", labels: ["agent", "bug"] });
    standIn.addIssue(owner, repo, { title: "two", labels: ["Agent"] });
    standIn.addIssue(owner, repo, { title: "three" });
    const closed = standIn.addIssue(owner, repo, { title: "four", labels: ["agent"] });
    await octokit().rest.issues.update({ owner, repo, issue_number: closed.number, state: "closed" });
    remoteBranches.set("main", "a".repeat(40));
    remoteBranches.set("feature", "b".repeat(40));
    await octokit().rest.pulls.create({ owner, repo, title: "pr", head: "feature", base: "main" });
    const pr = (await octokit().rest.pulls.list({ owner, repo })).data[0]!;
    await octokit().rest.issues.addLabels({ owner, repo, issue_number: pr.number, labels: ["agent"] });

    const open = await octokit().paginate(octokit().rest.issues.listForRepo, {
      owner,
      repo,
      labels: "agent",
      per_page: 1,
    });
    expect(open.map((issue) => [issue.title, Boolean(issue.pull_request)])).toEqual([
      ["pr", true],
      ["two", false],
      ["one", false],
    ]);
    const both = await octokit().rest.issues.listForRepo({ owner, repo, labels: "agent,bug", state: "all" });
    expect(both.data.map((issue) => issue.number)).toEqual([labelled.number]);
    const all = await octokit().rest.issues.listForRepo({ owner, repo, state: "closed", direction: "asc" });
    expect(all.data.map((issue) => issue.title)).toEqual(["four"]);
  });

  it("reports whether Actions may create pull requests, and a classic token's scopes", async () => {
    const { owner, repo } = freshRepo();
    const first = await octokit().rest.actions.getGithubActionsDefaultWorkflowPermissionsRepository({
      owner,
      repo,
    });
    expect(first.data).toEqual({
      default_workflow_permissions: "read",
      can_approve_pull_request_reviews: false,
    });
    expect(first.headers["x-oauth-scopes"]).toBeUndefined();
    standIn.setWorkflowPermissions(owner, repo, { canApprovePullRequestReviews: true });
    standIn.setTokenScopes("repo, workflow");
    try {
      const second = await octokit().rest.actions.getGithubActionsDefaultWorkflowPermissionsRepository({
        owner,
        repo,
      });
      expect(second.data.can_approve_pull_request_reviews).toBe(true);
      expect(second.headers["x-oauth-scopes"]).toBe("repo, workflow");
    } finally {
      standIn.setTokenScopes(undefined);
    }
  });
});
