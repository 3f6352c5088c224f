import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmod, mkdir, rm, writeFile } from "node:fs/promises";
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { makeTempDir } from "./temp.js";

/** Author and committer of every commit the rig makes on the "server side". */
export const TEST_IDENTITY = { name: "Agent Task Test", email: "test@agent-task.invalid" } as const;

/** Author of commits made by pushCommit: someone editing the branch while the action runs. */
export const HUMAN_IDENTITY = { name: "Octo Human", email: "human@agent-task.invalid" } as const;

export interface GitIdentity {
  readonly name: string;
  readonly email: string;
}

/** One HTTP request the server answered, in arrival order. */
export interface GitRequestRecord {
  readonly method: string;
  /** URL path without the query, e.g. `/octo/repo.git/info/refs`. */
  readonly path: string;
  /** Raw query string without `?`, e.g. `service=git-upload-pack`. */
  readonly query: string;
  /** HTTP status sent; 0 while the response head has not been written yet. */
  status: number;
  /** How many Authorization header lines the request carried (GitHub rejects more than one). */
  readonly authHeaderCount: number;
  /** True when an injected fault answered the request instead of git. */
  fault: boolean;
}

/** The two smart-HTTP services: fetch and clone use upload-pack, push uses receive-pack. */
export type GitService = "git-upload-pack" | "git-receive-pack";

/**
 * A canned failure for the next matching requests. A smart-HTTP exchange is a GET of
 * `info/refs?service=…` (the ref advertisement) followed by a POST to the service (the `rpc`,
 * carrying the pack); a fault on a push's rpc fails after git has sent its pack, like a 502
 * from GitHub's front end while receiving it.
 */
export interface GitFaultSpec {
  service: GitService;
  /** Which request of the exchange fails; default `rpc`. */
  request?: "advertisement" | "rpc";
  /** HTTP status, e.g. 502 or 503. */
  status: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Plain-text body; default the status text. */
  body?: string;
}

export interface InjectedGitFault {
  readonly spec: Readonly<GitFaultSpec>;
  /** Requests that received the fault so far. */
  readonly hits: number;
  /** Matching requests that will still receive it. */
  readonly remaining: number;
}

export interface CreateRepoOptions {
  /** Files of the initial commit; defaults to a one-line README.md. */
  files?: Record<string, string>;
  defaultBranch?: string;
  /** Extra branches, each one commit on top of the initial commit adding these files. */
  branches?: Record<string, Record<string, string>>;
}

export interface CreatedRepo {
  readonly cloneUrl: string;
  readonly bareDir: string;
}

export interface CommitSummary {
  readonly sha: string;
  readonly subject: string;
}

export type HookName = "pre-receive" | "update";

/** Content of a file, or null to delete it (pushCommit). */
export type FileChanges = Record<string, string | null>;

export interface GitServer {
  /** Base URL, usable as GITHUB_SERVER_URL: `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Directory holding the bare repositories as `{owner}/{repo}.git`. */
  readonly root: string;
  readonly requests: GitRequestRecord[];
  close(): Promise<void>;
  /** Every request is answered `ms` later from now on (0: at once), like a server far away. */
  setDelay(ms: number): void;
  cloneUrl(owner: string, name: string): string;
  bareDir(owner: string, name: string): string;
  createRepo(owner: string, name: string, options?: CreateRepoOptions): Promise<CreatedRepo>;
  headSha(owner: string, name: string, branch: string): Promise<string | undefined>;
  readFile(owner: string, name: string, ref: string, filePath: string): Promise<string | undefined>;
  listFiles(owner: string, name: string, ref: string): Promise<string[]>;
  /** Commits reachable from ref (and not from baseRef when given), newest first. */
  commits(owner: string, name: string, ref: string, baseRef?: string): Promise<CommitSummary[]>;
  branches(owner: string, name: string): Promise<string[]>;
  /** The next matching requests fail with the given status instead of reaching git. */
  injectFault(fault: GitFaultSpec): InjectedGitFault;
  /** The next `times` pushes are answered `status` (default 502 Bad Gateway); later ones work. */
  failPushes(times?: number, status?: number): InjectedGitFault;
  /**
   * From now on the token is refused (401 with a Basic challenge), as GitHub does once an
   * installation token expired or was revoked. `restoreToken()` accepts it again.
   */
  revokeToken(): void;
  restoreToken(): void;
  /** Installs a server-side hook; a script without a `#!` line runs under /bin/sh. */
  installHook(owner: string, name: string, hook: HookName, script: string): Promise<void>;
  /**
   * Commits `files` on top of `branch` (created from the default branch when missing) as HUMAN_IDENTITY,
   * the way a person pushing from elsewhere would. Written straight into the bare repository, so it
   * neither runs hooks nor appears in `requests`. Returns the new commit's sha.
   */
  pushCommit(
    owner: string,
    name: string,
    branch: string,
    files: FileChanges,
    message: string,
  ): Promise<string>;
}

