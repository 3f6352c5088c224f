import { describe, expect, it } from "vitest";
import type { RecordedRequest } from "../rig/github-stand-in.js";
import { CLOSING, MENTION } from "../unit/trust/notifying-text.js";
import { fixtureAgent, type Scenario, useScenario } from "./scenario.js";

let scenario: Scenario;
useScenario((started) => {
  scenario = started;
});

/** An agent that reports a final message like Claude Code does, following a JSON script. */
function scriptedAgent(script: { say?: string[]; files?: Record<string, string>; exit?: number }) {
  return { agent: "claude", "agent-command": fixtureAgent("report-result.mjs", JSON.stringify(script)) };
}

/** Every text the action sent to GitHub: comment bodies, pull request titles and bodies. */
function sentTexts(requests: readonly RecordedRequest[]): string[] {
  const texts: string[] = [];
  for (const request of requests) {
    if (request.method === "GET") continue;
    const body = request.body as { body?: string; title?: string } | undefined;
    if (typeof body?.body === "string") texts.push(body.body);
    if (typeof body?.title === "string") texts.push(body.title);
  }
  return texts;
}

describe("nothing the action writes pings or closes on someone else's say-so", () => {
  it("issue text and agent output with @someone and fixes #12: no version of any body notifies or closes", async () => {
    const issue = scenario.addIssue(
      "Thank @someone, fixes #12",
      "Please add thanks.txt. cc @octo-org/everyone; this closes owner/repo#3 and resolves #4.",
    );
    scenario.github.clearRequests();
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: scriptedAgent({
        say: ["Done, @someone. This fixes #12 and closes https://github.com/o/r/issues/9."],
        files: { "thanks.txt": "thanks\n" },
      }),
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(main.outputs.outcome).toBe("pr-opened");

    const texts = sentTexts(scenario.github.requests);
    const pullBodies = scenario.github.requests.filter((r) => r.operationId?.startsWith("pulls/")).length;
    expect(pullBodies).toBeGreaterThan(0);
    expect(texts.length).toBeGreaterThan(3);
    for (const text of texts) {
      expect(text).not.toMatch(MENTION);
      // The pull request's own opening (`Closes #N` in the body, `Resolve #N:` in the title) links
      // it to its issue; nothing else may close anything.
      expect(text.replace(new RegExp(`^(Closes #${issue}\\n|Resolve #${issue}:)`), "")).not.toMatch(CLOSING);
    }
    const pulls = scenario.github.pulls(scenario.owner, scenario.repo);
    const pull = pulls.find((p) => p.number === Number(main.outputs["pr-number"]));
    expect(pull?.title).toMatch(new RegExp(`^Resolve #${issue}: Thank @\u200bsomeone`));
    expect(pull!.body!.startsWith(`Closes #${issue}\n`)).toBe(true);
    expect(pull!.body).toContain("Done, @\u200bsomeone");

    // The commit message carries the title too; a closing keyword there would close #12 on merge.
    const commits = await scenario.git.commits(scenario.owner, scenario.repo, main.outputs.branch!, "main");
    expect(commits.map((commit) => commit.subject)).toEqual([expect.stringContaining("Thank @")]);
    for (const commit of commits) expect(commit.subject).not.toMatch(CLOSING);
  });

  it("the log tail of a failed agent in the status comment is inert too", async () => {
    const issue = scenario.addIssue("A failing agent");
    scenario.github.clearRequests();
    const { main } = await scenario.run({
      issueNumber: issue,
      inputs: scriptedAgent({ say: ["@maintainer it broke, fixes #12"], exit: 3 }),
    });
    expect(main.exitCode).not.toBe(0);
    const [status] = scenario.statusComments(issue);
    expect(status!.body).toContain("it broke");
    for (const text of sentTexts(scenario.github.requests)) {
      expect(text).not.toMatch(MENTION);
      expect(text).not.toMatch(CLOSING);
    }
  });
});

describe("nothing the action writes leaks a secret", () => {
  const AGENT_ENV_SECRET = "agent-env-secret-5f2c9e";
  const STEP_SECRET = "step-env-deploy-token-8d1a7b";
  const TOKEN_SHAPED = "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

  it("an agent that prints an agent-env secret, a step secret and a token-shaped string, then fails", async () => {
    const issue = scenario.addIssue("A leaky agent");
    scenario.github.clearRequests();
    const leak = `key \${env:MODEL_API_KEY} deploy \${env:DEPLOY_TOKEN} and ${TOKEN_SHAPED}`;
    const { main } = await scenario.run({
      issueNumber: issue,
      env: { DEPLOY_TOKEN: STEP_SECRET },
      inputs: {
        ...scriptedAgent({ say: [`log line: ${leak}`, `final message: ${leak}`], exit: 1 }),
        "agent-env": `MODEL_API_KEY=${AGENT_ENV_SECRET}`,
      },
    });
    expect(main.exitCode).not.toBe(0);
    expect(main.outputs.outcome).toBe("canceled");
    // The agent did print them: the test would see them if the action passed them on.
    expect(main.log).toContain(TOKEN_SHAPED);
    expect(main.log).toContain(STEP_SECRET);

    const texts = sentTexts(scenario.github.requests);
    const [status] = scenario.statusComments(issue);
    expect(status!.body).toContain("final message: key ***");
    for (const text of [...texts, status!.body, main.summary, ...Object.values(main.outputs)]) {
      expect(text).not.toContain(AGENT_ENV_SECRET);
      expect(text).not.toContain(STEP_SECRET);
      expect(text).not.toContain(TOKEN_SHAPED);
      expect(text).not.toContain(scenario.token);
    }
    expect(main.summary).toContain("log line: key ***");
  });
});
