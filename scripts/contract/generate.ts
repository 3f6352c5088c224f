// One copy of the contract: action.yml holds the inputs and outputs, docs/outcomes.yml the outcomes
// table, src/core/agent/presets.ts the presets. Everything else that repeats them (the generated
// module the code reads its defaults from, the README's tables, docs/presets.md) is rendered here,
// written by `npm run contract` and compared by test/docs/contract.test.ts.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { PRESETS } from "../../src/core/agent/presets.js";

export const REGENERATE_COMMAND = "npm run contract";
export const GENERATED_MODULE = "src/core/action-inputs.generated.ts";
export const OUTCOMES_SOURCE = "docs/outcomes.yml";

export interface InputSpec {
  readonly name: string;
  readonly default: string;
  readonly description: string;
  readonly required: boolean;
}

export interface OutputSpec {
  readonly name: string;
  readonly description: string;
}

export interface OutcomeRow {
  readonly outcome: string;
  readonly when: string;
  readonly pushed: string;
  readonly environment: string;
  readonly step: string;
}

export interface Contract {
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly OutputSpec[];
  readonly outcomes: readonly OutcomeRow[];
}

export interface GeneratedFile {
  /** Relative to the repository root. */
  readonly path: string;
  readonly content: string;
}

export async function readContract(root: string): Promise<Contract> {
  const manifest = parseActionManifest(await readFile(path.join(root, "action.yml"), "utf8"));
  const outcomes = parseOutcomes(await readFile(path.join(root, OUTCOMES_SOURCE), "utf8"));
  return { ...manifest, outcomes };
}

/** The inputs and outputs of an action.yml, in file order; throws on anything the tables cannot show. */
export function parseActionManifest(text: string): Pick<Contract, "inputs" | "outputs"> {
  const manifest = asRecord(parse(text), "action.yml");
  const inputs = Object.entries(asRecord(manifest.inputs, "action.yml inputs")).map(([name, raw]) => {
    const spec = asRecord(raw, `action.yml input ${name}`);
    return {
      name,
      // The runner hands every input over as a string; an unset default is the empty string.
      default: spec.default === undefined || spec.default === null ? "" : String(spec.default),
      description: requiredText(spec.description, `action.yml input ${name}: description`),
      required: spec.required === true || spec.required === "true",
    };
  });
  const outputs = Object.entries(asRecord(manifest.outputs, "action.yml outputs")).map(([name, raw]) => ({
    name,
    description: requiredText(
      asRecord(raw, `action.yml output ${name}`).description,
      `action.yml output ${name}`,
    ),
  }));
  return { inputs, outputs };
}

export function parseOutcomes(text: string): OutcomeRow[] {
  const rows = parse(text) as unknown;
  if (!Array.isArray(rows)) throw new Error(`${OUTCOMES_SOURCE} must be a list of rows`);
  return rows.map((raw, index) => {
    const row = asRecord(raw, `${OUTCOMES_SOURCE} row ${index + 1}`);
    const field = (key: keyof OutcomeRow) =>
      requiredText(row[key], `${OUTCOMES_SOURCE} row ${index + 1}: ${key}`);
    return {
      outcome: field("outcome"),
      when: field("when"),
      pushed: field("pushed"),
      environment: field("environment"),
      step: field("step"),
    };
  });
}

/** The values listed in the `outcome` output's description, in backticks. */
export function outcomesInDescription(contract: Pick<Contract, "outputs">): string[] {
  const outcome = contract.outputs.find((output) => output.name === "outcome");
  return [...(outcome?.description ?? "").matchAll(/`([a-z-]+)`/g)].map((match) => match[1]!);
}

// ---------------------------------------------------------------------------------------------------------
// The generated module
// ---------------------------------------------------------------------------------------------------------

