import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  type Contract,
  GENERATED_MODULE,
  generatedFiles,
  outcomesInDescription,
  REGENERATE_COMMAND,
  readContract,
} from "../../scripts/contract/generate.js";
import { ACTION_INPUTS, ACTION_OUTPUTS } from "../../src/core/action-inputs.generated.js";
import { OUTCOMES } from "../../src/core/outcome.js";
import { INPUTS, type InputKey, parseSettings, type RawInputs } from "../../src/core/settings.js";
import { REPO_ROOT } from "../rig/action-runner.js";

const contract: Contract = await readContract(REPO_ROOT);
const inputNames = new Set(contract.inputs.map((input) => input.name));
const keyOf = new Map<string, InputKey>(
  Object.entries(INPUTS).map(([key, name]): [string, InputKey] => [name, key as InputKey]),
);

/** What the host supplies in every run; the rest is left to the code's defaults. */
const HOST_INPUTS: RawInputs = {
  githubToken: "ghs_contractTest",
  repoPath: "/checkout",
  workspacesRoot: "/workspaces",
  agentCommand: "my-agent",
};

/** The settings a value of an input gives, or the error the code reports for it. */
function settingsWith(values: Record<string, string>) {
  const raw: RawInputs = { ...HOST_INPUTS };
  for (const [name, value] of Object.entries(values)) raw[keyOf.get(name)!] = value;
  return parseSettings(raw);
}

/** Markdown files a user reads: the README and every page under docs/. */
async function markdownFiles(): Promise<Array<[string, string]>> {
  const docs = (await readdir(path.join(REPO_ROOT, "docs"))).filter((name) => name.endsWith(".md"));
  return Promise.all(
    ["README.md", ...docs.map((name) => `docs/${name}`)].map(
      async (file): Promise<[string, string]> => [file, await readFile(path.join(REPO_ROOT, file), "utf8")],
    ),
  );
}

async function exampleWorkflows(): Promise<Array<[string, string]>> {
  const names = (await readdir(path.join(REPO_ROOT, "examples"))).filter((name) => name.endsWith(".yml"));
  return Promise.all(
    names.map(
      async (name): Promise<[string, string]> => [
        `examples/${name}`,
        await readFile(path.join(REPO_ROOT, "examples", name), "utf8"),
      ],
    ),
  );
}

/** Inline code spans of Markdown, any number of backticks, outside fenced blocks. */
function codeSpans(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, "");
  return [...prose.matchAll(/(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)].map((match) => {
    const text = match[2]!.replace(/\s*\n\s*/g, " ");
    return text.startsWith(" ") && text.endsWith(" ") && text.trim() ? text.slice(1, -1) : text;
  });
}

/** Every `uses: agent-task/agent-task@…` (or `./`) step's `with:` in a YAML document. */
function actionSteps(document: unknown): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      const uses = record.uses;
      if (typeof uses === "string" && /^(agent-task\/agent-task@|\.\/?$)/.test(uses)) {
        found.push((record.with as Record<string, unknown> | undefined) ?? {});
      }
      Object.values(record).forEach(visit);
    }
  };
  visit(document);
  return found;
}

/** Keys of GitHub's workflow syntax that prose may show as `key: value`; anything else must be an input. */
const WORKFLOW_KEYS = new Set([
  "actions",
  "cancel-in-progress",
  "contents",
  "continue-on-error",
  "fail-fast",
  "if",
  "issues",
  "max-parallel",
  "pull-requests",
  "run",
  "runs-on",
  "timeout-minutes",
  "working-directory",
]);

/** Inputs whose default comes from the host (`${{ … }}` in action.yml; the CLI picks its own). */
const hostDefault = (name: string) =>
  contract.inputs.find((input) => input.name === name)!.default.includes("${{");

