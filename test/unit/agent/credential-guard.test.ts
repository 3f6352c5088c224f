import { describe, expect, it } from "vitest";
import { fill, isDerivable, template } from "../../../src/core/agent/credential-guard.js";
import { secretForms } from "../../../src/core/secrets.js";

const TOKEN = "ghs_exampleToken1234567890";
const secrets = secretForms(TOKEN);
const header = `AUTHORIZATION: basic ${secrets[1]}`;

describe("credentials recorded with placeholders, never in clear", () => {
  it("template and fill are inverse, byte for byte", () => {
    const config = `[core]\n\tbare = false\n[http "https://github.com/"]\n\textraheader = ${header}\n\xe9\n`;
    const recorded = template(config, secrets);
    expect(recorded).not.toContain(TOKEN);
    expect(recorded).not.toContain(secrets[1]);
    expect(fill(recorded, secrets)).toBe(config);
  });

  it("a credential made from this run's token is derivable; one of another token is not", () => {
    const entry = (value: string) => ({
      entries: [{ key: "http.https://github.com/.extraheader", value }],
      files: [],
    });
    expect(isDerivable(entry(header), secrets)).toBe(true);
    const other = `AUTHORIZATION: basic ${secretForms("ghs_anotherToken0987654321")[1]}`;
    expect(isDerivable(entry(other), secrets)).toBe(false);
    expect(
      isDerivable(
        { entries: [], files: [{ file: "/x", content: Buffer.from(`extraheader = ${other}`) }] },
        secrets,
      ),
    ).toBe(false);
  });
});
