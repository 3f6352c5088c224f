import path from "node:path";
import { InputError } from "../../core/errors.js";
import { Git } from "../../core/git.js";
import { withoutSecrets } from "../../core/secrets.js";
import { INPUTS, type InputKey } from "../../core/settings.js";
import { createOctokitGitHub } from "../../github/octokit-github.js";
import { booleanOption, type ParsedArguments, stringOption } from "../arguments.js";
import { cliDefaults, inputOptionSpecs, resolveInputs, withSource } from "../cli-settings.js";
import { type CliIo, type Command, type Environment, EXIT } from "../command.js";
import { liveLease, matrixJson, planIssues } from "../plan.js";
import { REPOSITORY_OPTION, resolveRepository } from "../repository.js";
import { createTerminalLogger } from "../terminal-logger.js";

/** The inputs that shape a plan: which label marks the work, and how agent branches are named. */
const PLAN_INPUTS: InputKey[] = ["triggerLabel", "branchPrefix", "repoPath"];

export const planCommand: Command = {
  name: "plan",
  summary: "list the labelled issues to start, as a strategy.matrix for a fan-out",
  usage: "agent-task plan [--repository OWNER/NAME] [--limit N] [--all]",
  description: `
Prints the open issues that carry the trigger label and that neither a live run holds (the
issue's status comment is its lease) nor an open agent pull request answers, oldest first, as one
line of JSON for a GitHub Actions matrix:

  {"include":[{"issue":12},{"issue":15}]}

What was left out, and why, goes to stderr. The token comes from GITHUB_TOKEN or GH_TOKEN and needs
to read issues, pull requests and (for leases) workflow runs.`,
  options: [
    REPOSITORY_OPTION,
    { name: "limit", kind: "string", valueName: "N", description: "plan at most N issues" },
    {
      name: "all",
      kind: "boolean",
      description: "also plan issues that a live run holds or an agent pull request answers",
    },
    ...inputOptionSpecs().filter((spec) => PLAN_INPUTS.some((key) => INPUTS[key] === spec.name)),
  ],
  maxPositionals: 0,
  run,
};

async function run(parsed: ParsedArguments, env: Environment, io: CliIo): Promise<number> {
  const inputs = resolveInputs(parsed, env, cliDefaults(io.cwd));
  const limit = parseLimit(stringOption(parsed, "limit"));
  if (!inputs.raw.githubToken) {
    throw new InputError("no token: set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the issues");
  }
  const token = inputs.raw.githubToken;
  const triggerLabel = (inputs.raw.triggerLabel ?? "agent").trim();
  const branchPrefix = inputs.raw.branchPrefix ?? "agent/";
  if (!triggerLabel) {
    throw withSource(
      new InputError("input `trigger-label` is empty; name the label that marks work"),
      inputs.sources,
    );
  }
  const flag = stringOption(parsed, "repository");
  const git = new Git(path.resolve(io.cwd, inputs.raw.repoPath ?? io.cwd), withoutSecrets(env));
  const { owner, repo } = await resolveRepository({
    flag: flag === undefined ? undefined : { value: flag, spelling: parsed.spelling.get("repository")! },
    env,
    git,
  });
  const logger = createTerminalLogger({
    out: io.stderr,
    err: io.stderr,
    decorate: false,
    colour: false,
    workflowCommands: env.GITHUB_ACTIONS === "true",
    debug: Boolean(env.AGENT_TASK_DEBUG),
  });
  logger.mask(token);
  const github = createOctokitGitHub({
    token,
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    owner,
    repo,
    logger,
  });
  const all = booleanOption(parsed, "all") === true;
  const [issues, pulls] = await Promise.all([
    github.listOpenIssues(triggerLabel),
    all ? Promise.resolve([]) : github.listOpenPulls(),
  ]);
  const plan = await planIssues({
    issues,
    pulls,
    branchPrefix,
    all,
    limit,
    liveLease: (issue) => liveLease(github, issue),
  });
  io.stdout.write(`${matrixJson(plan.planned)}\n`);
  const list = (numbers: number[]) => numbers.map((n) => `#${n}`).join(", ");
  io.stderr.write(
    `Planned ${plan.planned.length} of ${issues.length} open issue(s) of ${owner}/${repo} labelled \`${triggerLabel}\`${plan.planned.length ? `: ${list(plan.planned)}` : ""}\n`,
  );
  for (const { number, reason } of plan.skipped) io.stderr.write(`  left out #${number}: ${reason}\n`);
  return EXIT.ok;
}

function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    throw new InputError(`--limit must be a positive whole number; got \`${text}\``);
  }
  return Number(text);
}
