import { describe, expect, it } from "vitest";
import { parseConfigListing } from "../../src/core/git-config-listing.js";

describe("parseConfigListing: git config --null listings", () => {
  it("reads keys and values, values with newlines and keys without a value", () => {
    const output = "user.name\nAgent Task\0core.bare\0http.extraheader\nline one\nline two\0";
    expect(parseConfigListing(output)).toEqual([
      { key: "user.name", value: "Agent Task" },
      { key: "core.bare", value: undefined },
      { key: "http.extraheader", value: "line one\nline two" },
    ]);
  });

  it("reads the scope of each record with --show-scope", () => {
    const output =
      "system\0http.proxy\nhttp://system\0global\0user.email\na@b\0command\0core.hookspath\n/dev/null\0";
    expect(parseConfigListing(output, { scoped: true })).toEqual([
      { scope: "system", key: "http.proxy", value: "http://system" },
      { scope: "global", key: "user.email", value: "a@b" },
      { scope: "command", key: "core.hookspath", value: "/dev/null" },
    ]);
  });

  it("is empty for no output", () => {
    expect(parseConfigListing("")).toEqual([]);
    expect(parseConfigListing("", { scoped: true })).toEqual([]);
  });
});
