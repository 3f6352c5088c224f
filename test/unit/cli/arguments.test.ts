import { describe, expect, it } from "vitest";
import { closest, type OptionSpec, parseArguments, UsageError } from "../../../src/cli/arguments.js";

const SPECS: OptionSpec[] = [
  { name: "dry-run", kind: "boolean", description: "" },
  { name: "draft", kind: "boolean", description: "" },
  { name: "model", kind: "string", description: "" },
  { name: "issue-number", kind: "string", aliases: ["issue"], valueName: "N", description: "" },
  { name: "agent-env", kind: "list", valueName: "KEY=VALUE", description: "" },
  { name: "pr-labels", kind: "list", aliases: ["pr-label"], description: "" },
];

function parse(args: string[], maxPositionals = 0) {
  return parseArguments(args, SPECS, { command: "run", maxPositionals });
}

function usageError(args: string[]): string {
  try {
    parse(args);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a UsageError for ${args.join(" ")}`);
}

describe("booleans", () => {
  it.each<[string[], boolean]>([
    [["--dry-run"], true],
    [["--dry-run=true"], true],
    [["--dry-run=True"], true],
    [["--dry-run=TRUE"], true],
    [["--dry-run=false"], false],
    [["--dry-run=False"], false],
    [["--no-dry-run"], false],
    [["--dry-run", "--no-dry-run"], false],
    [["--no-dry-run", "--dry-run"], true],
  ])("%j sets dry-run to %s", (args, expected) => {
    expect(parse(args).values.get("dry-run")).toBe(expected);
  });

  it("leaves an unset boolean unset, so the environment or the default decides", () => {
    expect(parse([]).values.has("dry-run")).toBe(false);
  });

  it("remembers how the flag was spelled, for messages and doctor", () => {
    expect(parse(["--no-draft"]).spelling.get("draft")).toBe("--no-draft");
  });

  it("refuses a value other than true or false", () => {
    expect(usageError(["--dry-run=yes"])).toMatch(/--dry-run takes true or false.*got `yes`/);
  });

  it("refuses a value after --no-flag", () => {
    expect(usageError(["--no-draft=true"])).toContain("--no-draft takes no value");
  });

  it("does not read `--dry-run false` as dry run on: the stray word is an error that says how", () => {
    const message = usageError(["--dry-run", "false"]);
    expect(message).toContain("unexpected argument `false`");
    expect(message).toContain("--dry-run=false");
    expect(message).toContain("--no-dry-run");
  });

  it("has no --no- form for options that are not booleans", () => {
    expect(usageError(["--no-model"])).toContain("unknown option `--no-model`");
  });
});

describe("values", () => {
  it("takes a value after = or as the next argument", () => {
    expect(parse(["--model=opus"]).values.get("model")).toBe("opus");
    expect(parse(["--model", "opus"]).values.get("model")).toBe("opus");
  });

  it("takes the next argument even when it starts with a dash", () => {
    expect(parse(["--model", "-x"]).values.get("model")).toBe("-x");
  });

  it("keeps an explicitly empty value", () => {
    expect(parse(["--model="]).values.get("model")).toBe("");
  });

  it("keeps everything after the first = in the value", () => {
    expect(parse(["--agent-env=A=b=c"]).values.get("agent-env")).toEqual(["A=b=c"]);
  });

  it("lets the last of a repeated single-value option win", () => {
    expect(parse(["--model", "a", "--model", "b"]).values.get("model")).toBe("b");
  });

  it("collects every value of a repeatable option, in order", () => {
    expect(parse(["--agent-env", "A=1", "--agent-env=B=2"]).values.get("agent-env")).toEqual(["A=1", "B=2"]);
  });

  it("files aliases under the option's name", () => {
    const parsed = parse(["--issue", "12", "--pr-label", "a", "--pr-labels", "b,c"]);
    expect(parsed.values.get("issue-number")).toBe("12");
    expect(parsed.spelling.get("issue-number")).toBe("--issue");
    expect(parsed.values.get("pr-labels")).toEqual(["a", "b,c"]);
  });

  it("says which value is missing", () => {
    expect(usageError(["--issue"])).toBe("--issue needs a value: --issue N");
  });
});

describe("options, help and positionals", () => {
  it("names an unknown option and suggests the nearest one", () => {
    expect(usageError(["--dryrun"])).toBe("unknown option `--dryrun` (did you mean --dry-run?)");
    expect(usageError(["--frobnicate"])).toBe("unknown option `--frobnicate`");
  });

  it("knows no short options besides -h", () => {
    expect(usageError(["-x"])).toContain("unknown option `-x`");
    expect(parse(["-h"]).help).toBe(true);
    expect(parse(["--help"]).help).toBe(true);
  });

  it("refuses arguments a command does not take", () => {
    expect(usageError(["stray"])).toContain("`agent-task run` takes no arguments besides its options");
  });

  it("takes everything after -- as positionals", () => {
    expect(parse(["--", "--draft"], 1).positionals).toEqual(["--draft"]);
  });
});

describe("closest", () => {
  it("suggests only near misses", () => {
    expect(closest("rnu", ["run", "plan", "gc", "doctor"])).toBe("run");
    expect(closest("doctr", ["run", "plan", "gc", "doctor"])).toBe("doctor");
    expect(closest("deploy", ["run", "plan", "gc", "doctor"])).toBeUndefined();
  });
});