// ---------------------------------------------------------------------------------------------------------
// Running git
// ---------------------------------------------------------------------------------------------------------

export interface GitResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunGitOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
}

/**
 * The environment every rig git call starts from: the caller's PATH and HOME, no inherited GIT_* variables
 * (a vitest started from a git hook would otherwise point every call at the wrong repository), no system
 * or global config (a developer's credential helper or insteadOf must not change what tests see), and
 * never an interactive prompt: a missing credential fails instead of hanging the test.
 */
export function isolatedGitEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("GIT_")) env[key] = value;
  }
  Object.assign(env, {
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
  });
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs git and reports the exit code instead of throwing. */
export function runGit(args: readonly string[], options: RunGitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd: options.cwd, env: isolatedGitEnv(options.env) });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        exitCode: code ?? -1,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      }),
    );
    // git may exit before reading its stdin (EPIPE); the exit code tells what went wrong.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

/** Runs git and returns its stdout without the trailing newline; throws with stderr on failure. */
export async function git(args: readonly string[], options: RunGitOptions = {}): Promise<string> {
  const result = await runGit(args, options);
  if (result.exitCode !== 0) {
    throw new Error(`git ${args.join(" ")} failed with exit code ${result.exitCode}:\n${result.stderr}`);
  }
  return result.stdout.replace(/\n$/, "");
}

function identityEnv(identity: GitIdentity): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: identity.name,
    GIT_AUTHOR_EMAIL: identity.email,
    GIT_COMMITTER_NAME: identity.name,
    GIT_COMMITTER_EMAIL: identity.email,
  };
}

// ---------------------------------------------------------------------------------------------------------
// HTTP front end for git http-backend
// ---------------------------------------------------------------------------------------------------------

const REALM = "agent-task-test";

// `/{owner}/{repo}.git` followed by the smart-HTTP suffix; nothing else reaches http-backend.
const REPO_PATH = /^\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\.git(\/.*)?$/;

function countHeaderLines(rawHeaders: string[], name: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === name) count++;
  }
  return count;
}

/** Returns the Basic user name when the password equals the token, else undefined. */
function authenticatedUser(authorization: string | undefined, token: string): string | undefined {
  const match = /^basic\s+(\S+)$/i.exec(authorization ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0 || decoded.slice(colon + 1) !== token) return undefined;
  // http-backend only allows receive-pack for a non-empty REMOTE_USER, and some clients send an empty user.
  return decoded.slice(0, colon) || "token";
}

/** Splits a CGI response into its header block and the start of the body, once the blank line arrived. */
function splitCgiHead(buffer: Buffer): { head: string; rest: Buffer } | undefined {
  const crlf = buffer.indexOf("\r\n\r\n");
  const lf = buffer.indexOf("\n\n");
  const candidates = [
    { at: crlf, length: 4 },
    { at: lf, length: 2 },
  ].filter((candidate) => candidate.at >= 0);
  if (candidates.length === 0) return undefined;
  const first = candidates.reduce((a, b) => (a.at <= b.at ? a : b));
  return {
    head: buffer.subarray(0, first.at).toString("latin1"),
    rest: buffer.subarray(first.at + first.length),
  };
}

function parseCgiHead(head: string): { status: number; headers: OutgoingHttpHeaders } {
  let status = 200;
  const headers: OutgoingHttpHeaders = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
    else headers[name] = value;
  }
  return { status, headers };
}

