import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { errorMessage, InputError } from "../../core/errors.js";
import { Git } from "../../core/git.js";
import { parseIssueFile } from "../../core/issue/issue-file.js";
import { localGitHub, localThread } from "../../core/local-run.js";
import { emptyOutputs, OUTPUT_NAMES, type Outputs } from "../../core/report/outputs.js";
import { type RunContext, type RunResult, runTask } from "../../core/run-task.js";
import { MIN_SECRET_LENGTH, withoutSecrets } from "../../core/secrets.js";
import { parseSettings, type Settings } from "../../core/settings.js";
import { agentBranchName } from "../../core/workspace/naming.js";
import { createOctokitGitHub } from "../../github/octokit-github.js";
import {
  booleanOption,
  type OptionSpec,
  type ParsedArguments,
  stringOption,
  UsageError,
} from "../arguments.js";
import {
  cliDefaults,
  inputOptionSpecs,
  type ResolvedInputs,
  resolveInputs,
  withSource,
} from "../cli-settings.js";
import { type CliIo, type Command, type Environment, EXIT, isTerminal, reportError } from "../command.js";
import { formatTable } from "../format.js";
import {
  branchDiff,
  checkBranchFree,
  localRepositoryName,
  pushRemote,
  resolveLocalBase,
} from "../local-repository.js";
import {
  parseRepositoryName,
  REPOSITORY_OPTION,
  type RepositoryName,
  resolveRepository,
} from "../repository.js";
import { createTerminalLogger, printable, type TerminalLogger } from "../terminal-logger.js";

const RUN_OPTIONS: OptionSpec[] = [
  {
    name: "issue-file",
    kind: "string",
    valueName: "FILE",
    description:
      "run without GitHub on the issue in FILE (Markdown: first heading = title; or a workspace's issue.json)",
  },
  REPOSITORY_OPTION,
  { name: "json", kind: "boolean", description: "print the outputs as one JSON object on stdout" },
  ...inputOptionSpecs(),
];

/** Lines of the local run's diff printed at the end; the rest is one `git diff` away. */
const MAX_DIFF_LINES = 400;

export const runCommand: Command = {
  name: "run",
  summary: "work on one issue: workspace, agent, commit, pull request",
  usage: "agent-task run (--issue N | --issue-file FILE) [options]",
  description: `
Runs the agent-task pipeline on one issue: the same core and the same options as the GitHub
Action (each input of action.yml is a flag of the same name, or an AGENT_TASK_* variable such as
AGENT_TASK_TIMEOUT_MINUTES; a flag wins over a variable).

With --issue N it reads issue N of the repository, makes the workspace from the clone in
--repo-path (default: the current directory), runs the agent, pushes the agent branch and opens
or updates the pull request. The token comes from GITHUB_TOKEN or GH_TOKEN; GITHUB_SERVER_URL and
GITHUB_API_URL point it at GitHub Enterprise Server.

With --issue-file FILE it needs no token and no network: the workspace is made from a local
branch (--base-branch, default: the branch checked out), and the agent's work is committed on the
local agent branch, shown as a diff, and not pushed. FILE is Markdown (the first heading is the
title, the rest the body) or the .agent_context/issue.json of a kept workspace, to reproduce a
CI run. --issue N names the issue's number (default: issue.json's, else 0).

Booleans: --draft, --draft=true|false, --no-draft. --agent-env KEY=VALUE and --pr-label LABEL
may be repeated.`,
  options: RUN_OPTIONS,
  maxPositionals: 0,
  run,
};

async function run(parsed: ParsedArguments, env: Environment, io: CliIo): Promise<number> {
  const json = booleanOption(parsed, "json") === true;
  const out = json ? io.stderr : io.stdout;
  const logger = createTerminalLogger({
    out,
    err: io.stderr,
    decorate: isTerminal(out, env),
    colour: isTerminal(out, env) && !env.NO_COLOR,
    workflowCommands: env.GITHUB_ACTIONS === "true",
    debug: Boolean(env.AGENT_TASK_DEBUG),
  });
  let prepared: PreparedRun;
  try {
    prepared = await prepareRun(parsed, env, io, logger);
  } catch (error) {
    logger.close();
    return reportError("run", error, io);
  }
  const cancel = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    logger.warning(`Received ${signal}: stopping the agent and saving its work (again to quit at once)`);
    cancel.abort();
  };
  // Once: a second Ctrl-C finds no handler and ends the process at once.
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let result: RunResult;
  try {
    result = await runTask({ ...prepared.context, cancelSignal: cancel.signal });
  } catch (error) {
    logger.close();
    if (json) io.stdout.write(`${JSON.stringify(emptyOutputs())}\n`);
    return reportError("run", error, io);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  logger.close();
  if (json) io.stdout.write(`${JSON.stringify(result.outputs)}\n`);
  await report(result, prepared, out, logger);
  if (result.failure) {
    logger.error(result.failure);
    return EXIT.failed;
  }
  return EXIT.ok;
}

