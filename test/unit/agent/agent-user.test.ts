import { describe, expect, it } from "vitest";
import {
  AgentUser,
  type IsolationFacts,
  parsePasswd,
  planIsolation,
  slotUserName,
} from "../../../src/core/agent/agent-user.js";
import { sharedUserNote } from "../../../src/core/agent/isolation.js";
import { TaskError } from "../../../src/core/errors.js";

const ROOT: IsolationFacts = { platform: "linux", uid: 0, hasSetpriv: true, hasUseradd: true, sudo: false };
const SUDO: IsolationFacts = {
  platform: "linux",
  uid: 1001,
  hasSetpriv: true,
  hasUseradd: false,
  sudo: true,
};
const PLAIN: IsolationFacts = {
  platform: "linux",
  uid: 1001,
  hasSetpriv: true,
  hasUseradd: false,
  sudo: false,
};

describe("planIsolation: how agent-user is honoured on a runner", () => {
  it.each([
    ["root (containers, self-hosted as root)", ROOT, { kind: "user", via: "setpriv" }],
    ["a user with passwordless sudo (GitHub-hosted)", SUDO, { kind: "user", via: "sudo" }],
  ])("auto on %s: a user of its own", (_, facts, plan) => {
    expect(planIsolation("auto", facts)).toEqual({ ...plan, name: undefined });
  });

  it.each([
    ["a user without sudo", PLAIN, /not root and has no passwordless sudo/],
    ["root without setpriv", { ...ROOT, hasSetpriv: false }, /no `setpriv`/],
    ["root without useradd", { ...ROOT, hasUseradd: false }, /no `useradd`/],
    ["macOS", { ...ROOT, platform: "darwin" as const }, /only supported on Linux/],
  ])("auto on %s: the runner's user, with the reason", (_, facts, reason) => {
    const plan = planIsolation("auto", facts);
    expect(plan).toMatchObject({ kind: "none", chosen: false });
    expect(plan.kind === "none" && plan.reason).toMatch(reason);
  });

  it("none: the runner's user, by choice", () => {
    expect(planIsolation("none", ROOT)).toMatchObject({ kind: "none", chosen: true });
  });

  it("a named user is used as root (no useradd needed) and with sudo", () => {
    expect(planIsolation({ name: "ci-agent" }, { ...ROOT, hasUseradd: false })).toEqual({
      kind: "user",
      via: "setpriv",
      name: "ci-agent",
    });
    expect(planIsolation({ name: "ci-agent" }, SUDO)).toEqual({
      kind: "user",
      via: "sudo",
      name: "ci-agent",
    });
  });

  it("a named user that cannot be switched to is an error, never a silent downgrade", () => {
    expect(() => planIsolation({ name: "ci-agent" }, PLAIN)).toThrow(TaskError);
    expect(() => planIsolation({ name: "ci-agent" }, PLAIN)).toThrow(/ci-agent.*passwordless sudo/);
  });
});

describe("slotUserName: one dedicated user per concurrent run", () => {
  it("names root's users agent-task, agent-task-2 …", () => {
    expect([1, 2, 10].map((slot) => slotUserName(0, slot))).toEqual([
      "agent-task",
      "agent-task-2",
      "agent-task-10",
    ]);
  });

  it("keeps another runner user's apart from root's", () => {
    expect([1, 2].map((slot) => slotUserName(1001, slot))).toEqual(["agent-task-1001", "agent-task-1001-2"]);
  });
});

describe("AgentUser.wrap: the argv that runs a program as the agent's user", () => {
  const slot = { lockFile: "/x.lock", ownerFile: "/x.holder", release: async () => {} };

  it("as root: setpriv with the user's ids, no supplementary groups and no new privileges", () => {
    const user = new AgentUser("agent-task", 999, 995, "setpriv", slot);
    expect(user.wrap(["/usr/bin/node", "agent.mjs"])).toEqual([
      "setpriv",
      "--reuid=999",
      "--regid=995",
      "--clear-groups",
      "--no-new-privs",
      "--",
      "/usr/bin/node",
      "agent.mjs",
    ]);
  });

  it("with sudo: non-interactive, environment kept, HOME, PATH and TMPDIR set again after sudo (argv holds no secret)", () => {
    const user = new AgentUser("agent-task-1001", 998, 997, "sudo", slot);
    expect(
      user.wrap(["/usr/bin/node", "agent.mjs"], {
        HOME: "/tmp/h",
        PATH: "/usr/bin",
        TMPDIR: "/tmp/h/tmp",
        SECRET: "x",
      }),
    ).toEqual([
      "sudo",
      "-n",
      "-E",
      "-u",
      "agent-task-1001",
      "--",
      "env",
      "HOME=/tmp/h",
      "PATH=/usr/bin",
      "TMPDIR=/tmp/h/tmp",
      "/usr/bin/node",
      "agent.mjs",
    ]);
  });
});

describe("sharedUserNote: what the reports say when the agent shares the runner's user", () => {
  it("names the reason and what the agent can reach", () => {
    const note = sharedUserNote("`agent-user` is `none`", "runner");
    expect(note).toContain("runner's user `runner`");
    expect(note).toContain("because `agent-user` is `none`");
    for (const reach of [
      "checkout",
      "action's own files",
      "RUNNER_TEMP",
      "HOME",
      "file commands",
      "memory",
    ]) {
      expect(note).toContain(reach);
    }
    expect(note).not.toContain("everything on the machine");
  });

  it("says more for root", () => {
    expect(sharedUserNote("reason", "root")).toContain("as root everything on the machine");
  });
});

describe("parsePasswd: a local user without running id", () => {
  const passwd = [
    "root:x:0:0:root:/root:/bin/bash",
    "agent-task:x:999:995:agent-task agent user:/nonexistent:/usr/sbin/nologin",
    "agent-task-2:x:998:994::/nonexistent:/usr/sbin/nologin",
    "broken:x:abc:1::/:/bin/sh",
    "",
  ].join("\n");

  it("finds the user by its exact name", () => {
    expect(parsePasswd(passwd, "agent-task")).toEqual({ name: "agent-task", uid: 999, gid: 995 });
    expect(parsePasswd(passwd, "agent-task-2")).toEqual({ name: "agent-task-2", uid: 998, gid: 994 });
  });

  it("is undefined for a name it does not hold or a line it cannot read", () => {
    expect(parsePasswd(passwd, "agent-task-3")).toBeUndefined();
    expect(parsePasswd(passwd, "agent")).toBeUndefined();
    expect(parsePasswd(passwd, "broken")).toBeUndefined();
    expect(parsePasswd("", "root")).toBeUndefined();
  });
});
