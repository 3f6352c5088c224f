import { describe, expect, it } from "vitest";
import type { CollaboratorPermission, GitHubPort } from "../../../src/core/ports.js";
import { REQUIRED_PERMISSIONS } from "../../../src/core/settings.js";
import {
  type Actor,
  decideAdmission,
  lookUpActor,
  REPO_ROLES,
  type RepoRole,
  roleOf,
} from "../../../src/core/trust/admission.js";

const openIssue = { number: 5, state: "open", locked: false, isPullRequest: false };

function decide(actor: Actor | undefined, overrides: Partial<Parameters<typeof decideAdmission>[0]> = {}) {
  return decideAdmission({
    requiredPermission: "write",
    allowedBots: [],
    actor,
    issue: openIssue,
    ...overrides,
  });
}

function user(role: RepoRole, login = "alice"): Actor {
  return { login, type: "User", role };
}

describe("who may start a run: the role against required-permission", () => {
  const strength = (role: string) => REPO_ROLES.indexOf(role as RepoRole);
  const matrix = REPO_ROLES.filter((role) => role !== "none").flatMap((role) =>
    REQUIRED_PERMISSIONS.map((required) => [role, required, strength(role) >= strength(required)] as const),
  );

  it.each(matrix)("a %s user with required-permission %s runs: %s", (role, required, runs) => {
    const admission = decide(user(role), { requiredPermission: required });
    expect(admission.admitted).toBe(runs);
    if (!admission.admitted) {
      expect(admission.reason).toContain(`\`${role}\``);
      expect(admission.reason).toContain(`\`${required}\``);
      expect(admission.explain).toBe(true);
    }
  });

  it("a user without any access is refused", () => {
    expect(decide(user("none")).admitted).toBe(false);
  });

  it("the refusal names the user without an @-mention", () => {
    const admission = decide(user("read", "mallory"));
    expect(admission.admitted).toBe(false);
    if (!admission.admitted) {
      expect(admission.reason).toContain("`mallory`");
      expect(admission.reason).not.toContain("@");
    }
  });
});

describe("bots start runs only when allowed-bots lists them", () => {
  const bot = (login: string, role: RepoRole = "admin"): Actor => ({ login, type: "Bot", role });

  it("refuses a bot not listed, whatever its role", () => {
    const admission = decide(bot("renovate[bot]"), { allowedBots: ["dependabot[bot]"] });
    expect(admission).toMatchObject({ admitted: false, explain: true });
    if (!admission.admitted) expect(admission.reason).toContain("`allowed-bots`");
  });

  it("admits a bot listed by its exact login (logins are case-insensitive on GitHub)", () => {
    expect(decide(bot("My-App[bot]", "none"), { allowedBots: ["my-app[bot]"] }).admitted).toBe(true);
  });

  it("does not take a login that merely starts like a listed one", () => {
    expect(decide(bot("my-app[bot]x"), { allowedBots: ["my-app[bot]"] }).admitted).toBe(false);
  });

  it("treats a User whose login ends in [bot] as a user: write access runs", () => {
    expect(decide({ login: "mallory[bot]", type: "User", role: "write" }).admitted).toBe(true);
    expect(decide({ login: "mallory[bot]", type: "User", role: "read" }).admitted).toBe(false);
  });
});

describe("the issue must be an open, unlocked issue", () => {
  it.each([
    ["closed", { state: "closed" }, true],
    ["a pull request", { isPullRequest: true }, true],
    ["locked", { locked: true }, false],
  ])("refuses an issue that is %s", (_what, issue, explain) => {
    const admission = decide(user("admin"), { issue: { ...openIssue, ...issue } });
    expect(admission).toMatchObject({ admitted: false, explain });
  });

  it("checks only the issue when nobody is named (a run from a terminal)", () => {
    expect(decide(undefined).admitted).toBe(true);
    expect(decide(undefined, { issue: { ...openIssue, state: "closed" } }).admitted).toBe(false);
  });
});

describe("roleOf reads role_name, not the legacy permission", () => {
  it.each(REPO_ROLES)("role_name %s", (role) => {
    expect(roleOf({ roleName: role })).toBe(role);
  });

  it.each([
    [{ admin: true, maintain: true, push: true, triage: true, pull: true }, "admin"],
    [{ maintain: true, push: true, triage: true, pull: true }, "maintain"],
    [{ push: true, triage: true, pull: true }, "write"],
    [{ triage: true, pull: true }, "triage"],
    [{ pull: true }, "read"],
    [{}, "none"],
  ] as const)("a custom role allowing %j counts as %s", (permissions, role) => {
    expect(roleOf({ roleName: "security-reviewer", permissions })).toBe(role);
  });

  it("no answer is no access", () => {
    expect(roleOf(undefined)).toBe("none");
  });
});

describe("lookUpActor asks GitHub with as few requests as it can", () => {
  function port(permission: CollaboratorPermission | undefined, type?: string) {
    const calls: string[] = [];
    const github = {
      getCollaboratorPermission: async (login: string) => {
        calls.push(`permission ${login}`);
        return permission;
      },
      getAccountType: async (login: string) => {
        calls.push(`user ${login}`);
        return type;
      },
    } as unknown as GitHubPort;
    return { github, calls };
  }

  it("one request when the permission answer carries the user's type", async () => {
    const { github, calls } = port({ roleName: "write", accountType: "User" });
    expect(await lookUpActor(github, "alice")).toEqual({ login: "alice", type: "User", role: "write" });
    expect(calls).toEqual(["permission alice"]);
  });

  it("looks the account up when the permission answer has no user", async () => {
    const { github, calls } = port(undefined, "Bot");
    expect(await lookUpActor(github, "my-app[bot]")).toEqual({
      login: "my-app[bot]",
      type: "Bot",
      role: "none",
    });
    expect(calls).toEqual(["permission my-app[bot]", "user my-app[bot]"]);
  });

  it("never guesses the type from the login", async () => {
    const { github } = port({ roleName: "write", accountType: "User" });
    expect((await lookUpActor(github, "mallory[bot]")).type).toBe("User");
  });
});