interface PreparedRun {
  context: RunContext;
  /** Set for a run without GitHub: where the branch is and what it started from. */
  local?: { git: Git; base: string };
}

async function prepareRun(
  parsed: ParsedArguments,
  env: Environment,
  io: CliIo,
  logger: TerminalLogger,
): Promise<PreparedRun> {
  const inputs = resolveInputs(parsed, env, cliDefaults(io.cwd));
  for (const key of ["repoPath", "workspacesRoot"] as const) {
    inputs.raw[key] = path.resolve(io.cwd, inputs.raw[key]!);
  }
  const issueFile = stringOption(parsed, "issue-file");
  const repositoryFlag = stringOption(parsed, "repository");
  const repository =
    repositoryFlag === undefined
      ? undefined
      : { value: repositoryFlag, spelling: parsed.spelling.get("repository") ?? "--repository" };
  return issueFile === undefined
    ? prepareGitHubRun(inputs, repository, env, logger)
    : prepareLocalRun(path.resolve(io.cwd, issueFile), inputs, repository, env, logger);
}

function settingsFrom(inputs: ResolvedInputs, requireToken: boolean): Settings {
  try {
    return parseSettings(inputs.raw, { requireToken });
  } catch (error) {
    throw withSource(error, inputs.sources);
  }
}

function maskSecrets(settings: Settings, logger: TerminalLogger): void {
  logger.mask(settings.token);
  for (const value of Object.values(settings.agentEnv))
    if (value.length >= MIN_SECRET_LENGTH) logger.mask(value);
}

