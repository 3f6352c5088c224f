import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Git } from "../../src/core/git.js";
import { isTrustedKey, pinnedScope, readTrustedConfig } from "../../src/core/trusted-git-config.js";
import { makeTempDir, removeAllTempDirs } from "../rig/temp.js";

afterAll(removeAllTempDirs);

describe("isTrustedKey: what of the system and global config the action's git keeps", () => {
  it.each([
    "http.proxy",
    "http.https://github.example.com/.sslcainfo",
    "url.https://mirror.example/.insteadof",
    "user.name",
    "safe.directory",
    "core.autocrlf",
    "init.defaultbranch",
  ])("keeps %s", (key) => {
    expect(isTrustedKey(key)).toBe(true);
  });

  it.each([
    "filter.lfs.clean",
    "filter.lfs.process",
    "diff.external",
    "diff.evil.textconv",
    "merge.evil.driver",
    "core.fsmonitor",
    "core.hooksPath",
    "core.sshCommand",
    "core.gitProxy",
    "core.askPass",
    "core.attributesFile",
    "core.alternateRefsCommand",
    "credential.helper",
    "credential.https://github.com.helper",
    "include.path",
    "includeIf.gitdir:/x/.path",
    "alias.push",
    "gpg.program",
    "commit.gpgSign",
    "remote.origin.uploadpack",
    "remote.origin.receivepack",
    "uploadpack.packObjectsHook",
    "protocol.ext.allow",
    "sequence.editor",
  ])("drops %s, which runs a program or reads more config", (key) => {
    expect(isTrustedKey(key)).toBe(false);
  });
});

describe("readTrustedConfig", () => {
  it("reads the global config once, with its includes, and leaves out driver keys", async () => {
    const home = (await makeTempDir("trusted-home")).path;
    await mkdir(path.join(home, "conf"));
    await writeFile(path.join(home, "conf", "extra"), "[http]\n\tsslCAInfo = /etc/ca.pem\n");
    await writeFile(
      path.join(home, ".gitconfig"),
      '[include]\n\tpath = conf/extra\n[http]\n\tproxy = http://proxy.corp:3128\n[filter "lfs"]\n\tclean = git-lfs clean -- %f\n[core]\n\tfsmonitor = /bin/evil\n',
    );
    const git = new Git(home, { HOME: home, PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1" });
    const entries = await readTrustedConfig(git);
    expect(entries).toEqual([
      ["http.sslcainfo", "/etc/ca.pem"],
      ["http.proxy", "http://proxy.corp:3128"],
    ]);
  });

  it("leaves out a repository's own config and the command line's, when run inside a repository", async () => {
    const home = (await makeTempDir("trusted-home")).path;
    await writeFile(path.join(home, ".gitconfig"), "[http]\n\tproxy = http://global.corp:3128\n");
    const repo = path.join(home, "repo");
    const env = { HOME: home, PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1" };
    await new Git(home, env).run(["init", "--quiet", repo]);
    await new Git(repo, env).run(["config", "--local", "http.proxy", "http://repository.example:1"]);
    const entries = await readTrustedConfig(new Git(repo, env));
    expect(entries).toEqual([["http.proxy", "http://global.corp:3128"]]);
  });

  it("a scope puts the pinned entries after the trusted ones, so they win", () => {
    const scope = pinnedScope({ gitDir: "/g" }, [["protocol.allow", "always"]]);
    expect(scope.config[0]).toEqual(["protocol.allow", "always"]);
    expect(scope.config).toContainEqual(["protocol.allow", "never"]);
    expect(scope.config.findLastIndex(([key]) => key === "protocol.allow")).toBeGreaterThan(0);
  });
});
