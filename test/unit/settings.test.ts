import { describe, expect, it } from "vitest";
import { ACTION_INPUTS } from "../../src/core/action-inputs.generated.js";
import { InputError } from "../../src/core/errors.js";
import {
  defaultOf,
  INPUTS,
  type InputKey,
  isValidRefName,
  parseSettings,
  type RawInputs,
} from "../../src/core/settings.js";

/** The inputs a host always provides, plus a working agent, so each test varies one input. */
const BASE: RawInputs = {
  githubToken: "ghs_exampletoken",
  agent: "claude",
  repoPath: "/checkout",
  workspacesRoot: "/tmp/ws",
};

function parse(overrides: RawInputs = {}) {
  return parseSettings({ ...BASE, ...overrides });
}

/** The InputError that parsing these inputs throws. */
function inputError(overrides: RawInputs): InputError {
  try {
    parse(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error(`expected an InputError for ${JSON.stringify(overrides)}`);
}

describe("defaults are the ones action.yml documents", () => {
  it("fills every unset input with action.yml's default, read from the one generated copy", () => {
    const explicit: RawInputs = { ...BASE };
    for (const key of Object.keys(INPUTS) as InputKey[]) {
      if (explicit[key] === undefined) explicit[key] = defaultOf(key);
    }
    expect(parse()).toEqual(parseSettings(explicit));
    for (const key of Object.keys(INPUTS) as InputKey[]) {
      if (!["githubToken", "repoPath", "workspacesRoot"].includes(key)) {
        expect(defaultOf(key), key).toBe(ACTION_INPUTS[INPUTS[key]].default);
      }
    }
  });

  it("turns the defaults into typed settings", () => {
    const number = (name: keyof typeof ACTION_INPUTS) => Number(ACTION_INPUTS[name].default);
    expect(parse()).toMatchObject({
      timeoutMs: number("timeout-minutes") * 60_000,
      killGraceMs: number("kill-grace-seconds") * 1000,
      heartbeatMs: number("heartbeat-seconds") * 1000,
      staleEnvMs: number("stale-env-hours") * 3_600_000,
      comment: (ACTION_INPUTS.comment.default as string) === "true",
      dryRun: (ACTION_INPUTS["dry-run"].default as string) === "true",
      prLabels: [],
      baseBranch: undefined,
      issueNumber: undefined,
      directoryMaxBytes: number("directory-max-mb") * 1024 * 1024,
    });
  });

  it("takes `custom` as the default agent, which then needs `agent-command`", () => {
    const { agent: _, ...withoutAgent } = BASE;
    const error = (() => {
      try {
        parseSettings(withoutAgent);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error?.message).toContain("`agent-command`");
    expect(parseSettings({ ...withoutAgent, agentCommand: "my-agent" }).agent).toBe("custom");
  });
});

describe("`agent` accepts only the presets", () => {
  it.each(["claude", "codex", "gemini"] as const)("accepts %s", (agent) => {
    expect(parse({ agent }).agent).toBe(agent);
  });

  it.each(["gpt", "Claude", "copilot", " "])("refuses %j, naming the input and the presets", (agent) => {
    const { message } = inputError({ agent });
    expect(message).toContain("`agent`");
    for (const preset of ["claude", "codex", "gemini", "custom"]) expect(message).toContain(preset);
  });
});

describe("`agent-command` is required for `custom` and split into argv", () => {
  it("refuses `custom` without a command, naming `agent-command`", () => {
    const { message } = inputError({ agent: "custom" });
    expect(message).toContain("`agent-command`");
    expect(message).toContain("custom");
  });

  it("refuses `custom` with a command that is only blanks", () => {
    expect(inputError({ agent: "custom", agentCommand: "   " }).message).toContain("`agent-command`");
  });

  it("splits the command with shell-like quoting", () => {
    const settings = parse({ agent: "custom", agentCommand: `node "my agent.js" --flag 'a b'` });
    expect(settings.agentCommand).toEqual(["node", "my agent.js", "--flag", "a b"]);
  });

  it("keeps a preset's command override", () => {
    expect(parse({ agent: "codex", agentCommand: "npx codex" }).agentCommand).toEqual(["npx", "codex"]);
  });

  it.each([
    ["agentCommand", "agent-command", "my-agent | tee log"],
    ["agentArgs", "agent-args", "--x && rm -rf /"],
  ] as const)("refuses shell operators in %s, naming `%s`", (key, inputName, line) => {
    const { message } = inputError({ agent: "custom", agentCommand: "agent", [key]: line });
    expect(message).toContain(`\`${inputName}\``);
    expect(message).toMatch(/shell operator/);
  });

  it("splits `agent-args` the same way", () => {
    expect(parse({ agentArgs: `--max-turns 5 --system "be brief"` }).agentArgs).toEqual([
      "--max-turns",
      "5",
      "--system",
      "be brief",
    ]);
  });
});

describe("numbers: positive, decimals allowed", () => {
  it.each([
    ["120", 120 * 60_000],
    ["0.05", 3_000],
    ["1.5", 90_000],
    [".5", 30_000],
    [" 10 ", 600_000],
  ])("`timeout-minutes: %s` is %d ms", (raw, ms) => {
    expect(parse({ timeoutMinutes: raw }).timeoutMs).toBe(ms);
  });

  it.each(["abc", "-5", "0", "1e3", "10m", "1,5", "NaN", "Infinity", "--1"])(
    "`timeout-minutes: %j` is refused with the input's name and what it takes",
    (raw) => {
      const { message } = inputError({ timeoutMinutes: raw });
      expect(message).toContain("`timeout-minutes`");
      expect(message).toMatch(/positive number/);
      expect(message).toMatch(/minutes/);
    },
  );

  it.each([
    ["0", 0],
    ["30", 30_000],
    ["2.5", 2_500],
  ])("`kill-grace-seconds: %s` is %d ms (zero allowed)", (raw, ms) => {
    expect(parse({ killGraceSeconds: raw }).killGraceMs).toBe(ms);
  });

  it.each(["-1", "abc", "1s"])("`kill-grace-seconds: %s` is refused", (raw) => {
    const { message } = inputError({ killGraceSeconds: raw });
    expect(message).toContain("`kill-grace-seconds`");
    expect(message).toMatch(/seconds/);
  });

  it.each([
    ["60", 60_000],
    ["0.5", 500],
  ])("`heartbeat-seconds: %s` is %d ms", (raw, ms) => {
    expect(parse({ heartbeatSeconds: raw }).heartbeatMs).toBe(ms);
  });

  it.each(["0", "-10", "soon"])("`heartbeat-seconds: %s` is refused", (raw) => {
    expect(inputError({ heartbeatSeconds: raw }).message).toContain("`heartbeat-seconds`");
  });

  it.each([
    ["72", 72 * 3_600_000],
    ["0", 0],
    ["0.5", 1_800_000],
  ])("`stale-env-hours: %s` is %d ms (zero turns collection off)", (raw, ms) => {
    expect(parse({ staleEnvHours: raw }).staleEnvMs).toBe(ms);
  });

  it.each(["-1", "3 days"])("`stale-env-hours: %s` is refused", (raw) => {
    const { message } = inputError({ staleEnvHours: raw });
    expect(message).toContain("`stale-env-hours`");
    expect(message).toMatch(/hours/);
  });

  it.each([
    ["200", 200 * 1024 * 1024],
    ["0", 0],
    ["0.5", 512 * 1024],
  ])("`directory-max-mb: %s` is %d bytes (zero: no limit)", (raw, bytes) => {
    expect(parse({ directoryMaxMb: raw }).directoryMaxBytes).toBe(bytes);
  });

  it.each(["-1", "1 GB"])("`directory-max-mb: %s` is refused", (raw) => {
    const { message } = inputError({ directoryMaxMb: raw });
    expect(message).toContain("`directory-max-mb`");
    expect(message).toMatch(/megabytes/);
  });

  // Node's timers hold at most 2^31-1 ms (~24.8 days); a longer delay fires after 1 ms, so an
  // agent given `timeout-minutes: 100000` ("practically no limit") would be killed at once.
  const MAX_TIMER_MS = 2 ** 31 - 1;
  it.each([
    ["timeoutMinutes", "timeout-minutes", "100000", "timeoutMs"],
    ["killGraceSeconds", "kill-grace-seconds", "3000000", "killGraceMs"],
    ["heartbeatSeconds", "heartbeat-seconds", "3000000", "heartbeatMs"],
  ] as const)(
    "a huge %s is refused or capped, never left to overflow a timer",
    (key, inputName, raw, field) => {
      let settings: ReturnType<typeof parse> | undefined;
      try {
        settings = parse({ [key]: raw });
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        expect((error as Error).message).toContain(`\`${inputName}\``);
        return;
      }
      expect(settings[field]).toBeGreaterThan(0);
      expect(settings[field]).toBeLessThanOrEqual(MAX_TIMER_MS);
    },
  );
});

describe("enumerations accept only their documented values", () => {
  const cases = [
    ["mode", "mode", ["auto", "worktree", "directory"]],
    ["keepWorkspace", "keep-env", ["never", "logs", "on-failure", "always"]],
    ["onAgentFailure", "on-agent-failure", ["draft-pr", "branch", "discard"]],
    ["onConflict", "on-conflict", ["skip", "fail", "takeover"]],
  ] as const;

  for (const [key, inputName, accepted] of cases) {
    it.each(accepted)(`\`${inputName}: %s\` is accepted`, (value) => {
      expect(parse({ [key]: value })[key]).toBe(value);
    });

    it(`an unknown \`${inputName}\` is refused with the input's name and every accepted value`, () => {
      const { message } = inputError({ [key]: "sometimes" });
      expect(message).toContain(`\`${inputName}\``);
      expect(message).toContain("sometimes");
      for (const value of accepted) expect(message).toContain(value);
    });
  }
});

describe("booleans are the YAML core-schema spellings", () => {
  const booleans = [
    ["draft", "draft"],
    ["comment", "comment"],
    ["dryRun", "dry-run"],
    ["restart", "restart"],
  ] as const;

  for (const [key, inputName] of booleans) {
    it.each([
      ["true", true],
      ["True", true],
      ["TRUE", true],
      ["false", false],
      ["False", false],
      ["FALSE", false],
    ])(`\`${inputName}: %s\` is %s`, (raw, expected) => {
      expect(parse({ [key]: raw })[key]).toBe(expected);
    });

    it.each(["yes", "1", "on", "tRuE", "maybe"])(`\`${inputName}: %s\` is refused`, (raw) => {
      const { message } = inputError({ [key]: raw });
      expect(message).toContain(`\`${inputName}\``);
      expect(message).toMatch(/true or false/);
    });
  }
});

describe("`pr-labels` is split on commas and newlines", () => {
  it.each([
    ["agent", ["agent"]],
    ["agent, needs review", ["agent", "needs review"]],
    ["a,b,,c,", ["a", "b", "c"]],
    ["a\nb\n\nc\n", ["a", "b", "c"]],
    ["a, b\nc ,d", ["a", "b", "c", "d"]],
    ["a\r\nb", ["a", "b"]],
  ])("%j → %j", (raw, labels) => {
    expect(parse({ prLabels: raw }).prLabels).toEqual(labels);
  });
});

describe("`agent-env` is KEY=VALUE lines", () => {
  it("reads each line, skipping blanks and # comments", () => {
    const raw = [
      "# credentials for the model",
      "ANTHROPIC_API_KEY=sk-123",
      "",
      "  MODEL_URL=https://example.test/v1?a=b  ",
      "EMPTY=",
      "   # indented comment",
      "_UNDER_9=x=y=z",
    ].join("\n");
    expect(parse({ agentEnv: raw }).agentEnv).toEqual({
      ANTHROPIC_API_KEY: "sk-123",
      MODEL_URL: "https://example.test/v1?a=b",
      EMPTY: "",
      _UNDER_9: "x=y=z",
    });
  });

  it("accepts CRLF line ends", () => {
    expect(parse({ agentEnv: "A=1\r\nB=2\r\n" }).agentEnv).toEqual({ A: "1", B: "2" });
  });

  it("lets a later line override an earlier one", () => {
    expect(parse({ agentEnv: "A=1\nA=2" }).agentEnv).toEqual({ A: "2" });
  });

  it.each([
    ["A=1\nnot a pair\nB=2", 2],
    ["A=1\nB=2\n1BAD=x", 3],
    ["MY-KEY=secret-value", 1],
    ["export A=1", 1],
    ["=value", 1],
  ])("refuses %j, naming `agent-env` and line %d", (raw, line) => {
    const { message } = inputError({ agentEnv: raw });
    expect(message).toContain("`agent-env`");
    expect(message).toContain(`line ${line}`);
    expect(message).toContain("KEY=VALUE");
  });

  it("does not print the value of a bad line (it may be a secret)", () => {
    const { message } = inputError({ agentEnv: "MY-KEY=hunter2-secret-value" });
    expect(message).not.toContain("hunter2-secret-value");
  });
});

describe("`issue-number` is a positive integer, optionally written #N", () => {
  it.each([
    ["12", 12],
    ["#12", 12],
    [" 7 ", 7],
  ])("%j → %d", (raw, n) => {
    expect(parse({ issueNumber: raw }).issueNumber).toBe(n);
  });

  it("is undefined when empty (taken from the event)", () => {
    expect(parse({ issueNumber: "" }).issueNumber).toBeUndefined();
  });

  it.each(["0", "-3", "abc", "12a", "1.5", "##12", "99999999999999999999"])("refuses %j", (raw) => {
    const { message } = inputError({ issueNumber: raw });
    expect(message).toContain("`issue-number`");
    expect(message).toContain(raw.trim());
  });
});

describe("`branch-prefix` must start a valid branch name", () => {
  it.each(["agent/", "bots/agent-", "", "feature", "a.b/", "team/ai/"])("accepts %j", (prefix) => {
    expect(parse({ branchPrefix: prefix }).branchPrefix).toBe(prefix);
  });

  it.each([
    "my agent/",
    "/agent/",
    "agent//",
    "a..b/",
    "agent~/",
    "agent^/",
    "agent:",
    "a?/",
    "a*/",
    "a[/",
    "a\\b/",
    ".hidden/",
    "x.lock/",
    "-x/",
    "a@{/",
  ])("refuses %j, naming the input", (prefix) => {
    const { message } = inputError({ branchPrefix: prefix });
    expect(message).toContain("`branch-prefix`");
    expect(message).toContain(prefix);
  });
});

describe("`base-branch` must be a valid branch name when given", () => {
  it("is undefined when empty (the repository's default branch)", () => {
    expect(parse({ baseBranch: "" }).baseBranch).toBeUndefined();
  });

  it.each(["main", "release/1.2", "dev-2"])("accepts %j", (branch) => {
    expect(parse({ baseBranch: branch }).baseBranch).toBe(branch);
  });

  it.each(["bad branch", "a..b", "x~1", "ends/"])("refuses %j, naming the input", (branch) => {
    expect(inputError({ baseBranch: branch }).message).toContain("`base-branch`");
  });
});

describe("required host values", () => {
  it.each([
    ["githubToken", "github-token"],
    ["repoPath", "repo-path"],
    ["workspacesRoot", "workspaces-root"],
  ] as const)("an empty %s is refused, naming `%s`", (key, inputName) => {
    expect(inputError({ [key]: "  " }).message).toContain(`\`${inputName}\``);
  });
});

describe("free text inputs", () => {
  it("keeps the prompt's inner layout and trims its ends", () => {
    expect(parse({ prompt: "\n  Line one\n\n  - item\n" }).prompt).toBe("Line one\n\n  - item");
  });

  it("reads model and trigger label as given", () => {
    const settings = parse({ model: " opus ", triggerLabel: "ai: go" });
    expect(settings.model).toBe("opus");
    expect(settings.triggerLabel).toBe("ai: go");
  });
});

describe("isValidRefName follows git check-ref-format --branch", () => {
  it.each(["main", "agent/claude/issue-1", "a/b/c", "a.b", "a@b", "a{b}", "a#b", "üni", "a/-b"])(
    "%j is valid",
    (ref) => {
      expect(isValidRefName(ref)).toBe(true);
    },
  );

  it.each([
    "",
    "/a",
    "a/",
    "a.",
    "a..b",
    "a//b",
    "a@{b",
    "-a",
    "a b",
    "a\tb",
    "a\x7fb",
    "a~b",
    "a^b",
    "a:b",
    "a?b",
    "a*b",
    "a[b",
    "a\\b",
    ".a",
    "a/.b",
    "a.lock",
    "a.lock/b",
    "a/b.lock",
  ])("%j is invalid", (ref) => {
    expect(isValidRefName(ref)).toBe(false);
  });
});

describe("the trust inputs", () => {
  it("default to write access, no bots, no workflow changes and a 256 KiB context", () => {
    expect(parse()).toMatchObject({
      requiredPermission: "write",
      allowedBots: [],
      allowWorkflowChanges: false,
      contextMaxBytes: 256 * 1024,
    });
  });

  it.each(["triage", "write", "maintain", "admin"])("accepts required-permission %s", (role) => {
    expect(parse({ requiredPermission: role }).requiredPermission).toBe(role);
  });

  it.each(["read", "none", "Write", "push"])(
    "refuses required-permission %s, naming the accepted roles",
    (role) => {
      const error = inputError({ requiredPermission: role });
      expect(error.message).toContain("`required-permission`");
      expect(error.message).toContain("triage, write, maintain, admin");
    },
  );

  it("reads allowed-bots as a comma or newline separated list of logins", () => {
    expect(parse({ allowedBots: "renovate[bot], my-app[bot]\nci-user" }).allowedBots).toEqual([
      "renovate[bot]",
      "my-app[bot]",
      "ci-user",
    ]);
  });

  it.each(["*", "dependabot[bot], *", "*[bot]"])("refuses a wildcard in allowed-bots: %s", (value) => {
    expect(inputError({ allowedBots: value }).message).toContain("`allowed-bots`");
  });

  it("reads allow-workflow-changes as a boolean", () => {
    expect(parse({ allowWorkflowChanges: "true" }).allowWorkflowChanges).toBe(true);
    expect(inputError({ allowWorkflowChanges: "yes" }).message).toContain("`allow-workflow-changes`");
  });

  it.each(["0", "3", "abc", "1.5", "-4"])("refuses context-max-kib %s", (value) => {
    expect(inputError({ contextMaxKib: value }).message).toContain("`context-max-kib`");
  });
});
