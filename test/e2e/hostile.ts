// A hostile agent, run as a real process through the bundled action, for each attack the
// isolation has to stand up to (hostile.mjs). The same checks run for `agent-user: auto` (a user
// of its own; on the test machine, which runs as root) and `agent-user: none` (the runner's
// user); `UNDER_NONE` says which of them hold when the agent shares the runner's user.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../rig/action-runner.js";
import { type CaptureServer, startCaptureServer } from "../rig/capture-server.js";
import { git } from "../rig/git-server.js";
import { makeTempDir } from "../rig/temp.js";
import { fixtureAgent, isAlive, pathExists, type Scenario, useScenario, waitFor } from "./scenario.js";

export const ATTACKS = [
  "state-file",
  "http-proxy",
  "insteadof-ext",
  "hooks-path",
  "common-hooks",
  "fsmonitor",
  "clean-filter",
  "proc-scan",
  "dist-edit",
  "detached-survivor",
  "checkout-edit",
  "action-git",
] as const;
export type Attack = (typeof ATTACKS)[number];

/**
 * What an agent running as the runner's user (`agent-user: none`) can do that one with a user of
 * its own cannot. Every other check holds in both modes (the README's table says the same).
 * - a process it leaves behind survives every kill the action can aim at it (it dropped the
 *   environment marker and left the process group), and keeps reading /proc, where the action's
 *   later git commands carry the token in their environment.
 */
export const FAILS_UNDER_NONE: Partial<
  Record<Attack, { agentProcessesGone: false; survivorSeesProcesses: true }>
> = {
  "detached-survivor": { agentProcessesGone: false, survivorSeesProcesses: true },
};

/** The attempts that reach outside the agent's own directories, by attack: refused under auto, done under none. */
const OUTSIDE_ATTEMPTS: Partial<Record<Attack, string[]>> = {
  "state-file": ["agent-task-checkout-state.json"],
  "http-proxy": ["checkout http.proxy"],
  "insteadof-ext": ["checkout protocol.ext.allow"],
  "hooks-path": ["checkout core.hooksPath"],
  "common-hooks": ["checkout pre-commit", "checkout post-commit"],
  fsmonitor: ["checkout core.fsmonitor"],
  "clean-filter": ["checkout filter.evil.clean", "checkout .gitattributes"],
  "dist-edit": ["dist/post/index.js", "dist/index.js", "dist/post chunks", "dist chunks"],
  "checkout-edit": ["README.md", "planted.txt"],
  "action-git": ["action git"],
};

/** What later steps of the job find of the checkout: compared before and after a run. */
async function checkoutState(scenario: Scenario) {
  const gitDir = path.join(scenario.workspace, ".git");
  const hooksDir = path.join(gitDir, "hooks");
  const hooks = await readdir(hooksDir).catch(() => [] as string[]);
  const credentials = (await readdir(scenario.runnerTemp)).filter((name) =>
    name.startsWith("git-credentials-"),
  );
  return {
    config: await readFile(path.join(gitDir, "config"), "utf8"),
    gitEntries: (await readdir(gitDir)).filter((name) => name !== "index").sort(),
    hooks: await Promise.all(
      hooks.sort().map(async (name) => [name, await readFile(path.join(hooksDir, name), "utf8")]),
    ),
    status: await git([
      "-C",
      scenario.workspace,
      "--no-optional-locks",
      "status",
      "--porcelain",
      "--untracked-files=all",
    ]),
    head: await git(["-C", scenario.workspace, "rev-parse", "HEAD"]),
    readme: await readFile(path.join(scenario.workspace, "README.md"), "utf8"),
    credentials: await Promise.all(
      credentials.map(async (name) => [name, await readFile(path.join(scenario.runnerTemp, name), "utf8")]),
    ),
  };
}

/** A copy of the bundled action the agent can be let loose on (action.yml and dist/). */
async function copyAction(): Promise<{ dir: string; original: Record<string, string> }> {
  const dir = (await makeTempDir("action-copy")).path;
  await cp(path.join(REPO_ROOT, "action.yml"), path.join(dir, "action.yml"));
  await cp(path.join(REPO_ROOT, "dist"), path.join(dir, "dist"), { recursive: true });
  const original: Record<string, string> = {};
  for (const sub of ["dist", "dist/post"]) {
    for (const name of (await readdir(path.join(dir, sub))).filter((n) => n.endsWith(".js"))) {
      original[`${sub}/${name}`] = await readFile(path.join(dir, sub, name), "utf8");
    }
  }
  return { dir, original };
}

/** A directory every user can write, with the tripwire the agent's plants call. */
async function dropDir(): Promise<string> {
  const drop = (await makeTempDir("hostile-drop")).path;
  await chmod(drop, 0o777);
  const tripwire = path.join(drop, "tripwire.sh");
  await writeFile(
    tripwire,
    `#!/bin/sh\n# Records who ran it, how, and with what environment; does nothing else.\nf="${drop}/called-$(date +%s%N)-$$.log"\n{ echo "uid=$(id -u)"; echo "args=$*"; env; } > "$f" 2>&1\nexit 0\n`,
  );
  await chmod(tripwire, 0o755);
  return drop;
}