export function renderGeneratedModule(contract: Pick<Contract, "inputs" | "outputs">): string {
  const entry = (fields: Array<[string, string | boolean]>) =>
    fields.map(([key, value]) => `    ${key}: ${JSON.stringify(value)},`).join("\n");
  const inputs = contract.inputs
    .map(
      (input) =>
        `  ${propertyName(input.name)}: {\n${entry([
          ["name", input.name],
          ["default", input.default],
          ["description", input.description],
          ["required", input.required],
        ])}\n  },`,
    )
    .join("\n");
  const outputs = contract.outputs
    .map(
      (output) =>
        `  ${propertyName(output.name)}: {\n${entry([
          ["name", output.name],
          ["description", output.description],
        ])}\n  },`,
    )
    .join("\n");
  return `// Generated from action.yml by \`${REGENERATE_COMMAND}\` (scripts/contract.ts). Do not edit: change
// action.yml and run the command again; test/docs/contract.test.ts fails while they differ.

/** An input of action.yml; \`default\` is the string the runner passes when the workflow sets none. */
export interface ActionInput {
  readonly name: string;
  readonly default: string;
  readonly description: string;
  readonly required: boolean;
}

/** An output of action.yml. */
export interface ActionOutput {
  readonly name: string;
  readonly description: string;
}

/** Every input of action.yml, by name, in the file's order. */
export const ACTION_INPUTS = {
${inputs}
} as const satisfies Record<string, ActionInput>;

/** Every output of action.yml, by name, in the file's order. */
export const ACTION_OUTPUTS = {
${outputs}
} as const satisfies Record<string, ActionOutput>;

export type ActionInputName = keyof typeof ACTION_INPUTS;
export type ActionOutputName = keyof typeof ACTION_OUTPUTS;
`;
}

