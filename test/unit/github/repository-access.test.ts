import { describe, expect, it } from "vitest";
import {
  judgeTokenPermissions,
  type RepositoryAccess,
  tokenKind,
} from "../../../src/github/repository-access.js";

const base: RepositoryAccess = {
  defaultBranch: "main",
  private: true,
  role: { admin: false, push: true, pull: true },
  reads: [
    { permission: "issues", ok: true, detail: "read: yes" },
    { permission: "pull-requests", ok: true, detail: "read: yes" },
  ],
  actionsCanCreatePulls: { value: true, defaultPermissions: "read" },
};

function statuses(access: RepositoryAccess): Record<string, string> {
  return Object.fromEntries(judgeTokenPermissions(access).map((v) => [v.permission, v.status]));
}

describe("what a token may do", () => {
  it("a classic token with repo and workflow scopes may do everything", () => {
    expect(statuses({ ...base, scopes: ["repo", "workflow"] })).toEqual({
      contents: "ok",
      "pull-requests": "ok",
      issues: "ok",
      workflows: "ok",
    });
  });

  it("a classic token without repo fails; public_repo is enough only for a public repository", () => {
    expect(statuses({ ...base, scopes: ["read:org"] }).contents).toBe("fail");
    expect(statuses({ ...base, scopes: ["public_repo"] }).contents).toBe("fail");
    expect(statuses({ ...base, private: false, scopes: ["public_repo"] }).contents).toBe("ok");
  });

  it("a classic token without the workflow scope only warns: workflow changes are optional", () => {
    expect(statuses({ ...base, scopes: ["repo"] }).workflows).toBe("warn");
  });

  it("a user who may only read the repository fails whatever the token", () => {
    expect(statuses({ ...base, scopes: ["repo"], role: { push: false, pull: true } })).toMatchObject({
      contents: "fail",
      issues: "fail",
    });
  });

  it("says unknown, not ok, where the API does not show a token's permissions", () => {
    const verdicts = judgeTokenPermissions(base);
    expect(verdicts.map((v) => v.status)).toEqual(["unknown", "unknown", "unknown", "unknown"]);
    expect(verdicts[0]!.detail).toContain("not visible through the API");
  });

  it("fails a permission whose read was refused", () => {
    const access = {
      ...base,
      reads: [{ permission: "issues" as const, ok: false, detail: "read refused: 403 (needs issues=read)" }],
    };
    const issues = judgeTokenPermissions(access).find((v) => v.permission === "issues")!;
    expect(issues).toEqual({
      permission: "issues",
      status: "fail",
      detail: "read refused: 403 (needs issues=read)",
    });
  });
});

describe("the kind of a token", () => {
  it.each([
    ["ghp_abc", "classic"],
    ["github_pat_abc", "fine-grained"],
    ["ghs_abc", "github-app"],
    ["gho_abc", "oauth-app"],
    ["0123456789abcdef", "unknown"],
  ])("%s is %s", (token, kind) => {
    expect(tokenKind(token)).toBe(kind);
  });
});
