import { gitEnvironment } from "./git-environment.js";
import { runCommand } from "./run-command.js";
import { basicCredentials } from "./secrets.js";

/** Credentials for one network command: sent as an HTTP header for this server only. */
export interface GitAuth {
  serverUrl: string;
  token: string;
}

/**
 * A repository the action reaches only through explicit paths, with the configuration it trusts,
 * for every git command after the agent started: nothing is discovered through a `.git` the
 * agent could rewrite, and no system, global or repository config the agent could have written
 * is read. See trusted-git-config.ts for what the pinned configuration holds.
 */
export interface GitScope {
  gitDir: string;
  workTree?: string;
  /** The index, kept with the action's git directory rather than where the agent can write. */
  indexFile?: string;
  /** `key=value` entries that stand in for the system and global config files. */
  config: Array<[string, string]>;
}

/** Makes an argv run as another user (AgentUser.wrap). */
export interface CommandWrapper {
  wrap(argv: string[], env: Record<string, string>): string[];
}

/**
 * A thin wrapper over git for the action's own commands. Every command runs in the controlled
 * environment of git-environment.ts, without repository hooks or fsmonitor (the agent could have
 * planted either), never prompts, and gets credentials only through its environment, for that one
 * command: the token is never written to a config file and never appears in an argument list.
 */
export class Git {
  private readonly env: Record<string, string>;

  /** `jobEnv`: the host's environment without the action's secrets. */
  constructor(
    readonly dir: string,
    jobEnv: Record<string, string>,
    readonly scope?: GitScope,
  ) {
    this.env = gitEnvironment(jobEnv);
  }

  at(dir: string): Git {
    return new Git(dir, this.env);
  }

  /** The same git, bound to one repository by explicit paths and the pinned configuration. */
  scoped(scope: GitScope): Git {
    return new Git(scope.workTree ?? scope.gitDir, this.env, scope);
  }

  /** Runs git; `input` is written to its stdin (closed otherwise); `signal` stops it and its helpers. */
  async run(
    args: string[],
    options: { auth?: GitAuth; input?: string; signal?: AbortSignal } = {},
  ): Promise<string> {
    const { argv, env } = this.command(args, options);
    return runGit(this.dir, argv, env, options.input, options.signal);
  }

  /**
   * Runs a command as another user (the agent's, before it starts). No HOME: nothing of the
   * runner's or of the repository's decides how its files are made.
   */
  async runAs(user: CommandWrapper, args: string[]): Promise<string> {
    const { argv, env } = this.command(args, {});
    Object.assign(env, { HOME: "/nonexistent", GIT_CONFIG_GLOBAL: "/dev/null" });
    delete env.XDG_CONFIG_HOME;
    return runGit(this.dir, user.wrap(argv, env), env);
  }

  private command(
    args: string[],
    options: { auth?: GitAuth },
  ): { argv: string[]; env: Record<string, string> } {
    const config: Array<[string, string]> = [
      ...(this.scope?.config ?? []),
      ["core.hooksPath", "/dev/null"],
      ["core.fsmonitor", "false"],
      // The action's repositories live for one run, and the checkout's upkeep is not the action's
      // to do: no commit or fetch starts `git maintenance run --auto` (a process, and a gc at times).
      ["maintenance.auto", "false"],
    ];
    if (options.auth) {
      const key = `http.${options.auth.serverUrl.replace(/\/+$/, "")}/.extraheader`;
      // An empty value first clears any extraheader a checkout persisted for this server, so the
      // server never gets two Authorization headers (GitHub answers those with 400). An empty
      // value resets a multi-valued key: https://git-scm.com/docs/git-config#Documentation/git-config.txt-httpextraHeader
      config.push([key, ""], [key, `AUTHORIZATION: basic ${basicCredentials(options.auth.token)}`]);
    }
    const env: Record<string, string> = {
      ...this.env,
      ...(this.scope ? scopeEnvironment(this.scope) : {}),
      GIT_CONFIG_COUNT: String(config.length),
    };
    config.forEach(([key, value], index) => {
      env[`GIT_CONFIG_KEY_${index}`] = key;
      env[`GIT_CONFIG_VALUE_${index}`] = value;
    });
    if (this.scope) {
      const { gitDir, workTree } = this.scope;
      args = [`--git-dir=${gitDir}`, ...(workTree ? [`--work-tree=${workTree}`] : []), ...args];
    }
    return { argv: ["git", ...args], env };
  }

  /** The absolute path of the repository's common git directory (shared by all its worktrees). */
  async commonDir(): Promise<string> {
    return (await this.run(["rev-parse", "--path-format=absolute", "--git-common-dir"])).trim();
  }

  /** Runs the command and reports failure as `undefined` instead of throwing. */
  async tryRun(args: string[], options: { auth?: GitAuth } = {}): Promise<string | undefined> {
    try {
      return await this.run(args, options);
    } catch {
      return undefined;
    }
  }
}

/**
 * No system or global config file is read (their trusted content comes as GIT_CONFIG_* entries),
 * replace refs are ignored, and the index lives where the scope says.
 * https://git-scm.com/docs/git#_environment_variables
 */
function scopeEnvironment(scope: GitScope): Record<string, string> {
  return {
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_NO_REPLACE_OBJECTS: "1",
    ...(scope.indexFile ? { GIT_INDEX_FILE: scope.indexFile } : {}),
  };
}

/**
 * Runs git without a shell and returns its stdout; a non-zero exit throws with git's own message.
 * Spawned directly rather than through simple-git, which waits 50 ms after every command that
 * prints nothing (its completion detection) and takes a silent non-zero exit for success.
 */
async function runGit(
  cwd: string,
  argv: string[],
  env: Record<string, string>,
  input?: string,
  signal?: AbortSignal,
): Promise<string> {
  const result = await runCommand(argv, { cwd, env, input, signal });
  if (result.code === 0) return result.stdout;
  if (result.code === -1 && result.signal === undefined)
    throw new Error(`could not run git: ${result.stderr}`);
  // A push's ref statuses (`--porcelain`) are on stdout: both streams make up git's message.
  const message = [result.stderr.trim(), result.stdout.trim()].filter(Boolean).join("\n");
  const command = argv.slice(1).find((arg) => !arg.startsWith("-"));
  throw new Error(message || `git ${command} failed (${result.signal ?? `exit code ${result.code}`})`);
}
