import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { agentArgv, installHint } from "../../core/agent/presets.js";
import { errorMessage } from "../../core/errors.js";
import { Git } from "../../core/git.js";
import { findOnPath, isExecutableFile } from "../../core/run-command.js";
import { withoutSecrets } from "../../core/secrets.js";
import { INPUTS, type InputKey, parseSettings, type Settings } from "../../core/settings.js";
import {
  judgeTokenPermissions,
  type RepositoryAccess,
  readRepositoryAccess,
  TOKEN_KIND_NAMES,
  tokenKind,
} from "../../github/repository-access.js";
import { booleanOption, type ParsedArguments, stringOption } from "../arguments.js";
import {
  cliDefaults,
  displayValue,
  inputOptionSpecs,
  type ResolvedInputs,
  resolveInputs,
  withSource,
} from "../cli-settings.js";
import { type CliIo, type Command, type Environment, EXIT, isTerminal } from "../command.js";
import { formatTable } from "../format.js";
import { REPOSITORY_OPTION, type ResolvedRepository, resolveRepository } from "../repository.js";
import { packageVersion } from "../version.js";

const execFileAsync = promisify(execFile);

/** `git rev-parse --path-format=absolute` (the repository's common directory) needs git 2.31. */
const MIN_GIT = [2, 31] as const;

export type CheckStatus = "ok" | "warn" | "fail" | "unknown";

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
}

export const doctorCommand: Command = {
  name: "doctor",
  summary: "check git, the agent CLI, the token, the repository and every setting",
  usage: "agent-task doctor [--agent NAME] [--repository OWNER/NAME] [--local] [options]",
  description: `
Checks what a run needs and prints where each setting comes from (a flag, an AGENT_TASK_*
variable, or the default): git, the agent CLI of the preset and its version, the token's access
to the repository (contents, pull requests, issues, workflows: what the API shows, and which of
it cannot be known for this kind of token), the repository's "Allow GitHub Actions to create and
approve pull requests" setting, its default branch, and whether the workspaces root is writable.
Takes the same options as \`agent-task run\`. Exits 1 when a check fails.`,
  options: [
    REPOSITORY_OPTION,
    {
      name: "local",
      kind: "boolean",
      description: "check only what a run without GitHub (--issue-file) needs: no token, no API",
    },
    ...inputOptionSpecs(),
  ],
  maxPositionals: 0,
  run,
};

async function run(parsed: ParsedArguments, env: Environment, io: CliIo): Promise<number> {
  const inputs = resolveInputs(parsed, env, cliDefaults(io.cwd));
  for (const key of ["repoPath", "workspacesRoot"] as const) {
    inputs.raw[key] = path.resolve(io.cwd, inputs.raw[key]!);
  }
  const local = booleanOption(parsed, "local") === true;
  const checks: Check[] = [];
  const gitEnv = withoutSecrets(env);

  checks.push(nodeCheck());
  checks.push(await gitCheck(gitEnv));
  let settings: Settings | undefined;
  try {
    settings = parseSettings(inputs.raw, { requireToken: false });
    checks.push({ name: "settings", status: "ok", detail: "every value is valid" });
  } catch (error) {
    checks.push({
      name: "settings",
      status: "fail",
      detail: errorMessage(withSource(error, inputs.sources)),
    });
  }
  const git = new Git(inputs.raw.repoPath!, gitEnv);
  checks.push(await checkoutCheck(git, settings));
  if (settings) checks.push(await agentCheck(settings, gitEnv));
  checks.push(await writableCheck(inputs.raw.workspacesRoot!));

  let repository: ResolvedRepository | undefined;
  if (!local) {
    const token = inputs.raw.githubToken ?? "";
    checks.push(
      token
        ? {
            name: "token",
            status: "ok",
            detail: `from ${inputs.sources.githubToken.from}: ${TOKEN_KIND_NAMES[tokenKind(token)]}`,
          }
        : {
            name: "token",
            status: "fail",
            detail:
              "not set: set GITHUB_TOKEN or GH_TOKEN (a run on an --issue-file needs none: doctor --local)",
          },
    );
    const flag = stringOption(parsed, "repository");
    try {
      repository = await resolveRepository({
        flag: flag === undefined ? undefined : { value: flag, spelling: parsed.spelling.get("repository")! },
        env,
        git,
      });
    } catch (error) {
      checks.push({ name: "repository", status: "fail", detail: errorMessage(error) });
    }
    if (token && repository) checks.push(...(await gitHubChecks(token, repository, env, settings)));
  }

  print(io, env, checks, settingsRows(inputs, repository));
  return checks.some((check) => check.status === "fail") ? EXIT.failed : EXIT.ok;
}