interface BackendRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly record: GitRequestRecord;
  readonly root: string;
  readonly user: string;
  readonly pathInfo: string;
}

function backendEnv({ req, root, user, pathInfo, record }: BackendRequest): NodeJS.ProcessEnv {
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
  return isolatedGitEnv({
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: "1",
    REQUEST_METHOD: req.method ?? "GET",
    PATH_INFO: pathInfo,
    QUERY_STRING: record.query,
    CONTENT_TYPE: header("content-type") ?? "",
    // Chunked pushes carry no Content-Length; http-backend then reads stdin to EOF.
    CONTENT_LENGTH: header("content-length"),
    HTTP_CONTENT_ENCODING: header("content-encoding"),
    GIT_PROTOCOL: header("git-protocol"),
    REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
    REMOTE_USER: user,
  });
}

/** Pipes one request through `git http-backend` and streams its CGI response back. */
function serveWithBackend(request: BackendRequest): void {
  const { req, res, record } = request;
  const backend = spawn("git", ["http-backend"], { env: backendEnv(request) });
  const stderr: Buffer[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let headSent = false;

  const fail = (message: string) => {
    if (headSent) {
      res.destroy();
      return;
    }
    headSent = true;
    record.status = 502;
    res.writeHead(502, { "Content-Type": "text/plain" }).end(message);
  };

  backend.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  backend.on("error", (error) => fail(`cannot start git http-backend: ${error.message}`));
  // The backend may exit before reading the whole body (e.g. it rejected the request).
  backend.stdin.on("error", () => {});
  req.pipe(backend.stdin);
  // A client that hangs up mid-request never ends stdin; do not leave the backend waiting for it.
  res.on("close", () => {
    if (!res.writableFinished) backend.kill();
  });

  const onHeadData = (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    const split = splitCgiHead(pending);
    if (!split) return;
    backend.stdout.off("data", onHeadData);
    const { status, headers } = parseCgiHead(split.head);
    headSent = true;
    record.status = status;
    res.writeHead(status, headers);
    res.write(split.rest);
    backend.stdout.pipe(res);
  };
  backend.stdout.on("data", onHeadData);
  backend.on("close", (code) => {
    if (!headSent) fail(`git http-backend exited with ${code}:\n${Buffer.concat(stderr).toString("utf8")}`);
  });
}

function sendPlain(
  res: ServerResponse,
  record: GitRequestRecord,
  status: number,
  body: string,
  headers: OutgoingHttpHeaders = {},
) {
  record.status = status;
  res.writeHead(status, { "Content-Type": "text/plain", ...headers }).end(body);
}

function recordOf(req: IncomingMessage): GitRequestRecord {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  return {
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.search.replace(/^\?/, ""),
    status: 0,
    authHeaderCount: countHeaderLines(req.rawHeaders, "authorization"),
    fault: false,
  };
}

interface ActiveGitFault extends InjectedGitFault {
  hits: number;
  remaining: number;
}

function faultApplies(spec: GitFaultSpec, record: GitRequestRecord): boolean {
  if ((spec.request ?? "rpc") === "rpc") {
    return record.method === "POST" && record.path.endsWith(`/${spec.service}`);
  }
  return record.method === "GET" && record.path.endsWith("/info/refs") && record.query.includes(spec.service);
}

/** Answers a faulted request once its body has been read, as a proxy in front of git would. */
function sendFault(req: IncomingMessage, res: ServerResponse, record: GitRequestRecord, spec: GitFaultSpec) {
  record.fault = true;
  req.resume();
  req.once("end", () =>
    sendPlain(res, record, spec.status, `${spec.body ?? STATUS_CODES[spec.status] ?? "Error"}\n`),
  );
}

function safeDecode(urlPath: string): string | undefined {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return undefined; // malformed %-escape
  }
}

interface ServerControls {
  readonly root: string;
  readonly token: string;
  readonly tokenRevoked: () => boolean;
  /** Uses up and returns the first fault that applies to the request. */
  readonly takeFault: (record: GitRequestRecord) => GitFaultSpec | undefined;
}

