import { describe, expect, it } from "vitest";
import { knownSecrets, looksLikeSecretName, REDACTED, redact } from "../../src/core/secrets.js";

const TOKEN = "ghs_0123456789abcdefghijABCDEFGHIJ012345";

describe("redact hides secrets in text bound for GitHub", () => {
  it("hides every given secret wherever it appears", () => {
    const text = `token ${TOKEN} and key=hunter2-long, again ${TOKEN}`;
    const result = redact(text, [TOKEN, "hunter2-long"]);
    expect(result).toBe(`token ${REDACTED} and key=${REDACTED}, again ${REDACTED}`);
  });

  it("hides a longer secret whole when a shorter one is part of it", () => {
    expect(redact("value: abcd-efgh-ijkl", ["abcd", "abcd-efgh-ijkl"])).toBe(`value: ${REDACTED}`);
  });

  it("hides a secret as JSON escapes it", () => {
    const secret = 'pa"ss\\word<x>';
    const json = JSON.stringify({ summary: `it is ${secret}` });
    const stateLine = json.replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
    expect(redact(json, [secret])).not.toContain("ss\\\\word");
    expect(redact(stateLine, [secret])).toBe(`{"summary":"it is ${REDACTED}"}`);
  });

  it("ignores values too short to be secrets", () => {
    expect(redact("a b c true", ["a", "b", "tru"])).toBe("a b c true");
  });

  it.each([
    ["a classic personal access token", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"],
    ["an OAuth token", "gho_16C7e42F292c6912E7710c838347Ae178B4a"],
    ["an installation token", "ghs_16C7e42F292c6912E7710c838347Ae178B4a"],
    ["a user-to-server token", "ghu_16C7e42F292c6912E7710c838347Ae178B4a"],
    ["a refresh token", "ghr_16C7e42F292c6912E7710c838347Ae178B4a"],
    [
      "a fine-grained token",
      "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS",
    ],
    ["an OpenAI key", "sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789"],
    ["an Anthropic key", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz-0123456789_ABCDEF"],
    ["an AWS access key id", "AKIAIOSFODNN7EXAMPLE"],
    ["temporary AWS credentials", "ASIAIOSFODNN7EXAMPLE"],
  ])("hides %s that nobody declared", (_what, credential) => {
    const result = redact(`the agent printed ${credential}.`, []);
    expect(result).toBe(`the agent printed ${REDACTED}.`);
  });

  it.each([
    "commit 3f786850e387550fdab836ed7e6dc881de23001b",
    "a task-list and sk-learn",
    "AKIA is a prefix",
    "ghp_short",
  ])("leaves ordinary text alone: %j", (text) => {
    expect(redact(text, [])).toBe(text);
  });
});

describe("knownSecrets: what the action hides", () => {
  it("takes the token, every agent-env value and the values of secret-looking variables", () => {
    const secrets = knownSecrets({
      token: TOKEN,
      agentEnv: { MODEL: "some-model-name", ANTHROPIC_API_KEY: "sk-ant-value" },
      hostEnv: {
        NPM_TOKEN: "npm-token-value",
        DEPLOY_KEY: "deploy-key-value",
        CLIENT_SECRET: "client-secret-value",
        DB_PASSWORD_FILE: "password-file-value",
        HOME: "/home/runner",
        PATH: "/usr/bin",
      },
    });
    expect(secrets).toEqual(
      expect.arrayContaining([
        TOKEN,
        "some-model-name",
        "sk-ant-value",
        "npm-token-value",
        "deploy-key-value",
        "client-secret-value",
        "password-file-value",
      ]),
    );
    expect(secrets).not.toContain("/home/runner");
    expect(secrets).not.toContain("/usr/bin");
  });

  it.each([
    ["NPM_TOKEN", true],
    ["ACTIONS_RUNTIME_TOKEN", true],
    ["SSH_KEY", true],
    ["AWS_SECRET", true],
    ["MYSQL_PASSWORD", true],
    ["PASSWORD_FILE", true],
    ["KEYBOARD", false],
    ["TOKENIZER", false],
    ["SECRETARY", false],
    ["HOME", false],
  ])("%s looks secret: %s", (name, expected) => {
    expect(looksLikeSecretName(name)).toBe(expected);
  });
});
