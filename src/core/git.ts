import { simpleGit } from "simple-git";
import { gitEnvironment } from "./git-environment.js";
import { basicCredentials } from "./secrets.js";

/** Credentials for one network command: sent as an HTTP header for this server only. */
export interface GitAuth {
  serverUrl: string;
  token: string;
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
  ) {
    this.env = gitEnvironment(jobEnv);
  }

  at(dir: string): Git {
    return new Git(dir, this.env);
  }

  async run(args: string[], options: { auth?: GitAuth } = {}): Promise<string> {
    const config: Array<[string, string]> = [
      ["core.hooksPath", "/dev/null"],
      ["core.fsmonitor", "false"],
    ];
    if (options.auth) {
      const key = `http.${options.auth.serverUrl.replace(/\/+$/, "")}/.extraheader`;
      // An empty value first clears any extraheader a checkout persisted for this server, so the
      // server never gets two Authorization headers (GitHub answers those with 400). An empty
      // value resets a multi-valued key: https://git-scm.com/docs/git-config#Documentation/git-config.txt-httpextraHeader
      config.push([key, ""], [key, `AUTHORIZATION: basic ${basicCredentials(options.auth.token)}`]);
    }
    const env: Record<string, string> = { ...this.env, GIT_CONFIG_COUNT: String(config.length) };
    config.forEach(([key, value], index) => {
      env[`GIT_CONFIG_KEY_${index}`] = key;
      env[`GIT_CONFIG_VALUE_${index}`] = value;
    });
    const git = simpleGit({
      baseDir: this.dir,
      // simple-git refuses `GIT_*`, EDITOR, PAGER … variables it was not told about; this
      // environment is the one the action built on purpose, so all of it is allowed.
      allowEnvironment: Object.keys(env),
      // The action sets these itself (hooks off, fsmonitor off, checkout's includeIf entries, the
      // pinned no-op editor and pager).
      // https://github.com/steveukx/git-js/blob/main/docs/PLUGIN-UNSAFE-ACTIONS.md
      unsafe: {
        allowUnsafeConfigEnvCount: true,
        allowUnsafeHooksPath: true,
        allowUnsafeFsMonitor: true,
        allowUnsafeInclude: true,
        allowUnsafeEditor: true,
        allowUnsafePager: true,
      },
    }).env(env);
    const output = await git.raw(args);
    return output;
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