function nodeCheck(): Check {
  const major = Number(process.versions.node.split(".")[0]);
  return major >= 20
    ? { name: "node", status: "ok", detail: process.version }
    : { name: "node", status: "fail", detail: `${process.version}; agent-task needs Node.js 20 or later` };
}

async function gitCheck(env: Record<string, string>): Promise<Check> {
  try {
    const { stdout } = await execFileAsync("git", ["--version"], { env, timeout: 10_000 });
    const version = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(stdout);
    const [major, minor] = [Number(version?.[1]), Number(version?.[2])];
    if (major > MIN_GIT[0] || (major === MIN_GIT[0] && minor >= MIN_GIT[1])) {
      return { name: "git", status: "ok", detail: stdout.trim() };
    }
    return {
      name: "git",
      status: "fail",
      detail: `${stdout.trim()}; agent-task needs git ${MIN_GIT.join(".")} or later`,
    };
  } catch (error) {
    return { name: "git", status: "fail", detail: `git could not be run: ${errorMessage(error)}` };
  }
}

async function checkoutCheck(git: Git, settings: Settings | undefined): Promise<Check> {
  const top = (await git.tryRun(["rev-parse", "--show-toplevel"]))?.trim();
  if (top)
    return {
      name: "repo-path",
      status: "ok",
      detail: `${git.dir}: a git clone (the workspace is a worktree of it)`,
    };
  return {
    name: "repo-path",
    status: settings?.mode === "worktree" ? "fail" : "warn",
    detail: `${git.dir} is not a git clone${settings?.mode === "worktree" ? " and mode is worktree" : "; the workspace will be a plain copy of it (mode: auto)"}`,
  };
}

async function agentCheck(settings: Settings, env: Record<string, string>): Promise<Check> {
  const name = `agent (${settings.agent})`;
  const [program] = agentArgv({
    agent: settings.agent,
    command: settings.agentCommand,
    args: [],
    model: "",
    prompt: "",
  });
  if (!program) return { name, status: "fail", detail: "no agent command" };
  const found = await findProgram(program, settings.repoPath, env.PATH ?? "");
  if (!found) {
    const hint = installHint(settings.agent);
    return {
      name,
      status: "fail",
      detail: `\`${program}\` is not on PATH and is not an existing file${hint ? `. ${hint}` : ""}`,
    };
  }
  if (settings.agent === "custom") return { name, status: "ok", detail: `${program} at ${found}` };
  try {
    // stdin closed: some CLIs wait for input when it is open.
    const { stdout } = await execFileAsync(found, ["--version"], { env, timeout: 20_000 });
    return { name, status: "ok", detail: `${stdout.trim().split("\n")[0]} at ${found}` };
  } catch (error) {
    return {
      name,
      status: "warn",
      detail: `found at ${found}, but \`${program} --version\` failed: ${errorMessage(error).split("\n")[0]}`,
    };
  }
}

/** The program as the agent's process would find it: a path (relative to the clone) or a name on PATH. */
async function findProgram(program: string, cwd: string, searchPath: string): Promise<string | undefined> {
  if (!program.includes("/")) return findOnPath(program, searchPath);
  const file = path.resolve(cwd, program);
  return (await isExecutableFile(file)) ? file : undefined;
}

