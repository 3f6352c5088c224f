import { describe, expect, it } from "vitest";
import { describeApiError } from "../../../src/github/octokit-github.js";

/** An error as Octokit throws it: a message and the HTTP status. */
const httpError = (status: number | undefined, message: string) =>
  Object.assign(new Error(message), status === undefined ? {} : { status });

describe("describeApiError names the call, the status and what to do", () => {
  it.each([
    [401, "Bad credentials", ["createComment", "401 Bad credentials", "`github-token`", "valid", "expired"]],
    [
      403,
      "Resource not accessible by integration",
      [
        "createComment",
        "403 Resource not accessible by integration",
        "`github-token` lacks a permission: createComment needs `issues: write`",
        "`contents: write`",
        "`pull-requests: write`",
        "allow Actions to create pull requests",
      ],
    ],
    [404, "Not Found", ["createComment", "404 Not Found", "repository and issue number", "token can read"]],
    [422, "Validation Failed", ["createComment", "422 Validation Failed"]],
    [500, "Internal Server Error", ["createComment", "500 Internal Server Error"]],
    [
      undefined,
      "getaddrinfo ENOTFOUND api.github.com",
      ["createComment", "getaddrinfo ENOTFOUND api.github.com"],
    ],
  ] as Array<[number | undefined, string, string[]]>)("%s %s", (status, message, says) => {
    const text = describeApiError("createComment", httpError(status, message));
    expect(text.startsWith("GitHub API call createComment failed: ")).toBe(true);
    for (const part of says) expect(text).toContain(part);
  });

  it.each([
    [422, "Validation Failed"],
    [500, "Internal Server Error"],
    [undefined, "socket hang up"],
  ])("%s: no advice that does not apply", (status, message) => {
    const text = describeApiError("createPull", httpError(status, message));
    expect(text).not.toMatch(/github-token|permission|Check the repository/i);
  });

  it("a 403 for a call that opens a pull request names pull-requests: write", () => {
    const text = describeApiError("createPull", httpError(403, "Resource not accessible by integration"));
    expect(text).toContain("createPull needs `pull-requests: write`");
  });

  it("a 403 with the rate limit used up is a rate limit, not a missing permission", () => {
    const error = Object.assign(httpError(403, "API rate limit exceeded for installation"), {
      response: { headers: { "x-ratelimit-remaining": "0" } },
    });
    const text = describeApiError("createPull", error);
    expect(text).toContain("rate limit");
    expect(text).not.toMatch(/lacks a permission/);
  });

  it("a 403 because Actions may not open pull requests says which setting", () => {
    const text = describeApiError(
      "createPull",
      httpError(403, "GitHub Actions is not permitted to create or approve pull requests."),
    );
    expect(text).toContain("Allow GitHub Actions to create pull requests");
  });

  it("an error without a status shows no status", () => {
    expect(describeApiError("getIssue", httpError(undefined, "socket hang up"))).toBe(
      "GitHub API call getIssue failed: socket hang up",
    );
  });

  it("keeps only the first line of a long message", () => {
    const text = describeApiError("updatePull", httpError(422, "Validation Failed\n{ errors: [...] }\nmore"));
    expect(text).toBe("GitHub API call updatePull failed: 422 Validation Failed");
  });

  it("describes a thrown value that is not an Error", () => {
    expect(describeApiError("getRepository", "boom")).toBe("GitHub API call getRepository failed: boom");
  });
});