function answerRequest(
  req: IncomingMessage,
  res: ServerResponse,
  record: GitRequestRecord,
  server: ServerControls,
): void {
  // GitHub refuses a request carrying two Authorization headers, which is what happens when an
  // extraheader credential is configured twice (e.g. checkout's plus the action's own).
  if (record.authHeaderCount > 1) {
    sendPlain(res, record, 400, 'Duplicate header: "Authorization"\n');
    return;
  }
  const user = server.tokenRevoked() ? undefined : authenticatedUser(req.headers.authorization, server.token);
  if (!user) {
    sendPlain(res, record, 401, "Authentication failed\n", { "WWW-Authenticate": `Basic realm="${REALM}"` });
    return;
  }
  const pathInfo = safeDecode(record.path);
  if (!pathInfo || !REPO_PATH.test(pathInfo) || pathInfo.includes("..")) {
    sendPlain(res, record, 404, "Repository not found\n");
    return;
  }
  const fault = server.takeFault(record);
  if (fault) {
    sendFault(req, res, record, fault);
    return;
  }
  serveWithBackend({ req, res, record, root: server.root, user, pathInfo });
}

// ---------------------------------------------------------------------------------------------------------
// Writing commits directly into bare repositories
// ---------------------------------------------------------------------------------------------------------

const ZERO_OID = "0".repeat(40);

interface CommitSpec {
  readonly parent?: string;
  readonly files: FileChanges;
  readonly message: string;
  readonly identity: GitIdentity;
}

/**
 * Builds a commit with plumbing and a throw-away index, so no working tree is needed and nested
 * paths need no manual tree building. Returns the commit sha; no ref is moved.
 */
async function writeCommit(bareDir: string, spec: CommitSpec): Promise<string> {
  const indexFile = path.join(bareDir, `rig-index-${randomUUID()}`);
  const inBare = (args: string[], input?: string) =>
    git(["--git-dir", bareDir, ...args], {
      env: { GIT_INDEX_FILE: indexFile, ...identityEnv(spec.identity) },
      input,
    });
  try {
    if (spec.parent) await inBare(["read-tree", spec.parent]);
    const indexLines: string[] = [];
    for (const [filePath, content] of Object.entries(spec.files)) {
      if (content === null) {
        indexLines.push(`0 ${ZERO_OID}\t${filePath}`);
      } else {
        const blob = await inBare(["hash-object", "-w", "--stdin"], content);
        indexLines.push(`100644 ${blob}\t${filePath}`);
      }
    }
    await inBare(["update-index", "--index-info"], `${indexLines.join("\n")}\n`);
    const tree = await inBare(["write-tree"]);
    const parentArgs = spec.parent ? ["-p", spec.parent] : [];
    return await inBare(["commit-tree", tree, ...parentArgs, "-m", spec.message]);
  } finally {
    await rm(indexFile, { force: true });
  }
}

/** Moves a branch only if it still points at `expected` (ZERO_OID: must not exist), like a push would. */
async function moveBranch(bareDir: string, branch: string, sha: string, expected: string): Promise<void> {
  await git(["--git-dir", bareDir, "update-ref", `refs/heads/${branch}`, sha, expected]);
}

