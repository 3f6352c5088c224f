import { describe, expect, it } from "vitest";
import { withEventRepository } from "../../../src/action/event-repository.js";
import type { GitHubPort } from "../../../src/core/ports.js";

/** A port whose only method says that the API was asked. */
function apiPort(): { port: GitHubPort; asked: string[] } {
  const asked: string[] = [];
  const port = {
    getRepository: async () => {
      asked.push("getRepository");
      return { owner: "octo", name: "widgets", defaultBranch: "from-api", htmlUrl: "https://api.example" };
    },
  } as unknown as GitHubPort;
  return { port, asked };
}

const where = { owner: "octo", name: "widgets", serverUrl: "https://github.example" };

describe("withEventRepository: the repository from the event payload instead of the API", () => {
  it("answers from the payload when it names the default branch; the API is not asked", async () => {
    const { port, asked } = apiPort();
    const github = withEventRepository(
      port,
      { default_branch: "trunk", html_url: "https://github.example/octo/widgets" },
      where,
    );
    expect(await github.getRepository()).toEqual({
      owner: "octo",
      name: "widgets",
      defaultBranch: "trunk",
      htmlUrl: "https://github.example/octo/widgets",
    });
    expect(asked).toEqual([]);
  });

  it("makes the web address from the server when the payload has none", async () => {
    const github = withEventRepository(apiPort().port, { default_branch: "main" }, where);
    expect((await github.getRepository()).htmlUrl).toBe("https://github.example/octo/widgets");
  });

  it.each([
    ["no repository in the payload", undefined],
    ["a repository without its default branch", { html_url: "https://github.example/octo/widgets" }],
  ])("asks the API with %s", async (_, event) => {
    const { port, asked } = apiPort();
    expect((await withEventRepository(port, event, where).getRepository()).defaultBranch).toBe("from-api");
    expect(asked).toEqual(["getRepository"]);
  });
});
