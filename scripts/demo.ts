// `npm run demo`: the whole job on local stand-ins. A real git remote over HTTP and a GitHub API
// stand-in start on 127.0.0.1, a sample repository and a labelled issue are created, and the
// bundled action runs (main, then post) as the runner would, with a small demo agent.
import { fixtureAgent, Scenario } from "../test/e2e/scenario.js";
import { removeAllTempDirs } from "../test/rig/temp.js";

const started = Date.now();
const scenario = await Scenario.start();
try {
  const issue = scenario.github.issue(scenario.owner, scenario.repo, scenario.issueNumber);
  console.log(`Repository ${scenario.owner}/${scenario.repo} on ${scenario.git.url}`);
  console.log(`Issue #${issue.number} "${issue.title}" labelled "agent"\n`);

  const { main, post } = await scenario.run({ inputs: { "agent-command": fixtureAgent("demo-agent.mjs") } });
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
  for (const comment of scenario.statusComments()) {
    console.log("Status comment on the issue:");
    console.log(`${comment.body.trimEnd().replace(/^/gm, "  │ ")}\n`);
  }
  const writes = scenario.github.writes().map((r) => `${r.method} ${r.path} → ${r.status}`);
  console.log(`API writes (${writes.length}, every request checked against GitHub's OpenAPI description):`);
  for (const write of writes) console.log(`  ${write}`);
  scenario.github.assertAllRequestsValid();
  console.log(
    `\nmain exited ${main.exitCode}, post exited ${post.exitCode}; demo took ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
  if (main.exitCode !== 0) process.exitCode = 1;
} finally {
  await scenario.close();
  await removeAllTempDirs();
}