async function filesIn(dir: string): Promise<Array<[string, string]>> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return Promise.all(
    names.map(
      async (name): Promise<[string, string]> => [
        name,
        await readFile(path.join(dir, name), "latin1").catch(() => ""),
      ],
    ),
  );
}

export function hostileSuite(agentUser: "auto" | "none"): void {
  let scenario: Scenario;
  let capture: CaptureServer;
  let action: Awaited<ReturnType<typeof copyAction>>;
  // A token of its own: other test files' agents and actions run at the same time.
  const token = `ghs_hostile${randomBytes(14).toString("hex")}`;
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  useScenario(
    (started) => {
      scenario = started;
    },
    { token },
  );
  beforeAll(async () => {
    capture = await startCaptureServer();
    action = await copyAction();
  });
  afterAll(async () => {
    await capture?.close();
  });

  const isolated = agentUser === "auto";
  describe(`a hostile agent with agent-user: ${agentUser}`, () => {
    it.each(ATTACKS)("%s", async (attack) => {
      const fails = isolated ? undefined : FAILS_UNDER_NONE[attack];
      const drop = await dropDir();
      const before = await checkoutState(scenario);
      const issue = scenario.addIssue(`Hostile: ${attack}`);
      capture.requests.length = 0;

      const { main, post } = await scenario.run({
        issueNumber: issue,
        actionDir: action.dir,
        inputs: {
          "agent-command": fixtureAgent("hostile.mjs", attack, drop),
          "agent-env": `CAPTURE_URL=${capture.url}`,
          "agent-user": agentUser,
          "keep-env": "always",
        },
      });
      const survivorPid = Number(
        (await readFile(path.join(drop, "survivor.pid"), "utf8").catch(() => "0")) || 0,
      );
      try {
        expect(main.exitCode, main.log).toBe(0);
        expect(post.exitCode, post.log).toBe(0);
        const envDir = main.outputs["env-dir"]!;
        const report = JSON.parse(await readFile(path.join(envDir, "output", "hostile.json"), "utf8"));

        // The attack was made, and reached outside the agent's directories only without a user of its own.
        expect(report.uid === process.getuid!(), "the agent shares the runner's user only under none").toBe(
          !isolated,
        );
        for (const name of OUTSIDE_ATTEMPTS[attack] ?? []) {
          expect(report.attempts[name], name).toBe(isolated ? "EACCES" : "ok");
        }
        if (attack === "proc-scan") expect(report.attempts.environs).toBeGreaterThan(0);
        if (attack === "detached-survivor") expect(survivorPid).toBeGreaterThan(0);

        // No command the agent planted ran inside the action's own git commands.
        const calls = (await filesIn(drop)).filter(([name]) => name.startsWith("called-"));
        expect(calls.map(([, text]) => text.split("\n").slice(0, 2).join(" "))).toEqual([]);

        // The pull request holds the agent's legitimate work, and nothing else of it.
        expect(main.outputs.outcome).toBe("pr-opened");
        const branch = main.outputs.branch!;
        const base = await scenario.git.listFiles(scenario.owner, scenario.repo, "main");
        const files = await scenario.git.listFiles(scenario.owner, scenario.repo, branch);
        const added = files.filter((file) => !base.includes(file)).sort();
        const expected = [`legit-${attack}-uncommitted.txt`, `legit-${attack}.txt`];
        if (attack === "clean-filter" || attack === "action-git") expected.push(".gitattributes");
        expect(added).toEqual(expected.sort());
        expect(
          await scenario.git.readFile(scenario.owner, scenario.repo, branch, `legit-${attack}.txt`),
        ).toBe(`legitimate work for ${attack}\n`);
        const subjects = (await scenario.git.commits(scenario.owner, scenario.repo, branch, "main")).map(
          (c) => c.subject,
        );
        expect(subjects).toContain(`agent: legit-${attack}`);

        // The token is nowhere the agent or its programs could look: what the agent read, the
        // capture server, what its planted programs and its bundle edit recorded, the kept
        // environment, the pushed files.
        const places: Array<[string, string]> = [
          ["what the agent read", await readFile(path.join(envDir, "output", "seen.txt"), "latin1")],
          ["the capture server", capture.text()],
          ...(await filesIn(drop)).filter(
            ([name]) => !(fails?.survivorSeesProcesses && name === "survivor-seen.txt"),
          ),
          ...(await filesIn(path.join(envDir, "workdir"))),
          ...(await filesIn(path.join(envDir, "output"))),
          ...(await Promise.all(
            files.map(
              async (file): Promise<[string, string]> => [
                `pushed ${file}`,
                (await scenario.git.readFile(scenario.owner, scenario.repo, branch, file)) ?? "",
              ],
            ),
          )),
        ];
        for (const [where, text] of places) {
          expect(text.includes(token) || text.includes(basic), `token found in ${where}`).toBe(false);
        }
        expect(capture.requests.map((r) => `${r.method} ${r.url}`)).toEqual([]);

        // No process of the agent is alive once the post step is done.
        const pids: number[] = JSON.parse(await readFile(path.join(drop, `pids-${attack}.json`), "utf8"));
        for (const pid of pids) expect(isAlive(pid), `agent pid ${pid}`).toBe(false);
        const survivorGone = fails ? fails.agentProcessesGone : true;
        if (survivorPid) expect(isAlive(survivorPid), "the detached survivor").toBe(!survivorGone);

        // The checkout, the runner's global git config and the action's own files are as before.
        expect(await checkoutState(scenario)).toEqual(before);
        expect(await pathExists(path.join(main.context.home, ".gitconfig"))).toBe(false);
        for (const [file, content] of Object.entries(action.original)) {
          expect(await readFile(path.join(action.dir, file), "utf8"), file).toBe(content);
        }
        expect(await pathExists(path.join(drop, "bundle-ran.json"))).toBe(false);
      } finally {
        await writeFile(path.join(drop, "stop"), "").catch(() => {});
        if (survivorPid && isAlive(survivorPid)) {
          process.kill(survivorPid, "SIGKILL");
          await waitFor(() => !isAlive(survivorPid), "the survivor to die", 5000);
        }
        for (const [file, content] of Object.entries(action.original)) {
          await writeFile(path.join(action.dir, file), content);
        }
        await rm(drop, { recursive: true, force: true });
      }
    });

    // The record of the hidden checkout is read back only when a run dies before its restore:
    // then the post step restores from it, and must not obey one the agent wrote.
    it("state-file, then the main step dies: the post step never obeys the agent's record", async () => {
      const drop = await dropDir();
      const before = await checkoutState(scenario);
      const issue = scenario.addIssue("Hostile: state-file, then a crash");
      let main: ChildProcess | undefined;
      const done = scenario.run({
        issueNumber: issue,
        actionDir: action.dir,
        onSpawn: (child) => {
          main = child;
        },
        inputs: {
          "agent-command": fixtureAgent("hostile.mjs", "state-file", drop, "--wait"),
          "agent-user": agentUser,
          "keep-env": "always",
        },
      });
      const pids: number[] = [];
      try {
        await waitFor(() => pathExists(path.join(drop, "ready")), "the agent to write its record");
        pids.push(...JSON.parse(await readFile(path.join(drop, "pids-state-file.json"), "utf8")));
        main!.kill("SIGKILL");
        const { main: killed, post } = await done;
        expect(killed.signal, killed.log).toBe("SIGKILL");
        expect(post.exitCode, post.log).toBe(0);

        const workdir = path.join(scenario.envRoot(killed.env.GITHUB_RUN_ID!, issue), "workdir");
        expect(await pathExists(path.join(workdir, "leak-state.txt")), "a file the record named").toBe(false);
        const places: Array<[string, string]> = [["the post step's log", post.log], ...(await filesIn(drop))];
        for (const [where, text] of places) {
          expect(text.includes(token) || text.includes(basic), `token found in ${where}`).toBe(false);
        }
        if (isolated) {
          // The agent could not write the record: the post step stops its user and restores the checkout.
          for (const pid of pids) expect(isAlive(pid), `agent pid ${pid}`).toBe(false);
          expect(post.log).toContain("Restored the checkout");
          expect(await checkoutState(scenario)).toEqual(before);
        } else {
          // The agent's process (it kept the run's marker) is stopped; its record is refused, and
          // since the true one died with the main step, the checkout's credentials stay hidden.
          for (const pid of pids) expect(isAlive(pid), `agent pid ${pid}`).toBe(false);
          expect(post.log).toContain("was not written by a run with this token");
          const after = await checkoutState(scenario);
          expect(after.config).not.toContain("includeIf");
          expect(after.credentials).toEqual([]);
          await restoreCheckout(scenario, before);
        }
      } finally {
        await done.catch(() => undefined);
        for (const pid of pids) if (isAlive(pid)) process.kill(pid, "SIGKILL");
        await rm(drop, { recursive: true, force: true });
      }
    });
  });
}

/** Puts the checkout back as `state` recorded it, for the tests that follow. */
async function restoreCheckout(scenario: Scenario, state: Awaited<ReturnType<typeof checkoutState>>) {
  const gitDir = path.join(scenario.workspace, ".git");
  await writeFile(path.join(gitDir, "config"), state.config);
  for (const [name, content] of state.credentials)
    await writeFile(path.join(scenario.runnerTemp, name!), content!);
  await rm(path.join(gitDir, "agent-task-checkout-state.json"), { force: true });
}