async function resolveCommit(bareDir: string, ref: string): Promise<string | undefined> {
  const result = await runGit(["--git-dir", bareDir, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

function withShebang(script: string): string {
  return script.startsWith("#!") ? script : `#!/bin/sh\n${script}`;
}

// ---------------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------------

/**
 * Starts a smart-HTTP git server on 127.0.0.1 (random port) in front of `git http-backend`, requiring
 * Basic auth whose password is `token` (any user name), like github.com with an installation token.
 */
export async function startGitServer(options: { token: string }): Promise<GitServer> {
  const rootDir = await makeTempDir("git-server");
  const root = rootDir.path;
  const requests: GitRequestRecord[] = [];
  const faults: ActiveGitFault[] = [];
  let tokenRevoked = false;
  const controls: ServerControls = {
    root,
    token: options.token,
    tokenRevoked: () => tokenRevoked,
    takeFault: (record) => {
      const fault = faults.find(
        (candidate) => candidate.remaining > 0 && faultApplies(candidate.spec, record),
      );
      if (!fault) return undefined;
      fault.remaining--;
      fault.hits++;
      return fault.spec;
    },
  };
  const injectFault = (spec: GitFaultSpec): InjectedGitFault => {
    const fault: ActiveGitFault = { spec: { ...spec }, hits: 0, remaining: spec.times ?? 1 };
    faults.push(fault);
    return fault;
  };

  let delayMs = 0;
  const http = createServer((req, res) => {
    const record = recordOf(req);
    requests.push(record);
    if (delayMs > 0) setTimeout(() => answerRequest(req, res, record, controls), delayMs);
    else answerRequest(req, res, record, controls);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const bareDir = (owner: string, name: string) => path.join(root, owner, `${name}.git`);
  const inBare = (owner: string, name: string, args: string[]) =>
    git(["--git-dir", bareDir(owner, name), ...args]);
  const cloneUrl = (owner: string, name: string) => `${url}/${owner}/${name}.git`;

  return {
    url,
    root,
    requests,
    cloneUrl,
    bareDir,

    setDelay(ms) {
      delayMs = ms;
    },

    async close() {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        // git keeps connections alive; without this close() would wait for them to time out.
        http.closeAllConnections();
      });
      await rootDir.remove();
    },

    async createRepo(owner, name, repoOptions = {}) {
      const dir = bareDir(owner, name);
      const defaultBranch = repoOptions.defaultBranch ?? "main";
      await mkdir(path.dirname(dir), { recursive: true });
      await git(["init", "--bare", "--quiet", `--initial-branch=${defaultBranch}`, dir]);
      const initial = await writeCommit(dir, {
        files: repoOptions.files ?? { "README.md": `# ${name}\n` },
        message: "Initial commit",
        identity: TEST_IDENTITY,
      });
      await moveBranch(dir, defaultBranch, initial, ZERO_OID);
      for (const [branch, files] of Object.entries(repoOptions.branches ?? {})) {
        const sha = await writeCommit(dir, {
          parent: initial,
          files,
          message: `Add ${branch}`,
          identity: TEST_IDENTITY,
        });
        await moveBranch(dir, branch, sha, ZERO_OID);
      }
      return { cloneUrl: cloneUrl(owner, name), bareDir: dir };
    },

    injectFault,

    failPushes(times = 1, status = 502) {
      return injectFault({ service: "git-receive-pack", status, times });
    },

    revokeToken() {
      tokenRevoked = true;
    },

    restoreToken() {
      tokenRevoked = false;
    },

    headSha(owner, name, branch) {
      return resolveCommit(bareDir(owner, name), `refs/heads/${branch}`);
    },

    async readFile(owner, name, ref, filePath) {
      const result = await runGit([
        "--git-dir",
        bareDir(owner, name),
        "cat-file",
        "blob",
        `${ref}:${filePath}`,
      ]);
      return result.exitCode === 0 ? result.stdout : undefined;
    },

    async listFiles(owner, name, ref) {
      const listing = await inBare(owner, name, ["ls-tree", "-r", "-z", "--name-only", ref]);
      return listing.split("\0").filter(Boolean).sort();
    },

    async commits(owner, name, ref, baseRef) {
      const range = baseRef ? `${baseRef}..${ref}` : ref;
      const log = await inBare(owner, name, ["log", "--format=%H %s", range, "--"]);
      return log
        .split("\n")
        .filter(Boolean)
        .map((line) => ({ sha: line.slice(0, 40), subject: line.slice(41) }));
    },

    async branches(owner, name) {
      const refs = await inBare(owner, name, ["for-each-ref", "--format=%(refname:strip=2)", "refs/heads"]);
      return refs.split("\n").filter(Boolean).sort();
    },

    async installHook(owner, name, hook, script) {
      const hookPath = path.join(bareDir(owner, name), "hooks", hook);
      await writeFile(hookPath, withShebang(script));
      await chmod(hookPath, 0o755);
    },

    async pushCommit(owner, name, branch, files, message) {
      const dir = bareDir(owner, name);
      const current = await resolveCommit(dir, `refs/heads/${branch}`);
      const parent = current ?? (await resolveCommit(dir, "HEAD"));
      const sha = await writeCommit(dir, { parent, files, message, identity: HUMAN_IDENTITY });
      await moveBranch(dir, branch, sha, current ?? ZERO_OID);
      return sha;
    },
  };
}