async function writableCheck(root: string): Promise<Check> {
  const name = "workspaces-root";
  try {
    await mkdir(root, { recursive: true });
    const probe = await mkdtemp(path.join(root, ".doctor-"));
    await rm(probe, { recursive: true, force: true });
    return { name, status: "ok", detail: `${root} is writable` };
  } catch (error) {
    return { name, status: "fail", detail: `${root} is not writable: ${errorMessage(error)}` };
  }
}

async function gitHubChecks(
  token: string,
  repository: ResolvedRepository,
  env: Environment,
  settings: Settings | undefined,
): Promise<Check[]> {
  const fullName = `${repository.owner}/${repository.repo}`;
  let access: RepositoryAccess;
  try {
    access = await readRepositoryAccess({
      token,
      apiUrl: env.GITHUB_API_URL || "https://api.github.com",
      owner: repository.owner,
      repo: repository.repo,
    });
  } catch (error) {
    return [{ name: "repository", status: "fail", detail: `${fullName}: ${errorMessage(error)}` }];
  }
  const checks: Check[] = [
    { name: "repository", status: "ok", detail: `${fullName} (${repository.source.from})` },
    {
      name: "default branch",
      status: "ok",
      detail: `${access.defaultBranch}${settings?.baseBranch ? `; runs start from base-branch ${settings.baseBranch}` : ""}`,
    },
  ];
  for (const verdict of judgeTokenPermissions(access)) {
    checks.push({ name: `permission ${verdict.permission}`, status: verdict.status, detail: verdict.detail });
  }
  const setting = access.actionsCanCreatePulls;
  checks.push(
    "unknown" in setting
      ? {
          name: "actions may open PRs",
          status: "unknown",
          detail: `could not read the repository's workflow permissions (${setting.unknown}); reading them needs admin rights`,
        }
      : setting.value
        ? {
            name: "actions may open PRs",
            status: "ok",
            detail: `allowed (default GITHUB_TOKEN permissions: ${setting.defaultPermissions})`,
          }
        : {
            name: "actions may open PRs",
            status: "warn",
            detail:
              'not allowed: the action cannot open pull requests with GITHUB_TOKEN; enable "Allow GitHub Actions to create and approve pull requests" (Settings → Actions → General) or give it another token',
          },
  );
  return checks;
}

function settingsRows(inputs: ResolvedInputs, repository: ResolvedRepository | undefined): string[][] {
  const rows: string[][] = [["setting", "value", "from"]];
  if (repository) rows.push(["repository", `${repository.owner}/${repository.repo}`, repository.source.from]);
  for (const key of Object.keys(INPUTS) as InputKey[]) {
    const source = inputs.sources[key];
    const from =
      source.kind === "default" && key !== "githubToken" ? `default (${source.from})` : source.from;
    rows.push([INPUTS[key], displayValue(key, inputs.raw), from]);
  }
  return rows;
}

const MARKS: Record<CheckStatus, [string, string]> = {
  ok: ["ok", "32"],
  warn: ["warn", "33"],
  fail: ["FAIL", "31"],
  unknown: ["?", "2"],
};

function print(io: CliIo, env: Environment, checks: Check[], settings: string[][]): void {
  const colour = isTerminal(io.stdout, env) && !env.NO_COLOR;
  const mark = (status: CheckStatus) => {
    const [text, code] = MARKS[status];
    const padded = text.padEnd(4);
    return colour ? `\x1b[${code}m${padded}\x1b[0m` : padded;
  };
  const width = Math.max(...checks.map((check) => check.name.length));
  const lines = checks.map(
    (check) => `  ${mark(check.status)}  ${check.name.padEnd(width)}  ${check.detail}`,
  );
  const failed = checks.filter((check) => check.status === "fail").length;
  const unknown = checks.filter((check) => check.status === "unknown").length;
  const table = formatTable(settings)
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
  io.stdout.write(
    `agent-task ${packageVersion()} doctor\n\nChecks\n${lines.join("\n")}\n\nSettings\n${table}\n\n` +
      `${failed > 0 ? `${failed} check(s) failed.` : "All checks passed."}${unknown > 0 ? ` ${unknown} could not be determined (?).` : ""}\n`,
  );
}
