// The checkout's guard is set up ahead of the agent, while its files are still being checked out
// (guardCheckoutAhead): the agent's run takes it over, and a run whose agent never started puts
// the checkout back itself.
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { guardCheckoutAhead } from "../../../src/core/agent/agent-guard.js";
import { Git } from "../../../src/core/git.js";
import { type Logger, quietLogger } from "../../../src/core/ports.js";
import { secretForms } from "../../../src/core/secrets.js";
import type { MadeEnvironment } from "../../../src/core/workspace/set-up-workspace.js";
import { git as rigGit } from "../../rig/git-server.js";
import { makeTempDir, removeAllTempDirs } from "../../rig/temp.js";

const TOKEN = "ghs_guardAheadToken0123456789abcdefABCDEF";
const HEADER_KEY = "http.https://github.com/.extraheader";
const HEADER = `AUTHORIZATION: basic ${secretForms(TOKEN)[1]}`;

let repo: string;
let root: string;
let host: Git;

beforeEach(async () => {
  repo = (await makeTempDir("guard-ahead-checkout")).path;
  root = (await makeTempDir("guard-ahead-env")).path;
  await rigGit(["init", "--quiet", repo]);
  await rigGit(["-C", repo, "config", HEADER_KEY, HEADER]);
  host = new Git(repo, { PATH: process.env.PATH ?? "", HOME: repo });
});
afterAll(removeAllTempDirs);

/** The checkout's persisted header, or "" when it is hidden. */
async function persistedHeader(): Promise<string> {
  return (await rigGit(["-C", repo, "config", "--local", "--get-all", HEADER_KEY]).catch(() => "")).trim();
}

/** Waits for `condition`, asking again after each turn of the event loop (at most 10 s). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("the condition never held");
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const say = (kind: string) => (message: string) => lines.push(`${kind}: ${message}`);
  return { lines, ...quietLogger({ info: say("info"), warning: say("warning"), error: say("error") }) };
}

function ahead(environment: Promise<MadeEnvironment>) {
  return guardCheckoutAhead({ environment, token: TOKEN, git: host, workspacesRoot: path.dirname(root) });
}

function made(): Promise<MadeEnvironment> {
  const gitDir = path.join(repo, ".git");
  return Promise.resolve({
    root,
    checkout: { toplevel: repo, gitDir, commonDir: gitDir },
    checkoutWritable: Promise.resolve(false),
    trustedGitConfig: [],
  });
}

describe("the checkout's guard, set up ahead of the agent", () => {
  it("is taken over by the agent's run: its message goes to that run's log, and only its restore puts the checkout back", async () => {
    const guard = ahead(made());
    const logger = recordingLogger();
    const restore = await guard.take(logger);
    expect(await persistedHeader()).toBe("");
    expect(logger.lines).toEqual(["info: Hid 1 persisted git credential entry from the agent for its run"]);
    // The run's own put-back after the agent is a no-op once the agent's run took the guard.
    await guard.abandon(logger);
    expect(await persistedHeader()).toBe("");
    expect(await restore!()).toEqual([]);
    expect(await persistedHeader()).toBe(HEADER);
  });

  it("puts the checkout back itself when the agent never started", async () => {
    const guard = ahead(made());
    const logger = recordingLogger();
    await until(async () => (await persistedHeader()) === "");
    await guard.abandon(logger);
    expect(await persistedHeader()).toBe(HEADER);
    expect(logger.lines).toEqual(["info: Hid 1 persisted git credential entry from the agent for its run"]);
  });

  it("is never set up once abandoned before its environment came", async () => {
    let environmentMade: (made: MadeEnvironment) => void = () => {};
    const environment = new Promise<MadeEnvironment>((resolve) => {
      environmentMade = resolve;
    });
    const guard = ahead(environment);
    const logger = recordingLogger();
    await guard.abandon(logger);
    // A guard that starts asks first whether the agent could write the checkout.
    let asked = 0;
    const checkoutWritable = {
      // biome-ignore lint/suspicious/noThenProperty: a promise that counts who awaits it
      then: (resolve: (writable: boolean) => void) => {
        asked++;
        resolve(false);
      },
    } as unknown as Promise<boolean>;
    environmentMade({ ...(await made()), checkoutWritable });
    await environment;
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toBe(0);
    expect(await persistedHeader()).toBe(HEADER);
    expect(logger.lines).toEqual([]);
    // And no agent starts beside it.
    await expect(guard.take(logger)).rejects.toThrow("given up");
  });

  it("is never set up for an environment that was not made", async () => {
    const failed = Promise.reject(new Error("the set-up failed"));
    const guard = ahead(failed);
    const logger = recordingLogger();
    await guard.abandon(logger);
    expect(await persistedHeader()).toBe(HEADER);
    expect(logger.lines).toEqual([]);
    await expect(ahead(failed).take(logger)).rejects.toThrow("the set-up failed");
  });
});
