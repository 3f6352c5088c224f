import { describe, expect, it } from "vitest";
import {
  parseRepositoryName,
  repositoryFromRemoteUrl,
  withoutCredentials,
} from "../../../src/cli/repository.js";
import { InputError } from "../../../src/core/errors.js";

describe("--repository OWNER/NAME", () => {
  it.each(["octo/widgets", "octo-org/my.repo_1", "a/b", "O1/.github"])("accepts %s", (text) => {
    const [owner, repo] = text.split("/");
    expect(parseRepositoryName(text, "--repository")).toEqual({ owner, repo });
  });

  it.each([
    "a/b/c",
    "a",
    "/b",
    "a/",
    "a b/c",
    "-a/b",
    "a-/b",
    "a--b/c",
    "a/..",
    "a/b c",
    "a/b?x",
    `${"x".repeat(40)}/b`,
  ])("refuses %j, naming the flag and the expected form", (text) => {
    expect(() => parseRepositoryName(text, "--repository")).toThrow(InputError);
    expect(() => parseRepositoryName(text, "--repository")).toThrow(
      `--repository must be OWNER/NAME, e.g. octo-org/widgets; got \`${text}\``,
    );
  });
});

describe("the repository of a clone's origin remote", () => {
  it.each([
    ["https://github.com/octo/widgets.git", "octo/widgets"],
    ["https://github.com/octo/widgets", "octo/widgets"],
    ["https://github.com/octo/widgets/", "octo/widgets"],
    ["https://x-access-token:abc@github.example.com/octo/widgets.git", "octo/widgets"],
    ["http://127.0.0.1:8080/octo/widgets", "octo/widgets"],
    ["git@github.com:octo/widgets.git", "octo/widgets"],
    ["github.com:octo/widgets", "octo/widgets"],
    ["ssh://git@github.com:22/octo/widgets.git", "octo/widgets"],
  ])("%s is %s", (url, expected) => {
    const found = repositoryFromRemoteUrl(url);
    expect(found && `${found.owner}/${found.repo}`).toBe(expected);
  });

  it.each([
    "https://gitlab.com/group/subgroup/widgets.git",
    "https://github.com/octo",
    "/srv/git/widgets.git",
    "../widgets",
    "file:///srv/git/octo/widgets.git",
  ])("names no repository for %s", (url) => {
    expect(repositoryFromRemoteUrl(url)).toBeUndefined();
  });

  it("hides credentials in a URL it quotes", () => {
    expect(withoutCredentials("https://x-access-token:abc@github.com/o/r.git")).toBe(
      "https://***@github.com/o/r.git",
    );
  });
});