async function prepareGitHubRun(
  inputs: ResolvedInputs,
  repositoryFlag: { value: string; spelling: string } | undefined,
  env: Environment,
  logger: TerminalLogger,
): Promise<PreparedRun> {
  if (!inputs.raw.githubToken) {
    throw new InputError(
      "no token: set GITHUB_TOKEN (or GH_TOKEN) to a token that can push and open pull requests; a run on an --issue-file needs none",
    );
  }
  const settings = settingsFrom(inputs, true);
  maskSecrets(settings, logger);
  if (!settings.issueNumber) {
    throw new UsageError("--issue N is required (or --issue-file FILE for a run without GitHub)");
  }
  const git = new Git(settings.repoPath, withoutSecrets(env));
  const { owner, repo } = await resolveRepository({ flag: repositoryFlag, env, git });
  const serverUrl = (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  const apiUrl = env.GITHUB_API_URL || "https://api.github.com";
  // Inside a GitHub Actions step the run is that workflow run; elsewhere it gets an id of its own.
  const runId = env.GITHUB_RUN_ID || `cli${Date.now()}`;
  return {
    context: {
      settings,
      issueNumber: settings.issueNumber,
      run: {
        owner,
        repo,
        serverUrl,
        runId,
        runAttempt: env.GITHUB_RUN_ID ? env.GITHUB_RUN_ATTEMPT || "1" : "1",
        runUrl: env.GITHUB_RUN_ID ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : undefined,
      },
      github: createOctokitGitHub({ token: settings.token, apiUrl, owner, repo, logger }),
      git,
      logger,
      hostEnv: { ...env },
    },
  };
}

async function prepareLocalRun(
  file: string,
  inputs: ResolvedInputs,
  repositoryFlag: { value: string; spelling: string } | undefined,
  env: Environment,
  logger: TerminalLogger,
): Promise<PreparedRun> {
  const text = await readFile(file, "utf8").catch((error: unknown) => {
    throw new InputError(`cannot read --issue-file ${file}: ${errorMessage(error)}`);
  });
  const issue = parseIssueFile(text, path.basename(file));
  const settings = settingsFrom(inputs, false);
  maskSecrets(settings, logger);
  const git = new Git(settings.repoPath, withoutSecrets(env));
  if (settings.mode !== "directory" && !(await git.tryRun(["rev-parse", "--git-dir"]))) {
    throw new InputError(
      `${settings.repoPath} is not a git repository; a run on an --issue-file works in a local clone (--repo-path), or with --mode directory`,
    );
  }
  const number = settings.issueNumber ?? issue.number ?? 0;
  if (settings.mode !== "directory") {
    await checkBranchFree(git, agentBranchName(settings.branchPrefix, settings.agent, number));
  }
  const base =
    settings.mode === "directory"
      ? (settings.baseBranch ?? issue.baseBranch ?? "")
      : await resolveLocalBase(git, { flag: settings.baseBranch, fromIssueFile: issue.baseBranch });
  const { owner, repo } = await localRepository(
    repositoryFlag,
    issue.repository,
    env,
    git,
    settings.repoPath,
  );
  if (!settings.prompt && issue.instructions) {
    logger.info("Using the instructions of the issue file as the prompt");
  }
  return {
    context: {
      settings: { ...settings, prompt: settings.prompt || issue.instructions || "" },
      issueNumber: number,
      run: {
        owner,
        repo,
        serverUrl: (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, ""),
        runId: `local${Date.now()}`,
        runAttempt: "1",
      },
      github: localGitHub(
        localThread(issue, { number, owner, repo, baseBranch: base, source: pathToFileURL(file).href }),
      ),
      git,
      logger,
      hostEnv: { ...env },
      local: true,
    },
    local: { git, base },
  };
}

/** The repository a local run names in the context: asked for, from issue.json, from origin, else local/<folder>. */
async function localRepository(
  flag: { value: string; spelling: string } | undefined,
  fromIssueFile: string | undefined,
  env: Environment,
  git: Git,
  repoPath: string,
): Promise<RepositoryName> {
  if (flag) return parseRepositoryName(flag.value, flag.spelling);
  if (fromIssueFile) {
    try {
      return parseRepositoryName(fromIssueFile, "issue.json's `repository`");
    } catch {
      // not a GitHub name: fall through to the clone's own
    }
  }
  return resolveRepository({ flag: undefined, env, git }).catch(() => localRepositoryName(repoPath));
}

/** The final table, then for a local run the diff and how to push it. */
async function report(
  result: RunResult,
  prepared: PreparedRun,
  out: NodeJS.WritableStream,
  logger: TerminalLogger,
): Promise<void> {
  out.write(`\n${outputTable(result.outputs)}\n`);
  const { local } = prepared;
  const branch = result.outputs.branch;
  const head = result.outputs["head-sha"];
  if (!local || !branch || !head) {
    if (local && result.outcome === "completed" && result.outputs["env-dir"]) {
      out.write(`\nThe changes are in ${result.outputs["env-dir"]}/workdir; nothing was pushed.\n`);
    }
    return;
  }
  try {
    const diff = await branchDiff(local.git, local.base, head, MAX_DIFF_LINES);
    out.write(`\n${printable(diff.stat)}\n\n`);
    for (const line of diff.patch) out.write(`${printable(line)}\n`);
    if (diff.omitted > 0) {
      out.write(`… ${diff.omitted} more lines: git diff ${local.base}...${branch}\n`);
    }
  } catch (error) {
    logger.warning(`Could not show the diff: ${errorMessage(error)}`);
  }
  const remote = (await pushRemote(local.git)) ?? "<remote>";
  out.write(
    `\nOutcome ${result.outcome}: the work is committed on branch ${branch} (${head.slice(0, 7)}) of ${local.git.dir}; nothing was pushed.\n` +
      `To publish it: git -C ${quote(local.git.dir)} push ${remote} ${branch}\n`,
  );
}

/** The outputs that are set, one line each; the agent's summary is its text, so it is made inert. */
function outputTable(outputs: Outputs): string {
  const oneLine = (text: string) => {
    const line = printable(text.replace(/\s+/g, " ")).trim();
    return line.length > 200 ? `${line.slice(0, 199)}…` : line;
  };
  return formatTable(
    OUTPUT_NAMES.filter((name) => outputs[name] !== "").map((name) => [name, oneLine(outputs[name])]),
  );
}

function quote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
