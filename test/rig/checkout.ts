import { randomUUID } from "node:crypto";
import { mkdir, realpath } from "node:fs/promises";
import path from "node:path";
import { type GitServer, git, TEST_IDENTITY } from "./git-server.js";

/**
 * How the token outlives the clone, as the versions of actions/checkout leave it:
 * - "none": `persist-credentials: false`;
 * - "extraheader": v4/v5, an `http.<server>/.extraheader` entry in .git/config;
 * - "includeIf": v6, the same entry in a file under RUNNER_TEMP, included from .git/config for the
 *   checkout's git dir and for every worktree of it.
 */
export type PersistCredentials = "none" | "extraheader" | "includeIf";

export interface CheckoutOptions {
  server: GitServer;
  owner: string;
  repo: string;
  /** Where the working tree goes (GITHUB_WORKSPACE in a workflow). */
  dir: string;
  token: string;
  runnerTemp: string;
  /** Defaults to "includeIf", the behaviour of the current actions/checkout (v6). */
  persistCredentials?: PersistCredentials;
  /** Branch, tag or commit sha; defaults to the remote's default branch. */
  ref?: string;
  /** Commits of history to fetch; 0 = all. Defaults to 1, actions/checkout's `fetch-depth` default. */
  fetchDepth?: number;
}

export interface CheckoutResult {
  /** Absolute, symlink-free path of the working tree. */
  readonly dir: string;
  /** Absolute path of its .git directory. */
  readonly gitDir: string;
  readonly remoteUrl: string;
  /** The separate credentials config file ("includeIf" only). */
  readonly credentialsConfigFile?: string;
}

/** The header value actions/checkout stores: Basic auth with the user name it uses for tokens. */
export function checkoutAuthHeader(token: string): string {
  return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
}

/** The config key actions/checkout scopes its header to: only requests to this server carry it. */
export function extraHeaderKey(serverUrl: string): string {
  return `http.${serverUrl}/.extraheader`;
}

/**
 * Passes the credential to one git command through GIT_CONFIG_* variables, so it is neither written to
 * any config file nor visible in the process list. Pass the result as `env` to runGit/git.
 */
export function oneShotCredentialEnv(serverUrl: string, token: string): Record<string, string> {
  return {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: extraHeaderKey(serverUrl),
    GIT_CONFIG_VALUE_0: checkoutAuthHeader(token),
  };
}

const FULL_SHA = /^[0-9a-f]{40}$/i;

async function cloneRepository(options: CheckoutOptions, remoteUrl: string): Promise<void> {
  const env = oneShotCredentialEnv(options.server.url, options.token);
  const depth = options.fetchDepth ?? 1;
  const depthArgs = depth > 0 ? ["--depth", String(depth)] : [];
  const isSha = options.ref !== undefined && FULL_SHA.test(options.ref);
  const branchArgs = options.ref && !isSha ? ["--branch", options.ref] : [];
  // actions/checkout does not fetch tags unless asked to.
  await git(["clone", "--quiet", "--no-tags", ...depthArgs, ...branchArgs, remoteUrl, options.dir], { env });
  if (isSha && options.ref) {
    await git(["-C", options.dir, "fetch", "--quiet", "--no-tags", ...depthArgs, "origin", options.ref], {
      env,
    });
    await git(["-C", options.dir, "checkout", "--quiet", "--detach", options.ref]);
  }
}

async function persistAsIncludeIf(gitDir: string, options: CheckoutOptions): Promise<string> {
  const configFile = path.join(options.runnerTemp, `git-credentials-${randomUUID()}.config`);
  await mkdir(options.runnerTemp, { recursive: true });
  await git([
    "config",
    "--file",
    configFile,
    extraHeaderKey(options.server.url),
    checkoutAuthHeader(options.token),
  ]);
  // The second pattern matches `.git/worktrees/<name>`, the git dir of every linked worktree.
  for (const pattern of [gitDir, `${gitDir}/worktrees/*`]) {
    await git(["-C", options.dir, "config", "--local", `includeIf.gitdir:${pattern}.path`, configFile]);
  }
  return configFile;
}

/** Clones a repository of the test server the way actions/checkout prepares GITHUB_WORKSPACE. */
export async function checkout(options: CheckoutOptions): Promise<CheckoutResult> {
  const remoteUrl = options.server.cloneUrl(options.owner, options.repo);
  await mkdir(path.dirname(options.dir), { recursive: true });
  await cloneRepository(options, remoteUrl);
  const dir = await realpath(options.dir);
  const gitDir = path.join(dir, ".git");
  await git(["-C", dir, "config", "--local", "user.name", TEST_IDENTITY.name]);
  await git(["-C", dir, "config", "--local", "user.email", TEST_IDENTITY.email]);

  const persist = options.persistCredentials ?? "includeIf";
  if (persist === "extraheader") {
    await git([
      "-C",
      dir,
      "config",
      "--local",
      extraHeaderKey(options.server.url),
      checkoutAuthHeader(options.token),
    ]);
  }
  const credentialsConfigFile =
    persist === "includeIf" ? await persistAsIncludeIf(gitDir, options) : undefined;
  return { dir, gitDir, remoteUrl, credentialsConfigFile };
}
