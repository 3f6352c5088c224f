// `npm run demo [-- --keep]`: the whole job on local stand-ins. A real git remote over HTTP and a
// GitHub API stand-in start on 127.0.0.1, a sample repository and a labelled issue are created, and
// the bundled action runs (main, then post) as the runner would, with a small demo agent, on this
// machine's Node.js: nothing is downloaded. `--keep` leaves what the run produced in a folder.
import { execFile } from "node:child_process";
import { access, cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fixtureAgent, Scenario } from "../test/e2e/scenario.js";
import { removeAllTempDirs } from "../test/rig/temp.js";

/** The oldest Node.js the bundle runs on (package.json `engines`); the runner itself uses Node 24. */
const MIN_NODE_MAJOR = 20;

const USAGE = "Usage: npm run demo [-- --keep]";

async function checkPrerequisites(): Promise<string | undefined> {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < MIN_NODE_MAJOR) {
    return `The demo needs Node.js ${MIN_NODE_MAJOR} or later; this is Node.js ${process.versions.node}. Install a newer Node.js (GitHub's runner runs the action on Node 24).`;
  }
  try {
    await promisify(execFile)("git", ["--version"]);
  } catch {
    return "The demo needs git on PATH (it runs a real git remote and a checkout); install git and run it again.";
  }
  return undefined;
}

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== "--keep");
  if (unknown.length > 0) {
    console.error(`demo: unknown option ${unknown.join(" ")}\n${USAGE}`);
    return 2;
  }
  const keep = args.includes("--keep");
  const problem = await checkPrerequisites();
  if (problem) {
    console.error(`demo: ${problem}`);
    return 1;
  }

  const started = Date.now();
  const scenario = await Scenario.start();
  try {
    const issue = scenario.github.issue(scenario.owner, scenario.repo, scenario.issueNumber);
    console.log(`Node.js ${process.versions.node}, ${(await gitVersion()) ?? "git"}`);
    console.log(`Repository ${scenario.owner}/${scenario.repo} on ${scenario.git.url}`);
    console.log(`Issue #${issue.number} "${issue.title}" labelled "agent"\n`);

    const { main, post } = await scenario.run({
      inputs: {
        "agent-command": fixtureAgent("demo-agent.mjs"),
        // Kept whole, so --keep can show the workspace and the context file.
        ...(keep ? { "keep-env": "always" } : {}),
      },
      node: "machine",
    });
    console.log("── The action's log ──────────────────────────────────────────");
    console.log(main.log.trimEnd());
    console.log("\n── Outputs ───────────────────────────────────────────────────");
    for (const [name, value] of Object.entries(main.outputs)) console.log(`${name.padEnd(14)} ${value}`);

    const [pull] = scenario.github.pulls(scenario.owner, scenario.repo);
    if (pull) {
      const files = await scenario.git.listFiles(scenario.owner, scenario.repo, pull.pull.headRef);
      console.log("\n── What the GitHub stand-in received ─────────────────────────");
      console.log(`Pull request #${pull.number}: ${pull.title}`);
      console.log(`  ${pull.pull.headRef} → ${pull.pull.baseRef}${pull.pull.draft ? " (draft)" : ""}`);
      console.log(`  files on the branch: ${files.join(", ")}`);
      console.log(`\n${(pull.body ?? "").replace(/^/gm, "  │ ")}`);
    }
    const [comment] = scenario.statusComments();
    if (comment) {
      console.log("Status comment on the issue:");
      console.log(`${comment.body.trimEnd().replace(/^/gm, "  │ ")}\n`);
    }
    const writes = scenario.github.writes().map((r) => `${r.method} ${r.path} → ${r.status}`);
    console.log(`API writes (${writes.length}, every request checked against GitHub's OpenAPI description):`);
    for (const write of writes) console.log(`  ${write}`);
    scenario.github.assertAllRequestsValid();

    if (keep) {
      await keepResults({
        envDir: main.outputs["env-dir"] ?? "",
        summary: main.summary,
        statusComment: comment?.body,
        pullRequest: pull ? `# ${pull.title}\n\n${pull.body ?? ""}` : undefined,
      });
    }
    console.log(
      `\nmain exited ${main.exitCode}, post exited ${post.exitCode} on Node.js ${process.versions.node}; demo took ${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
    return main.exitCode === 0 ? 0 : 1;
  } finally {
    await scenario.close();
    await removeAllTempDirs();
  }
}

/** Copies what the run produced into one folder that outlives the demo, and says what is where. */
async function keepResults(results: {
  envDir: string;
  summary: string;
  statusComment: string | undefined;
  pullRequest: string | undefined;
}): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "agent-task-demo-"));
  const kept: Array<[string, string]> = [];
  if (results.envDir) {
    const environment = path.join(dir, "environment");
    await cp(results.envDir, environment, { recursive: true, verbatimSymlinks: true });
    kept.push([environment, "the environment: workdir/ (the agent's worktree), output/, logs/"]);
    const context = path.join(environment, "workdir", ".agent_context", "issue_context.md");
    if (await exists(context)) kept.push([context, "what the agent was given"]);
    const patch = path.join(environment, "output", "changes.patch");
    if (await exists(patch)) {
      await cp(patch, path.join(dir, "changes.diff"));
      kept.push([path.join(dir, "changes.diff"), "the diff the action committed and pushed"]);
    }
  }
  const files: Array<[string, string | undefined, string]> = [
    ["job-summary.md", results.summary, "the job summary ($GITHUB_STEP_SUMMARY)"],
    ["status-comment.md", results.statusComment, "the status comment on the issue"],
    ["pull-request.md", results.pullRequest, "the pull request's title and body"],
  ];
  await mkdir(dir, { recursive: true });
  for (const [name, content, what] of files) {
    if (content === undefined) continue;
    await writeFile(path.join(dir, name), content);
    kept.push([path.join(dir, name), what]);
  }
  console.log(`\n── Kept in ${dir} ──`);
  for (const [file, what] of kept) console.log(`  ${file}\n      ${what}`);
  console.log(`Remove it with: rm -rf ${dir}`);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function gitVersion(): Promise<string | undefined> {
  try {
    return (await promisify(execFile)("git", ["--version"])).stdout.trim();
  } catch {
    return undefined;
  }
}

process.exitCode = await main(process.argv.slice(2));
