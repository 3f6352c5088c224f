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
        "`contents: write`",
        "`pull-requests: write`",
        "`issues: write`",
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