/** Problems with the inputs a Markdown text names, quotes with a value, or gives a default for. */
function proseProblems(file: string, markdown: string): string[] {
  const problems: string[] = [];
  for (const span of codeSpans(markdown)) {
    // `name: value` with a plain value, as a workflow's `with:` would have it (not JSON shapes).
    const setting = /^([a-z][a-z0-9-]*): ([^[\]{}]+)$/.exec(span);
    if (!setting) continue;
    const [, name, value] = setting as unknown as [string, string, string];
    if (WORKFLOW_KEYS.has(name) && !inputNames.has(name)) continue;
    if (!inputNames.has(name)) {
      problems.push(`${file}: \`${span}\` names an input action.yml does not have`);
    } else if (!value.includes("${{")) {
      try {
        settingsWith({ [name]: value });
      } catch (error) {
        problems.push(`${file}: \`${span}\` is refused by the code: ${(error as Error).message}`);
      }
    }
  }
  for (const match of markdown.matchAll(
    /\binputs? `(?:--)?([a-z][a-z0-9-]*)`|`(?:--)?([a-z][a-z0-9-]*)` input\b/g,
  )) {
    const name = match[1] ?? match[2]!;
    if (!inputNames.has(name))
      problems.push(`${file}: calls \`${name}\` an input; action.yml has no such input`);
  }
  const defaults =
    /`(?:--)?([a-z][a-z0-9-]*)`([^.`]{0,40}?)\bdefaults?(?: to|:)?\s+(?:`([^`]+)`|(\d[\d.]*))/g;
  for (const match of markdown.matchAll(defaults)) {
    const name = match[1]!;
    const stated = match[3] ?? match[4]!;
    if (!inputNames.has(name) || hostDefault(name)) continue;
    const actual = contract.inputs.find((input) => input.name === name)!.default;
    if (stated !== actual) {
      problems.push(`${file}: says \`${name}\` defaults to \`${stated}\`; action.yml says \`${actual}\``);
    }
  }
  return problems;
}

describe("one copy of the contract", () => {
  it.each([GENERATED_MODULE, "README.md", "docs/presets.md"])(
    `%s is what \`${REGENERATE_COMMAND}\` writes from action.yml, docs/outcomes.yml and the presets`,
    async (file) => {
      const expected = (await generatedFiles(REPO_ROOT)).find((generated) => generated.path === file)!;
      const actual = await readFile(path.join(REPO_ROOT, file), "utf8");
      expect(actual, `${file} is stale: run \`${REGENERATE_COMMAND}\``).toBe(expected.content);
    },
  );

  it("the generated module holds every input and output of action.yml", () => {
    expect(Object.values(ACTION_INPUTS)).toEqual(contract.inputs);
    expect(Object.values(ACTION_OUTPUTS)).toEqual(contract.outputs);
  });

  it("the inputs the code reads are exactly action.yml's", () => {
    expect(Object.values(INPUTS).sort()).toEqual([...inputNames].sort());
  });

  it("the code's defaults are action.yml's defaults", () => {
    const fromActionYml: Record<string, string> = {};
    for (const input of contract.inputs) {
      if (!hostDefault(input.name) && input.name !== "agent-command")
        fromActionYml[input.name] = input.default;
    }
    expect(settingsWith({})).toEqual(settingsWith(fromActionYml));
  });

  it("action.yml's outcome output and the outcomes table list exactly the code's outcomes", () => {
    expect(outcomesInDescription(contract)).toEqual([...OUTCOMES]);
    expect(contract.outcomes.map((row) => row.outcome)).toEqual([...OUTCOMES]);
  });
});

describe("the docs agree with action.yml and the code", async () => {
  const markdown = await markdownFiles();
  const examples = await exampleWorkflows();

  it("workflows in the README, docs/ and examples/ give the action only inputs it has, with values it accepts", () => {
    const sources: Array<[string, string]> = [
      ...examples,
      ...markdown.flatMap(([file, text]) =>
        [...text.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((match, i): [string, string] => [
          `${file} yaml block ${i + 1}`,
          match[1]!,
        ]),
      ),
    ];
    const problems: string[] = [];
    let steps = 0;
    for (const [where, text] of sources) {
      for (const inputs of actionSteps(parse(text))) {
        steps++;
        for (const [name, value] of Object.entries(inputs)) {
          if (!inputNames.has(name)) {
            problems.push(`${where}: \`${name}\` is not an input of action.yml`);
          } else if (!String(value).includes("${{")) {
            try {
              settingsWith({ [name]: String(value) });
            } catch (error) {
              problems.push(`${where}: \`${name}: ${value}\` is refused: ${(error as Error).message}`);
            }
          }
        }
      }
    }
    expect(steps).toBeGreaterThanOrEqual(examples.length + 2);
    expect(problems).toEqual([]);
  });

  it("prose names only inputs that exist, with values the code accepts and the defaults action.yml has", () => {
    expect(markdown.flatMap(([file, text]) => proseProblems(file, text))).toEqual([]);
  });

  it("every page under docs/ and every example is linked from the README", async () => {
    const readme = markdown.find(([file]) => file === "README.md")![1];
    const pages = [
      ...markdown.map(([file]) => file).filter((file) => file !== "README.md"),
      ...examples.map(([file]) => file),
    ];
    expect(pages.filter((page) => !readme.includes(`](${page})`))).toEqual([]);
  });

  it("the troubleshooting headings quote messages the code prints", async () => {
    const readme = markdown.find(([file]) => file === "README.md")![1];
    const section = /^## Troubleshooting\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? "";
    const quoted = [...section.matchAll(/^### (.+)$/gm)]
      .map((match) => match[1]!)
      .filter((heading) => /^`.*`$/.test(heading.trim()))
      .flatMap((heading) => codeSpans(heading));
    expect(quoted.length).toBeGreaterThanOrEqual(10);
    const sources = await sourceTexts(path.join(REPO_ROOT, "src"));
    const missing = quoted.filter((message) => {
      const pieces = message.split("…").filter((piece) => piece.trim() !== "");
      return !sources.some((source) => inOrder(source, pieces));
    });
    expect(missing, "README troubleshooting quotes messages the code does not print").toEqual([]);
  });
});

/** The text of every source file, with template-literal escapes undone as the message prints them. */
async function sourceTexts(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith(".ts"));
  return Promise.all(
    files.map(async (entry) =>
      (await readFile(path.join(entry.parentPath, entry.name), "utf8")).replaceAll("\\`", "`"),
    ),
  );
}

function inOrder(text: string, pieces: string[]): boolean {
  let from = 0;
  for (const piece of pieces) {
    const at = text.indexOf(piece, from);
    if (at === -1) return false;
    from = at + piece.length;
  }
  return true;
}
