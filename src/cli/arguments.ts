/**
 * The command line's grammar, in one pure function. Node's own `util.parseArgs` reads a boolean
 * only as `--flag` (no `--flag=false`; `--no-flag` only from Node 22.4) and keeps just the last
 * of a repeated option, so options are parsed here:
 *
 * - `--name=value` or `--name value` for a value; a repeatable option collects every value;
 * - `--flag`, `--flag=true|false` and `--no-flag` for a boolean;
 * - `-h` for `--help`, `--` ends the options;
 * - anything else that starts with `-` is an unknown option.
 */

export type OptionKind = "boolean" | "string" | "list";

export interface OptionSpec {
  /** The long name, without the dashes. */
  readonly name: string;
  readonly kind: OptionKind;
  /** Other long names for the same option (`--issue` for `--issue-number`). */
  readonly aliases?: readonly string[];
  /** The placeholder of the value in the help text: N, DIR, KEY=VALUE … */
  readonly valueName?: string;
  readonly description: string;
}

export type OptionValue = boolean | string | string[];

export interface ParsedArguments {
  /** By option name: a boolean, the last value given, or every value of a repeatable option. */
  readonly values: ReadonlyMap<string, OptionValue>;
  /** How each option given was spelled the last time (`--no-draft`, `--issue`), for messages. */
  readonly spelling: ReadonlyMap<string, string>;
  readonly positionals: readonly string[];
  readonly help: boolean;
}

/** Bad usage: reported with exit status 2 and a pointer to the help. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The spellings `action.yml` booleans accept (YAML 1.2 core schema), as parseSettings reads them. */
const TRUE = ["true", "True", "TRUE"];
const FALSE = ["false", "False", "FALSE"];

export function parseArguments(
  args: readonly string[],
  specs: readonly OptionSpec[],
  options: { command: string; maxPositionals: number },
): ParsedArguments {
  const byName = new Map<string, OptionSpec>();
  for (const spec of specs) for (const name of [spec.name, ...(spec.aliases ?? [])]) byName.set(name, spec);
  const values = new Map<string, OptionValue>();
  const spelling = new Map<string, string>();
  const positionals: string[] = [];
  let help = false;
  /** The bare boolean flag just before a positional, for the hint about `--flag false`. */
  let previousBareBoolean: string | undefined;

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const bareBoolean = previousBareBoolean;
    previousBareBoolean = undefined;
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === "-h" || arg === "--help") {
      help = true;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") {
      if (positionals.length >= options.maxPositionals) {
        throw new UsageError(unexpectedArgument(arg, options, bareBoolean));
      }
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith("--")) throw new UsageError(unknownOption(arg, byName));

    const equals = arg.indexOf("=");
    const name = arg.slice(2, equals < 0 ? undefined : equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    const spec = byName.get(name);
    const negated = spec ? undefined : negatedBoolean(name, byName);
    if (negated) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value; got \`${arg}\``);
      values.set(negated.name, false);
      spelling.set(negated.name, `--${name}`);
      continue;
    }
    if (!spec) throw new UsageError(unknownOption(`--${name}`, byName));
    spelling.set(spec.name, `--${name}`);

    if (spec.kind === "boolean") {
      if (inline === undefined) {
        values.set(spec.name, true);
        previousBareBoolean = name;
      } else if (TRUE.includes(inline)) {
        values.set(spec.name, true);
      } else if (FALSE.includes(inline)) {
        values.set(spec.name, false);
      } else {
        throw new UsageError(
          `--${name} takes true or false (or write --${name} / --no-${spec.name}); got \`${inline}\``,
        );
      }
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= args.length) {
        throw new UsageError(`--${name} needs a value: --${name} ${spec.valueName ?? "VALUE"}`);
      }
      value = args[++i]!;
    }
    if (spec.kind === "list") {
      const list = (values.get(spec.name) as string[] | undefined) ?? [];
      values.set(spec.name, [...list, value]);
    } else {
      values.set(spec.name, value);
    }
  }
  return { values, spelling, positionals, help };
}

function negatedBoolean(name: string, byName: Map<string, OptionSpec>): OptionSpec | undefined {
  if (!name.startsWith("no-")) return undefined;
  const spec = byName.get(name.slice(3));
  return spec?.kind === "boolean" ? spec : undefined;
}

function unexpectedArgument(
  arg: string,
  options: { command: string; maxPositionals: number },
  bareBoolean: string | undefined,
): string {
  const base = `unexpected argument \`${arg}\``;
  if (bareBoolean && [...TRUE, ...FALSE].includes(arg)) {
    // `--dry-run false` must not read as "dry run on, and a stray word": say how to write it.
    return `${base}: a boolean option takes its value after "=": --${bareBoolean}=${arg.toLowerCase()}${FALSE.includes(arg) ? ` (or --no-${bareBoolean})` : ""}`;
  }
  return options.maxPositionals === 0
    ? `${base}; \`agent-task ${options.command}\` takes no arguments besides its options`
    : base;
}

function unknownOption(option: string, byName: Map<string, OptionSpec>): string {
  const known = [...byName.keys()].map((name) => `--${name}`);
  const suggestion = closest(option, known);
  return `unknown option \`${option}\`${suggestion ? ` (did you mean ${suggestion}?)` : ""}`;
}

/** The candidate nearest to `word` by edit distance, when it is near enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Typed access to the parsed values. */
export function stringOption(parsed: ParsedArguments, name: string): string | undefined {
  const value = parsed.values.get(name);
  return typeof value === "string" ? value : undefined;
}

export function booleanOption(parsed: ParsedArguments, name: string): boolean | undefined {
  const value = parsed.values.get(name);
  return typeof value === "boolean" ? value : undefined;
}

export function listOption(parsed: ParsedArguments, name: string): string[] {
  const value = parsed.values.get(name);
  return Array.isArray(value) ? value : [];
}