/** A property name as written by hand: quoted only when it is not an identifier. */
function propertyName(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

// ---------------------------------------------------------------------------------------------------------
// Markdown tables
// ---------------------------------------------------------------------------------------------------------

export function renderInputsTable(inputs: readonly InputSpec[]): string {
  return table(
    ["input", "default", "meaning"],
    inputs.map((input) => [
      `\`${input.name}\`${input.required ? " (required)" : ""}`,
      input.default === "" ? "(empty)" : code(input.default),
      input.description,
    ]),
  );
}

export function renderOutputsTable(outputs: readonly OutputSpec[]): string {
  return table(
    ["output", "meaning"],
    outputs.map((output) => [`\`${output.name}\``, output.description]),
  );
}

export function renderOutcomesTable(rows: readonly OutcomeRow[]): string {
  return table(
    ["outcome", "when", "pushed", "environment", "step"],
    rows.map((row) => [`\`${row.outcome}\``, row.when, row.pushed, row.environment, row.step]),
  );
}

type PresetName = keyof typeof PRESETS;

const PROMPT = "PROMPT";
const MODEL = "MODEL";

/**
 * The command line a preset runs, from its own flags: the arguments that appear only when a model
 * is given are shown in brackets where the preset puts them.
 */
export function presetCommandLine(name: PresetName): string {
  const preset = PRESETS[name];
  const without = preset.flags(PROMPT, "");
  const withModel = preset.flags(PROMPT, MODEL);
  let prefix = 0;
  while (prefix < without.length && without[prefix] === withModel[prefix]) prefix++;
  const suffix = without.length - prefix;
  const modelArgs = withModel.slice(prefix, withModel.length - suffix);
  const words = [
    ...preset.program,
    ...without.slice(0, prefix),
    ...(modelArgs.length > 0 ? [`[${modelArgs.join(" ")}]`] : []),
    ...without.slice(prefix),
  ];
  return words.join(" ");
}

/** The variables a preset sets; those it sets only when the runner runs as root are listed apart. */
export function presetEnvironment(name: PresetName): string {
  const preset = PRESETS[name];
  const always = preset.env({ isRoot: false });
  const asRoot = preset.env({ isRoot: true });
  const rootOnly = Object.entries(asRoot).filter(([key]) => !(key in always));
  const list = (entries: Array<[string, string]>) => entries.map(([k, v]) => `\`${k}=${v}\``).join(", ");
  const parts = [];
  if (Object.keys(always).length > 0) parts.push(list(Object.entries(always)));
  if (rootOnly.length > 0) parts.push(`as root also ${list(rootOnly)}`);
  return parts.join("; ") || "(none)";
}

export function renderPresetsTable(): string {
  const names = Object.keys(PRESETS) as PresetName[];
  return table(
    ["`agent`", "command the action runs, then `agent-args`", "environment it sets", "install step"],
    [
      ...names.map((name) => [
        `\`${name}\``,
        code(presetCommandLine(name)),
        presetEnvironment(name),
        code(PRESETS[name].install),
      ]),
      ["`custom`", "`agent-command` as written, then `agent-args`", "(none)", "yours"],
    ],
  );
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

/** One table cell: a single line, with pipes escaped (also inside code spans, as GitHub requires). */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replaceAll("|", "\\|");
}

/** An inline code span that survives backticks in the text. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

// ---------------------------------------------------------------------------------------------------------
// Generated regions of Markdown files
// ---------------------------------------------------------------------------------------------------------

export type RegionName = "inputs" | "outputs" | "outcomes" | "presets";

const REGION_SOURCES: Record<RegionName, string> = {
  inputs: "action.yml",
  outputs: "action.yml",
  outcomes: OUTCOMES_SOURCE,
  presets: "src/core/agent/presets.ts",
};

function regionPattern(name: RegionName): RegExp {
  return new RegExp(`(<!-- contract:${name}\\b[^>]*-->\\n)([\\s\\S]*?)(<!-- /contract:${name} -->)`);
}

/** The text between a region's markers, or undefined when the file has no such region. */
export function readRegion(text: string, name: RegionName): string | undefined {
  return regionPattern(name).exec(text)?.[2];
}

export function replaceRegion(text: string, name: RegionName, content: string, file: string): string {
  const pattern = regionPattern(name);
  if (!pattern.test(text)) {
    throw new Error(`${file} has no <!-- contract:${name} --> … <!-- /contract:${name} --> region`);
  }
  const start = `<!-- contract:${name}: generated from ${REGION_SOURCES[name]} by \`${REGENERATE_COMMAND}\` -->\n`;
  return text.replace(pattern, (_all, _start, _body, end: string) => `${start}${content}\n${end}`);
}

/** Which regions each Markdown file holds. */
export const MARKDOWN_REGIONS: Record<string, RegionName[]> = {
  "README.md": ["presets", "inputs", "outputs", "outcomes"],
  "docs/presets.md": ["presets"],
};

export function renderRegion(contract: Contract, name: RegionName): string {
  switch (name) {
    case "inputs":
      return renderInputsTable(contract.inputs);
    case "outputs":
      return renderOutputsTable(contract.outputs);
    case "outcomes":
      return renderOutcomesTable(contract.outcomes);
    case "presets":
      return renderPresetsTable();
  }
}

const INCLUDE = /(<!-- include:([\w./-]+) -->\n)[\s\S]*?(<!-- \/include:\2 -->)/g;

/** The files a Markdown text shows verbatim between `<!-- include:PATH -->` markers. */
export function includedFiles(text: string): string[] {
  return [...text.matchAll(INCLUDE)].map((match) => match[2]!);
}

/** Replaces each include region with the file it names, as a fenced block. */
export async function expandIncludes(root: string, text: string): Promise<string> {
  const contents = new Map<string, string>();
  for (const file of includedFiles(text)) contents.set(file, await readFile(path.join(root, file), "utf8"));
  return text.replace(INCLUDE, (_all, start: string, file: string, end: string) => {
    const extension = path.extname(file).slice(1);
    const language = extension === "yml" ? "yaml" : extension;
    return `${start}\`\`\`${language}\n${contents.get(file)!.replace(/\n*$/, "\n")}\`\`\`\n${end}`;
  });
}

/** Every generated file, as it should be on disk now. */
export async function generatedFiles(root: string): Promise<GeneratedFile[]> {
  const contract = await readContract(root);
  const files: GeneratedFile[] = [{ path: GENERATED_MODULE, content: renderGeneratedModule(contract) }];
  for (const [file, regions] of Object.entries(MARKDOWN_REGIONS)) {
    let text = await readFile(path.join(root, file), "utf8");
    for (const region of regions) text = replaceRegion(text, region, renderRegion(contract, region), file);
    files.push({ path: file, content: await expandIncludes(root, text) });
  }
  return files;
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${what} must be a mapping`);
  }
  return value as Record<string, unknown>;
}

function requiredText(value: unknown, what: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new Error(`${what} must be non-empty text`);
  return value.trim();
}
