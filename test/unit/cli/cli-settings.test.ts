import { describe, expect, it } from "vitest";
import { parseArguments } from "../../../src/cli/arguments.js";
import {
  displayValue,
  environmentName,
  inputOptionSpecs,
  isBooleanInput,
  resolveInputs,
  withSource,
} from "../../../src/cli/cli-settings.js";
import { ACTION_INPUTS } from "../../../src/core/action-inputs.generated.js";
import { InputError } from "../../../src/core/errors.js";
import { INPUTS, type InputKey, parseSettings } from "../../../src/core/settings.js";

const SPECS = inputOptionSpecs();

function resolve(args: string[], env: Record<string, string> = {}) {
  const parsed = parseArguments(args, SPECS, { command: "run", maxPositionals: 0 });
  return resolveInputs(parsed, env, {
    repoPath: { value: "/clone", from: "the current directory" },
    workspacesRoot: { value: "/tmp/ws", from: "the system's temp directory" },
  });
}

describe("every input of action.yml is a flag of the same name", () => {
  it("has one option per input but the token, taken from the inputs table", () => {
    const names = SPECS.map((spec) => spec.name);
    expect(names).toEqual(Object.values(INPUTS).filter((name) => name !== "github-token"));
    expect(names).not.toContain("github-token");
  });

  it("makes the inputs whose default is true or false boolean flags", () => {
    const booleans = SPECS.filter((spec) => spec.kind === "boolean").map((spec) => spec.name);
    const expected = Object.values(ACTION_INPUTS)
      .filter((input) => input.default === "true" || input.default === "false")
      .map((input) => input.name);
    expect(booleans.sort()).toEqual(expected.sort());
    expect(isBooleanInput("dryRun")).toBe(true);
    expect(isBooleanInput("timeoutMinutes")).toBe(false);
  });

  it("describes each option as action.yml does", () => {
    const timeout = SPECS.find((spec) => spec.name === "timeout-minutes")!;
    expect(timeout.description).toContain(ACTION_INPUTS["timeout-minutes"].description);
    expect(timeout.description).toContain("Default: 120.");
  });
});

describe("where each setting comes from", () => {
  it("a flag wins over an AGENT_TASK_* variable, which wins over the default", () => {
    const { raw, sources } = resolve(["--timeout-minutes", "5"], {
      AGENT_TASK_TIMEOUT_MINUTES: "9",
      AGENT_TASK_KILL_GRACE_SECONDS: "3",
    });
    expect(raw.timeoutMinutes).toBe("5");
    expect(sources.timeoutMinutes).toEqual({ kind: "flag", from: "--timeout-minutes" });
    expect(raw.killGraceSeconds).toBe("3");
    expect(sources.killGraceSeconds).toEqual({ kind: "env", from: "AGENT_TASK_KILL_GRACE_SECONDS" });
    expect(raw.mode).toBeUndefined();
    expect(sources.mode).toEqual({ kind: "default", from: "action.yml" });
    expect(raw.repoPath).toBe("/clone");
    expect(sources.repoPath).toEqual({ kind: "default", from: "the current directory" });
  });

  it("names the variables after the inputs", () => {
    expect(environmentName("timeout-minutes")).toBe("AGENT_TASK_TIMEOUT_MINUTES");
    expect(environmentName("keep-env")).toBe("AGENT_TASK_KEEP_ENV");
  });

  it("passes booleans on as the strings parseSettings reads", () => {
    const env = { GITHUB_TOKEN: "t", AGENT_TASK_AGENT: "claude" };
    expect(parseSettings(resolve(["--no-comment"], env).raw).comment).toBe(false);
    expect(parseSettings(resolve(["--comment=false"], env).raw).comment).toBe(false);
    expect(parseSettings(resolve(["--dry-run"], env).raw).dryRun).toBe(true);
    expect(parseSettings(resolve([], { ...env, AGENT_TASK_DRAFT: "true" }).raw).draft).toBe(true);
    expect(parseSettings(resolve([], env).raw).comment).toBe(true);
  });

  it("keeps every --agent-env and every --pr-label", () => {
    const { raw } = resolve([
      "--agent-env",
      "A=1",
      "--agent-env",
      "B=two words",
      "--pr-label",
      "x",
      "--pr-labels",
      "y,z",
      "--agent",
      "claude",
    ]);
    const settings = parseSettings({ ...raw, githubToken: "t" });
    expect(settings.agentEnv).toEqual({ A: "1", B: "two words" });
    expect(settings.prLabels).toEqual(["x", "y", "z"]);
  });

  it("reads the token from GITHUB_TOKEN or GH_TOKEN only", () => {
    expect(resolve([], { GITHUB_TOKEN: "a", GH_TOKEN: "b" }).sources.githubToken).toEqual({
      kind: "env",
      from: "GITHUB_TOKEN",
    });
    expect(resolve([], { GH_TOKEN: "b" }).raw.githubToken).toBe("b");
    expect(resolve([], { AGENT_TASK_GITHUB_TOKEN: "c" }).raw.githubToken).toBe("");
  });

  it("treats an empty variable as unset", () => {
    expect(resolve([], { AGENT_TASK_MODEL: "" }).sources.model.kind).toBe("default");
  });

  it("adds where a bad value came from to parseSettings' message", () => {
    const { raw, sources } = resolve([], { AGENT_TASK_DRY_RUN: "yes", GITHUB_TOKEN: "t" });
    let error: unknown;
    try {
      parseSettings({ ...raw, agent: "claude" });
    } catch (caught) {
      error = withSource(caught, sources);
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      "input `dry-run` must be true or false; got `yes` (set by AGENT_TASK_DRY_RUN)",
    );
  });
});

describe("what doctor shows of a value", () => {
  it("hides agent-env values and the token", () => {
    const raw = { agentEnv: "API_KEY=sk-secret\n# note\nOTHER=x", githubToken: "ghp_x" };
    expect(displayValue("agentEnv", raw)).toBe("API_KEY=***, OTHER=***");
    expect(displayValue("githubToken", raw)).toBe("(set)");
    expect(displayValue("githubToken", {})).toBe("(not set)");
  });

  it("shows the default when nothing set the input", () => {
    expect(displayValue("timeoutMinutes" as InputKey, {})).toBe("120");
  });
});
