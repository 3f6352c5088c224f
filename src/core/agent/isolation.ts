import { lstat, mkdir } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { TaskError } from "../errors.js";
import type { Logger } from "../ports.js";
import { findOnPath, isExecutableFile } from "../run-command.js";
import type { AgentUserSetting } from "../settings.js";
import {
  type AgentUser,
  acquireAgentUser,
  type IsolationFacts,
  isolationFacts,
  planIsolation,
} from "./agent-user.js";

/** Who the agent runs as for this run, and where its environment can live. */
export interface Isolation {
  /** The agent's own user; undefined when it runs as the runner's user. */
  user?: AgentUser;
  /** Where the environment is made: `workspaces-root`, or a place the agent's user can reach. */
  workspacesRoot: string;
  /** For the reports when the agent is not isolated: why, and what it can reach. */
  note?: string;
  /** What the job log is told about it, once the run goes on. */
  messages: IsolationMessage[];
}

export interface IsolationMessage {
  level: "info" | "warning";
  text: string;
}

export interface IsolateOptions {
  setting: AgentUserSetting;
  workspacesRoot: string;
  /** The agent's program (argv[0]) and the PATH it is looked up in. */
  program: string;
  searchPath: string;
  /** What the runner allows; found out when not given. */
  facts?: IsolationFacts;
}

/**
 * Takes a user for the agent and a place for its environment that this user can reach (on
 * GitHub's runner image /home/runner may be mode 750, which keeps other users out of
 * RUNNER_TEMP: https://github.com/actions/runner/pull/4083). With `agent-user: auto`, anything
 * that prevents isolation makes the agent run as the runner's user, with the reason reported;
 * with a named user it is an error.
 */
export async function isolateAgent(options: IsolateOptions): Promise<Isolation> {
  const plan = planIsolation(options.setting, options.facts ?? (await isolationFacts()));
  if (plan.kind === "none") return shared(options, plan.reason, plan.chosen);

  const user = await acquireAgentUser(plan);
  const named = plan.name !== undefined;
  const degrade = async (reason: string): Promise<Isolation> => {
    await user.release();
    if (named) throw new TaskError(`cannot run the agent as user \`${user.name}\`: ${reason}`);
    return shared(options, reason, false);
  };

  // Two looks through the user's eyes, taken at once.
  const [unreachableProgram, root] = await Promise.all([
    findProgram(options.program, options.searchPath).then(async (program) =>
      program && !(await user.canExecute(program)) ? program : undefined,
    ),
    reachableRoot(user, options.workspacesRoot),
  ]);
  if (unreachableProgram) {
    return degrade(
      `its program ${unreachableProgram} cannot be run by the user \`${user.name}\` (install it where other users can run it, e.g. with npm install -g)`,
    );
  }
  if (!root) {
    return degrade(
      `neither workspaces-root ${options.workspacesRoot} nor the temp directory can be reached by the user \`${user.name}\``,
    );
  }
  const messages: IsolationMessage[] = [];
  if (root !== options.workspacesRoot) {
    messages.push({
      level: "info",
      text: `workspaces-root ${options.workspacesRoot} cannot be reached by the agent's user \`${user.name}\` (a directory above it is closed to other users); the environment is made under ${root} instead`,
    });
  }
  messages.push({
    level: "info",
    text: `The agent runs as the user \`${user.name}\` (uid ${user.uid}), which owns only its workdir, output and HOME`,
  });
  return { user, workspacesRoot: root, messages };
}

function shared(options: IsolateOptions, reason: string, chosen: boolean): Isolation {
  const note = sharedUserNote(reason);
  return {
    workspacesRoot: options.workspacesRoot,
    note,
    messages: [{ level: chosen ? "info" : "warning", text: note }],
  };
}

/** Tells the job log who the agent runs as. */
export function reportIsolation(isolation: Isolation, logger: Logger): void {
  for (const { level, text } of isolation.messages) logger[level](text);
}

/** What the reports say when the agent runs as the runner's user: why, and what it can reach. */
export function sharedUserNote(reason: string, runner = runnerUserName()): string {
  const everything = runner === "root" ? ", and as root everything on the machine" : "";
  return (
    `The agent ran as the runner's user \`${runner}\`, because ${reason}. ` +
    "It could read and change whatever that user can: the checkout and its .git, the action's own files, " +
    `RUNNER_TEMP, the runner's HOME and the job's file commands, and read the memory of the action's processes${everything}. ` +
    "agent-task kept the token out of its environment and git config and put back what it changed, but only a separate user makes that a boundary: see the README's Isolation section."
  );
}

function runnerUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? "unknown");
  }
}

/** The absolute file `program` names on `searchPath`, as execvp would find it; undefined if none. */
export async function findProgram(program: string, searchPath: string): Promise<string | undefined> {
  // A relative path with a slash is relative to the workdir, which does not exist yet.
  if (program.includes("/"))
    return path.isAbsolute(program) && (await isExecutableFile(program)) ? program : undefined;
  return findOnPath(program, searchPath);
}

/**
 * `workspaces-root` when the agent's user can reach it; else a directory of the runner's user in
 * the temp directory (checked to be its own and closed to writers), which every user can reach.
 */
async function reachableRoot(user: AgentUser, workspacesRoot: string): Promise<string | undefined> {
  await mkdir(workspacesRoot, { recursive: true });
  if (await user.canReach(workspacesRoot)) return workspacesRoot;
  const name = `agent-task-workspaces-${process.getuid!()}`;
  for (const base of new Set([tmpdir(), "/tmp"])) {
    const dir = path.join(base, name);
    try {
      await mkdir(dir, { mode: 0o711 }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      });
      const info = await lstat(dir);
      if (!info.isDirectory() || info.uid !== process.getuid!() || (info.mode & 0o022) !== 0) continue;
      if (await user.canReach(dir)) return dir;
    } catch {
      // Not usable; try the next one.
    }
  }
  return undefined;
}
