export const id = 805;
export const ids = [805];
export const modules = {

/***/ 3805:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var lib_core = __webpack_require__(6421);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(1758);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
;// CONCATENATED MODULE: ./src/core/git-environment.ts
/**
 * The environment the action's own git commands run with. A job sets variables at workflow, job
 * and step level, and the action inherits them all; many of them change what git does (which
 * repository, index or object store it uses, who commits, which program it runs as editor, pager,
 * ssh or askpass, what it traces and where). The action's commands must do the same thing in every
 * job, so those variables are removed or pinned here, on purpose and in one place. The job's
 * network settings (proxies, CA bundles, client certificates) are kept: the job needs them to
 * reach its server.
 * https://git-scm.com/book/en/v2/Git-Internals-Environment-Variables, https://git-scm.com/docs/git#_environment_variables
 */
/**
 * `GIT_*` variables that are kept: how git's HTTP transport reaches the server. Every other `GIT_*`
 * variable is removed. (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE, CURL_CA_BUNDLE and the
 * like do not start with `GIT_` and pass unchanged.)
 */
const KEPT_GIT_VARIABLES = [
    "GIT_SSL_CAINFO",
    "GIT_SSL_CAPATH",
    "GIT_SSL_NO_VERIFY",
    "GIT_SSL_CERT",
    "GIT_SSL_KEY",
    "GIT_SSL_CERT_PASSWORD_PROTECTED",
    "GIT_SSL_VERSION",
    "GIT_SSL_CIPHER_LIST",
    "GIT_HTTP_PROXY_AUTHMETHOD",
    "GIT_PROXY_SSL_CAINFO",
    "GIT_PROXY_SSL_CERT",
    "GIT_PROXY_SSL_KEY",
    "GIT_PROXY_SSL_CERT_PASSWORD_PROTECTED",
    "GIT_HTTP_LOW_SPEED_LIMIT",
    "GIT_HTTP_LOW_SPEED_TIME",
];
/** Variables outside `GIT_*` that name programs git would run (editor, pager, askpass). */
const REMOVED_VARIABLES = ["EDITOR", "VISUAL", "PAGER", "SSH_ASKPASS", "PREFIX"];
/** Values the action's git always runs with, whatever the job set. */
const PINNED_GIT_VARIABLES = {
    // A missing or rejected credential fails the command instead of waiting for a person.
    GIT_TERMINAL_PROMPT: "0",
    // Nothing the action runs needs an editor or a pager; if git still wants one, it gets a no-op.
    GIT_EDITOR: "true",
    GIT_PAGER: "cat",
    // Replace refs would make git show the action other objects than the ones it commits and pushes.
    GIT_NO_REPLACE_OBJECTS: "1",
    // The action reads git's messages (a rejected push, a missing repository): they must be in English.
    LC_ALL: "C",
};
/**
 * The job's environment (already without the action's secrets) made fit for the action's git:
 * `GIT_*` variables other than the network settings removed, editor, pager and askpass programs
 * removed, and the pinned values set. Names are compared case-insensitively.
 */
function gitEnvironment(jobEnv) {
    const env = {};
    for (const [name, value] of Object.entries(jobEnv)) {
        if (!isRemoved(name))
            env[name] = value;
    }
    return { ...env, ...PINNED_GIT_VARIABLES };
}
/** The job's variables that `gitEnvironment` leaves out (for a debug line). */
function removedGitVariables(jobEnv) {
    return Object.keys(jobEnv)
        .filter((name) => isRemoved(name) || name in PINNED_GIT_VARIABLES)
        .sort();
}
function isRemoved(name) {
    const upper = name.toUpperCase();
    // A lower-case `git_…` is not read by git; it goes too, so that no spelling of a name slips through.
    if (upper.startsWith("GIT_"))
        return !KEPT_GIT_VARIABLES.includes(name);
    return REMOVED_VARIABLES.includes(upper);
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/core/run-command.ts




/** Where system programs (useradd, setpriv, chown) live, whatever PATH the job set. */
const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/**
 * Where `program` is on `searchPath`, as execvp finds it: the first directory, in order, holding an
 * executable file of that name. Only absolute directories count: a relative one would depend on
 * the working directory. The directories are asked at once.
 */
async function findOnPath(program, searchPath) {
    const files = searchPath
        .split((external_node_path_default()).delimiter)
        .filter((dir) => external_node_path_default().isAbsolute(dir))
        .map((dir) => external_node_path_default().join(dir, program));
    const found = await Promise.all(files.map(isExecutableFile));
    return files[found.indexOf(true)];
}
/** True for a regular file (or a link to one) that this process may execute. */
async function isExecutableFile(file) {
    const info = await (0,promises_.stat)(file).catch(() => undefined);
    if (!info?.isFile())
        return false;
    return (0,promises_.access)(file, external_node_fs_.constants.X_OK).then(() => true, () => false);
}
/**
 * Runs a program (git, id, useradd, chown, setpriv …) without a shell and collects its output.
 * Never throws: a program that is missing reports code -1 and the reason in `stderr`.
 */
function runCommand(argv, options = {}) {
    const { input, signal } = options;
    return new Promise((resolve) => {
        const [command, ...args] = argv;
        const child = (0,external_node_child_process_.spawn)(command, args, {
            env: options.env ?? { PATH: [process.env.PATH, SYSTEM_PATH].filter(Boolean).join(":") },
            cwd: options.cwd ?? "/",
            detached: signal !== undefined,
            stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
        });
        const stop = () => {
            try {
                if (child.pid !== undefined)
                    process.kill(-child.pid, "SIGTERM");
            }
            catch {
                // Already gone.
            }
        };
        if (signal?.aborted)
            stop();
        signal?.addEventListener("abort", stop, { once: true });
        // An early exit closes the pipe; what the program says about it comes with its exit code.
        child.stdin?.on("error", () => { });
        child.stdin?.end(input);
        const stdout = [];
        const stderr = [];
        child.stdout.on("data", (chunk) => stdout.push(chunk));
        child.stderr.on("data", (chunk) => stderr.push(chunk));
        child.once("error", (error) => {
            signal?.removeEventListener("abort", stop);
            resolve({ code: -1, stdout: "", stderr: error.message });
        });
        child.once("close", (code, ended) => {
            signal?.removeEventListener("abort", stop);
            resolve({
                code: code ?? (ended ? 128 : -1),
                signal: ended ?? undefined,
                stdout: Buffer.concat(stdout).toString("utf8"),
                stderr: Buffer.concat(stderr).toString("utf8"),
            });
        });
    });
}

// EXTERNAL MODULE: ./src/core/secrets.ts
var core_secrets = __webpack_require__(8198);
;// CONCATENATED MODULE: ./src/core/git.ts



/**
 * A thin wrapper over git for the action's own commands. Every command runs in the controlled
 * environment of git-environment.ts, without repository hooks or fsmonitor (the agent could have
 * planted either), never prompts, and gets credentials only through its environment, for that one
 * command: the token is never written to a config file and never appears in an argument list.
 */
class Git {
    dir;
    scope;
    env;
    /** `jobEnv`: the host's environment without the action's secrets. */
    constructor(dir, jobEnv, scope) {
        this.dir = dir;
        this.scope = scope;
        this.env = gitEnvironment(jobEnv);
    }
    at(dir) {
        return new Git(dir, this.env);
    }
    /** The same git, bound to one repository by explicit paths and the pinned configuration. */
    scoped(scope) {
        return new Git(scope.workTree ?? scope.gitDir, this.env, scope);
    }
    /** Runs git; `input` is written to its stdin (closed otherwise); `signal` stops it and its helpers. */
    async run(args, options = {}) {
        const { argv, env } = this.command(args, options);
        return runGit(this.dir, argv, env, options.input, options.signal);
    }
    /**
     * Runs a command as another user (the agent's, before it starts). No HOME: nothing of the
     * runner's or of the repository's decides how its files are made.
     */
    async runAs(user, args) {
        const { argv, env } = this.command(args, {});
        Object.assign(env, { HOME: "/nonexistent", GIT_CONFIG_GLOBAL: "/dev/null" });
        delete env.XDG_CONFIG_HOME;
        return runGit(this.dir, user.wrap(argv, env), env);
    }
    command(args, options) {
        const config = [
            ...(this.scope?.config ?? []),
            ["core.hooksPath", "/dev/null"],
            ["core.fsmonitor", "false"],
            // The action's repositories live for one run, and the checkout's upkeep is not the action's
            // to do: no commit or fetch starts `git maintenance run --auto` (a process, and a gc at times).
            ["maintenance.auto", "false"],
        ];
        if (options.auth) {
            const key = `http.${options.auth.serverUrl.replace(/\/+$/, "")}/.extraheader`;
            // An empty value first clears any extraheader a checkout persisted for this server, so the
            // server never gets two Authorization headers (GitHub answers those with 400). An empty
            // value resets a multi-valued key: https://git-scm.com/docs/git-config#Documentation/git-config.txt-httpextraHeader
            config.push([key, ""], [key, `AUTHORIZATION: basic ${(0,core_secrets/* basicCredentials */.BG)(options.auth.token)}`]);
        }
        const env = {
            ...this.env,
            ...(this.scope ? scopeEnvironment(this.scope) : {}),
            GIT_CONFIG_COUNT: String(config.length),
        };
        config.forEach(([key, value], index) => {
            env[`GIT_CONFIG_KEY_${index}`] = key;
            env[`GIT_CONFIG_VALUE_${index}`] = value;
        });
        if (this.scope) {
            const { gitDir, workTree } = this.scope;
            args = [`--git-dir=${gitDir}`, ...(workTree ? [`--work-tree=${workTree}`] : []), ...args];
        }
        return { argv: ["git", ...args], env };
    }
    /** The absolute path of the repository's common git directory (shared by all its worktrees). */
    async commonDir() {
        return (await this.run(["rev-parse", "--path-format=absolute", "--git-common-dir"])).trim();
    }
    /** Runs the command and reports failure as `undefined` instead of throwing. */
    async tryRun(args, options = {}) {
        try {
            return await this.run(args, options);
        }
        catch {
            return undefined;
        }
    }
}
/**
 * No system or global config file is read (their trusted content comes as GIT_CONFIG_* entries),
 * replace refs are ignored, and the index lives where the scope says.
 * https://git-scm.com/docs/git#_environment_variables
 */
function scopeEnvironment(scope) {
    return {
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_NO_REPLACE_OBJECTS: "1",
        ...(scope.indexFile ? { GIT_INDEX_FILE: scope.indexFile } : {}),
    };
}
/**
 * Runs git without a shell and returns its stdout; a non-zero exit throws with git's own message.
 * Spawned directly rather than through simple-git, which waits 50 ms after every command that
 * prints nothing (its completion detection) and takes a silent non-zero exit for success.
 */
async function runGit(cwd, argv, env, input, signal) {
    const result = await runCommand(argv, { cwd, env, input, signal });
    if (result.code === 0)
        return result.stdout;
    if (result.code === -1 && result.signal === undefined)
        throw new Error(`could not run git: ${result.stderr}`);
    // A push's ref statuses (`--porcelain`) are on stdout: both streams make up git's message.
    const message = [result.stderr.trim(), result.stdout.trim()].filter(Boolean).join("\n");
    const command = argv.slice(1).find((arg) => !arg.startsWith("-"));
    throw new Error(message || `git ${command} failed (${result.signal ?? `exit code ${result.code}`})`);
}

// EXTERNAL MODULE: ./src/core/report/outputs.ts
var outputs = __webpack_require__(544);
;// CONCATENATED MODULE: ./src/core/ports.ts
/** A logger that shows nothing, but for the methods `overrides` gives (what a caller records). */
function quietLogger(overrides = {}) {
    const nothing = () => { };
    return {
        info: nothing,
        warning: nothing,
        error: nothing,
        debug: nothing,
        group: (_title, fn) => fn(),
        untrusted: nothing,
        beginUntrusted: nothing,
        endUntrusted: nothing,
        mask: nothing,
        ...overrides,
    };
}

;// CONCATENATED MODULE: ./src/core/workspace/exclude.ts


/**
 * Hides paths from git's view of the agent's repository (its `info/exclude`), in a block named
 * after what it hides: the context folder, the runtime brief.
 * https://git-scm.com/docs/gitrepository-layout#Documentation/gitrepository-layout.txt-infoexclude
 */
async function addExcludes(gitDir, owner, patterns) {
    const file = excludeFile(gitDir);
    const current = await (0,promises_.readFile)(file, "utf8").catch(() => "");
    const separator = current && !current.endsWith("\n") ? "\n" : "";
    await (0,promises_.mkdir)(external_node_path_default().dirname(file), { recursive: true });
    await (0,promises_.writeFile)(file, `${current}${separator}${begin(owner)}\n${patterns.join("\n")}\n${end(owner)}\n`);
}
function excludeFile(gitDir) {
    return external_node_path_default().join(gitDir, "info", "exclude");
}
function begin(owner) {
    return `# agent-task ${owner}: hidden from git while the run works`;
}
function end(owner) {
    return `# agent-task ${owner}: end`;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/core/git-config-listing.ts
function parseConfigListing(output, options = {}) {
    const fields = output.split("\0");
    const records = [];
    const step = options.scoped ? 2 : 1;
    for (let i = 0; i + step - 1 < fields.length; i += step) {
        const record = fields[i + step - 1];
        if (!record)
            continue;
        const newline = record.indexOf("\n");
        const entry = newline < 0
            ? { key: record, value: undefined }
            : { key: record.slice(0, newline), value: record.slice(newline + 1) };
        if (options.scoped)
            entry.scope = fields[i];
        records.push(entry);
    }
    return records;
}

;// CONCATENATED MODULE: ./src/core/trusted-git-config.ts

/**
 * Configuration keys that make git run a program, load more configuration, or read files chosen
 * by the config: dropped even from the trusted system and global files, so that nothing the
 * agent writes into `.gitattributes` (which picks filter, diff and merge drivers by name) or
 * anywhere else can make the action's git run a command.
 * https://git-scm.com/docs/git-config, https://git-scm.com/docs/gitattributes#_effects
 */
const DRIVER_KEY = /^(filter|diff|merge|credential|gpg|alias|include|includeif|sequence)\.|^core\.(fsmonitor|hookspath|sshcommand|gitproxy|askpass|editor|pager|attributesfile|alternaterefscommand|alternaterefsprefixes|worktree|bare|sparsecheckout)$|\.(uploadpack|receivepack|vcs|proxycommand)$|^uploadpack\.|gpgsign$|^protocol\./;
/** Whether `key` (as `git config --list` prints it) may be replayed into the action's git. */
function isTrustedKey(key) {
    return !DRIVER_KEY.test(key.toLowerCase());
}
/**
 * Added after the trusted entries, so they win: no alternate's refs are read by running git in
 * it, and no transport runs a command (`ext::`); hooks and fsmonitor are off in every command.
 * https://git-scm.com/docs/git-config#Documentation/git-config.txt-corealternateRefsCommand,
 * https://git-scm.com/docs/git-config#Documentation/git-config.txt-protocolallow
 */
const PINNED = [
    ["core.alternateRefsCommand", "true"],
    ["protocol.allow", "never"],
    ["protocol.https.allow", "always"],
    ["protocol.http.allow", "always"],
    ["protocol.file.allow", "always"],
];
/**
 * The system and global configuration as it was before the agent started, without anything that
 * runs a program: read once, kept in memory, and given to every later git command instead of
 * the files (which an agent running as the runner's user could rewrite). Keeps what a runner
 * needs to reach its server: proxies, CA files, URL rewrites of its own.
 */
async function readTrustedConfig(git) {
    // One command for both files; a repository's own config (the command may run inside one) and
    // the command line's are not the runner's. A key without a value is left out, as ever.
    const output = await git.tryRun(["config", "--list", "--show-scope", "--includes", "--null"]);
    return parseConfigListing(output ?? "", { scoped: true }).flatMap(({ scope, key, value }) => (scope === "system" || scope === "global") && value !== undefined && isTrustedKey(key)
        ? [[key, value]]
        : []);
}
/** A scope for one repository with the trusted configuration and the pinned entries. */
function pinnedScope(paths, trusted) {
    return { ...paths, config: [...trusted, ...PINNED] };
}

// EXTERNAL MODULE: ./node_modules/proper-lockfile/index.js
var proper_lockfile = __webpack_require__(3648);
var proper_lockfile_default = /*#__PURE__*/__webpack_require__.n(proper_lockfile);
;// CONCATENATED MODULE: ./src/core/workspace/locks.ts



/** A lock is stale when its holder has not refreshed it for this long (the holder died). */
const STALE_MS = 20_000;
/**
 * Runs `fn` while holding the repository's lock, so that runs sharing a checkout (self-hosted
 * runners) never make git's own lock files (index.lock, config.lock, packed-refs.lock) fail each
 * other: worktree creation and removal, ref deletions and config edits take turns. Network work
 * stays outside: it writes only objects and refs of its own run.
 */
async function locks_withRepositoryLock(gitCommonDir, fn) {
    const release = await proper_lockfile_default().lock(gitCommonDir, {
        lockfilePath: external_node_path_default().join(gitCommonDir, "agent-task.lock"),
        stale: STALE_MS,
        retries: { retries: 600, minTimeout: 50, maxTimeout: 500, factor: 1.5 },
        realpath: false,
    });
    try {
        return await fn();
    }
    finally {
        await release().catch(() => { });
    }
}
const OWNER_LOCK = "owner.lock";
/**
 * Marks an environment as owned by this live run. The lock is refreshed in the background; when
 * the run dies it goes stale, and stale-environment collection may then remove the environment.
 */
async function holdWorkspaceLock(root) {
    await (0,promises_.mkdir)(root, { recursive: true });
    const release = await proper_lockfile_default().lock(root, {
        lockfilePath: external_node_path_default().join(root, OWNER_LOCK),
        stale: STALE_MS,
        realpath: false,
        // The environment may be removed while locked (cleanup releases first, but a crash may not).
        onCompromised: () => { },
    });
    return () => release().catch(() => { });
}
/** True while a live run holds the environment's lock. */
async function locks_isWorkspaceLocked(root) {
    return proper_lockfile_default().check(root, { lockfilePath: external_node_path_default().join(root, OWNER_LOCK), stale: STALE_MS, realpath: false })
        .catch(() => false);
}

;// CONCATENATED MODULE: ./src/core/agent/checkout-snapshot.ts



/** The regular files of the hooks directory; null when there is no such directory. */
async function snapshotHooks(hooksDir) {
    const entries = await (0,promises_.readdir)(hooksDir, { withFileTypes: true }).catch(() => undefined);
    if (!entries)
        return null;
    // A fresh clone holds a dozen sample hooks: read all at once.
    const hooks = await Promise.all(entries
        .filter((entry) => entry.isFile())
        .map(async (entry) => {
        const file = external_node_path_default().join(hooksDir, entry.name);
        const [info, content] = await Promise.all([(0,promises_.lstat)(file), (0,promises_.readFile)(file)]);
        return { name: entry.name, mode: info.mode & 0o777, content: content.toString("base64") };
    }));
    return hooks.sort((a, b) => a.name.localeCompare(b.name));
}
/** Puts the hooks directory back as it was; returns the names that had changed. */
async function restoreHooks(hooksDir, before) {
    const now = await snapshotHooks(hooksDir);
    const changed = [];
    const entries = await (0,promises_.readdir)(hooksDir, { withFileTypes: true }).catch(() => []);
    if (before === null) {
        if (entries.length > 0 || now !== null) {
            await (0,promises_.rm)(hooksDir, { recursive: true, force: true });
            changed.push(...entries.map((entry) => entry.name));
        }
        return changed;
    }
    const wanted = new Map(before.map((hook) => [hook.name, hook]));
    for (const entry of entries) {
        const hook = wanted.get(entry.name);
        const same = hook &&
            entry.isFile() &&
            now?.some((n) => n.name === hook.name && n.content === hook.content && n.mode === hook.mode);
        if (!same) {
            await (0,promises_.rm)(external_node_path_default().join(hooksDir, entry.name), { recursive: true, force: true });
            changed.push(entry.name);
        }
    }
    await (0,promises_.mkdir)(hooksDir, { recursive: true });
    for (const hook of before) {
        const file = external_node_path_default().join(hooksDir, hook.name);
        if (await (0,promises_.lstat)(file).catch(() => undefined))
            continue;
        await (0,promises_.writeFile)(file, Buffer.from(hook.content, "base64"), { flag: "wx" });
        await (0,promises_.chmod)(file, hook.mode);
        if (!changed.includes(hook.name))
            changed.push(hook.name);
    }
    return changed.sort();
}
/** What git status reports of the working tree, with the state of each reported path. */
async function snapshotWorktree(git, paths) {
    const dirty = {};
    for (const { file } of await checkout_snapshot_status(git, paths))
        dirty[file] = await fingerprint(external_node_path_default().join(paths.toplevel, file));
    return {
        head: (await git.tryRun(["rev-parse", "--verify", "--quiet", "HEAD"]))?.trim() ?? "",
        index: await indexChecksum(paths.gitDir),
        dirty,
    };
}
/**
 * Puts back what changed in the working tree since the snapshot, where that is safe: a tracked
 * file that was clean is restored from the index (when the index itself is unchanged), a file
 * that did not exist is removed. A change to a file that was already modified, a changed index
 * or HEAD cannot be undone without a copy, and is reported instead.
 */
async function restoreWorktree(git, paths, before) {
    const unrestorable = [];
    const head = (await git.tryRun(["rev-parse", "--verify", "--quiet", "HEAD"]))?.trim() ?? "";
    if (head !== before.head)
        unrestorable.push(`HEAD (was ${before.head.slice(0, 12) || "unborn"}, now ${head.slice(0, 12) || "unborn"})`);
    const indexChanged = (await indexChecksum(paths.gitDir)) !== before.index;
    if (indexChanged)
        unrestorable.push("the index (.git/index)");
    const toCheckOut = [];
    const toClean = [];
    const now = await checkout_snapshot_status(git, paths);
    const seen = new Set();
    for (const { code, file } of now) {
        seen.add(file);
        const was = before.dirty[file];
        if (was === undefined) {
            if (code === "??")
                toClean.push(file);
            else if (indexChanged)
                unrestorable.push(file);
            else
                toCheckOut.push(file);
        }
        else if ((await fingerprint(external_node_path_default().join(paths.toplevel, file))) !== was) {
            unrestorable.push(file);
        }
    }
    for (const file of Object.keys(before.dirty))
        if (!seen.has(file))
            unrestorable.push(file);
    if (toCheckOut.length > 0)
        await git.run(["checkout-index", "--force", "--quiet", "--", ...toCheckOut]);
    // git clean refuses to follow a symlinked directory, which a plain rm would.
    if (toClean.length > 0)
        await git.run(["clean", "--force", "--quiet", "--", ...toClean.map((f) => `:(top,literal)${f}`)]);
    return { restored: [...toCheckOut, ...toClean].sort(), unrestorable };
}
async function checkout_snapshot_status(git, paths) {
    // No optional locks: status would otherwise refresh the index, which must stay as it was.
    const output = await git.run([
        "--no-optional-locks",
        "status",
        "--porcelain=v1",
        "-z",
        "--no-renames",
        "--untracked-files=all",
        "--ignore-submodules=none",
    ]);
    const excluded = paths.exclude
        .map((dir) => external_node_path_default().relative(paths.toplevel, dir))
        .filter((relative) => relative !== "" && !relative.startsWith("..") && !external_node_path_default().isAbsolute(relative))
        .map((relative) => `${relative.split((external_node_path_default()).sep).join("/")}/`);
    return output
        .split("\0")
        .filter((record) => record.length > 3)
        .map((record) => ({ code: record.slice(0, 2), file: record.slice(3) }))
        .filter(({ file }) => !excluded.some((dir) => `${file}/`.startsWith(dir)));
}
async function fingerprint(file) {
    const info = await (0,promises_.lstat)(file).catch(() => undefined);
    if (!info)
        return "missing";
    if (info.isSymbolicLink())
        return `link:${await (0,promises_.readlink)(file)}`;
    if (!info.isFile())
        return "other";
    const hash = (0,external_node_crypto_.createHash)("sha256").update(await (0,promises_.readFile)(file));
    return `${info.mode & 0o111 ? "x" : "-"}:${hash.digest("hex")}`;
}
/** The trailing checksum git writes at the end of the index: it changes with any change to it. */
async function indexChecksum(gitDir) {
    const handle = await (0,promises_.open)(external_node_path_default().join(gitDir, "index"), "r").catch(() => undefined);
    if (!handle)
        return "";
    try {
        const { size } = await handle.stat();
        if (size < 20)
            return "";
        const tail = Buffer.alloc(20);
        await handle.read(tail, 0, 20, size - 20);
        return tail.toString("hex");
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./src/core/agent/credential-guard.ts




const PLACEHOLDERS = ["{{agent-task:token}}", "{{agent-task:basic}}"];
/**
 * Finds the credentials actions/checkout persisted: `http.*.extraheader` entries in the
 * repository's config (checkout v4/v5) and the credentials files that `includeIf.gitdir:` entries
 * pull in (checkout v6, which also apply to worktrees). Fails when the config cannot be read:
 * the agent must not run beside credentials that could not be looked for.
 */
async function findCredentials(repo, gitDir) {
    let listing;
    try {
        listing = await repo.run(["config", "--local", "--null", "--list"]);
    }
    catch (error) {
        throw new errors/* TaskError */.Ik(`could not read the checkout's git config to hide its persisted credentials from the agent (${error.message.split("\n")[0]})`, "The agent is not started beside credentials that could not be hidden");
    }
    const all = parseConfigListing(listing).map(({ key, value }) => ({ key, value: value ?? "" }));
    const entries = all.filter((entry) => /^http\..*\.extraheader$/i.test(entry.key));
    const files = [];
    for (const entry of all.filter((e) => /^includeif\..*\.path$/i.test(e.key))) {
        const file = external_node_path_default().resolve(gitDir, entry.value);
        const content = await (0,promises_.readFile)(file).catch(() => undefined);
        if (!content || !/extraheader/i.test(content.toString("latin1")))
            continue;
        entries.push(entry);
        if (!files.some((hidden) => hidden.file === file))
            files.push({ file, content });
    }
    return { entries, files };
}
/** Takes the credentials away: the config entries (by key only, so no value is in an argv) and the files. */
async function removeCredentials(repo, found) {
    for (const key of new Set(found.entries.map((entry) => entry.key))) {
        await repo.run(["config", "--local", "--unset-all", key]);
    }
    for (const hidden of found.files)
        await (0,promises_.rm)(hidden.file, { force: true });
}
/**
 * True when every credential found was made from `secrets` (this run's token), so that it can be
 * recorded with placeholders and rebuilt from the token; a credential of another token cannot.
 */
function isDerivable(found, secrets) {
    const texts = [
        ...found.entries.map((e) => e.value),
        ...found.files.map((f) => f.content.toString("latin1")),
    ];
    return texts.every((text) => !/extraheader|authorization/i.test(text) || secrets.some((secret) => text.includes(secret)));
}
/** `text` with each secret replaced by its placeholder (latin1 keeps every byte as it was). */
function template(text, secrets) {
    return secrets.reduce((result, secret, i) => result.split(secret).join(PLACEHOLDERS[i]), text);
}
/** The placeholders of `template` replaced by the secrets again. */
function fill(text, secrets) {
    return PLACEHOLDERS.reduce((result, placeholder, i) => result.split(placeholder).join(secrets[i]), text);
}

;// CONCATENATED MODULE: ./src/core/agent/checkout-guard.ts









const STATE_FILE = "agent-task-checkout-state.json";
/**
 * Records the checkout, hides its persisted credentials for the agent's run, and returns the
 * function that restores it. Fails closed: when the credentials cannot be looked for, the agent
 * does not start.
 */
async function guardCheckout(options) {
    const { logger, holder, paths } = options;
    const repo = options.git.at(paths.toplevel);
    const secrets = (0,core_secrets/* secretForms */.eo)(options.token);
    const stateFile = external_node_path_default().join(paths.commonDir, STATE_FILE);
    let original;
    let shared = false;
    await locks_withRepositoryLock(paths.commonDir, async () => {
        const state = await readState(stateFile, options.token, logger);
        if (state && (await liveHolders(state, holder)).length > 0) {
            // Another run hid the credentials and recorded the checkout; this run joins it.
            original = fillOriginal(state.original, secrets);
            await writeState(stateFile, { ...state, holders: [...state.holders, holder] }, options.token);
            shared = true;
            return;
        }
        if (state) {
            // A run died with the checkout hidden and no post step restored it: its config, credentials
            // and hooks come back first. Its view of the working tree is too old to act on.
            await restoreOriginal(paths, fillOriginal(state.original, secrets), { ...options, worktree: false });
            await (0,promises_.rm)(stateFile, { force: true });
        }
        // Four reads of what is there now, none of which changes anything: made at once.
        const [found, config, hooks, worktree] = await Promise.all([
            findCredentials(repo, paths.gitDir),
            readConfig(paths.commonDir),
            snapshotHooks(external_node_path_default().join(paths.commonDir, "hooks")),
            options.recordWorktree ? snapshotWorktree(repo, { ...paths, exclude: options.exclude }) : undefined,
        ]);
        const recorded = {
            ...config,
            files: await Promise.all(found.files.map(async ({ file, content }) => ({
                file,
                content: content.toString("latin1"),
                mode: (await (0,promises_.stat)(file)).mode & 0o777,
            }))),
            hooks,
            worktree,
        };
        original = recorded;
        if (found.entries.length > 0) {
            await removeCredentials(repo, found);
            logger.info(`Hid ${found.entries.length} persisted git credential entr${found.entries.length === 1 ? "y" : "ies"} from the agent for its run`);
        }
        // A credential made with another token cannot be rebuilt from this run's: it stays in this
        // process's memory only, and this run restores it when it ends.
        if (isDerivable(found, secrets)) {
            await writeState(stateFile, { v: 2, holders: [holder], original: templateOriginal(recorded, secrets) }, options.token);
            shared = true;
        }
    });
    return async () => locks_withRepositoryLock(paths.commonDir, async () => {
        if (shared) {
            const state = await readState(stateFile, options.token, logger);
            const others = state ? await liveHolders(state, holder) : [];
            if (state && others.length > 0) {
                await writeState(stateFile, { ...state, holders: others }, options.token);
                return [];
            }
            // This run's record, or what replaced it: either way it goes, and the restore is from memory.
            await (0,promises_.rm)(stateFile, { force: true });
        }
        return restoreOriginal(paths, original, { ...options, worktree: true });
    });
}
/**
 * After a run died with the checkout hidden (its restore never ran), puts the checkout back once
 * no live run still needs it hidden. The post step calls this; a later run on the checkout does
 * the same when it starts. Returns what could not be put back, or undefined when nothing was due.
 */
async function restoreAbandonedCheckout(options) {
    const { paths, logger } = options;
    const stateFile = path.join(paths.commonDir, STATE_FILE);
    return withRepositoryLock(paths.commonDir, async () => {
        const state = await readState(stateFile, options.token, logger);
        if (!state)
            return undefined;
        for (const root of state.holders)
            if (await isWorkspaceLocked(root))
                return undefined;
        const problems = await restoreOriginal(paths, fillOriginal(state.original, secretForms(options.token)), {
            ...options,
            trustedGitConfig: [],
            worktree: true,
        });
        await rm(stateFile, { force: true });
        logger.info("Restored the checkout that a run which ended early had hidden");
        return problems;
    });
}
/**
 * The checkout's directories, asked of git once, before the agent starts. Undefined when
 * `repoPath` has no `.git`; an error when it has one that git cannot read (the run must not go on
 * without knowing what to hide).
 */
async function checkoutPaths(repo, repoPath) {
    // Without a .git in it or above it there is nothing to guard; with one, git must read it.
    if (!(await hasDotGit(external_node_path_default().resolve(repoPath))))
        return undefined;
    try {
        const [toplevel, gitDir, commonDir] = (await repo.run([
            "rev-parse",
            "--path-format=absolute",
            "--show-toplevel",
            "--git-dir",
            "--git-common-dir",
        ]))
            .trim()
            .split("\n");
        if (!toplevel || !gitDir || !commonDir)
            throw new Error("git rev-parse printed no paths");
        return { toplevel, gitDir, commonDir };
    }
    catch (error) {
        throw new errors/* TaskError */.Ik(`could not inspect the checkout at ${repoPath} to hide its persisted credentials (${(0,errors/* errorMessage */.gJ)(error).split("\n")[0]})`, "The agent is not started beside credentials that could not be hidden");
    }
}
async function hasDotGit(dir) {
    for (let current = dir;; current = external_node_path_default().dirname(current)) {
        if (await (0,promises_.lstat)(external_node_path_default().join(current, ".git")).catch(() => undefined))
            return true;
        if (external_node_path_default().dirname(current) === current)
            return false;
    }
}
async function readConfig(commonDir) {
    const file = external_node_path_default().join(commonDir, "config");
    return { config: (await (0,promises_.readFile)(file)).toString("latin1"), configMode: (await (0,promises_.stat)(file)).mode & 0o777 };
}
/**
 * Writes back `.git/config` (atomically, by rename), the credentials files and the hooks, then
 * puts back the working tree, with git pinned to the trusted configuration: the agent's config
 * is gone by then, and nothing it wrote runs. Returns what could not be put back.
 */
async function restoreOriginal(paths, original, options) {
    const { logger } = options;
    const problems = [];
    const configFile = external_node_path_default().join(paths.commonDir, "config");
    const current = await (0,promises_.readFile)(configFile).catch(() => undefined);
    const wanted = Buffer.from(original.config, "latin1");
    if (!current?.equals(wanted)) {
        const temporary = `${configFile}.agent-task-${process.pid}`;
        await (0,promises_.writeFile)(temporary, wanted, { mode: original.configMode });
        await (0,promises_.chmod)(temporary, original.configMode);
        await (0,promises_.rename)(temporary, configFile);
    }
    for (const file of original.files) {
        await (0,promises_.rm)(file.file, { force: true }).catch(() => { });
        await (0,promises_.writeFile)(file.file, Buffer.from(file.content, "latin1"), { mode: file.mode, flag: "wx" }).catch((error) => problems.push(`${file.file} (${(0,errors/* errorMessage */.gJ)(error)})`));
    }
    const hooks = await restoreHooks(external_node_path_default().join(paths.commonDir, "hooks"), original.hooks);
    if (hooks.length > 0)
        logger.warning(`The agent changed the checkout's git hooks (${hooks.join(", ")}); they were put back`);
    if (!options.worktree || !original.worktree)
        return problems;
    const pinned = options.git.scoped(pinnedScope({ gitDir: paths.gitDir, workTree: paths.toplevel }, options.trustedGitConfig));
    try {
        const worktree = await restoreWorktree(pinned, { ...paths, exclude: options.exclude }, original.worktree);
        if (worktree.restored.length > 0) {
            logger.warning(`The agent changed files of the checkout outside its workdir; they were put back: ${worktree.restored.slice(0, 10).join(", ")}`);
        }
        problems.push(...worktree.unrestorable);
    }
    catch (error) {
        problems.push(`the working tree (${(0,errors/* errorMessage */.gJ)(error).split("\n")[0]})`);
    }
    if (problems.length > 0) {
        logger.warning(`The checkout was changed while the agent ran and could not be put back entirely: ${problems.slice(0, 10).join(", ")}. Later steps of the job see these changes`);
    }
    return problems;
}
async function liveHolders(state, self) {
    const live = [];
    for (const root of state.holders)
        if (root !== self && (await locks_isWorkspaceLocked(root)))
            live.push(root);
    return live;
}
function templateOriginal(original, secrets) {
    return {
        ...original,
        config: template(original.config, secrets),
        files: original.files.map((file) => ({ ...file, content: template(file.content, secrets) })),
    };
}
function fillOriginal(original, secrets) {
    return {
        ...original,
        config: fill(original.config, secrets),
        files: original.files.map((file) => ({ ...file, content: fill(file.content, secrets) })),
    };
}
/** The record's key: only a holder of the token can sign it, and the token cannot be read from it. */
function macKey(token) {
    return (0,external_node_crypto_.createHash)("sha256").update(`agent-task checkout state\0${token}`).digest();
}
function sign(state, token) {
    const { mac: _mac, ...body } = state;
    return (0,external_node_crypto_.createHmac)("sha256", macKey(token)).update(JSON.stringify(body)).digest("hex");
}
async function writeState(file, state, token) {
    const signed = { ...state, mac: undefined };
    const text = `${JSON.stringify({ ...signed, mac: sign(signed, token) })}\n`;
    const temporary = `${file}.${process.pid}`;
    await (0,promises_.writeFile)(temporary, text, { mode: 0o600 });
    await (0,promises_.rename)(temporary, file);
}
/** The shared record, when it exists and carries this token's signature; anything else is not obeyed. */
async function readState(file, token, logger) {
    const text = await (0,promises_.readFile)(file, "utf8").catch(() => undefined);
    if (text === undefined)
        return undefined;
    try {
        const state = JSON.parse(text);
        const expected = Buffer.from(sign(state, token), "hex");
        const given = Buffer.from(String(state.mac ?? ""), "hex");
        if (state.v === 2 && given.length === expected.length && (0,external_node_crypto_.timingSafeEqual)(given, expected))
            return state;
    }
    catch {
        // Not JSON: not ours.
    }
    logger.warning(`${file} was not written by a run with this token (or was changed since); it is not used, and this run restores the checkout from its own record`);
    return undefined;
}

;// CONCATENATED MODULE: ./src/core/workspace/replace-file.ts

/**
 * Writes a file of the action's where the agent could have been (`output/`, a guarded file):
 * whatever is under that name goes first, and the new file is created exclusively, so a symlink
 * the agent planted there never redirects the write.
 */
async function replaceFile(file, data, mode) {
    await (0,promises_.rm)(file, { force: true, recursive: true });
    await (0,promises_.writeFile)(file, data, { flag: "wx", mode });
    if (mode !== undefined)
        await (0,promises_.chmod)(file, mode);
}

;// CONCATENATED MODULE: ./src/core/agent/file-guard.ts


/**
 * Keeps files as they were across the agent's run: the runner's file commands (GITHUB_ENV,
 * GITHUB_PATH, GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY), which are hidden from the
 * agent's environment but could still be found and appended to, to set variables or PATH entries
 * for the job's later steps; and the action's own files, which the post step runs. An agent with
 * a user of its own cannot write them at all; one running as the runner's user can. Nothing else
 * writes to them while the agent runs, so any change is the agent's and is undone (a file that
 * did not exist is removed again), and a file the agent replaced by a symlink is replaced again,
 * never written through.
 */
async function guardFiles(files) {
    const saved = await Promise.all(files.map(async (file) => ({
        file,
        content: await (0,promises_.readFile)(file).catch(() => undefined),
        mode: (await (0,promises_.lstat)(file).catch(() => undefined))?.mode,
    })));
    return async () => {
        const tampered = [];
        for (const { file, content, mode } of saved) {
            const info = await (0,promises_.lstat)(file).catch(() => undefined);
            if (content === undefined) {
                if (info && mode === undefined) {
                    await (0,promises_.rm)(file, { force: true, recursive: true });
                    tampered.push(file);
                }
                continue;
            }
            const now = info?.isFile() ? await (0,promises_.readFile)(file).catch(() => undefined) : undefined;
            if (now?.equals(content) && info?.mode === mode)
                continue;
            await replaceFile(file, content, mode === undefined ? undefined : mode & 0o7777);
            tampered.push(file);
        }
        return tampered;
    };
}

;// CONCATENATED MODULE: ./src/core/workspace/naming.ts
/** The folder in the agent's working directory that holds the task; it is never committed. */
const naming_CONTEXT_DIR_NAME = ".agent_context";
/** `{branch-prefix}{agent-name}/issue-{N}`; the agent name is the preset, or `custom`. */
function agentBranchName(prefix, agent, issueNumber) {
    return `${prefix}${agent}/issue-${issueNumber}`;
}
/**
 * A task id unique per run, made only of numbers the host controls, so it is safe in paths and
 * never carries user text: `issue-{N}-{run id}-{attempt}`.
 */
function taskId(issueNumber, runId, runAttempt) {
    const safe = (part) => part.replace(/[^0-9A-Za-z]/g, "") || "0";
    return `issue-${issueNumber}-${safe(runId)}-${safe(runAttempt)}`;
}

;// CONCATENATED MODULE: ./src/core/agent/runtime-brief.ts



/** The file each CLI reads for project instructions. */
const BRIEF_FILES = {
    claude: "CLAUDE.md",
    codex: "AGENTS.md",
    gemini: "GEMINI.md",
    custom: "AGENTS.md",
};
const BRIEF_START = "<!-- agent-task:brief:start -->";
const BRIEF_END = "<!-- agent-task:brief:end -->";
function briefBlock(issueNumber) {
    return [
        BRIEF_START,
        "## agent-task",
        "",
        `You are working on issue #${issueNumber} for agent-task. The task is in \`${naming_CONTEXT_DIR_NAME}/issue_context.md\``,
        `(the same facts as JSON in \`${naming_CONTEXT_DIR_NAME}/issue.json\`). Make the change in this directory;`,
        "do not commit, push or open a pull request: the action does that when you finish.",
        BRIEF_END,
    ].join("\n");
}
/** The instructions file with the brief appended; the repository's own content comes first, untouched. */
function addBrief(original, block) {
    if (original === undefined || original === "")
        return `${block}\n`;
    const separator = original.endsWith("\n") ? "\n" : "\n\n";
    return `${original}${separator}${block}\n`;
}
/**
 * The file as it should be committed: the brief taken out again. When the agent did not touch
 * the rest, that is the original byte for byte; its own edits outside the markers are kept.
 * `undefined` means the file should not exist.
 */
function removeBrief(current, original, block) {
    if (current === undefined)
        return undefined;
    const added = addBrief(original, block);
    if (current === added)
        return original;
    const start = current.indexOf(BRIEF_START);
    const end = current.indexOf(BRIEF_END, start);
    if (start === -1 || end === -1)
        return current;
    let before = current.slice(0, start);
    let after = current.slice(end + BRIEF_END.length);
    if (after.startsWith("\n"))
        after = after.slice(1);
    if (original) {
        // Take out the separator addBrief put before the block: all of it when the block was last,
        // else only the blank line, so text the agent added after it stays on its own line.
        const separator = original.endsWith("\n") ? "\n" : "\n\n";
        if (after === "" && before.endsWith(separator))
            before = before.slice(0, -separator.length);
        else if (after !== "" && before.endsWith("\n\n"))
            before = before.slice(0, -1);
    }
    const result = before + after;
    return original === undefined && result.trim() === "" ? undefined : result;
}
/** A regular file, or nothing: a symlink (which the repository or a past agent may hold) is left alone. */
async function isRegularOrMissing(file) {
    const info = await (0,promises_.lstat)(file).catch(() => undefined);
    return info === undefined || info.isFile();
}
/** Writes the brief into the preset's instructions file in the working directory. */
async function insertBrief(workdir, agent, issueNumber) {
    const file = external_node_path_default().join(workdir, BRIEF_FILES[agent]);
    if (!(await isRegularOrMissing(file)))
        return undefined;
    const originalBytes = await (0,promises_.readFile)(file).catch(() => undefined);
    const original = originalBytes?.toString("utf8");
    const block = briefBlock(issueNumber);
    await (0,promises_.writeFile)(file, addBrief(original, block));
    return { file, original, originalBytes, block };
}
/** Restores the instructions file before the changes are collected. */
async function restoreBrief(inserted) {
    if (!inserted)
        return;
    // What the agent left there may be a link to a file of the action's; a link is not the brief.
    if (!(await isRegularOrMissing(inserted.file)))
        return;
    const current = await (0,promises_.readFile)(inserted.file, "utf8").catch(() => undefined);
    const restored = removeBrief(current, inserted.original, inserted.block);
    if (restored === undefined)
        await (0,promises_.rm)(inserted.file, { force: true });
    else if (restored === inserted.original && inserted.originalBytes)
        await (0,promises_.writeFile)(inserted.file, inserted.originalBytes);
    else if (restored !== current)
        await (0,promises_.writeFile)(inserted.file, restored);
}

;// CONCATENATED MODULE: ./src/core/agent/agent-guard.ts






/**
 * Runs `run` (the agent) with what surrounds it set up and put back afterwards, whatever happens:
 * the checkout recorded and its persisted git credentials hidden (and the checkout restored for
 * the job's later steps), the runtime brief in the agent's instructions file, and the protected
 * files guarded against the agent's writes. Anything that cannot be put back is reported in
 * `workspace.checkoutProblems`.
 */
async function guardAgentRun(options, run) {
    const { workspace, logger } = options;
    // Three independent guards, set up at once (the checkout's ahead of them); when one cannot be,
    // the others are put back.
    const [checkout, brief, files] = await Promise.allSettled([
        options.checkout.take(logger),
        insertHiddenBrief(options),
        guardFiles(options.protectedFiles),
    ]);
    const restoreCheckout = checkout.status === "fulfilled" ? checkout.value : undefined;
    const inserted = brief.status === "fulfilled" ? brief.value : undefined;
    const restoreProtected = files.status === "fulfilled" ? files.value : undefined;
    try {
        for (const guard of [checkout, brief, files])
            if (guard.status === "rejected")
                throw guard.reason;
        return await run();
    }
    finally {
        const problems = (await restoreCheckout?.()) ?? [];
        if (problems.length > 0)
            workspace.checkoutProblems = problems;
        await restoreBrief(inserted);
        const tampered = (await restoreProtected?.()) ?? [];
        if (tampered.length > 0) {
            logger.warning(`The agent wrote to the runner's file commands or the action's own files (${tampered.join(", ")}); its writes were undone`);
        }
    }
}
/**
 * Sets the checkout's guard up while this run's workspace is still being made, as soon as the
 * agent's files are being checked out (the environment's root is the guard's holder, and is
 * recorded for the post step by then): the guard reads and changes only the checkout's git
 * directory, which the set-up is done reading. Its messages wait for the agent's log group. No
 * environment, no guard.
 */
function guardCheckoutAhead(options) {
    const said = deferredLogger();
    // Taken by the agent's run, or abandoned by a run whose agent will not start: a guard that has
    // not started by then never does.
    let state = "waiting";
    const ready = options.environment.then(async ({ root, checkout, checkoutWritable, trustedGitConfig }) => {
        if (!checkout || state === "abandoned")
            return undefined;
        if (state === "waiting")
            state = "started";
        return guardCheckout({
            paths: checkout,
            holder: root,
            token: options.token,
            git: options.git,
            trustedGitConfig,
            exclude: [options.workspacesRoot, external_node_path_default().dirname(root)],
            recordWorktree: await checkoutWritable,
            logger: said.logger,
        });
    });
    ready.catch(() => { });
    return {
        take(logger) {
            // Fails closed: no agent starts beside a checkout whose guard was given up.
            if (state === "abandoned")
                return Promise.reject(new Error("the checkout's guard was given up"));
            state = "taken";
            said.replay(logger);
            return ready;
        },
        async abandon(logger) {
            const was = state;
            if (was === "taken" || was === "abandoned")
                return;
            state = "abandoned";
            if (was === "waiting")
                return;
            said.replay(logger);
            const restore = await ready.catch(() => undefined);
            const problems = (await restore?.()) ?? [];
            if (problems.length > 0)
                logger.warning(`Could not put the checkout back: ${problems.join(", ")}`);
        },
    };
}
/**
 * A logger that keeps what it is told until `replay` passes it on (and everything after it). The
 * checkout's guard only says things; it opens no group and prints no untrusted text.
 */
function deferredLogger() {
    let target;
    const kept = [];
    const say = (kind) => (message) => {
        if (target)
            target[kind](message);
        else
            kept.push([kind, message]);
    };
    const logger = quietLogger({
        info: say("info"),
        warning: say("warning"),
        error: say("error"),
        debug: say("debug"),
    });
    return {
        logger,
        replay(to) {
            target = to;
            for (const [kind, message] of kept.splice(0))
                to[kind](message);
        },
    };
}
/** The brief in the agent's instructions file, hidden from its git; taken out again if hiding fails. */
async function insertHiddenBrief(options) {
    const inserted = await insertBrief(options.workspace.workdir, options.agent, options.issueNumber);
    if (!inserted)
        return undefined;
    try {
        await hideBriefFromGit(options, inserted.original === undefined);
    }
    catch (error) {
        await restoreBrief(inserted);
        throw error;
    }
    return inserted;
}
/**
 * Whether the agent could change the checkout's working tree. An agent with a user of its own
 * cannot when neither the checkout's top directory nor its git directory is writable by other
 * users: that is how actions/checkout leaves it (umask 022). A job that opened the checkout to
 * everyone gets the working tree recorded and put back, as with an agent of the runner's user.
 */
async function agentCanWrite(agentUser, checkout) {
    if (!agentUser || !checkout)
        return true;
    return agentUser.canWriteAny([checkout.toplevel, checkout.gitDir]);
}
/**
 * The brief is the action's, not the agent's work: the agent's `git status` must not show it. The
 * workdir is a repository of the agent's own, so the hiding lives there, set up before the agent
 * starts: a file made for the run is listed in that repository's `info/exclude`, a tracked file
 * the brief was added to is marked skip-worktree. Neither is undone: the action never reads that
 * repository's index or excludes (it collects the work as files, see publish-repository.ts), and
 * the brief is taken out of the files before then.
 */
async function hideBriefFromGit(options, created) {
    const { workspace } = options;
    if (workspace.mode !== "worktree")
        return;
    const name = BRIEF_FILES[options.agent];
    if (created) {
        await addExcludes(external_node_path_default().join(workspace.workdir, ".git"), `${workspace.taskId}-brief`, [`/${name}`]);
        return;
    }
    // The repository is the agent's user's already (prepare-workspace.ts): git runs as that user
    // there, as git's safe.directory check wants, and the index stays the agent's own.
    const agentRepo = options.git.at(workspace.workdir);
    const user = workspace.workdirWithAgent ? workspace.agentUser : undefined;
    const run = (args) => (user ? agentRepo.runAs(user, args) : agentRepo.run(args));
    if ((await run(["ls-files", "--error-unmatch", "--", name]).catch(() => undefined)) === undefined)
        return;
    await run(["update-index", "--skip-worktree", "--", name]);
}

;// CONCATENATED MODULE: ./src/core/workspace/index-copy.ts

/**
 * How far before the original's mtime a copy of an index is dated. Git trusts an entry's stat
 * data only when the file's mtime is before the index file's own ("racy git"): a file changed in
 * the same clock tick as the index was written keeps its size and mtime, and only this rule makes
 * git read it. A copy made later must not move that line forward, or such a change is missed;
 * dated a little earlier, it only makes git read the last few files the checkout wrote.
 * https://git-scm.com/docs/racy-git
 */
const RACY_MARGIN_MS = 20;
/** Copies a git index so that git's racy-entry check works on the copy as on the original. */
async function copyIndex(from, to) {
    await (0,promises_.copyFile)(from, to);
    const { atime, mtimeMs } = await (0,promises_.stat)(from);
    await (0,promises_.utimes)(to, atime, new Date(Math.floor(mtimeMs) - RACY_MARGIN_MS));
}
/**
 * Dates an index past its files: to the next whole second. An entry whose file was written in the
 * same second as the index was is "racy" to git, which reads the file again at every later
 * command that reads and writes the index; for a fresh checkout that is most of its files. Only
 * for an index whose entries are known to match their files: one `git add --all` has just brought
 * up to date (before the commit's write-tree writes it again), or the agent's start index, whose
 * doubtful entries are checked again (see IndexRecheck).
 */
async function markIndexChecked(indexFile, now = Date.now()) {
    const nextSecond = new Date((Math.floor(now / 1000) + 1) * 1000);
    await (0,promises_.utimes)(indexFile, nextSecond, nextSecond);
}
/** Which of `files` the index of `repo` tracks (names matched literally). */
async function trackedOf(repo, files) {
    return pathsOf(await entriesOf(repo, files));
}
/**
 * Puts the entries of `files` in the index back without their stat data, so that the next
 * `git add` reads those files again whatever their stat says; returns the files it tracks. The
 * index is dated past its files first (markIndexChecked), or writing it would have git read every
 * racy file to smudge it: only for an index whose other entries are known to match their files.
 */
async function forgetStatData(repo, indexFile, files) {
    const entries = await entriesOf(repo, files);
    if (!entries)
        return [];
    await markIndexChecked(indexFile);
    // --index-info reads what ls-files --stage prints: the entry again, without stat data.
    await repo.run(["update-index", "-z", "--index-info"], { input: entries });
    await markIndexChecked(indexFile);
    return pathsOf(entries);
}
/**
 * The index's entries for `files`, as `git ls-files --stage -z` prints them; a name that is not
 * UTF-8 could not be given back.
 */
async function entriesOf(repo, files) {
    if (files.length === 0)
        return "";
    const entries = await repo.run(["--literal-pathspecs", "ls-files", "--stage", "-z", "--", ...files]);
    if (entries.includes("\uFFFD"))
        throw new Error("a tracked name is not UTF-8");
    return entries;
}
function pathsOf(entries) {
    return entries
        .split("\0")
        .filter(Boolean)
        .map((entry) => entry.slice(entry.indexOf("\t") + 1));
}

;// CONCATENATED MODULE: ./src/core/workspace/share-objects.ts



/** How deep git follows `objects/info/alternates` chains; the same limit as git's own. */
const MAX_ALTERNATE_DEPTH = 5;
/** Files of `objects/pack` that make up a pack; `.keep` and `.promisor` markers and temporaries are not. */
const PACK_FILE = /^pack-[0-9a-f]+\.(pack|idx|rev|bitmap)$/;
const LOOSE_DIR = /^[0-9a-f]{2}$/;
/** The rest of a loose object's name (SHA-1 or SHA-256); git's temporaries (`tmp_obj_*`) are not. */
const LOOSE_OBJECT = /^[0-9a-f]{38}(?:[0-9a-f]{24})?$/;
/**
 * Fills `target` (an object directory that only the action can write) with the objects of
 * `sources` and of the directories they borrow from: each file is hard-linked, so a repository
 * of a hundred thousand files costs a handful of links instead of a pack written and indexed
 * again. A file other users could not read, or one on another file system, is copied instead,
 * readable by all. Object files are read-only: whoever borrows them cannot change them.
 * https://git-scm.com/docs/gitrepository-layout#Documentation/gitrepository-layout.txt-objects
 */
async function shareObjects(sources, target, 
/** `alternates: false` shares the sources' own objects only, not those they borrow. */
options = {}) {
    await (0,promises_.mkdir)(external_node_path_default().join(target, "pack"), { recursive: true });
    const seen = new Set();
    const visit = async (dir, depth) => {
        const resolved = external_node_path_default().resolve(dir);
        if (seen.has(resolved) || depth > MAX_ALTERNATE_DEPTH)
            return;
        seen.add(resolved);
        await shareDirectory(resolved, target);
        if (options.alternates === false)
            return;
        for (const alternate of await alternatesOf(resolved))
            await visit(alternate, depth + 1);
    };
    for (const source of sources)
        await visit(source, 0);
}
async function shareDirectory(source, target) {
    const entries = await (0,promises_.readdir)(source, { withFileTypes: true }).catch(() => []);
    // Listed in full first, then shared: no link or copy is under way (and could fail unobserved)
    // while the listing still awaits.
    const files = [];
    for (const entry of entries) {
        if (!entry.isDirectory())
            continue;
        if (entry.name === "pack") {
            const names = await (0,promises_.readdir)(external_node_path_default().join(source, "pack")).catch(() => []);
            for (const name of names.filter((n) => PACK_FILE.test(n))) {
                files.push([external_node_path_default().join(source, "pack", name), external_node_path_default().join(target, "pack", name)]);
            }
        }
        else if (LOOSE_DIR.test(entry.name)) {
            const names = await (0,promises_.readdir)(external_node_path_default().join(source, entry.name)).catch(() => []);
            const objects = names.filter((name) => LOOSE_OBJECT.test(name));
            if (objects.length === 0)
                continue;
            await (0,promises_.mkdir)(external_node_path_default().join(target, entry.name), { recursive: true });
            for (const name of objects) {
                files.push([external_node_path_default().join(source, entry.name, name), external_node_path_default().join(target, entry.name, name)]);
            }
        }
    }
    await Promise.all(files.map(([from, to]) => shareFile(from, to)));
}
/**
 * Shares one object file. Another git process may be writing the same repository meanwhile (a
 * run sharing the checkout makes its lease commits there): a file that is gone by the time it is
 * linked was a temporary or has moved into a pack, and is left out.
 */
async function shareFile(from, to) {
    const info = await (0,promises_.lstat)(from).catch(() => undefined);
    if (!info?.isFile())
        return;
    // A link is the same file: other users can read it only when its mode lets them.
    if ((info.mode & 0o004) !== 0) {
        try {
            await (0,promises_.link)(from, to);
            return;
        }
        catch (error) {
            const code = error.code;
            // The same object from two sources: the first one stays.
            if (code === "EEXIST" || code === "ENOENT")
                return;
            // EXDEV (another file system), EPERM (links refused): a copy does as well.
        }
    }
    try {
        await (0,promises_.copyFile)(from, to, external_node_fs_.constants.COPYFILE_EXCL | external_node_fs_.constants.COPYFILE_FICLONE);
    }
    catch (error) {
        const code = error.code;
        if (code === "EEXIST" || code === "ENOENT")
            return;
        throw error;
    }
    await (0,promises_.chmod)(to, 0o444);
}
/** The object directories `objects/info/alternates` names, relative paths resolved as git does. */
async function alternatesOf(objectsDir) {
    const text = await (0,promises_.readFile)(external_node_path_default().join(objectsDir, "info", "alternates"), "utf8").catch(() => "");
    return text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith("#"))
        .map((line) => external_node_path_default().resolve(objectsDir, line));
}
/**
 * Makes the repository at `gitDir` (just made, empty) borrow the objects of `objectsDir`, with the
 * shallow boundary of `shallowFrom` (a fetch into it depends on it), if that repository has one.
 * https://git-scm.com/docs/gitrepository-layout#Documentation/gitrepository-layout.txt-objectsinfoalternates
 */
async function borrowObjects(gitDir, objectsDir, shallowFrom) {
    await (0,promises_.mkdir)(external_node_path_default().join(gitDir, "objects", "info"), { recursive: true });
    await (0,promises_.writeFile)(external_node_path_default().join(gitDir, "objects", "info", "alternates"), `${objectsDir}\n`);
    await copyShallow(shallowFrom, gitDir);
}
/** Gives `gitDir` the shallow boundary of `from` (its `shallow` file), if `from` has one. */
async function copyShallow(from, gitDir) {
    await (0,promises_.copyFile)(external_node_path_default().join(from, "shallow"), external_node_path_default().join(gitDir, "shallow")).catch(() => { });
}

;// CONCATENATED MODULE: ./src/core/workspace/write-stamp.ts



const SECOND = 1000000000n;
/** Beyond these the list is not worth making: git reads the racy files itself. */
const MAX_FILES = 1000;
const MAX_BYTES = 128 * 1024;
/**
 * The moment the agent starts, as the file system of its workdir dates changes: the ctime of a
 * file made there just before, in nanoseconds. ctime is the kernel's to set (touch moves mtime,
 * never ctime), so every file the agent changes has a ctime from then on, and every file the
 * checkout and the action wrote before one up to then. undefined when the stamp's directory is on
 * another file system than the workdir, whose clock granularity may differ.
 */
async function stampAgentStart(dir, workdir) {
    const marker = external_node_path_default().join(dir, "agent-start");
    try {
        const handle = await (0,promises_.open)(marker, "wx", 0o600);
        try {
            const [made, work] = await Promise.all([
                handle.stat({ bigint: true }),
                (0,promises_.lstat)(workdir, { bigint: true }),
            ]);
            return made.dev === work.dev ? made.ctimeNs : undefined;
        }
        finally {
            await handle.close();
            await (0,promises_.rm)(marker, { force: true });
        }
    }
    catch {
        return undefined;
    }
}
/**
 * The files of `workdir` (not its directories) changed in the second the agent started in, from
 * its start on (stampAgentStart): the only changes git can miss. git compares stat data in whole
 * seconds, ctime included, so a change in a later second always shows; one in the same second
 * as the checkout, of the same size, only shows because git reads every file written in the
 * index's own second again ("racy git"), most files of a fresh checkout. Listed once the agent's
 * processes are gone, with GNU find: undefined when it cannot list them all (another find, an
 * unreadable directory), when a name is not UTF-8 (git could not be given it), or when there are
 * too many to be worth it.
 * https://git-scm.com/docs/racy-git
 */
async function filesChangedInStartSecond(workdir, since) {
    const nextSecond = (since / SECOND + 1n) * SECOND;
    // `-newerct @t` is "changed after t"; both bounds are nanoseconds.
    const result = await runCommand([
        "find",
        ".",
        ...["-name", ".git", "-prune", "-o"],
        ...["!", "-type", "d", "-newerct", findTime(since - 1n), "!", "-newerct", findTime(nextSecond - 1n)],
        ...["-printf", "%P\\0"],
    ], { cwd: workdir });
    if (result.code !== 0 || result.stdout.includes("\uFFFD"))
        return undefined;
    if (result.stdout.length > MAX_BYTES)
        return undefined;
    const files = result.stdout.split("\0").slice(0, -1);
    return files.length <= MAX_FILES ? files : undefined;
}
function findTime(ns) {
    return `@${ns / SECOND}.${String(ns % SECOND).padStart(9, "0")}`;
}

;// CONCATENATED MODULE: ./src/core/publish/publish-repository.ts









const AGENT_HEAD_REF = "refs/agent-task/agent-head";
/**
 * Copies the agent's commits out of its repository, once its processes are gone and before its
 * files are taken back. The copy goes into a repository of the action's (createImportRepository),
 * in its own git directory, so nothing in it comes from the agent: no hooks, the trusted config
 * only (pinned), and objects borrowed from the prepared repository.
 *
 * The fetch's upload-pack runs in the agent's repository as the agent's user: whatever that
 * repository's config says is done with the agent's rights, and only a pack, verified by the
 * action's git, comes back. Without a readable HEAD there, the agent's work is taken as files on
 * top of the commit it started from.
 */
async function importAgentCommits(workspace, git, logger, 
/** The repository createImportRepository made for it while the agent ran; made now when not given. */
made) {
    const { dir, bare } = await (made ?? createImportRepository(workspace, git));
    const head = (await leftAtStart(workspace))
        ? workspace.startSha
        : await fetchAgentHead(bare, workspace, logger);
    await bare.run(["update-ref", `refs/heads/${workspace.branch}`, head]);
    return { gitDir: dir, head };
}
/**
 * Makes the repository importAgentCommits copies into: nothing in it depends on the agent, so it
 * is made while the agent runs, in the action's own git directory, where the agent cannot reach.
 */
async function createImportRepository(workspace, git) {
    const dir = await (0,promises_.mkdtemp)(external_node_path_default().join(workspace.actionGitDir, "publish-"));
    const bare = git.scoped(pinnedScope({ gitDir: dir }, workspace.trustedGitConfig));
    await bare.run(["init", "--quiet", "--bare", "--template=", `--initial-branch=${workspace.branch}`]);
    await borrowObjects(dir, external_node_path_default().join(workspace.preparedRepo, "objects"), workspace.preparedRepo);
    await (0,promises_.mkdir)(external_node_path_default().join(dir, "info"), { recursive: true });
    await (0,promises_.writeFile)(external_node_path_default().join(dir, "info", "exclude"), `/${naming_CONTEXT_DIR_NAME}/\n`);
    return { dir, bare };
}
/**
 * The repository the action commits and pushes from: the one holding the agent's commits, with
 * the agent's workdir as its work tree, named explicitly so git never looks at the `.git` there,
 * and its index beside it. Every command gets the pinned configuration.
 */
async function openPublishRepository(workspace, git, imported, 
/** When the agent started, as its workdir dates changes (AgentRun.startStamp). */
agentStart) {
    // Never fall back to a repository the agent had: without the copy there is nothing to publish from.
    if (!imported)
        throw new errors/* TaskError */.Ik("the agent's work was not copied out of its repository");
    // Listed while git reads the rest: the agent's processes are gone, nothing changes them.
    const changed = agentStart === undefined ? undefined : filesChangedInStartSecond(workspace.workdir, agentStart);
    const indexFile = external_node_path_default().join(imported.gitDir, "index");
    const repo = git.scoped(pinnedScope({
        gitDir: imported.gitDir,
        workTree: workspace.workdir,
        indexFile,
    }, 
    // Full stat checks: files taken back from the agent's user since (a new owner, a new
    // ctime) are read again, which is slower but never misses a same-size edit made in the
    // same second as the checkout. Only where the action checked the files out itself and
    // they went to the agent's user and back (two chowns, the same owner again) is their ctime
    // left out: git still compares mtime, size, inode and owner, and reads racy entries.
    workspace.agentUser && !workspace.checkedOutByAgent
        ? [...workspace.trustedGitConfig, ["core.trustctime", "false"]]
        : workspace.trustedGitConfig));
    // The index of the checkout the agent started from, moved to the agent's HEAD by a two-tree
    // merge that keeps the stat data of unchanged entries: `git add` then reads only the files
    // whose stat changed, not all of them. Without -i, read-tree refuses to replace an entry whose
    // file changed, which is every file the agent committed a change to: then every file was read.
    // https://git-scm.com/docs/git-read-tree#_two_tree_merge
    const copied = await copyIndex(workspace.startIndex, indexFile).then(() => true, () => false);
    // Most entries of a fresh checkout are racy: git would read every such file again. When the
    // files the agent may have changed unseen in that second can be listed, git trusts the rest.
    let recheck;
    if (copied && changed) {
        // Asked of the start index, which only the action writes: the entries whose stat data git is
        // told to trust. Those read-tree replaces below have none to trust.
        const start = git.scoped(pinnedScope({ gitDir: imported.gitDir, indexFile: workspace.startIndex }, workspace.trustedGitConfig));
        const suspects = changed
            .then((files) => (files ? trackedOf(start, files) : undefined))
            .catch(() => undefined);
        recheck = { suspects, racyFrom: (await (0,promises_.stat)(indexFile)).mtime };
        await markIndexChecked(indexFile);
    }
    const moved = copied &&
        (imported.head === workspace.startSha ||
            (await repo.tryRun(["read-tree", "-m", "-i", workspace.startSha, "HEAD"])) !== undefined);
    if (!moved) {
        await repo.run(["read-tree", "HEAD"]);
        // No entry has stat data left to trust.
        recheck = undefined;
    }
    else if (recheck && imported.head !== workspace.startSha) {
        // read-tree wrote the index now: its entries would be racy again.
        await markIndexChecked(indexFile);
    }
    return { git: repo, recheck };
}
/**
 * True when the agent's repository shows HEAD where the agent started (it made no commit): then
 * there is nothing to fetch. Read as plain files, never followed through a link and never waited
 * on (a FIFO); anything else, a packed ref included, is left to the fetch. An agent that makes
 * this lie only keeps its commit messages out: its files are collected all the same.
 */
async function leftAtStart(workspace) {
    const dotGit = external_node_path_default().join(workspace.workdir, ".git");
    const head = await readSmallFile(dotGit, "HEAD");
    if (head === workspace.startSha)
        return true;
    const ref = /^ref: (refs\/heads\/[^\s]+)$/.exec(head ?? "")?.[1];
    if (!ref || ref.split("/").includes(".."))
        return false;
    return (await readSmallFile(dotGit, ref)) === workspace.startSha;
}
/** A regular file that really lies inside `dir` (no link on the way leads out of it), at most 512 bytes of it. */
async function readSmallFile(dir, name) {
    const file = external_node_path_default().join(dir, name);
    const [inside, real] = await Promise.all([
        (0,promises_.realpath)(dir).catch(() => undefined),
        (0,promises_.realpath)(file).catch(() => ""),
    ]);
    const isDirectory = (await (0,promises_.lstat)(dir).catch(() => undefined))?.isDirectory();
    if (!inside || !real.startsWith(`${inside}${(external_node_path_default()).sep}`) || !isDirectory)
        return undefined;
    const handle = await (0,promises_.open)(file, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK).catch(() => undefined);
    if (!handle)
        return undefined;
    try {
        if (!(await handle.stat()).isFile())
            return undefined;
        const buffer = Buffer.alloc(512);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        return buffer.subarray(0, bytesRead).toString("utf8").trim();
    }
    finally {
        await handle.close();
    }
}
async function fetchAgentHead(bare, workspace, logger) {
    const uploadPack = workspace.agentUser
        ? workspace.agentUser.wrap(["env", `HOME=${workspace.homeDir}`, "git", "upload-pack"])
        : ["git", "upload-pack"];
    try {
        await bare.run([
            "fetch",
            "--quiet",
            "--no-tags",
            "--no-write-fetch-head",
            // The agent may have rewritten the commit it started from; its parents are then only known
            // to the remote, like the start commit's own.
            "--update-shallow",
            `--upload-pack=${uploadPack.map(shellQuote).join(" ")}`,
            workspace.workdir,
            `+HEAD:${AGENT_HEAD_REF}`,
        ]);
        return (await bare.run(["rev-parse", "--verify", `${AGENT_HEAD_REF}^{commit}`])).trim();
    }
    catch (error) {
        logger.warning(`Could not read the agent's commits from its repository (${(0,errors/* errorMessage */.gJ)(error).split("\n")[0]}); its files are committed on top of the commit it started from`);
        return workspace.startSha;
    }
}
function shellQuote(arg) {
    return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

;// CONCATENATED MODULE: ./src/core/agent/agent-env.ts

/**
 * The agent's environment: the host's environment without anything secret (inputs, runtime
 * tokens and URLs, GitHub tokens, file commands, and any value that contains a secret), then the
 * `agent-env` lines, then the contract's variables.
 */
function buildAgentEnv(options) {
    const env = {};
    for (const [key, value] of Object.entries(options.hostEnv)) {
        if (value === undefined || (0,core_secrets/* isSecretVariable */.tS)(key))
            continue;
        if ((0,core_secrets/* containsSecret */.At)(value, options.secrets))
            continue;
        env[key] = value;
    }
    return {
        ...env,
        // An agent's own git must fail instead of waiting for a password prompt nobody answers.
        GIT_TERMINAL_PROMPT: "0",
        ...options.extra,
        ...options.agentEnv,
        ...options.variables,
    };
}

;// CONCATENATED MODULE: ./src/core/agent/agent-home.ts


/**
 * The CLI configuration a preset reads from HOME: copied from the runner's HOME into the agent's
 * fresh one, so that a login or settings file a workflow set up in an earlier step still works.
 * Nothing else of the runner's HOME is copied (no git config, no other tools' credentials).
 */
const PRESET_CONFIG = {
    claude: [".claude", ".claude.json"],
    codex: [".codex"],
    gemini: [".gemini"],
    custom: [],
};
/**
 * Variables of `agent-env` that name a CLI's configuration directory: the directory is copied
 * into the agent's HOME too, and the variable points at the copy, which the agent's user can
 * read and write (the original may be in a place it cannot reach).
 */
const CONFIG_DIR_VARIABLES = {
    CODEX_HOME: ".codex",
    CLAUDE_CONFIG_DIR: ".claude",
};
/**
 * Fills the agent's HOME (`home/`, with `tmp/` for TMPDIR) and returns the variables that point
 * the agent at it; `agent-env` may still override them.
 */
async function prepareAgentHome(options) {
    const { homeDir, runnerHome } = options;
    const tmp = external_node_path_default().join(homeDir, "tmp");
    await (0,promises_.mkdir)(tmp, { recursive: true });
    const env = { HOME: homeDir, TMPDIR: tmp };
    if (runnerHome) {
        for (const name of PRESET_CONFIG[options.agent]) {
            await copyConfig(external_node_path_default().join(runnerHome, name), external_node_path_default().join(homeDir, name));
        }
    }
    for (const [variable, name] of Object.entries(CONFIG_DIR_VARIABLES)) {
        const source = options.agentEnv[variable];
        if (!source || !external_node_path_default().isAbsolute(source))
            continue;
        const target = external_node_path_default().join(homeDir, name);
        await copyConfig(source, target);
        env[variable] = target;
    }
    return env;
}
/** Copies a file or directory tree as it is (symlinks stay links); a missing one is skipped. */
async function copyConfig(source, target) {
    const info = await (0,promises_.lstat)(source).catch(() => undefined);
    if (!info || (!info.isDirectory() && !info.isFile()))
        return;
    await (0,promises_.cp)(source, target, { recursive: true, force: true, verbatimSymlinks: true });
}

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
;// CONCATENATED MODULE: ./src/core/agent/byte-tail.ts
/** The last `limit` bytes of a stream, kept as the chunks that hold them. */
class ByteTail {
    limit;
    chunks = [];
    bytes = 0;
    constructor(limit) {
        this.limit = limit;
    }
    push(chunk) {
        this.chunks.push(chunk);
        this.bytes += chunk.length;
        while (this.chunks.length > 1 && this.bytes - this.chunks[0].length >= this.limit) {
            this.bytes -= this.chunks.shift().length;
        }
    }
    /** The tail as text, starting at a whole character. */
    text() {
        const all = Buffer.concat(this.chunks);
        let start = Math.max(0, all.length - this.limit);
        // UTF-8 continuation bytes (10xxxxxx) cannot start a character.
        while (start < all.length && (all[start] & 0xc0) === 0x80)
            start++;
        return all.subarray(start).toString("utf8");
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/core/agent/agent-user.ts






/**
 * Decides how `agent-user` is honoured on this runner. `auto` isolates where it can and says why
 * when it cannot; a named user that cannot be switched to is an error, not a silent downgrade.
 */
function planIsolation(setting, facts) {
    if (setting === "none")
        return { kind: "none", reason: "`agent-user` is `none`", chosen: true };
    const name = typeof setting === "object" ? setting.name : undefined;
    const refuse = (reason) => {
        if (name === undefined)
            return { kind: "none", reason, chosen: false };
        throw new errors/* TaskError */.Ik(`cannot run the agent as user \`${name}\`: ${reason}`, "Run the job as root or give the runner's user passwordless sudo, or set `agent-user: auto` or `none`");
    };
    if (facts.platform !== "linux")
        return refuse(`separate agent users are only supported on Linux`);
    if (facts.uid === 0) {
        if (!facts.hasSetpriv)
            return refuse("the runner runs as root but has no `setpriv` (util-linux)");
        if (name === undefined && !facts.hasUseradd)
            return refuse("the runner runs as root but has no `useradd` to create the agent's user");
        return { kind: "user", via: "setpriv", name };
    }
    if (facts.sudo)
        return { kind: "user", via: "sudo", name };
    return refuse("the runner's user is not root and has no passwordless sudo");
}
/** The name of the n-th dedicated user of a runner user (`agent-task`, `agent-task-2` … for root). */
function slotUserName(runnerUid, slot) {
    const base = runnerUid === 0 ? "agent-task" : `agent-task-${runnerUid}`;
    return slot === 1 ? base : `${base}-${slot}`;
}
const MAX_SLOTS = 32;
const LOCK_STALE_MS = 20_000;
/**
 * A user the agent runs as, held by this run until `release`: concurrent runs get users of their
 * own, because stopping the agent stops every process of its user.
 */
class AgentUser {
    name;
    uid;
    gid;
    via;
    slot;
    launcher;
    constructor(name, uid, gid, via, slot, 
    /** setpriv or sudo, found once on the system's PATH (the agent's PATH may not have it). */
    launcher = via) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.via = via;
        this.slot = slot;
        this.launcher = launcher;
    }
    /**
     * The argv that runs `argv` as this user. setpriv keeps the environment it is given; sudo is
     * asked to keep it (-E) and HOME, PATH and TMPDIR are set again after it, since it may not.
     * `no_new_privs` stops the agent from gaining privileges through setuid programs.
     */
    wrap(argv, env = {}) {
        if (this.via === "setpriv") {
            return [
                this.launcher,
                `--reuid=${this.uid}`,
                `--regid=${this.gid}`,
                "--clear-groups",
                "--no-new-privs",
                "--",
                ...argv,
            ];
        }
        // Paths only (argv is public): glibc drops TMPDIR for setuid programs such as sudo, and sudo
        // may reset HOME and PATH (secure_path). https://www.sudo.ws/docs/man/sudoers.man/#Command_environment
        const keep = ["HOME", "PATH", "TMPDIR"]
            .filter((key) => env[key] !== undefined)
            .map((key) => `${key}=${env[key]}`);
        return [this.launcher, "-n", "-E", "-u", this.name, "--", "env", ...keep, ...argv];
    }
    /** Runs a helper program as this user. */
    run(argv, env = { PATH: SYSTEM_PATH }) {
        return runCommand(this.wrap(argv, env), { env });
    }
    /** True when this user can search `dir` and every directory above it. */
    async canReach(dir) {
        return (await this.run(["test", "-d", dir, "-a", "-x", dir])).code === 0;
    }
    /** True when this user can write any of `paths`. */
    async canWriteAny(paths) {
        const tests = paths.flatMap((file, i) => [...(i > 0 ? ["-o"] : []), "-w", file]);
        return (await this.run(["test", ...tests])).code === 0;
    }
    /** True when this user can execute `file`. */
    async canExecute(file) {
        return (await this.run(["test", "-f", file, "-a", "-x", file])).code === 0;
    }
    /**
     * Sends `signal` to every process of this user: kill(-1) from a process of the user reaches all
     * of them at once, however they were started (setsid, double fork, a changed environment).
     * https://man7.org/linux/man-pages/man2/kill.2.html
     */
    async signalAll(signal) {
        await this.run(["/bin/sh", "-c", `kill -s ${signal} -- -1`]);
    }
    /** Kills every process of this user and waits until none is left; returns the pids that survived. */
    async stopAll(timeoutMs = 5000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const alive = processesOf(this.uid);
            if (alive.length === 0 || Date.now() > deadline)
                return alive;
            await this.signalAll("KILL");
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    }
    /** Makes the agent the owner of `paths` (recursively, symlinks themselves, never their targets). */
    async handOver(paths) {
        await this.privileged(["chown", "-R", "-h", `${this.uid}:${this.gid}`, ...paths]);
    }
    /**
     * Makes the agent the owner of `paths` (recursively) and of the entries of `entriesOf` (not
     * below them) that it does not own yet: what the action wrote into a workdir whose files are
     * already the agent's. One chown for all of it.
     */
    async handOverWith(paths, entriesOf) {
        const foreign = [];
        for (const dir of entriesOf) {
            for (const name of await (0,promises_.readdir)(dir).catch(() => [])) {
                const file = external_node_path_default().join(dir, name);
                const info = await (0,promises_.lstat)(file).catch(() => undefined);
                if (info && info.uid !== this.uid && !paths.includes(file))
                    foreign.push(file);
            }
        }
        await this.handOver([...paths, ...foreign]);
    }
    /**
     * Takes `paths` back from the agent once none of its processes is left: only what the agent
     * owns changes owner. A regular file there that the agent does not own can only be a hard link
     * to someone else's file. Where the kernel lets a user link files it cannot read and write
     * (fs.protected_hardlinks=0), such files are looked for (a pass over every file) and removed,
     * never read or published; where it does not, a link shows the action nothing the agent could
     * not read itself, and there is no pass. Returns the files removed.
     * https://docs.kernel.org/admin-guide/sysctl/fs.html#protected-hardlinks
     */
    async takeBack(paths) {
        const runnerUid = process.getuid();
        const look = !(await hardLinksProtected());
        // Root sees every file now; the runner's user only once the agent's files are its own.
        const before = look && runnerUid === 0 ? await foreignFiles(paths, this.uid) : [];
        await this.privileged([
            "chown",
            "-R",
            "-h",
            `--from=${this.uid}`,
            `${runnerUid}:${process.getgid()}`,
            ...paths,
        ]);
        const foreign = !look || runnerUid === 0 ? before : await foreignFiles(paths, runnerUid);
        for (const file of foreign)
            await (0,promises_.rm)(file, { force: true });
        return foreign;
    }
    /** Writes who holds this user, so that a post step never stops another run's agent. */
    async recordHolder(holder) {
        await (0,promises_.writeFile)(this.slot.ownerFile, holder, { mode: 0o600 });
    }
    async release() {
        await this.slot.release();
    }
    async privileged(argv) {
        const result = await runCommand(this.via === "sudo" ? ["sudo", "-n", ...argv] : argv);
        if (result.code !== 0) {
            throw new errors/* TaskError */.Ik(`\`${argv.slice(0, 2).join(" ")}\` failed: ${result.stderr.trim() || result.code}`);
        }
    }
}
/** Regular files under `dirs` whose owner is not `uid` (symlinks are links, not content). */
async function foreignFiles(dirs, uid) {
    const found = [];
    const walk = async (dir) => {
        const entries = await (0,promises_.readdir)(dir, { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
            const file = external_node_path_default().join(dir, entry.name);
            if (entry.isDirectory())
                await walk(file);
            else if (entry.isFile() && (await (0,promises_.lstat)(file).catch(() => undefined))?.uid !== uid)
                found.push(file);
        }
    };
    for (const dir of dirs)
        await walk(dir);
    return found;
}
/**
 * True when the kernel lets a user hard-link only files it owns or can read and write
 * (fs.protected_hardlinks=1, the default of most distributions): no link the agent makes then
 * shows the action a file the agent could not read itself.
 * https://docs.kernel.org/admin-guide/sysctl/fs.html#protected-hardlinks
 */
async function hardLinksProtected() {
    return (await (0,promises_.readFile)("/proc/sys/fs/protected_hardlinks", "utf8").catch(() => "")).trim() === "1";
}
/**
 * The pids whose real, effective or saved uid is `uid`, zombies left out. Read synchronously: the
 * kernel makes /proc's files as they are read, with no disk to wait for, and a pass over a hundred
 * processes takes about a millisecond, where a thread-pool round trip for each took 4-8 ms, and
 * 13-28 ms while the run's other work kept the event loop busy.
 */
function processesOf(uid) {
    const found = [];
    for (const entry of readProc(() => (0,external_node_fs_.readdirSync)("/proc"), [])) {
        if (!/^\d+$/.test(entry))
            continue;
        const status = readProc(() => (0,external_node_fs_.readFileSync)(`/proc/${entry}/status`, "utf8"), "");
        const uids = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status);
        const state = /^State:\s+(\S)/m.exec(status)?.[1];
        if (uids && state !== "Z" && uids.slice(1, 4).some((id) => Number(id) === uid))
            found.push(Number(entry));
    }
    return found;
}
/** A read of /proc, or `fallback` when it fails (the process has gone meanwhile). */
function readProc(read, fallback) {
    try {
        return read();
    }
    catch {
        return fallback;
    }
}
/** The absolute path of a system program, looked up on the system's PATH, then the job's. */
async function systemProgram(program) {
    return findOnPath(program, [SYSTEM_PATH, process.env.PATH ?? ""].join((external_node_path_default()).delimiter));
}
/** Finds out what the runner allows; spawns nothing it does not need. */
async function isolationFacts() {
    const uid = process.getuid?.() ?? -1;
    const platform = process.platform;
    if (platform !== "linux")
        return { platform, uid, hasSetpriv: false, hasUseradd: false, sudo: false };
    const onPath = async (program) => (await systemProgram(program)) !== undefined;
    if (uid === 0) {
        const [hasSetpriv, hasUseradd] = await Promise.all([onPath("setpriv"), onPath("useradd")]);
        return { platform, uid, hasSetpriv, hasUseradd, sudo: false };
    }
    const [sudo, hasSetpriv] = await Promise.all([
        runCommand(["sudo", "-n", "-E", "true"]).then((result) => result.code === 0),
        onPath("setpriv"),
    ]);
    return { platform, uid, hasSetpriv, hasUseradd: false, sudo };
}
/**
 * Takes a user for the agent as the plan says: the first free dedicated user (created when
 * missing), or the named one, which must exist and must not be root or the runner's own user.
 * Whatever processes an earlier, dead run of that user left behind are killed first.
 */
async function acquireAgentUser(plan) {
    const runnerUid = process.getuid();
    const dir = await privateDir(`agent-task-users-${runnerUid}`);
    const names = plan.name !== undefined
        ? [plan.name]
        : Array.from({ length: MAX_SLOTS }, (_, i) => slotUserName(runnerUid, i + 1));
    for (const name of names) {
        const lockFile = external_node_path_default().join(dir, `${name}.lock`);
        let release;
        try {
            // Keyed by the lock file itself: proper-lockfile keeps one entry per first argument, and
            // two slots held in one process (the CLI, the tests) must not share one.
            release = await proper_lockfile_default().lock(lockFile, {
                lockfilePath: lockFile,
                stale: LOCK_STALE_MS,
                realpath: false,
                onCompromised: () => { },
            });
        }
        catch (error) {
            if (error.code !== "ELOCKED")
                throw error;
            if (plan.name !== undefined) {
                throw new errors/* TaskError */.Ik(`user \`${name}\` (agent-user) is running another run's agent`, "agent-task stops an agent by stopping every process of its user, so overlapping runs need users of their own: use `agent-user: auto`");
            }
            continue;
        }
        // Where the program that runs commands as the user is: looked up while the user is.
        const program = systemProgram(plan.via);
        try {
            const identity = (await lookUpUser(name)) ?? (plan.name === undefined ? await createUser(name, plan.via) : undefined);
            if (!identity)
                throw new errors/* TaskError */.Ik(`user \`${name}\` (agent-user) does not exist`, "Create it first");
            if (identity.uid === 0 || identity.uid === runnerUid) {
                throw new errors/* TaskError */.Ik(`user \`${name}\` (agent-user) is ${identity.uid === 0 ? "root" : "the runner's own user"}, which would not isolate the agent`);
            }
            const user = new AgentUser(name, identity.uid, identity.gid, plan.via, { lockFile, ownerFile: external_node_path_default().join(dir, `${name}.holder`), release: () => release().catch(() => { }) }, (await program) ?? plan.via);
            await user.stopAll();
            return user;
        }
        catch (error) {
            await release().catch(() => { });
            throw error;
        }
    }
    throw new errors/* TaskError */.Ik(`all ${MAX_SLOTS} agent users of this runner are busy`);
}
/**
 * The post step of a run whose main step died: the agent user it held, unless another run holds
 * that user now (it then owns whatever runs as it). `holder` is what the dead run recorded.
 */
async function reclaimAgentUser(name, holder, via) {
    const runnerUid = process.getuid();
    const dir = await privateDir(`agent-task-users-${runnerUid}`);
    const ownerFile = path.join(dir, `${name}.holder`);
    const recorded = await readFile(ownerFile, "utf8").catch(() => undefined);
    if (recorded !== undefined && recorded !== holder)
        return undefined;
    const identity = await lookUpUser(name);
    if (!identity || identity.uid === 0 || identity.uid === runnerUid)
        return undefined;
    const lockFile = path.join(dir, `${name}.lock`);
    return new AgentUser(name, identity.uid, identity.gid, via, 
    // The dead run cannot release its lock; it is not coming back.
    { lockFile, ownerFile, release: () => rm(lockFile, { recursive: true, force: true }) }, (await systemProgram(via)) ?? via);
}
async function lookUpUser(name) {
    // The users agent-task makes are local ones: /etc/passwd answers without a process.
    const local = parsePasswd(await (0,promises_.readFile)("/etc/passwd", "utf8").catch(() => ""), name);
    if (local)
        return local;
    // Others may come from NSS (LDAP, systemd-homed …): id asks all of it.
    const [uid, gid] = await Promise.all([
        runCommand(["id", "-u", "--", name]),
        runCommand(["id", "-g", "--", name]),
    ]);
    if (uid.code !== 0 || gid.code !== 0)
        return undefined;
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
/** The user `name` as a line of /etc/passwd (`name:x:uid:gid:…`) gives it; undefined when none does. */
function parsePasswd(text, name) {
    for (const line of text.split("\n")) {
        const [login, , uid, gid] = line.split(":");
        if (login !== name || !/^\d+$/.test(uid ?? "") || !/^\d+$/.test(gid ?? ""))
            continue;
        return { name, uid: Number(uid), gid: Number(gid) };
    }
    return undefined;
}
/**
 * Creates a system user with a group of its own, no home directory and no login shell. useradd
 * takes the password file's lock; runs creating users at the same moment wait for each other.
 */
async function createUser(name, via) {
    const argv = [
        "useradd",
        "--system",
        "--user-group",
        "--no-create-home",
        "--home-dir",
        "/nonexistent",
        "--shell",
        "/usr/sbin/nologin",
        "--comment",
        "agent-task agent user",
        name,
    ];
    let last;
    for (let attempt = 0; attempt < 20; attempt++) {
        last = await runCommand(via === "sudo" ? ["sudo", "-n", ...argv] : argv);
        const identity = await lookUpUser(name);
        if (identity)
            return identity;
        // Exit code 10: the password file is locked by another useradd.
        if (last.code !== 10 && last.code !== 9)
            break;
        await new Promise((resolve) => setTimeout(resolve, 100 + attempt * 50));
    }
    throw new errors/* TaskError */.Ik(`could not create the user \`${name}\` for the agent: ${last?.stderr.trim() || `exit code ${last?.code}`}`, "Set `agent-user` to an existing unprivileged user, or `none`");
}
/**
 * A directory only the runner's user can write, made once and checked every time: it must be
 * ours, a real directory, and writable by nobody else. It is under /tmp, not TMPDIR, so that
 * every run of the runner's user on the machine finds the same one: the users it holds are
 * shared by all of them.
 */
async function privateDir(name) {
    const dir = external_node_path_default().join("/tmp", name);
    await (0,promises_.mkdir)(dir, { mode: 0o700 }).catch((error) => {
        if (error.code !== "EEXIST")
            throw error;
    });
    const info = await (0,promises_.lstat)(dir);
    if (!info.isDirectory() || info.uid !== process.getuid() || (info.mode & 0o022) !== 0) {
        throw new errors/* TaskError */.Ik(`${dir} is not a private directory of the runner's user; remove it`);
    }
    return dir;
}

;// CONCATENATED MODULE: ./src/core/agent/isolation.ts






/**
 * Takes a user for the agent and a place for its environment that this user can reach (on
 * GitHub's runner image /home/runner may be mode 750, which keeps other users out of
 * RUNNER_TEMP: https://github.com/actions/runner/pull/4083). With `agent-user: auto`, anything
 * that prevents isolation makes the agent run as the runner's user, with the reason reported;
 * with a named user it is an error.
 */
async function isolateAgent(options) {
    const plan = planIsolation(options.setting, options.facts ?? (await isolationFacts()));
    if (plan.kind === "none")
        return shared(options, plan.reason, plan.chosen);
    const user = await acquireAgentUser(plan);
    const named = plan.name !== undefined;
    const degrade = async (reason) => {
        await user.release();
        if (named)
            throw new errors/* TaskError */.Ik(`cannot run the agent as user \`${user.name}\`: ${reason}`);
        return shared(options, reason, false);
    };
    // Two looks through the user's eyes, taken at once.
    const [unreachableProgram, root] = await Promise.all([
        findProgram(options.program, options.searchPath).then(async (program) => program && !(await user.canExecute(program)) ? program : undefined),
        reachableRoot(user, options.workspacesRoot),
    ]);
    if (unreachableProgram) {
        return degrade(`its program ${unreachableProgram} cannot be run by the user \`${user.name}\` (install it where other users can run it, e.g. with npm install -g)`);
    }
    if (!root) {
        return degrade(`neither workspaces-root ${options.workspacesRoot} nor the temp directory can be reached by the user \`${user.name}\``);
    }
    const messages = [];
    if (root !== options.workspacesRoot) {
        messages.push({
            level: "info",
            text: `workspaces-root ${options.workspacesRoot} cannot be reached by the agent's user \`${user.name}\` (a directory above it is closed to other users); the environment is made under ${root} instead`,
        });
    }
    messages.push({
        level: "info",
        text: `The agent runs as the user \`${user.name}\` (uid ${user.uid}), which owns only its workdir, output and HOME`,
    });
    return { user, workspacesRoot: root, messages };
}
function shared(options, reason, chosen) {
    const note = sharedUserNote(reason);
    return {
        workspacesRoot: options.workspacesRoot,
        note,
        messages: [{ level: chosen ? "info" : "warning", text: note }],
    };
}
/** Tells the job log who the agent runs as. */
function reportIsolation(isolation, logger) {
    for (const { level, text } of isolation.messages)
        logger[level](text);
}
/** What the reports say when the agent runs as the runner's user: why, and what it can reach. */
function sharedUserNote(reason, runner = runnerUserName()) {
    const everything = runner === "root" ? ", and as root everything on the machine" : "";
    return (`The agent ran as the runner's user \`${runner}\`, because ${reason}. ` +
        "It could read and change whatever that user can: the checkout and its .git, the action's own files, " +
        `RUNNER_TEMP, the runner's HOME and the job's file commands, and read the memory of the action's processes${everything}. ` +
        "agent-task kept the token out of its environment and git config and put back what it changed, but only a separate user makes that a boundary: see the README's Isolation section.");
}
function runnerUserName() {
    try {
        return (0,external_node_os_.userInfo)().username;
    }
    catch {
        return String(process.getuid?.() ?? "unknown");
    }
}
/** The absolute file `program` names on `searchPath`, as execvp would find it; undefined if none. */
async function findProgram(program, searchPath) {
    // A relative path with a slash is relative to the workdir, which does not exist yet.
    if (program.includes("/"))
        return external_node_path_default().isAbsolute(program) && (await isExecutableFile(program)) ? program : undefined;
    return findOnPath(program, searchPath);
}
/**
 * `workspaces-root` when the agent's user can reach it; else a directory of the runner's user in
 * the temp directory (checked to be its own and closed to writers), which every user can reach.
 */
async function reachableRoot(user, workspacesRoot) {
    await (0,promises_.mkdir)(workspacesRoot, { recursive: true });
    if (await user.canReach(workspacesRoot))
        return workspacesRoot;
    const name = `agent-task-workspaces-${process.getuid()}`;
    for (const base of new Set([(0,external_node_os_.tmpdir)(), "/tmp"])) {
        const dir = external_node_path_default().join(base, name);
        try {
            await (0,promises_.mkdir)(dir, { mode: 0o711 }).catch((error) => {
                if (error.code !== "EEXIST")
                    throw error;
            });
            const info = await (0,promises_.lstat)(dir);
            if (!info.isDirectory() || info.uid !== process.getuid() || (info.mode & 0o022) !== 0)
                continue;
            if (await user.canReach(dir))
                return dir;
        }
        catch {
            // Not usable; try the next one.
        }
    }
    return undefined;
}

// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
;// CONCATENATED MODULE: ./src/core/agent/line-splitter.ts

const MAX_LINE = 8 * 1024;
/**
 * Turns a byte stream into lines with bounded memory: a line longer than 8 KiB is passed on in
 * pieces (cut between characters, never inside one), so an agent that prints megabytes without
 * a newline costs nothing extra.
 */
class LineSplitter {
    onLine;
    decoder = new external_node_string_decoder_.StringDecoder("utf8");
    pending = "";
    constructor(onLine) {
        this.onLine = onLine;
    }
    push(chunk) {
        this.pending += this.decoder.write(chunk);
        let newline = this.pending.indexOf("\n");
        while (newline !== -1) {
            this.emitLine(this.pending.slice(0, newline));
            this.pending = this.pending.slice(newline + 1);
            newline = this.pending.indexOf("\n");
        }
        while (this.pending.length > MAX_LINE) {
            const cut = safeCut(this.pending, MAX_LINE);
            this.onLine(this.pending.slice(0, cut));
            this.pending = this.pending.slice(cut);
        }
    }
    end() {
        this.pending += this.decoder.end();
        if (this.pending)
            this.emitLine(this.pending);
        this.pending = "";
    }
    emitLine(line) {
        let rest = line.endsWith("\r") ? line.slice(0, -1) : line;
        while (rest.length > MAX_LINE) {
            const cut = safeCut(rest, MAX_LINE);
            this.onLine(rest.slice(0, cut));
            rest = rest.slice(cut);
        }
        this.onLine(rest);
    }
}
/** A cut at or before `at` that does not split a surrogate pair. */
function safeCut(text, at) {
    const code = text.charCodeAt(at - 1);
    return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

;// CONCATENATED MODULE: ./src/core/agent/agent-process.ts







/** The variable that marks every process of an agent of the runner's user: its output directory. */
const AGENT_MARKER = "AGENT_OUTPUT_DIR";
const TAIL_LINES = 30;
const STDOUT_TAIL_BYTES = 1024 * 1024;
/**
 * The grace an agent gets when the job is canceled. The runner sends SIGINT, SIGTERM about 7.5 s
 * later and SIGKILL at about 10 s; within that the agent must be stopped, its work saved and
 * reported, so the agent gets much less than `kill-grace-seconds`.
 * https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-workflow-runs/canceling-a-workflow#steps-github-takes-to-cancel-a-workflow-run
 */
const CANCEL_GRACE_MS = 1500;
/**
 * Runs the agent without a shell in its own process group, streams its output to the log file
 * and `onLine`, and enforces the timeout: SIGTERM to all its processes (every process of its user
 * in a sandbox, else its group), SIGKILL after the grace. When the agent ends, whatever it left
 * running is killed too.
 */
async function runAgentProcess(options) {
    const started = Date.now();
    const log = (0,external_node_fs_.createWriteStream)(options.logFile, { flags: "a" });
    const tail = [];
    // Raw chunks, decoded once at the end: a string grown and cut at every chunk would copy the
    // whole megabyte each time, and an agent printing gigabytes would make hundreds of them.
    const stdoutTail = new ByteTail(STDOUT_TAIL_BYTES);
    const splitter = new LineSplitter((line) => {
        tail.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
        if (tail.length > TAIL_LINES)
            tail.shift();
        options.onLine?.(line);
    });
    const [command, ...args] = options.argv;
    const { sandbox } = options;
    let argv = options.argv;
    if (sandbox) {
        // The wrapper (setpriv, sudo) would report a missing program as its own failure.
        const program = await findProgram(command, options.env.PATH ?? "");
        if (!program) {
            await closeStream(log);
            const error = Object.assign(new Error("not found"), { code: "ENOENT" });
            return {
                ending: { kind: "not-started", reason: describeStartError(command, error) },
                exitCode: -1,
                durationMs: Date.now() - started,
                tail,
                stdoutTail: "",
            };
        }
        argv = sandbox.wrap([program, ...args], options.env);
    }
    const child = (0,external_node_child_process_.spawn)(argv[0], argv.slice(1), {
        cwd: options.cwd,
        env: options.env,
        // A new process group (setsid), so the timeout can signal the agent and everything it started.
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
    });
    const startError = new Promise((resolve) => child.once("error", resolve));
    const spawned = new Promise((resolve) => child.once("spawn", () => resolve()));
    const first = await Promise.race([spawned.then(() => undefined), startError]);
    if (first instanceof Error) {
        await closeStream(log);
        return {
            ending: { kind: "not-started", reason: describeStartError(command, first) },
            exitCode: -1,
            durationMs: Date.now() - started,
            tail,
            stdoutTail: "",
        };
    }
    const pid = child.pid;
    const pump = (stream, isStdout) => new Promise((resolve) => {
        // The agent's pipe is read no faster than the log file and the job log take its output:
        // an agent printing gigabytes waits for them instead of filling the action's memory.
        let holds = 0;
        const holdUntil = (ready) => {
            if (holds++ === 0)
                stream.pause();
            void ready.then(() => {
                if (--holds === 0)
                    stream.resume();
            });
        };
        stream.on("data", (chunk) => {
            if (!log.write(chunk))
                holdUntil((0,external_node_events_.once)(log, "drain"));
            splitter.push(chunk);
            if (isStdout)
                stdoutTail.push(chunk);
            const drained = options.outputDrained?.();
            if (drained)
                holdUntil(drained);
        });
        stream.once("close", resolve);
        stream.once("error", () => resolve());
    });
    const outputs = Promise.all([pump(child.stdout, true), pump(child.stderr, false)]);
    const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    let stopReason;
    const stop = (reason, graceMs) => {
        if (stopReason)
            return;
        stopReason = reason;
        if (sandbox)
            void sandbox.signalAll("TERM");
        else
            killGroup(pid, "SIGTERM");
        const escalate = setTimeout(() => void (sandbox ? sandbox.stopAll() : killAll(pid, options.marker, "SIGKILL")), graceMs);
        void exited.then(() => clearTimeout(escalate));
    };
    const timer = setTimeout(() => stop("timed-out", options.killGraceMs), options.timeoutMs);
    const onCancel = () => stop("canceled", Math.min(options.killGraceMs, CANCEL_GRACE_MS));
    if (options.cancelSignal?.aborted)
        onCancel();
    options.cancelSignal?.addEventListener("abort", onCancel, { once: true });
    const { code, signal } = await exited;
    clearTimeout(timer);
    options.cancelSignal?.removeEventListener("abort", onCancel);
    // Whatever the agent left behind (background jobs, grandchildren holding the pipes) goes now.
    if (sandbox) {
        const survivors = await sandbox.stopAll();
        if (survivors.length > 0)
            options.onSurvivors?.(survivors);
    }
    else {
        await killAll(pid, options.marker, "SIGKILL");
    }
    await withTimeout(outputs, 2000);
    splitter.end();
    await closeStream(log);
    const ending = stopReason
        ? { kind: stopReason }
        : signal
            ? { kind: "signaled", signal }
            : { kind: "exited", exitCode: code ?? 0 };
    return {
        ending,
        exitCode: exitCodeOf(code, signal),
        durationMs: Date.now() - started,
        tail,
        stdoutTail: stdoutTail.text(),
    };
}
function exitCodeOf(code, signal) {
    if (code !== null)
        return code;
    const signals = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
    return 128 + (signal ? (signals[signal] ?? 0) : 0);
}
function describeStartError(command, error) {
    const code = error.code;
    if (code === "ENOENT")
        return `agent command \`${command}\` not found (not on PATH and not an existing file)`;
    if (code === "EACCES")
        return `agent command \`${command}\` is not executable (check its permissions)`;
    return `agent command \`${command}\` could not be started: ${error.message}`;
}
function killGroup(pgid, signal) {
    try {
        process.kill(-pgid, signal);
    }
    catch {
        // The group is already gone.
    }
}
/**
 * Kills the agent's process group, and on Linux any process carrying the run's marker in its
 * environment: a grandchild that called setsid() has left the group but not the environment.
 */
async function killAll(pgid, marker, signal) {
    killGroup(pgid, signal);
    if (!marker || process.platform !== "linux")
        return;
    for (const pid of await markedProcesses(marker)) {
        try {
            process.kill(pid, signal);
        }
        catch {
            // Gone between the scan and the kill.
        }
    }
}
/**
 * Kills (SIGKILL) every process whose environment carries the marker: what a post step can do
 * for an agent of the runner's own user that its dead main step left running. A process that
 * dropped the marker is out of reach; an agent with a user of its own never is.
 */
async function killMarkedProcesses(marker) {
    if (process.platform !== "linux")
        return [];
    const pids = await markedProcesses(marker);
    for (const pid of pids) {
        try {
            process.kill(pid, "SIGKILL");
        }
        catch {
            // Gone between the scan and the kill.
        }
    }
    return pids;
}
async function markedProcesses(marker) {
    const needle = Buffer.from(`\0${marker.name}=${marker.value}\0`);
    const entries = await (0,promises_.readdir)("/proc").catch(() => []);
    const found = [];
    await Promise.all(entries
        .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
        .map(async (entry) => {
        const environ = await (0,promises_.readFile)(`/proc/${entry}/environ`).catch(() => undefined);
        if (environ && Buffer.concat([Buffer.from([0]), environ]).includes(needle))
            found.push(Number(entry));
    }));
    return found;
}
function closeStream(stream) {
    return new Promise((resolve) => stream.end(resolve));
}
async function withTimeout(promise, ms) {
    let timer;
    await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
}

;// CONCATENATED MODULE: ./src/core/agent/agent-result.ts
/**
 * Reads the final message and usage from a preset CLI's machine-readable output. Output that
 * does not parse gives an empty result, never an error: the agent's work matters, not its log.
 */
function parseAgentResult(agent, stdout) {
    try {
        switch (agent) {
            case "claude":
                return parseClaude(stdout);
            case "codex":
                return parseCodex(stdout);
            case "gemini":
                return parseGemini(stdout);
            case "custom":
                return {};
        }
    }
    catch {
        return {};
    }
}
/** `--output-format json`: one object `{"type":"result","result":…,"num_turns":…,"total_cost_usd":…,"usage":{…}}`. */
function parseClaude(stdout) {
    const result = jsonLines(stdout)
        .filter((line) => line.type === "result")
        .at(-1);
    if (!result)
        return {};
    const usage = object(result.usage);
    return clean({
        summary: agent_result_text(result.result),
        turns: number(result.num_turns),
        inputTokens: number(usage.input_tokens),
        outputTokens: number(usage.output_tokens),
        costUsd: number(result.total_cost_usd),
    });
}
/** `exec --json`: JSON Lines; the last `item.completed` agent_message, usage per `turn.completed`. */
function parseCodex(stdout) {
    const events = jsonLines(stdout);
    const messages = events
        .filter((event) => event.type === "item.completed" && object(event.item).type === "agent_message")
        .map((event) => agent_result_text(object(event.item).text));
    const usages = events
        .filter((event) => event.type === "turn.completed")
        .map((event) => object(event.usage));
    return clean({
        summary: messages.at(-1),
        turns: usages.length || undefined,
        inputTokens: sum(usages.map((usage) => number(usage.input_tokens))),
        outputTokens: sum(usages.map((usage) => number(usage.output_tokens))),
    });
}
/** `--output-format json`: one object `{"response":…,"stats":{"models":{name:{"api":…,"tokens":…}}}}`. */
function parseGemini(stdout) {
    const output = lastJsonObject(stdout);
    if (!output)
        return {};
    const models = Object.values(object(object(output.stats).models)).map(object);
    return clean({
        summary: agent_result_text(output.response),
        turns: sum(models.map((model) => number(object(model.api).totalRequests))),
        inputTokens: sum(models.map((model) => number(object(model.tokens).prompt))),
        outputTokens: sum(models.map((model) => number(object(model.tokens).candidates))),
    });
}
/** The last pretty-printed JSON object in the output: one that starts with `{` at a line's start. */
function lastJsonObject(stdout) {
    const end = stdout.lastIndexOf("}");
    for (let start = stdout.lastIndexOf("\n{", end);; start = stdout.lastIndexOf("\n{", start - 1)) {
        const from = start === -1 ? stdout.indexOf("{") : start + 1;
        if (from === -1 || from > end)
            return undefined;
        try {
            return object(JSON.parse(stdout.slice(from, end + 1)));
        }
        catch {
            // Not this one: a warning or a nested line; try the previous line that opens a brace.
        }
        if (start <= 0)
            return undefined;
    }
}
function jsonLines(stdout) {
    const lines = [];
    for (const line of stdout.split("\n")) {
        const trimmed = line.trim();
        if (!trimmed.startsWith("{"))
            continue;
        try {
            lines.push(object(JSON.parse(trimmed)));
        }
        catch {
            // Not JSON: a warning or progress line among the events.
        }
    }
    return lines;
}
function object(value) {
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}
function number(value) {
    return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
function agent_result_text(value) {
    return typeof value === "string" && value.trim() ? value.trim() : undefined;
}
function sum(values) {
    const present = values.filter((value) => value !== undefined);
    return present.length ? present.reduce((a, b) => a + b, 0) : undefined;
}
function clean(result) {
    return Object.fromEntries(Object.entries(result).filter(([, value]) => value !== undefined));
}
const SUMMARY_LIMIT = 4000;
/** The final message as an output and in reports: bounded, with the cut marked. */
function truncateSummary(summary, limit = SUMMARY_LIMIT) {
    if (summary.length <= limit)
        return summary;
    let cut = limit - 1;
    // Never between the two halves of a character outside the BMP (an emoji).
    if (/[\ud800-\udbff]/.test(summary[cut - 1] ?? ""))
        cut -= 1;
    return `${summary.slice(0, cut).trimEnd()}…`;
}

;// CONCATENATED MODULE: ./src/core/agent/presets.ts
const PRESETS = {
    claude: {
        program: ["claude"],
        env: ({ isRoot }) => ({
            CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
            DISABLE_AUTOUPDATER: "1",
            DISABLE_TELEMETRY: "1",
            // Claude Code refuses --dangerously-skip-permissions as root unless told it is sandboxed;
            // the worktree, without credentials, is that sandbox (containers and self-hosted runners run as root).
            ...(isRoot ? { IS_SANDBOX: "1" } : {}),
        }),
        flags: (prompt, model) => [
            "-p",
            prompt,
            "--output-format",
            "json",
            "--dangerously-skip-permissions",
            ...(model ? ["--model", model] : []),
        ],
        install: "npm install -g @anthropic-ai/claude-code",
    },
    codex: {
        program: ["codex"],
        env: () => ({}),
        flags: (prompt, model) => [
            "exec",
            "--dangerously-bypass-approvals-and-sandbox",
            "--json",
            "--skip-git-repo-check",
            ...(model ? ["-m", model] : []),
            prompt,
        ],
        install: "npm install -g @openai/codex",
    },
    gemini: {
        program: ["gemini"],
        env: () => ({ GEMINI_CLI_TRUST_WORKSPACE: "true" }),
        flags: (prompt, model) => [
            "--yolo",
            "--output-format",
            "json",
            ...(model ? ["-m", model] : []),
            "-p",
            prompt,
        ],
        install: "npm install -g @google/gemini-cli",
    },
};
/** The agent's argv: the preset's program (or `agent-command`), the preset's flags, then `agent-args`. */
function agentArgv(input) {
    if (input.agent === "custom")
        return [...(input.command ?? []), ...input.args];
    const preset = PRESETS[input.agent];
    return [...(input.command ?? preset.program), ...preset.flags(input.prompt, input.model), ...input.args];
}
/** How to install a preset's CLI, for the message when its command is not found. */
function installHint(agent) {
    if (agent === "custom")
        return undefined;
    return `Install it in an earlier step, for example \`run: ${PRESETS[agent].install}\``;
}
/** The environment a preset adds for its CLI; empty for custom agents. */
function presetEnv(agent, options) {
    return agent === "custom" ? {} : PRESETS[agent].env(options);
}

;// CONCATENATED MODULE: ./src/core/agent/run-agent.ts











/**
 * Variables of the runner that point into the runner's own HOME; an agent with a HOME of its own
 * uses the defaults there instead.
 * https://specifications.freedesktop.org/basedir-spec/latest/
 */
const RUNNER_HOME_VARIABLES = [
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
    "XDG_RUNTIME_DIR",
];
/**
 * Runs the agent in the environment, with the contract's variables and without the action's
 * secrets. With a user of its own, the agent gets its workdir, output and a fresh HOME for the
 * run and gives them back when all its processes are gone; its commits are copied out first.
 */
async function runAgent(options) {
    const { settings, workspace, logger } = options;
    const user = workspace.agentUser;
    const argv = agentArgv({
        agent: settings.agent,
        command: settings.agentCommand,
        args: settings.agentArgs,
        model: settings.model,
        prompt: options.prompt,
    });
    const hostEnv = { ...options.hostEnv };
    let home = {};
    let agentEnvLines = settings.agentEnv;
    if (user && workspace.homeDir) {
        const { HOME, TMPDIR, ...configDirs } = await prepareAgentHome({
            agent: settings.agent,
            homeDir: workspace.homeDir,
            runnerHome: options.hostEnv.HOME,
            agentEnv: settings.agentEnv,
        });
        home = { HOME: HOME, TMPDIR: TMPDIR, USER: user.name, LOGNAME: user.name };
        agentEnvLines = { ...settings.agentEnv, ...configDirs };
        for (const name of RUNNER_HOME_VARIABLES)
            delete hostEnv[name];
    }
    const agentEnv = buildAgentEnv({
        hostEnv,
        secrets: (0,core_secrets/* secretForms */.eo)(settings.token),
        agentEnv: agentEnvLines,
        extra: {
            ...home,
            ...presetEnv(settings.agent, { isRoot: !user && process.getuid?.() === 0 }),
        },
        variables: {
            AGENT_TASK_ID: workspace.taskId,
            AGENT_CONTEXT_DIR: workspace.contextDir,
            AGENT_PROMPT_FILE: options.promptFile,
            AGENT_PROMPT: options.prompt,
            AGENT_ISSUE_NUMBER: String(options.issueNumber),
            AGENT_BRANCH: workspace.mode === "worktree" ? workspace.branch : "",
            AGENT_OUTPUT_DIR: workspace.outputDir,
        },
    });
    const program = argv[0];
    const sessionsLog = external_node_path_default().join(workspace.logsDir, "sessions.log");
    await (0,promises_.appendFile)(sessionsLog, `${new Date().toISOString()} start task=${workspace.taskId} agent=${settings.agent}\n`);
    logger.info(`Running ${settings.agent === "custom" ? "the agent" : settings.agent}: ${program} (timeout ${settings.timeoutMs / 60_000} min)`);
    const owned = [workspace.outputDir, ...(workspace.homeDir ? [workspace.homeDir] : [])];
    const workdirWithAgent = workspace.mode === "worktree" && workspace.workdirWithAgent;
    if (user && workdirWithAgent) {
        // Its files are its own already: what the action wrote since (the context, the brief, its
        // excludes) is handed over, not the whole tree.
        const dotGit = external_node_path_default().join(workspace.workdir, ".git");
        await user.handOverWith([...owned, workspace.contextDir], [workspace.workdir, dotGit, external_node_path_default().join(dotGit, "info")]);
    }
    else if (user) {
        await user.handOver([workspace.workdir, ...owned]);
    }
    // Where its commits will be copied to, made meanwhile when the agent has a user of its own,
    // which cannot enter the action's git directory. An agent of the runner's user could write
    // into a repository made while it works (drivers in its config would run in the action's git):
    // it is made once the agent is gone, as the prepared repository was made before it started.
    const importRepository = workspace.mode === "worktree" && user ? createImportRepository(workspace, options.git) : undefined;
    importRepository?.catch(() => { });
    // Last, after everything the action writes into the workdir.
    let startStamp = workspace.mode === "worktree"
        ? await stampAgentStart(workspace.actionGitDir, workspace.workdir)
        : undefined;
    logger.beginUntrusted();
    let result;
    let commits;
    try {
        result = await runAgentProcess({
            argv,
            cwd: workspace.workdir,
            env: agentEnv,
            timeoutMs: settings.timeoutMs,
            killGraceMs: settings.killGraceMs,
            logFile: external_node_path_default().join(workspace.logsDir, "agent.log"),
            cancelSignal: options.cancelSignal,
            onLine: (line) => logger.untrusted(line),
            outputDrained: () => logger.drained?.(),
            // The output directory is unique on the machine (the task id alone is not: two jobs of one
            // workflow run share it), so only this run's processes carry it.
            marker: agentMarker(workspace.outputDir),
            sandbox: user,
            onSurvivors: (pids) => logger.warning(`Processes of the agent's user survived SIGKILL: ${pids.join(", ")}`),
        });
    }
    finally {
        logger.endUntrusted();
        // Its processes are gone: first its commits, while its repository is still its own, then its files.
        if (workspace.mode === "worktree")
            commits = await importAgentCommits(workspace, options.git, logger, importRepository);
        if (user) {
            // Taking a hundred thousand files back is a pass over all of them. A root action can read
            // and restore them as they are, so the workdir stays the agent's until the workspace is
            // released (cleanup.ts): with no process of its user left, nothing changes it. Unless the
            // kernel lets a user hard-link files it cannot write: then it is taken back now, so that
            // a link to another user's file is removed before anything reads it.
            const keepWorkdir = workdirWithAgent && process.getuid?.() === 0 && (await hardLinksProtected());
            const removed = await user.takeBack(keepWorkdir ? owned : [workspace.workdir, ...owned]);
            if (workspace.mode === "worktree")
                workspace.workdirWithAgent = keepWorkdir;
            // Every file's ctime is the moment it was taken back.
            if (!keepWorkdir)
                startStamp = undefined;
            if (removed.length > 0) {
                logger.warning(`Removed ${removed.length} file(s) of the agent's directories that belong to another user (hard links made by the agent): ${removed.slice(0, 5).join(", ")}`);
            }
        }
    }
    const note = describeEnding(result, program, settings);
    await (0,promises_.appendFile)(sessionsLog, `${new Date().toISOString()} end task=${workspace.taskId} ending=${result.ending.kind} exit=${result.exitCode} duration_ms=${result.durationMs}\n`);
    if (note)
        logger.warning(note);
    else
        logger.info(`The agent exited with code ${result.exitCode} after ${Math.round(result.durationMs / 1000)}s`);
    return {
        ...result,
        program,
        note,
        result: parseAgentResult(settings.agent, result.stdoutTail),
        commits,
        startStamp,
    };
}
/** The variable that marks every process of one agent run (see runAgentProcess's `marker`). */
function agentMarker(outputDir) {
    return { name: AGENT_MARKER, value: outputDir };
}
function describeEnding(result, program, settings) {
    const { ending } = result;
    switch (ending.kind) {
        case "exited":
            return undefined;
        case "not-started": {
            const hint = installHint(settings.agent);
            return hint ? `${ending.reason}. ${hint}` : ending.reason;
        }
        case "timed-out":
            return `The agent (${program}) ran past timeout-minutes (${settings.timeoutMs / 60_000}) and was stopped`;
        case "canceled":
            return `The run was canceled; the agent (${program}) was stopped`;
        case "signaled":
            return `The agent (${program}) was killed by ${ending.signal}`;
    }
}

;// CONCATENATED MODULE: ./src/core/trust/sanitize.ts
/**
 * Issue text is written by anyone, and a reviewer reads it rendered: what the rendering hides
 * (HTML comments, invisible characters, hidden elements, alt text, link titles, unused link
 * definitions) is where instructions for the agent get smuggled. The sanitiser keeps what a
 * reader of the issue sees and removes the rest, before the text reaches the agent.
 *
 * It works on the Markdown source with the CommonMark grammar's own patterns and errs towards
 * removing: an HTML comment or hidden element is removed even inside a code block, where it
 * would have been visible, rather than guessing block structure the way GitHub might not.
 */
/**
 * Characters that render as nothing: zero-width space, non-joiner and joiner, word joiner, the
 * invisible math operators, BOM, Mongolian vowel separator, and the tag block (U+E0000–U+E007F,
 * which spells ASCII invisibly). Bidirectional controls reorder what is shown: embeddings and
 * overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C).
 * https://www.unicode.org/reports/tr9/#Explicit_Directional_Formatting_Characters
 */
const INVISIBLE = /[\u200B-\u200D\u2060-\u2064\uFEFF\u180E\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]|\u{E0000}|[\u{E0001}-\u{E007F}]/gu;
/** Character references (`&#8203;`, `&#x202E;`, `&zwj;`), which GitHub renders as the character. */
const CHARACTER_REFERENCE = /&#(?:[xX]([0-9a-fA-F]{1,6})|(\d{1,7}));/g;
const INVISIBLE_NAMED_REFERENCE = /&(?:ZeroWidthSpace|NegativeVeryThinSpace|NegativeThinSpace|NegativeMediumSpace|NegativeThickSpace|zwj|zwnj|lrm|rlm|NoBreak|InvisibleTimes|InvisibleComma|ApplyFunction|it|ic|af);/g;
function withoutInvisibleReferences(text) {
    return text
        .replace(CHARACTER_REFERENCE, (reference, hex, decimal) => {
        const codePoint = hex ? Number.parseInt(hex, 16) : Number(decimal);
        const char = codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : "";
        return char && new RegExp(INVISIBLE.source, "u").test(char) ? "" : reference;
    })
        .replace(INVISIBLE_NAMED_REFERENCE, "");
}
/** An HTML comment, or one that is never closed (it hides the rest of the text). */
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
/** CommonMark's open tag: name, attributes (quoted values may hold `>`), optional `/`. */
const ATTRIBUTE = String.raw `\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>\x60]+))?`;
const OPEN_TAG = new RegExp(String.raw `<([A-Za-z][A-Za-z0-9-]*)((?:${ATTRIBUTE})*)\s*(/?)>`, "g");
const ONE_ATTRIBUTE = /([A-Za-z_:][\w.:-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;
/** Elements that have no closing tag. */
const VOID_ELEMENTS = new Set([
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
]);
/** Elements whose content is never shown. */
const INVISIBLE_ELEMENTS = new Set(["script", "style", "template", "noscript"]);
/** Attributes whose value a reader can see or follow; every other attribute is unseen text. */
const VISIBLE_ATTRIBUTES = new Set(["href", "src", "open", "colspan", "rowspan", "align", "width", "height"]);
/** Removes from `text` everything its rendering would not show; counts what went. */
function sanitizeMarkdown(text) {
    let result = withoutInvisibleReferences(text).replace(INVISIBLE, "");
    result = result.replace(HTML_COMMENT, "");
    result = removeHiddenElements(result);
    result = result.replace(OPEN_TAG, (_tag, name, attributes, slash) => {
        return `<${name}${visibleAttributes(attributes)}${slash ? " /" : ""}>`;
    });
    result = removeImageAltText(result);
    result = removeLinkTitles(result);
    result = removeUnseenDefinitions(result);
    return { text: result, removed: codePoints(text) - codePoints(result) };
}
/**
 * What `[...text].length` gives (a lone surrogate counts as one), without making a string per
 * character: for a megabytes-long issue those fill the young generation, which stays grown.
 */
function codePoints(text) {
    let count = text.length;
    for (let i = 1; i < text.length; i++) {
        if ((text.charCodeAt(i) & 0xfc00) === 0xdc00 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800)
            count--;
    }
    return count;
}
function isHidden(name, attributes) {
    if (INVISIBLE_ELEMENTS.has(name.toLowerCase()))
        return true;
    for (const [, key, raw] of attributes.matchAll(ONE_ATTRIBUTE)) {
        const attribute = key.toLowerCase();
        const value = unquote(raw ?? "").toLowerCase();
        if (attribute === "hidden")
            return true;
        if (attribute === "style" && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/.test(value))
            return true;
    }
    return false;
}
/**
 * Removes each hidden element with its content, up to its matching closing tag (same-name tags
 * nest). An element never closed hides the rest of the text; a void one is just the tag.
 */
function removeHiddenElements(text) {
    const tags = new RegExp(OPEN_TAG.source, "g");
    let result = "";
    let kept = 0;
    for (let tag = tags.exec(text); tag; tag = tags.exec(text)) {
        if (!isHidden(tag[1], tag[2] ?? ""))
            continue;
        const name = tag[1].toLowerCase();
        const afterOpen = tag.index + tag[0].length;
        const end = tag[3] || VOID_ELEMENTS.has(name) ? afterOpen : closingEnd(text, name, afterOpen);
        result += text.slice(kept, tag.index);
        kept = end;
        tags.lastIndex = end;
    }
    return result + text.slice(kept);
}
/** Where the element opened before `from` ends: after its matching `</name>`, or the text's end. */
function closingEnd(text, name, from) {
    const tags = new RegExp(String.raw `<(/?)${name}(?=[\s/>])(?:${ATTRIBUTE})*\s*(/?)>`, "gi");
    tags.lastIndex = from;
    let depth = 1;
    for (let tag = tags.exec(text); tag; tag = tags.exec(text)) {
        if (tag[1])
            depth--;
        else if (!tag[2])
            depth++;
        if (depth === 0)
            return tag.index + tag[0].length;
    }
    return text.length;
}
function visibleAttributes(attributes) {
    const kept = [];
    for (const [whole, key] of attributes.matchAll(ONE_ATTRIBUTE)) {
        if (VISIBLE_ATTRIBUTES.has(key.toLowerCase()))
            kept.push(whole);
    }
    return kept.map((attribute) => ` ${attribute}`).join("");
}
function unquote(value) {
    return /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value;
}
/** Link text in brackets: escapes and one level of nested brackets, as people write them. */
const BRACKETED = String.raw `\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]`;
/** `![alt](src)` and `![alt][ref]` become `![](src)` and `![][ref]`: alt text is never shown. */
function removeImageAltText(text) {
    return text.replace(new RegExp(`!${BRACKETED}(?=[(\\[])`, "g"), "![]");
}
/** A link destination: `<…>` or a run without spaces whose parentheses balance one level deep. */
const DESTINATION = String.raw `<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+`;
const TITLE = String.raw `"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)`;
/** `[text](url "title")` becomes `[text](url)`: a title only shows on hover. */
function removeLinkTitles(text) {
    const inline = new RegExp(String.raw `\]\(\s*(${DESTINATION})\s+(?:${TITLE})\s*\)`, "g");
    return text.replace(inline, (_match, destination) => `](${destination})`);
}
/**
 * Link reference definitions (`[label]: url "title"`) render as nothing. A definition that a
 * link uses keeps its label and destination; its title and every unused definition go (that
 * also removes the `[//]: # (comment)` idiom).
 */
function removeUnseenDefinitions(text) {
    const definition = new RegExp(String.raw `^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:[ \t]*(${DESTINATION})(?:[ \t]+(?:${TITLE}))?[ \t]*$`, "gm");
    const definitions = [...text.matchAll(definition)];
    if (definitions.length === 0)
        return text;
    const used = referencedLabels(text.replace(definition, ""));
    return text.replace(definition, (_line, label, destination) => used.has(normalizeLabel(label)) ? `[${label}]: ${destination}` : "");
}
/** Labels used by `[text][label]`, `[label][]` and `[label]`, normalised as CommonMark does. */
function referencedLabels(text) {
    const labels = new Set();
    for (const match of text.matchAll(new RegExp(`${BRACKETED}(?:${BRACKETED})?`, "g"))) {
        const label = match[2] ? match[2] : match[1];
        labels.add(normalizeLabel(label));
    }
    return labels;
}
function normalizeLabel(label) {
    return label.trim().replace(/\s+/g, " ").toLowerCase();
}

;// CONCATENATED MODULE: ./src/core/issue/issue.ts
function fullName(repository) {
    return `${repository.owner}/${repository.name}`;
}

;// CONCATENATED MODULE: ./src/core/issue/issue-context.ts

/** How the contract's context file spells a workspace's mode. */
const MODE_LABELS = { worktree: "git_worktree", directory: "directory" };
/** `.agent_context/issue_context.md` in the contract's format; empty sections are left out. */
function renderIssueContext(facts) {
    facts = normalizeLineEndings(facts);
    const criteria = acceptanceCriteria(facts.issue.body);
    const references = contextReferences(facts.issue, facts.comments, facts.repository);
    const sections = [
        ["## Description", facts.issue.body.trim()],
        ["## Acceptance Criteria", bullets(criteria)],
        ["## Context References", bullets(references)],
        ["## Comments", facts.comments.map(renderComment).join("\n\n")],
        [
            "## Workspace Context",
            bullets([
                `Repository: ${fullName(facts.repository)}`,
                `Base branch: ${facts.baseBranch}`,
                ...(facts.branch ? [`Agent branch: ${facts.branch}`] : []),
                `Mode: ${MODE_LABELS[facts.mode]}`,
            ]),
        ],
        ["## Agent Instructions", facts.instructions.trim()],
    ];
    const parts = [`# Issue: ${oneLine(facts.issue.title)}`];
    for (const [heading, content] of sections) {
        if (content)
            parts.push(`${heading}\n\n${content}`);
    }
    return `${parts.join("\n\n")}\n`;
}
/** `.agent_context/issue.json`: the same facts as the Markdown file, for agents that prefer JSON. */
function issueJson(facts, provenance) {
    const json = {
        taskId: facts.taskId,
        repository: fullName(facts.repository),
        issue: {
            number: facts.issue.number,
            title: facts.issue.title,
            url: facts.issue.url,
            author: facts.issue.author,
            state: facts.issue.state,
            labels: facts.issue.labels,
            createdAt: facts.issue.createdAt,
            body: facts.issue.body,
        },
        acceptanceCriteria: acceptanceCriteria(facts.issue.body),
        references: contextReferences(facts.issue, facts.comments, facts.repository),
        comments: facts.comments.map((c) => ({
            author: c.author,
            createdAt: c.createdAt,
            url: c.url,
            body: c.body,
        })),
        workspace: {
            baseBranch: facts.baseBranch,
            branch: facts.branch,
            mode: MODE_LABELS[facts.mode],
        },
        instructions: facts.instructions,
        ...(provenance && {
            trigger: { at: provenance.triggeredAt ?? null, commentsLeftOut: provenance.commentsLeftOut },
            sanitized: { removedCharacters: provenance.removedCharacters },
            truncated: provenance.truncated,
        }),
    };
    return `${JSON.stringify(json, null, 2)}\n`;
}
/** Issue text typed on Windows arrives with CRLF; the context file uses LF throughout. */
function normalizeLineEndings(facts) {
    const lf = (text) => text.replace(/\r\n?/g, "\n");
    return {
        ...facts,
        issue: { ...facts.issue, body: lf(facts.issue.body) },
        comments: facts.comments.map((comment) => ({ ...comment, body: lf(comment.body) })),
        instructions: lf(facts.instructions),
    };
}
function renderComment(comment) {
    return `### ${comment.author} on ${comment.createdAt}\n\n${comment.body.trim()}`;
}
function bullets(items) {
    return items.map((item) => `- ${item}`).join("\n");
}
function oneLine(text) {
    return text.replace(/\s+/g, " ").trim();
}
const TASK_ITEM = /^\s*[-*+]\s+\[[ xX]\]\s+(.+)$/;
const BULLET = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.+)$/;
const CRITERIA_TITLE = /^acceptance criteria:?$/i;
/**
 * Task-list items anywhere in the body, and bullets under a heading named "Acceptance Criteria"
 * (up to the next heading of the same or a higher level), in order, without duplicates.
 */
function acceptanceCriteria(body) {
    const found = [];
    let criteriaLevel;
    let inFence = false;
    for (const line of body.split(/\r?\n/)) {
        if (/^\s*(```|~~~)/.test(line))
            inFence = !inFence;
        if (inFence)
            continue;
        const heading = headingOf(line);
        if (heading) {
            if (CRITERIA_TITLE.test(heading.title))
                criteriaLevel = heading.level;
            else if (criteriaLevel !== undefined && heading.level <= criteriaLevel)
                criteriaLevel = undefined;
            continue;
        }
        const item = TASK_ITEM.exec(line) ?? (criteriaLevel !== undefined ? BULLET.exec(line) : null);
        if (item)
            found.push(item[1].trim());
    }
    return [...new Set(found)];
}
/** A Markdown heading, or a line that is only bold text (read as the lowest heading level). */
function headingOf(line) {
    const atx = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (atx)
        return { level: atx[1].length, title: atx[2].replace(/\*\*/g, "").trim() };
    const bold = /^\s*\*\*([^*]+)\*\*:?\s*$/.exec(line);
    if (bold)
        return { level: 7, title: bold[1].trim() };
    return undefined;
}
const URL_PATTERN = /\bhttps?:\/\/[^\s<>()[\]"'`]+/g;
const ISSUE_REF = /(?<![\w/#&.-])((?:[\w.-]+\/[\w.-]+)?#\d+)\b/g;
/**
 * The issue's URL, then the `#N` / `owner/repo#N` references and URLs found in the body and
 * comments, in order of appearance, without duplicates and without the issue itself.
 */
function contextReferences(issue, comments, repository) {
    const self = new Set([`#${issue.number}`, `${fullName(repository)}#${issue.number}`, issue.url]);
    const references = [issue.url];
    for (const text of [issue.body, ...comments.map((c) => c.body)]) {
        const prose = text.replace(/```[\s\S]*?```/g, " ");
        const found = [];
        for (const m of prose.matchAll(URL_PATTERN))
            found.push([m.index, m[0].replace(/[.,;:!?]+$/, "")]);
        const withoutUrls = prose.replace(URL_PATTERN, (url) => " ".repeat(url.length));
        for (const m of withoutUrls.matchAll(ISSUE_REF))
            found.push([m.index, m[1]]);
        found.sort((a, b) => a[0] - b[0]);
        for (const [, ref] of found)
            if (!self.has(ref))
                references.push(ref);
    }
    return [...new Set(references)];
}

;// CONCATENATED MODULE: ./src/core/issue/context-cap.ts

/**
 * Keeps `issue_context.md` within `maxBytes`. The issue's own text gives way, never the
 * workspace facts or the workflow's instructions: comments go first (whole ones from the end,
 * then part of one), then the description is cut. Where text was cut, a visible marker says so
 * and where the rest is.
 */
function fitContext(facts, maxBytes) {
    // Text of n UTF-16 units takes at least n bytes in UTF-8: what is longer than the limit need not
    // be rendered to know it does not fit, and no cut longer than the limit is worth trying. A
    // megabytes-long issue is then rendered at the limit's size, not at its own, at each try.
    const fits = (candidate) => textLength(candidate) <= maxBytes && bytes(renderIssueContext(candidate)) <= maxBytes;
    if (fits(facts))
        return { facts, truncated: false };
    const marker = (what) => `\n\n[… ${what} cut by agent-task: the context file is limited to ${maxBytes} bytes (context-max-kib); read the issue at ${facts.issue.url}]`;
    const { comments } = facts;
    const withBody = (body) => ({
        ...facts,
        issue: { ...facts.issue, body },
        comments: [],
    });
    const bodyMarker = marker(comments.length > 0
        ? `the rest of the description and all comments were`
        : "the rest of the description was");
    if (!fits(withBody(facts.issue.body))) {
        const length = longestCut(Math.min(facts.issue.body.length, maxBytes), maxBytes, (n) => withBody(cut(facts.issue.body, n) + bodyMarker));
        return { facts: withBody(cut(facts.issue.body, length) + bodyMarker), truncated: true };
    }
    // The description fits: as many whole comments as fit with the marker after them, then as much
    // of the next one as fits.
    const withMarker = (k, length) => {
        const left = comments.length - k - 1;
        const what = left > 0 ? `this comment and ${left} more comment(s) were` : "this comment was";
        const next = comments[k];
        return {
            ...facts,
            comments: [...comments.slice(0, k), { ...next, body: cut(next.body, length) + marker(what) }],
        };
    };
    const whole = longestFitting(comments.length - 1, (k) => fits(withMarker(k, 0)));
    const length = longestCut(Math.min(comments[whole].body.length, maxBytes), maxBytes, (n) => withMarker(whole, n));
    const fitted = withMarker(whole, length);
    // Even the marker alone may not fit when the fixed sections fill the file.
    return { facts: fits(fitted) ? fitted : { ...facts, comments: [] }, truncated: true };
}
/** The issue's own text, in UTF-16 units: a lower bound of its size in the rendered file. */
function textLength(facts) {
    return facts.issue.body.length + facts.comments.reduce((sum, comment) => sum + comment.body.length, 0);
}
function bytes(text) {
    return Buffer.byteLength(text, "utf8");
}
/** The first `length` UTF-16 units of `text`, never ending between the halves of a character. */
function cut(text, length) {
    const end = /[\ud800-\udbff]/.test(text[length - 1] ?? "") ? length - 1 : length;
    return text.slice(0, end).trimEnd();
}
/**
 * The longest cut in [0, max] whose file fits in `maxBytes`, `candidate(n)` being the file with n
 * units of the text kept. The file grows by about a byte per unit kept: stepping back from max by
 * what is over the limit finds the cut in a few renderings of a megabytes-long text, not twenty;
 * the cut one longer is checked, and halving follows only when the guess was not the cut.
 */
function longestCut(max, maxBytes, candidate) {
    const sizes = new Map();
    const sizeAt = (n) => {
        const size = sizes.get(n) ?? bytes(renderIssueContext(candidate(n)));
        sizes.set(n, size);
        return size;
    };
    let guess = max;
    for (let step = 0; step < 3 && sizeAt(guess) > maxBytes; step++) {
        guess = Math.max(0, guess - (sizeAt(guess) - maxBytes));
    }
    return longestFitting(max, (n) => sizeAt(n) <= maxBytes, guess);
}
/**
 * The largest n in [0, max] for which `fits(n)` holds, given that it holds for every smaller n;
 * `guess` is tried first, with the one after it.
 */
function longestFitting(max, fits, guess) {
    let low = 0;
    let high = max;
    if (guess !== undefined) {
        if (!fits(guess))
            high = guess - 1;
        else if (guess >= max || !fits(guess + 1))
            return guess;
        else
            low = guess + 1;
    }
    while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        if (fits(middle))
            low = middle;
        else
            high = middle - 1;
    }
    return low;
}
/**
 * Cuts rendered text to `maxBytes` with a visible marker: the last resort when the fixed parts
 * alone are too long, and the cap of `previous_session.md`.
 */
function capText(text, maxBytes, file) {
    if (bytes(text) <= maxBytes)
        return text;
    const marker = `\n\n[… cut by agent-task: ${file} is limited to ${maxBytes} bytes (context-max-kib)]\n`;
    const room = Math.max(0, maxBytes - bytes(marker));
    // Cutting the UTF-8 bytes may split a character; decoding drops the broken end.
    const head = Buffer.from(text, "utf8")
        .subarray(0, room)
        .toString("utf8")
        .replace(/\uFFFD+$/, "");
    return cut(head, head.length) + marker;
}

;// CONCATENATED MODULE: ./src/core/issue/previous-session.ts
/**
 * What was said since the last session: new comments on the issue, and the pull request's
 * conversation and review comments, oldest first.
 */
async function feedbackSince(github, session, issueComments, 
/** The trigger time: what was written or edited later is not part of this run's task. */
until) {
    // From when the last run read the issue (its agent saw nothing later), rounded down to the
    // second because GitHub's timestamps have whole seconds.
    const since = Math.floor(Date.parse(session.readAt ?? session.finishedAt) / 1000) * 1000;
    const items = issueComments.map((c) => ({ ...c, where: "on the issue" }));
    if (session.prNumber) {
        const pull = session.prNumber;
        const [conversation, review] = await Promise.all([
            github.listIssueComments(pull),
            github.listReviewComments(pull),
        ]);
        items.push(...conversation.map((c) => ({ ...c, where: `on pull request #${pull}` })));
        items.push(...review.map((c) => ({ ...c, where: `in a review of pull request #${pull}` })));
    }
    const end = until === undefined ? Number.POSITIVE_INFINITY : Date.parse(until);
    const beforeTrigger = (item) => Date.parse(item.createdAt) <= end && Date.parse(item.updatedAt ?? item.createdAt) <= end;
    return items
        .filter((item) => Date.parse(item.createdAt) >= since && !item.body.includes("<!-- agent-task:"))
        .filter((item) => until === undefined || beforeTrigger(item))
        .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}
/** `.agent_context/previous_session.md`: what the last run did and what people said since. */
function renderPreviousSession(session, feedback) {
    const lines = [
        "# Previous session",
        "",
        `The last run on this issue ended \`${session.outcome}\` at ${session.finishedAt}.`,
    ];
    const facts = [];
    if (session.prUrl)
        facts.push(`Pull request: #${session.prNumber} (${session.prUrl})`);
    if (session.branch)
        facts.push(`Branch: ${session.branch} (this run continues from it)`);
    if (session.changes) {
        const { added, modified, deleted } = session.changes;
        // A large session lists only its first files; the counts are the whole.
        const counts = session.changeCounts ?? {
            added: added.length,
            modified: modified.length,
            deleted: deleted.length,
        };
        facts.push(`Changed files: ${counts.added} added, ${counts.modified} modified, ${counts.deleted} deleted`);
        for (const [kind, files] of [
            ["added", added],
            ["modified", modified],
            ["deleted", deleted],
        ]) {
            for (const file of files)
                facts.push(`  - \`${file}\` (${kind})`);
        }
        const unlisted = counts.added + counts.modified + counts.deleted - added.length - modified.length - deleted.length;
        if (unlisted > 0)
            facts.push(`  - … and ${unlisted} more`);
    }
    if (facts.length)
        lines.push("", ...facts.map((fact) => (fact.startsWith("  ") ? fact : `- ${fact}`)));
    if (session.agentSummary) {
        lines.push("", "## The agent's final message", "", ...session.agentSummary.split("\n").map((l) => `> ${l}`));
    }
    lines.push("", "## Since then", "");
    if (feedback.length === 0)
        lines.push("Nobody has commented since.");
    for (const item of feedback) {
        lines.push(`### ${item.author} on ${item.createdAt}, ${item.where}`, "", item.body.trim(), "");
    }
    return `${lines.join("\n").trimEnd()}\n`;
}

;// CONCATENATED MODULE: ./src/core/issue/context-files.ts








/**
 * Writes `.agent_context/`: `issue_context.md`, `issue.json`, `prompt.md` and, when an earlier
 * run worked on the issue, `previous_session.md`. Returns the prompt and its file. The thread
 * comes sanitised; what is read here (the pull request's discussion, the last run's summary) is
 * sanitised before it is written, and every file is kept within the size limit.
 */
async function writeContextFiles(options) {
    const { workspace, thread } = options;
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const provenance = { commentsLeftOut: 0, removedCharacters: 0, ...options.provenance };
    const clean = (text) => {
        const result = sanitizeMarkdown(text);
        provenance.removedCharacters += result.removed;
        return result.text;
    };
    let previousSession;
    if (options.previous) {
        const feedback = await feedbackSince(options.github, options.previous, thread.comments, provenance.triggeredAt);
        const summary = options.previous.agentSummary && clean(options.previous.agentSummary);
        const session = { ...options.previous, agentSummary: summary };
        const cleanFeedback = feedback.map((item) => ({ ...item, body: clean(item.body) }));
        previousSession = capText(renderPreviousSession(session, cleanFeedback), maxBytes, "previous_session.md");
        options.logger.info(`Wrote previous_session.md (${feedback.length} comment(s) since the last run)`);
    }
    const all = {
        repository: thread.repository,
        issue: thread.issue,
        comments: thread.comments,
        baseBranch: options.baseBranch,
        branch: workspace.mode === "worktree" ? workspace.branch : "",
        mode: workspace.mode,
        instructions: options.instructions,
        taskId: workspace.taskId,
    };
    const { facts, truncated } = fitContext(all, maxBytes);
    if (truncated)
        options.logger.warning(`The issue is longer than context-max-kib allows; its text was cut`);
    const prompt = buildPrompt(thread.repository, thread.issue, options.instructions, Boolean(options.previous));
    const promptFile = external_node_path_default().join(workspace.contextDir, "prompt.md");
    await (0,promises_.mkdir)(workspace.contextDir, { recursive: true });
    await Promise.all([
        (0,promises_.writeFile)(external_node_path_default().join(workspace.contextDir, "issue_context.md"), capText(renderIssueContext(facts), maxBytes, "issue_context.md")),
        (0,promises_.writeFile)(external_node_path_default().join(workspace.contextDir, "issue.json"), issueJson(facts, { ...provenance, truncated })),
        (0,promises_.writeFile)(promptFile, prompt),
        ...(previousSession === undefined
            ? []
            : [(0,promises_.writeFile)(external_node_path_default().join(workspace.contextDir, "previous_session.md"), previousSession)]),
    ]);
    return { prompt, promptFile };
}
/**
 * The prompt every agent is given: where the task is, where to work, and that committing and
 * pushing are the action's job. The `prompt` input is appended.
 */
function buildPrompt(repository, issue, extraInstructions, hasPreviousSession = false) {
    const lines = [
        `You are working on issue #${issue.number} of ${fullName(repository)}.`,
        "",
        `Read \`${naming_CONTEXT_DIR_NAME}/issue_context.md\` first: it holds the issue's description, acceptance criteria, references, discussion and workspace facts (\`${naming_CONTEXT_DIR_NAME}/issue.json\` has the same as JSON).`,
        ...(hasPreviousSession
            ? [
                "",
                `An earlier run worked on this issue: \`${naming_CONTEXT_DIR_NAME}/previous_session.md\` says what it did and what reviewers said since. Build on that work.`,
            ]
            : []),
        "",
        "Make the change the issue asks for in the current directory, and only there. Keep it focused; run the project's tests if it has any.",
        "",
        "Do not commit, push or open a pull request: when you finish, the action commits what you changed, pushes the branch and opens the pull request.",
    ];
    if (extraInstructions.trim())
        lines.push("", "Additional instructions:", "", extraInstructions.trim());
    return `${lines.join("\n")}\n`;
}

;// CONCATENATED MODULE: ./src/core/local-run.ts
/**
 * A run that stays on this machine (the CLI's `--issue-file`): the issue comes from a file, the
 * workspace is a worktree of the local repository's own branches, and the agent's work is
 * committed on the local agent branch. Nothing is pushed, commented or opened, so it needs no
 * token and no network. runTask takes it through `RunContext.local` and this module.
 */

/** The issue file as the thread a run reads from GitHub; the base branch stands as the default. */
function localThread(file, facts) {
    return {
        repository: { owner: facts.owner, name: facts.repo, defaultBranch: facts.baseBranch, htmlUrl: "" },
        issue: {
            number: facts.number,
            title: file.title,
            body: file.body,
            url: file.url || facts.source,
            author: file.author ?? "",
            labels: file.labels,
            state: file.state ?? "open",
            createdAt: file.createdAt ?? "",
        },
        comments: file.comments,
    };
}
/**
 * The GitHub port of a local run: reads are answered from the issue file (no pull requests, no
 * earlier runs), and every write is refused, so a slip can never reach GitHub.
 */
function localGitHub(thread) {
    const refuse = (operation) => () => Promise.reject(new TaskError(`a local run does not write to GitHub (${operation})`));
    return {
        getRepository: async () => thread.repository,
        getIssue: async () => thread.issue,
        listIssueComments: async () => thread.comments,
        getComment: async () => undefined,
        listReviewComments: async () => [],
        getWorkflowRunStatus: async () => undefined,
        listPullsForBranch: async () => [],
        listOpenIssues: async () => [],
        listOpenPulls: async () => [],
        getCollaboratorPermission: async () => undefined,
        getAccountType: async () => undefined,
        createComment: refuse("createComment"),
        updateComment: refuse("updateComment"),
        deleteComment: refuse("deleteComment"),
        createPull: refuse("createPull"),
        updatePull: refuse("updatePull"),
        addLabels: refuse("addLabels"),
    };
}
/**
 * Where a local run's work is: the commit that collectChanges made on the worktree's branch,
 * which is the local agent branch, so there is nothing to push. Undefined without a commit.
 */
function keptOnLocalBranch(workspace, changes) {
    if (workspace.mode !== "worktree" || changes.count === 0 || !changes.headSha)
        return undefined;
    return {
        branch: workspace.branch,
        headSha: changes.headSha,
        updated: false,
        local: true,
        note: `The work is committed on the local branch ${workspace.branch}; nothing was pushed.`,
    };
}

;// CONCATENATED MODULE: ./src/core/outcome.ts
const OUTCOMES = (/* unused pure expression or super */ null && ([
    "pr-opened",
    "pr-updated",
    "no-changes",
    "completed",
    "canceled",
    "agent-failed",
    "timed-out",
    "skipped",
]));
function classifyEnding(ending) {
    switch (ending.kind) {
        case "exited":
            return ending.exitCode === 0 ? "succeeded" : "failed";
        case "signaled":
            return "failed";
        case "not-started":
            return "not-started";
        case "timed-out":
            return "timed-out";
        case "canceled":
            return "interrupted";
    }
}
/**
 * The contract's outcome table: how the agent ended and whether it changed anything decide the
 * outcome, what is published and whether the step fails.
 */
function decideOutcome(input) {
    const publishable = input.canPublish && !input.dryRun;
    switch (input.ending) {
        case "succeeded":
            if (!input.hasChanges)
                return { outcome: "no-changes", publication: "none", stepFails: false };
            if (!publishable)
                return { outcome: "completed", publication: "none", stepFails: false };
            return { outcome: "pr-opened", publication: input.draft ? "draft-pr" : "pr", stepFails: false };
        case "failed":
        case "not-started":
            if (!input.hasChanges)
                return { outcome: "canceled", publication: "none", stepFails: true };
            return {
                outcome: "agent-failed",
                publication: failurePublication(input, publishable),
                stepFails: true,
            };
        case "timed-out":
            return {
                outcome: "timed-out",
                publication: input.hasChanges ? failurePublication(input, publishable) : "none",
                stepFails: true,
            };
        case "interrupted":
            // The runner is stopping the job: nothing is published, the work is saved as a patch.
            return { outcome: "canceled", publication: "none", stepFails: true };
    }
}
function failurePublication(input, publishable) {
    if (!publishable)
        return "none";
    return { "draft-pr": "draft-pr", branch: "branch", discard: "none" }[input.onAgentFailure];
}
function isFailure(outcome) {
    return outcome === "canceled" || outcome === "agent-failed" || outcome === "timed-out";
}
/** `keep-env` applied to the outcome; work at risk keeps everything whatever `keep-env` says. */
function decideRetention(input) {
    const { keepWorkspace, outcome, work } = input;
    if (work === "at-risk")
        return "all";
    if (keepWorkspace === "always")
        return "all";
    if (keepWorkspace === "never")
        return "none";
    if (work === "on-disk")
        return "all";
    if (outcome === "canceled")
        return "none";
    if (isFailure(outcome))
        return keepWorkspace === "logs" ? "logs" : "all";
    return "logs";
}
/**
 * The one place the outcome is decided: how the agent ended, what it changed, what publishing
 * got done and what failed, where, give the outcome, where the work is, what is kept, whether
 * the step fails and what it says.
 */
function settleOutcome(history) {
    const { ending, failure } = history;
    if (ending === undefined) {
        // The agent never ran: there is no work to keep.
        const outcome = "canceled";
        return {
            outcome,
            work: "none",
            retention: decideRetention({ keepWorkspace: history.keepWorkspace, outcome, work: "none" }),
            stepFails: true,
            message: failure?.message ?? "The run stopped before the agent ran",
        };
    }
    const collected = history.changedFiles !== undefined;
    const hasChanges = history.changedFiles !== 0;
    const table = decideOutcome({
        ending,
        // Changes that could not be collected are assumed to exist, and are not published.
        hasChanges,
        canPublish: history.mode === "worktree" && collected && history.publishable !== false,
        dryRun: history.dryRun,
        draft: history.draft,
        onAgentFailure: history.onAgentFailure,
    });
    let outcome = table.outcome;
    let work;
    if (!hasChanges)
        work = "none";
    else if (!collected)
        work = "at-risk";
    else if (table.publication === "none")
        work = ending === "interrupted" ? "at-risk" : "on-disk";
    else
        work = history.published && !failure ? "published" : "at-risk";
    if (history.published?.sideBranch && (outcome === "pr-opened" || outcome === "pr-updated")) {
        // Pushed, but not to the branch of the pull request: the work waits on the side branch.
        outcome = "completed";
    }
    else if (history.published?.local && outcome === "pr-opened") {
        // Committed on the local branch: done, but not published (no pull request, nothing pushed).
        outcome = "completed";
    }
    else if (history.published?.pull === "updated" && outcome === "pr-opened") {
        outcome = "pr-updated";
    }
    if (failure && work === "at-risk" && outcome === "pr-opened") {
        // The agent did its job but the work could not be published: it is on disk, not on GitHub.
        outcome = "completed";
    }
    let message = failure?.message ?? (table.stepFails ? agentFailureMessage(history) : undefined);
    if (work === "at-risk") {
        const where = history.paths.patchFile ?? history.paths.workdir;
        message = `${message ?? "The run was interrupted"}. The agent's work is saved: ${where} (workspace kept at ${history.paths.root})`;
    }
    return {
        outcome,
        work,
        retention: decideRetention({ keepWorkspace: history.keepWorkspace, outcome, work }),
        stepFails: table.stepFails || failure !== undefined,
        message,
    };
}
function agentFailureMessage(history) {
    return history.agentNote ?? `The agent exited with code ${history.exitCode}`;
}

;// CONCATENATED MODULE: ./src/core/workspace/directory-snapshot.ts



/** Reads a directory tree into a snapshot; `ignore` names top-level entries to leave out. */
async function snapshotDirectory(root, ignore = []) {
    const snapshot = new Map();
    const walk = async (dir) => {
        const entries = await (0,promises_.readdir)(dir, { withFileTypes: true });
        await Promise.all(entries.map(async (entry) => {
            const full = external_node_path_default().join(dir, entry.name);
            const relative = external_node_path_default().relative(root, full).split((external_node_path_default()).sep).join("/");
            if (dir === root && ignore.includes(entry.name))
                return;
            if (entry.isDirectory())
                return walk(full);
            if (entry.isSymbolicLink())
                snapshot.set(relative, `link:${await (0,promises_.readlink)(full)}`);
            else if (entry.isFile()) {
                // The executable bit counts, as it does for git.
                const executable = ((await (0,promises_.stat)(full)).mode & 0o111) !== 0 ? "x:" : "";
                snapshot.set(relative, executable + hash(await (0,promises_.readFile)(full)));
            }
        }));
    };
    await walk(root);
    return snapshot;
}
function diffSnapshots(before, after) {
    const added = [];
    const modified = [];
    const deleted = [];
    for (const [file, digest] of after) {
        const previous = before.get(file);
        if (previous === undefined)
            added.push(file);
        else if (previous !== digest)
            modified.push(file);
    }
    for (const file of before.keys())
        if (!after.has(file))
            deleted.push(file);
    return { added: added.sort(), modified: modified.sort(), deleted: deleted.sort() };
}
function hash(content) {
    return (0,external_node_crypto_.createHash)("sha256").update(content).digest("hex");
}

;// CONCATENATED MODULE: ./src/core/publish/commit-identity.ts
/** Who the action commits as: the Actions bot, like other actions that commit for a workflow. */
const COMMIT_IDENTITY = {
    name: "github-actions[bot]",
    email: "41898282+github-actions[bot]@users.noreply.github.com",
};
/** `-c` options that make git commit (and rebase) as COMMIT_IDENTITY, whatever the config says. */
function identityOptions() {
    return ["-c", `user.name=${COMMIT_IDENTITY.name}`, "-c", `user.email=${COMMIT_IDENTITY.email}`];
}
/**
 * Commits what the index holds on top of `parent`, as COMMIT_IDENTITY, and returns the commit:
 * write-tree and commit-tree read no file of the work tree and run no hook.
 */
async function commitIndex(git, parent, message) {
    const tree = (await git.run(["write-tree"])).trim();
    return (await git.run([...identityOptions(), "commit-tree", tree, "-p", parent, "-m", message])).trim();
}

;// CONCATENATED MODULE: ./src/core/publish/hold-back.ts



/**
 * What of the agent's work must not be pushed, and what a reviewer must look at twice. The agent
 * is not trusted with the repository's automation: a workflow file it changed would run with the
 * repository's secrets once merged, so changes under `.github/workflows/` are held back unless
 * `allow-workflow-changes` says otherwise. Files over GitHub's 100 MiB limit would make the whole
 * push fail. Symbolic links are pushed as links (git stores the target's path, never its
 * content), but one pointing out of the repository, and submodule changes, deserve a warning.
 */
/** GitHub refuses pushes holding a file larger than 100 MiB.
 * https://docs.github.com/en/repositories/working-with-files/managing-large-files/about-large-files-on-github */
const MAX_FILE_BYTES = 100 * 1024 * 1024;
const SYMLINK_MODE = "120000";
const GITLINK_MODE = "160000";
const NO_MODE = "000000";
/**
 * A path whose change needs the `workflows` permission: anything under `.github/workflows/`, and
 * `.github` or `.github/workflows` themselves (replaced by a file or a link). Matched without
 * case, as on case-insensitive checkouts these are the same directory.
 */
function isWorkflowPath(file) {
    const lower = file.toLowerCase();
    return lower === ".github" || lower === ".github/workflows" || lower.startsWith(".github/workflows/");
}
/** True when a link at `linkPath` pointing at `target` resolves outside the repository. */
function leavesRepository(linkPath, target) {
    if (target.startsWith("/") || /^[A-Za-z]:[\\/]/.test(target))
        return true;
    const resolved = external_node_path_default().posix.normalize(external_node_path_default().posix.join(external_node_path_default().posix.dirname(linkPath), target));
    return resolved === ".." || resolved.startsWith("../");
}
/** The paths to hold back among the final changes, given the big blobs of the run's commits. */
function pathsToHoldBack(changes, options) {
    const workflowFiles = options.allowWorkflowChanges
        ? []
        : changes.filter((change) => isWorkflowPath(change.path)).map((change) => change.path);
    const largeFiles = changes
        .filter((change) => options.largeBlobs.has(change.newSha) && !workflowFiles.includes(change.path))
        .map((change) => change.path);
    return { workflowFiles, largeFiles };
}
/** Parses `git diff --raw -z` and `git log --raw -z` output. */
function parseRawChanges(output) {
    const fields = output.split("\0");
    const changes = [];
    for (let i = 0; i < fields.length; i++) {
        const meta = fields[i].trim();
        if (!meta.startsWith(":"))
            continue;
        const [oldMode, newMode, oldSha, newSha, status] = meta.slice(1).split(/\s+/);
        const file = fields[++i];
        if (file === undefined || !status)
            continue;
        changes.push({
            path: file,
            oldMode: oldMode,
            newMode: newMode,
            oldSha: oldSha,
            newSha: newSha,
            status,
        });
    }
    return changes;
}
/**
 * Reads the run's commits for holdBack. The work almost always starts at startSha, so its history
 * is read while that is checked. When the run is one commit on startSha, its `git diff --raw`
 * (the same format) is its history, and startSha is where it starts.
 */
async function readRunHistory(git, startSha, headSha, 
/** `git diff --raw -z --no-renames --no-abbrev startSha headSha`, when headSha is one commit on startSha. */
oneCommit) {
    const inspect = (from) => {
        const range = `${from}..${headSha}`;
        return Promise.all([
            (from === startSha && oneCommit) ||
                git.run(["log", "--format=", "--raw", "-z", "--no-renames", "--no-abbrev", range]),
            largeBlobsIn(git, range),
        ]);
    };
    const [base, fromStart] = await Promise.all([
        oneCommit ? startSha : workBase(git, startSha, headSha),
        inspect(startSha),
    ]);
    const [history, largeBlobs] = base === startSha ? fromStart : await inspect(base);
    return { base, history, largeBlobs };
}
/**
 * Looks at the run's commits (`startSha..headSha`) and, when something must not be pushed,
 * replaces them with one commit holding the rest: a held-back change in any commit of the
 * agent's would make GitHub refuse the whole push, even when a later commit undid it. The
 * workspace keeps the agent's files as they are, and the held-back workflow changes are saved
 * as `output/held-back.patch`.
 */
async function holdBack(env, git, options, headSha, 
/** `git diff --raw` from startSha to headSha, which the changes were collected from. */
runDiff, 
/** What readRunHistory read of startSha..headSha, when it was started earlier. */
read = readRunHistory(git, env.startSha, headSha)) {
    const { logger } = options;
    const { base, history, largeBlobs } = await read;
    const changes = base === env.startSha
        ? runDiff
        : parseRawChanges(await git.run(["diff", "--raw", "-z", "--no-renames", "--no-abbrev", base, headSha]));
    const touched = parseRawChanges(history);
    const held = pathsToHoldBack(changes, { allowWorkflowChanges: options.allowWorkflowChanges, largeBlobs });
    const heldPaths = [...held.workflowFiles, ...held.largeFiles];
    const historyNeedsRewrite = touched.some((change) => (!options.allowWorkflowChanges && isWorkflowPath(change.path)) || largeBlobs.has(change.newSha));
    let publishSha = headSha;
    let heldBack;
    if (heldPaths.length > 0 || historyNeedsRewrite) {
        publishSha = await commitWithout(git, base, changes, heldPaths, options.commitMessage);
        logger.info(heldPaths.length > 0
            ? `Held back ${heldPaths.length} file(s); the rest is one commit, ${publishSha.slice(0, 12)}`
            : `The agent's commits touched files that cannot be pushed; they are squashed into ${publishSha.slice(0, 12)}`);
    }
    if (heldPaths.length > 0) {
        heldBack = {
            workflowFiles: held.workflowFiles,
            largeFiles: await Promise.all(held.largeFiles.map(async (file) => ({
                path: file,
                bytes: Number(await git.run(["cat-file", "-s", changes.find((c) => c.path === file).newSha])),
            }))),
        };
        if (held.workflowFiles.length > 0) {
            heldBack.patchFile = external_node_path_default().join(env.outputDir, "held-back.patch");
            const pathspecs = held.workflowFiles.map((file) => `:(literal)${file}`);
            await (0,promises_.writeFile)(heldBack.patchFile, await git.run(["diff", "--binary", "--no-renames", base, headSha, "--", ...pathspecs]));
        }
        logger.warning(describeHeldBack(heldBack));
    }
    const pushed = changes.filter((change) => !heldPaths.includes(change.path));
    const warnings = await reviewWarnings(git, pushed);
    return { headSha: publishSha, heldBack, warnings, nothingToPush: pushed.length === 0 };
}
/** Blobs of the range's commits larger than GitHub takes. */
async function largeBlobsIn(git, range) {
    // `--filter=blob:limit=N` leaves out blobs of N bytes or more, and lists them with a `~`.
    const listing = await git.run([
        "rev-list",
        "--objects",
        `--filter=blob:limit=${MAX_FILE_BYTES + 1}`,
        "--filter-print-omitted",
        range,
    ]);
    return new Set(listing
        .split("\n")
        .filter((line) => line.startsWith("~"))
        .map((line) => line.slice(1).trim()));
}
/**
 * Where the agent's work starts: normally startSha. When the agent rewrote the branch's history
 * and its commits could not be replayed onto it, where they forked (the work then goes to a side
 * branch, and must not carry the branch's own changes undone).
 */
async function workBase(git, startSha, headSha) {
    if ((await git.tryRun(["merge-base", "--is-ancestor", startSha, headSha])) !== undefined)
        return startSha;
    return (await git.tryRun(["merge-base", startSha, headSha]))?.trim() || startSha;
}
/**
 * One commit on `base` whose tree is the agent's final tree with each held-back path as it was
 * there (or absent, when it was new). Built in the index; the files stay as they are.
 */
async function commitWithout(git, base, changes, heldPaths, message) {
    const held = changes.filter((change) => heldPaths.includes(change.path));
    await git.run(["read-tree", "HEAD"]);
    // Removals first: a restored `.github/workflows/x` cannot sit under a `.github` that is a link.
    const added = held.filter((change) => change.oldMode === NO_MODE).map((change) => change.path);
    if (added.length > 0)
        await git.run(["update-index", "--force-remove", "--", ...added]);
    for (const change of held.filter((c) => c.oldMode !== NO_MODE)) {
        await git.run([
            "update-index",
            "--add",
            "--replace",
            "--cacheinfo",
            `${change.oldMode},${change.oldSha},${change.path}`,
        ]);
    }
    const commit = await commitIndex(git, base, message);
    // HEAD follows, with the index; the agent's held-back files stay in the working tree.
    await git.run(["reset", "--soft", "--quiet", commit]);
    return commit;
}
/** Links that leave the repository and submodule changes among what is pushed. */
async function reviewWarnings(git, pushed) {
    const links = pushed.filter((change) => change.newMode === SYMLINK_MODE).slice(0, 100);
    const outwardLinks = [];
    for (const link of links) {
        const target = await git.run(["cat-file", "blob", link.newSha]);
        if (leavesRepository(link.path, target))
            outwardLinks.push({ path: link.path, target });
    }
    const submodules = pushed
        .filter((change) => change.path === ".gitmodules" || change.oldMode === GITLINK_MODE || change.newMode === GITLINK_MODE)
        .map((change) => change.path);
    return outwardLinks.length > 0 || submodules.length > 0 ? { outwardLinks, submodules } : undefined;
}
/** The annotation, and the reports' wording, for what was held back. */
function describeHeldBack(heldBack) {
    const parts = [];
    if (heldBack.workflowFiles.length > 0) {
        parts.push(`The agent changed workflow files (${heldBack.workflowFiles.join(", ")}); they were not pushed and are saved as output/held-back.patch. To push changes under .github/workflows/, set \`allow-workflow-changes: true\` and use a token with the \`workflows\` permission (the job's GITHUB_TOKEN cannot have it).`);
    }
    if (heldBack.largeFiles.length > 0) {
        const files = heldBack.largeFiles.map((file) => `${file.path} (${formatMiB(file.bytes)})`).join(", ");
        parts.push(`Files over GitHub's 100 MiB limit were not pushed: ${files}. They are in the workspace and in output/changes.patch.`);
    }
    return parts.join(" ");
}
function formatMiB(bytes) {
    return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

;// CONCATENATED MODULE: ./src/core/publish/replay.ts

/**
 * Replays the commits `from..head` onto `onto` (a rebase that leaves HEAD detached at the result).
 * Returns the new head, or undefined when they do not apply cleanly; HEAD is then back at `head`.
 */
async function replayCommits(worktree, onto, from, head) {
    try {
        await worktree.run([...identityOptions(), "rebase", "--quiet", "--onto", onto, from, head]);
        return (await worktree.run(["rev-parse", "HEAD"])).trim();
    }
    catch {
        await worktree.tryRun(["rebase", "--abort"]);
        await worktree.tryRun(["checkout", "--quiet", "--detach", head]);
        return undefined;
    }
}
/** True when `ancestor` is `commit` or one of its ancestors. */
async function isAncestor(git, ancestor, commit) {
    return (await git.tryRun(["merge-base", "--is-ancestor", ancestor, commit])) !== undefined;
}

;// CONCATENATED MODULE: ./src/core/publish/collect-changes.ts










/**
 * What the agent changed, committed (worktree: `git` is the action's publish repository, whose
 * work tree is the agent's workdir) or listed against the first snapshot (directory). In a
 * worktree, what must not be pushed is then held back (see hold-back.ts).
 */
async function collectChanges(env, git, message, logger, options = {}) {
    const { policy } = options;
    if (env.mode === "directory")
        return collectDirectoryChanges(env);
    const { history, ...changes } = await collectWorktreeChanges(env, git, message, logger, {
        readHistory: policy !== undefined,
        agentHead: options.agentHead,
        recheck: options.recheck,
    });
    if (changes.count === 0 || !policy)
        return changes;
    const checked = await holdBack(env, git, { ...policy, commitMessage: commitMessage(message), logger }, changes.headSha, changes.raw, history);
    return { ...changes, ...checked };
}
/**
 * Keeps the commits the agent made, commits whatever it left uncommitted, and diffs the result
 * against the commit it started from. Whatever branch or detached HEAD the agent left, HEAD is
 * what gets published.
 */
async function collectWorktreeChanges(env, git, message, logger, options) {
    // The index starts as HEAD's tree (openPublishRepository), so what `git add` says it changed
    // is exactly what is staged: one line per path. The repository's own exclude keeps
    // .agent_context out of `add`, unless the agent's .gitignore un-ignores it (a `!` pattern there
    // wins; git runs with LC_ALL=C, so the line reads `add '…'`) or HEAD tracks it, asked
    // meanwhile: then `rm` takes it out again, and the index is compared with HEAD.
    const [added, contextTracked] = await Promise.all([
        stageAll(git, options.recheck),
        git.tryRun(["cat-file", "-e", `HEAD:${naming_CONTEXT_DIR_NAME}`]).then((found) => found !== undefined),
    ]);
    const lines = (text) => text.split("\n").filter((line) => line.trim()).length;
    let staged = lines(added);
    if (contextTracked || added.split("\n").some((line) => line.startsWith(`add '${naming_CONTEXT_DIR_NAME}/`))) {
        await git.run(["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", naming_CONTEXT_DIR_NAME]);
        staged = lines(await git.run(["diff", "--no-ext-diff", "--no-textconv", "--cached", "--name-only"]));
    }
    const committed = staged > 0 ? await commit(git, commitMessage(message)) : undefined;
    if (committed)
        logger.info(`Committed the agent's uncommitted changes (${staged} files)`);
    // The usual case: the agent made no commit, and the action's one, on startSha, leaves out the
    // context (HEAD does not track it). Then there is no history of the agent's to keep or to squash,
    // and the run's history is that one commit, whose raw diff is the run's.
    const onlyOwnCommit = options.agentHead === env.startSha && !contextTracked;
    let note;
    let headSha;
    if (onlyOwnCommit) {
        headSha = committed ?? env.startSha;
    }
    else {
        // Before the context is dropped: dropping squashes the run's commits onto startSha.
        note = await keepBranchHistory(env, git, logger);
        headSha = await dropCommittedContext(env, git, message, logger);
    }
    // git writes the patch itself (it can be far larger than the action should hold in memory),
    // after whatever the agent left at that path, a link included, is gone; the diff is read meanwhile.
    const rawDiff = git.run(["diff", "--raw", "-z", "--no-renames", "--no-abbrev", env.startSha, headSha]);
    rawDiff.catch(() => { });
    const history = options.readHistory
        ? readRunHistory(git, env.startSha, headSha, onlyOwnCommit ? rawDiff : undefined)
        : undefined;
    history?.catch(() => { });
    const patchFile = external_node_path_default().join(env.outputDir, "changes.patch");
    await (0,promises_.rm)(patchFile, { force: true });
    const [diff] = await Promise.all([
        rawDiff,
        git.run([
            "diff",
            "--no-ext-diff",
            "--no-textconv",
            "--binary",
            "--no-renames",
            `--output=${patchFile}`,
            env.startSha,
            headSha,
        ]),
    ]);
    const raw = parseRawChanges(diff);
    const files = changedFiles(raw);
    const count = raw.length;
    if (count === 0) {
        await Promise.all([(0,promises_.rm)(patchFile, { force: true }), history?.catch(() => { })]);
        return { files, count, headSha, note };
    }
    return { files, count, headSha, patchFile, note, raw, history };
}
/**
 * A continued branch holds commits of people and earlier runs. An agent that resets the branch
 * (`git reset --hard` to the base), rebases or amends leaves a HEAD that no longer contains them;
 * publishing it would push them away. Its own commits (those since it left the branch's history)
 * are replayed on top of the branch instead. When they do not apply cleanly HEAD stays as the
 * agent left it, and publishing sends it to a side branch.
 */
async function keepBranchHistory(env, git, logger) {
    if (!env.continued)
        return undefined;
    const head = (await git.run(["rev-parse", "HEAD"])).trim();
    if (await isAncestor(git, env.startSha, head))
        return undefined;
    const fork = (await git.tryRun(["merge-base", env.startSha, head]))?.trim();
    const replayed = fork ? await replayCommits(git, env.startSha, fork, head) : undefined;
    if (!replayed) {
        logger.warning(`The agent rewrote the history of ${env.branch}, and its commits do not apply on top of the branch`);
        return undefined;
    }
    logger.warning(`The agent rewrote the history of ${env.branch} (a reset, rebase or amend); its commits were replayed on top of the branch so that no commit on it is lost`);
    return `The agent rewrote the history of ${env.branch} (a reset, rebase or amend); its commits were replayed on top of the branch, so every commit already on it was kept.`;
}
/**
 * An agent may force-add `.agent_context` into its own commits. The context must never land, so
 * the agent's commits are squashed into one without it.
 */
async function dropCommittedContext(env, git, message, logger) {
    // Any commit of the run that touched it counts, even when a later commit removed it again.
    const [leaked, head] = await Promise.all([
        git.run(["log", "--format=%H", `${env.startSha}..HEAD`, "--", naming_CONTEXT_DIR_NAME]),
        git.run(["rev-parse", "HEAD"]),
    ]);
    if (!leaked.trim())
        return head.trim();
    logger.warning(`The agent committed ${naming_CONTEXT_DIR_NAME}/; squashing its commits without it`);
    await git.run(["reset", "--soft", env.startSha]);
    await git.run(["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", naming_CONTEXT_DIR_NAME]);
    const staged = await git.run(["diff", "--no-ext-diff", "--no-textconv", "--cached", "--name-only"]);
    if (staged.trim())
        await commit(git, commitMessage(message));
    return (await git.run(["rev-parse", "HEAD"])).trim();
}
/**
 * `git add --all --verbose`, in an index that may have been told to trust its stat data
 * (openPublishRepository): then the files changed in the checkout's second, listed meanwhile,
 * lose theirs and are added again. Without the list, the index gets its own date back and git
 * reads every racy file, as it would have. Returns what git said it added, once per line.
 */
async function stageAll(git, recheck) {
    const indexFile = git.scope?.indexFile;
    const [added, suspects] = await Promise.all([
        git.run(["add", "--all", "--verbose"]),
        recheck && indexFile ? recheck.suspects : [],
    ]);
    if (!recheck || !indexFile || suspects?.length === 0)
        return added;
    // Their entries as `git add` left them: one it has just updated keeps its new content.
    const again = suspects && (await forgetStatData(git, indexFile, suspects).catch(() => undefined));
    let more = "";
    if (!again) {
        await (0,promises_.utimes)(indexFile, recheck.racyFrom, recheck.racyFrom);
        more = await git.run(["add", "--all", "--verbose"]);
    }
    else if (again.length > 0) {
        more = await git.run(["--literal-pathspecs", "add", "--all", "--verbose", "--", ...again]);
    }
    return [...new Set(`${added}${more}`.split("\n").filter(Boolean))].map((line) => `${line}\n`).join("");
}
/**
 * Commits the index as it stands on top of HEAD: the commit object `git commit -m` makes, byte for
 * byte, without its refresh of the index first, an lstat of every file, which `git add` has just
 * done (175 ms at 100,000 files; these three commands take 40 ms there). No hook runs, as with
 * `--no-verify`: the repository is the action's own and has none.
 *
 * write-tree writes the index again (with the trees it computed), and git reads again every file
 * of an entry that is racy to the index it read: for a fresh checkout most of them, 90 ms at 20k
 * files. The files no longer change (the agent is gone) and git add has just checked each of
 * them, so the index is dated past them first (markIndexChecked). The commit holds what the index
 * says either way: write-tree reads no file.
 */
async function commit(git, text) {
    if (git.scope?.indexFile)
        await markIndexChecked(git.scope.indexFile);
    const sha = await commitIndex(git, "HEAD", text);
    await git.run(["update-ref", "HEAD", sha]);
    return sha;
}
function commitMessage({ issueNumber, issueTitle, agent }) {
    const title = issueTitle.replace(/\s+/g, " ").trim();
    return `Agent changes for #${issueNumber}: ${title}\n\nMade by agent-task with the ${agent} agent.\n\nRefs #${issueNumber}`;
}
/**
 * Saves what the agent changed since `startSha`, its commits and its uncommitted files alike, as
 * a patch, without committing anything. For a workspace whose run was killed before it collected
 * the changes. Returns how many files changed.
 */
async function saveWorkAsPatch(worktree, startSha, patchFile) {
    await worktree.run(["add", "--all"]);
    await worktree.run(["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", CONTEXT_DIR_NAME]);
    const names = (await worktree.run(["diff", "--no-ext-diff", "--cached", "--name-only", "--no-renames", startSha])).trim();
    if (!names)
        return 0;
    await rm(patchFile, { force: true });
    await worktree.run([
        "diff",
        "--no-ext-diff",
        "--no-textconv",
        "--cached",
        "--binary",
        "--no-renames",
        `--output=${patchFile}`,
        startSha,
    ]);
    return names.split("\n").length;
}
/** The files of a `git diff --raw`, by what happened to them (a type change counts as modified). */
function changedFiles(raw) {
    const files = { added: [], modified: [], deleted: [] };
    for (const change of raw) {
        if (change.status === "A")
            files.added.push(change.path);
        else if (change.status === "D")
            files.deleted.push(change.path);
        else
            files.modified.push(change.path);
    }
    return files;
}
async function collectDirectoryChanges(env) {
    const files = diffSnapshots(env.before, await snapshotDirectory(env.workdir, [naming_CONTEXT_DIR_NAME]));
    const count = files.added.length + files.modified.length + files.deleted.length;
    await replaceFile(external_node_path_default().join(env.outputDir, "changes.json"), `${JSON.stringify(files, null, 2)}\n`);
    return { files, count };
}

;// CONCATENATED MODULE: ./src/core/report/status-comment.ts
/** The first line of the issue's one status comment: how the action finds its own comment. */
const STATUS_MARKER = "<!-- agent-task:status -->";
function isStatusComment(body) {
    return body.trimStart().startsWith(STATUS_MARKER);
}

;// CONCATENATED MODULE: ./src/core/report/lease.ts



const STATE_SCHEMA_VERSION = 1;
const STATE_PREFIX = "<!-- agent-task:state ";
const STATE_SUFFIX = " -->";
/**
 * The state as the comment's last line. `<` and `>` are escaped, so no text in it (an agent's
 * summary) can close the HTML comment or look like another state line.
 */
function renderState(state) {
    const json = JSON.stringify(state).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
    return `${STATE_PREFIX}${json}${STATE_SUFFIX}`;
}
function parseState(body) {
    const start = body.lastIndexOf(STATE_PREFIX);
    if (start === -1)
        return undefined;
    const end = body.indexOf(STATE_SUFFIX, start + STATE_PREFIX.length);
    if (end === -1)
        return undefined;
    try {
        const state = JSON.parse(body.slice(start + STATE_PREFIX.length, end));
        return typeof state === "object" && state && state.v === STATE_SCHEMA_VERSION ? state : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Whether another run's lease still holds. It is stale when the run finished, when its heartbeat
 * is older than three of its intervals, when its workflow run is no longer in progress, or when
 * it was an earlier attempt of this very run (GitHub starts an attempt only after the last ended).
 */
function judgeLease(state, me, now, workflowRunStatus) {
    if (state.phase === "done")
        return { live: false, reason: "the last run finished" };
    if (state.runId === me.runId && Number(state.runAttempt) < Number(me.runAttempt)) {
        return {
            live: false,
            reason: `attempt ${state.runAttempt} of this workflow run ended without finishing`,
        };
    }
    const age = now - Date.parse(state.heartbeatAt);
    const quiet = state.quietUntil !== undefined && now < Date.parse(state.quietUntil);
    if (!quiet && !(age < 3 * state.heartbeatSeconds * 1000)) {
        return { live: false, reason: `its last heartbeat was ${Math.round(age / 1000)}s ago` };
    }
    if (workflowRunStatus !== undefined &&
        workflowRunStatus !== "in_progress" &&
        workflowRunStatus !== "queued") {
        return { live: false, reason: `its workflow run is ${workflowRunStatus}` };
    }
    return { live: true, reason: `run ${state.runId} (attempt ${state.runAttempt}) is ${state.phase}` };
}
/** A lease read from the store: a state of this schema with the fields a judgement needs, or undefined. */
function toLeaseState(value) {
    if (typeof value !== "object" || value === null)
        return undefined;
    const state = value;
    const strings = [state.holder, state.runId, state.runAttempt, state.phase, state.heartbeatAt];
    if (state.v !== STATE_SCHEMA_VERSION || strings.some((field) => typeof field !== "string"))
        return undefined;
    if (typeof state.heartbeatSeconds !== "number")
        return undefined;
    return state;
}
/** At most this many changed files travel in a session summary (the lease and the comment stay small). */
const SESSION_FILES_LIMIT = 100;
/** The session summary with its file lists cut to SESSION_FILES_LIMIT in all, and the counts kept. */
function capSession(session) {
    const { changes } = session;
    if (!changes)
        return session;
    const total = changes.added.length + changes.modified.length + changes.deleted.length;
    if (total <= SESSION_FILES_LIMIT)
        return session;
    let room = SESSION_FILES_LIMIT;
    const take = (files) => {
        const taken = files.slice(0, room);
        room -= taken.length;
        return taken;
    };
    return {
        ...session,
        changes: { added: take(changes.added), modified: take(changes.modified), deleted: take(changes.deleted) },
        changeCounts: {
            added: changes.added.length,
            modified: changes.modified.length,
            deleted: changes.deleted.length,
        },
    };
}
/** This run no longer holds the issue's lease: another run took it over. Nothing more is published. */
class LeaseLostError extends errors/* TaskError */.Ik {
    holder;
    name = "LeaseLostError";
    constructor(issueNumber, holder) {
        const who = holder
            ? `run ${holder.runId} (attempt ${holder.runAttempt}${holder.runUrl ? `, ${holder.runUrl}` : ""})`
            : "someone else";
        super(`${who} took over issue #${issueNumber} while this run was working, so this run stopped before publishing`);
        this.holder = holder;
    }
}
/** How often acquiring reads and swaps again when other runs keep writing the lease first. */
const MAX_ACQUIRE_ATTEMPTS = 5;
/**
 * The issue's lease: one run at a time works on an issue. It lives in a git ref on the remote
 * (see GitLeaseStore), and every write is a compare-and-swap there: acquiring, each heartbeat,
 * the push of the agent branch (in the same atomic push) and the final write. A run whose swap
 * fails has lost the lease: it stops writing and publishes nothing.
 *
 * The status comment is the lease's face for people. Its id is kept in the lease, and only that
 * comment is ever read or edited as the action's own: a comment by anyone else that carries the
 * marker is ignored. The last session (previous_session.md) comes from the lease alone.
 */
class Lease {
    options;
    state;
    /** The lease commit this run last put on the remote, while it holds the lease. */
    current;
    held = false;
    lost;
    commentId;
    queue = Promise.resolve();
    pendingWrites = 0;
    timer;
    /** Heartbeats refresh the comment only, without a git process (see agentStarts). */
    quiet = false;
    /** The body the comment got when it was made while acquiring (see announce). */
    announced;
    /** The visible part of the comment, as last rendered; the heartbeat rewrites it unchanged. */
    visibleBody = STATUS_MARKER;
    constructor(options) {
        this.options = options;
        const now = new Date(this.now()).toISOString();
        this.state = {
            v: STATE_SCHEMA_VERSION,
            holder: (0,external_node_crypto_.randomUUID)(),
            runId: options.run.runId,
            runAttempt: options.run.runAttempt,
            runUrl: options.run.runUrl,
            phase: "preparing",
            startedAt: now,
            heartbeatAt: now,
            heartbeatSeconds: options.heartbeatMs / 1000,
        };
    }
    /**
     * Takes the lease unless another live run holds it (or `force`: then it takes over the run it
     * found, but not a run that wrote the lease after that). Returns what the last run left for
     * this one, or who holds the lease.
     */
    async acquire(body, force) {
        this.visibleBody = body;
        const { store, logger, issueNumber } = this.options;
        let firstHolder;
        for (let attempt = 1;; attempt++) {
            const found = await store.read();
            const existing = toLeaseState(found?.state);
            this.state.session = existing?.session;
            this.commentId = existing?.commentId;
            if (!this.options.hold)
                return { ok: true, previous: existing?.session };
            let tookOver;
            if (found && !existing) {
                tookOver = "replaced a lease this version cannot read";
            }
            else if (existing && existing.phase !== "done") {
                if (attempt === 1)
                    firstHolder = existing.holder;
                const verdict = await this.judge(existing);
                const forced = force && existing.holder === firstHolder;
                if (verdict.live && !forced)
                    return { ok: false, holder: existing, reason: verdict.reason };
                tookOver = verdict.live
                    ? `took over from ${verdict.reason} (on-conflict: takeover)`
                    : `took over a stale lease: ${verdict.reason}`;
            }
            // The first run on an issue (no lease yet, so no comment) makes its status comment before
            // it swaps the lease in, which then names the comment from its first write. A new comment
            // is nobody else's; a run that does not win the swap deletes it again.
            const created = !found && this.options.comment ? await this.createCommentOrWarn() : undefined;
            this.state.heartbeatAt = new Date(this.now()).toISOString();
            this.state.commentId = this.commentId;
            const sha = await store.commit(this.state);
            if (await store.swap(found?.sha, sha)) {
                this.current = sha;
                this.held = true;
                this.announced = created !== undefined ? body : undefined;
                logger.info(`Holding the lease of issue #${issueNumber} (${store.ref})`);
                if (tookOver)
                    logger.info(`Lease: ${tookOver}`);
                return { ok: true, previous: existing?.session, tookOver };
            }
            if (created !== undefined)
                await this.options.github.deleteComment(created).catch(() => { });
            if (attempt >= MAX_ACQUIRE_ATTEMPTS) {
                throw new errors/* TaskError */.Ik(`the lease of issue #${issueNumber} changed under this run ${attempt} times in a row`);
            }
            logger.debug(`Another run wrote the lease of issue #${issueNumber} first; reading it again`);
        }
    }
    /**
     * Shows in the status comment that this run holds the issue, with `body`: a comment made while
     * acquiring already says so; otherwise the run's comment is edited, or made and named in the
     * lease. The lease is not renewed for this alone.
     */
    announce(body) {
        if (this.announced === body)
            return Promise.resolve();
        return this.writeSteps(body, {}, { renew: false }).done;
    }
    /** Whether a lease held by another run is still live; the workflow run's status is asked only then. */
    async judge(existing) {
        const byHeartbeat = judgeLease(existing, this.options.run, this.now(), undefined);
        if (!byHeartbeat.live)
            return byHeartbeat;
        const status = await this.options.github.getWorkflowRunStatus(existing.runId);
        return judgeLease(existing, this.options.run, this.now(), status);
    }
    /** Goes on without a lease: it could not be taken (the ref could not be read or written). */
    disable() {
        this.held = false;
        this.stopHeartbeat();
    }
    /** Throws when another run took the lease over: nothing more may be published. */
    assertHeld() {
        if (this.lost)
            throw this.lost;
    }
    /** Renews the lease (and refreshes the comment) every heartbeat interval until `finish`. */
    startHeartbeat() {
        this.timer = setInterval(() => {
            // A beat still on its way is not doubled.
            if (this.pendingWrites === 0)
                void this.write(this.visibleBody, {}, { heartbeat: true });
        }, this.options.heartbeatMs);
        this.timer.unref();
    }
    /**
     * Says that the agent runs; resolves when it may start: every write queued before this one is
     * done (the lease names the status comment). The comment is edited as the agent starts.
     *
     * With a user of its own, the agent cannot read this process's children, and the next heartbeat
     * renews the lease as usual: the ref is not pushed for the phase alone (it decides nothing, see
     * judgeLease). An agent that shares the runner's user could read the token in a lease push's
     * environment (/proc/<pid>/environ): `quietUntilMs` is then given, the lease is written now,
     * declared live until then without renewals, and heartbeats refresh only the comment, through
     * the API in this process, until `loudHeartbeats`. Another run still judges the lease by the
     * workflow run's status meanwhile.
     */
    async agentStarts(body, patch, quietUntilMs) {
        const quiet = quietUntilMs !== undefined;
        const until = quiet ? { quietUntil: new Date(quietUntilMs).toISOString() } : {};
        await this.writeSteps(body, { ...patch, ...until }, { renew: quiet }).leased;
        this.quiet = quiet;
    }
    /** Heartbeats renew the lease again (the agent is gone); the next write drops `quietUntil`. */
    loudHeartbeats() {
        this.quiet = false;
        delete this.state.quietUntil;
    }
    stopHeartbeat() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = undefined;
    }
    /** Stops the heartbeat and, once the writes under way are done, releases the store. */
    async close() {
        this.stopHeartbeat();
        await this.queue;
        await this.options.store.close?.();
    }
    /** Rewrites the lease and the comment with a new visible body and state (a phase change). */
    update(body, patch) {
        return this.write(body, patch);
    }
    /** Ends the lease: the final comment, state and the session summary for the next run. */
    async finish(body, patch) {
        this.stopHeartbeat();
        // The comment is edited while the lease is swapped, not after: the atomic push of the branch
        // has just shown that this run holds the lease, and a run that took it over since writes the
        // comment again itself (its own phases, its finish).
        await this.writeSteps(body, { ...patch, phase: "done" }, { together: true }).done;
    }
    /**
     * Runs a push of the agent branch that also moves the lease (`--atomic`): if another run took
     * the lease over, the whole push is refused and this throws LeaseLostError. Without a lease
     * (a dry run, or none could be taken) `push` gets no lease update. Heartbeats wait meanwhile.
     */
    pushWith(push) {
        return this.enqueue(async () => {
            if (this.lost)
                throw this.lost;
            if (!this.held)
                return push(undefined);
            const { store } = this.options;
            const next = this.nextState({ phase: "publishing" });
            const sha = await store.commit(next);
            try {
                const result = await push({ ref: store.ref, expected: this.current, sha });
                this.current = sha;
                return result;
            }
            catch (error) {
                const now = await store.remoteSha().catch(() => this.current);
                if (now === sha)
                    this.current = sha;
                else if (now !== this.current)
                    throw await this.markLost();
                throw error;
            }
        });
    }
    write(body, patch, how = {}) {
        return this.writeSteps(body, patch, how).done;
    }
    /**
     * Writes the state and the comment, in two steps of the queue. `leased`: the lease part is done
     * (a comment made now is named in the lease; with `renew`, the default, the lease is renewed).
     * `done`: the comment is edited too. `renew: false` leaves the ref as it is, unless the comment
     * had to be made now; `together` edits the comment while the lease is renewed (see finish).
     */
    writeSteps(body, patch, how) {
        this.visibleBody = body;
        Object.assign(this.state, patch);
        if (this.state.session)
            this.state.session = capSession(this.state.session);
        const { github, logger } = this.options;
        const comment = this.options.comment;
        let created;
        let edit = false;
        const editOrWarn = () => this.editComment().catch((error) => logger.warning(`Could not update the status comment: ${(0,errors/* errorMessage */.gJ)(error)}`));
        const leased = this.enqueue(async () => {
            if (this.lost)
                return;
            // A new comment is nobody else's, so it is made before the lease records its id; an
            // existing one is edited once the lease is known to be this run's (the last swap).
            if (comment && this.commentId === undefined)
                created = await this.createCommentOrWarn();
            edit = comment && created === undefined && this.commentId !== undefined;
            const renew = how.renew !== false || created !== undefined;
            if (!renew || !this.held || (how.heartbeat && this.quiet))
                return;
            const renewing = this.renew().catch((error) => {
                // The lease could not be written (the network, the token): it still holds until it is
                // stale, and the comment still says what happened.
                logger.warning(`Could not renew the issue's lease: ${(0,errors/* errorMessage */.gJ)(error)}`);
                return true;
            });
            const editing = how.together && edit ? editOrWarn() : undefined;
            if (editing)
                edit = false;
            const held = await renewing;
            await editing;
            if (held)
                return;
            edit = false;
            if (created !== undefined)
                await github.deleteComment(created).catch(() => { });
        });
        const done = this.enqueue(async () => {
            if (edit && !this.lost)
                await editOrWarn();
        });
        return { leased, done };
    }
    /** Moves the lease on from this run's last commit; false (and the lease is lost) when it was elsewhere. */
    async renew() {
        const { store } = this.options;
        const sha = await store.commit(this.nextState({}));
        if (await store.swap(this.current, sha)) {
            this.current = sha;
            return true;
        }
        await this.markLost();
        return false;
    }
    nextState(patch) {
        this.state.heartbeatAt = new Date(this.now()).toISOString();
        this.state.commentId = this.commentId;
        return { ...this.state, ...patch };
    }
    async markLost() {
        const { store, logger, issueNumber } = this.options;
        const holder = toLeaseState((await store.read().catch(() => undefined))?.state);
        this.lost = new LeaseLostError(issueNumber, holder?.holder === this.state.holder ? undefined : holder);
        this.held = false;
        this.stopHeartbeat();
        logger.warning(this.lost.message);
        return this.lost;
    }
    createCommentOrWarn() {
        return this.createComment().catch((error) => {
            this.options.logger.warning(`Could not update the status comment: ${(0,errors/* errorMessage */.gJ)(error)}`);
            return undefined;
        });
    }
    async createComment() {
        const created = await this.options.github.createComment(this.options.issueNumber, this.commentBody());
        this.options.logger.info(`Status comment: ${created.url}`);
        this.commentId = created.id;
        return created.id;
    }
    async editComment() {
        try {
            await this.options.github.updateComment(this.commentId, this.commentBody());
        }
        catch (error) {
            // Someone deleted the comment: the run makes a new one (recorded at the next lease write).
            if (statusOf(error) !== 404)
                throw error;
            await this.createComment();
        }
    }
    commentBody() {
        return `${this.visibleBody.trimEnd()}\n\n${renderState(this.state)}\n`;
    }
    enqueue(task) {
        this.pendingWrites++;
        const run = this.queue.then(task).finally(() => {
            this.pendingWrites--;
        });
        this.queue = run.catch(() => { });
        return run;
    }
    now() {
        return this.options.now?.() ?? Date.now();
    }
}
/** The HTTP status of an API error, also when it is wrapped (the GitHub port adds a readable message). */
function statusOf(error) {
    for (let e = error; e; e = e.cause) {
        if (typeof e.status === "number")
            return e.status;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/core/publish/push-failure.ts
/** Waits between the attempts of a push that failed for a passing reason (branch and lease alike). */
const DEFAULT_PUSH_RETRY_DELAYS_MS = [2000, 5000, 10000];
function classifyPushFailure(message) {
    if (isLeaseRejection(message))
        return "lease";
    if (/workflows?` permission|refusing to allow .* to create or update workflow/i.test(message)) {
        return "token-permission";
    }
    if (/Authentication failed|Invalid username or (password|token)|could not read Username|returned error: 401\b/i.test(message)) {
        return "token-rejected";
    }
    if (/returned error: 403\b|Permission to .* denied|Write access to repository not granted|Permission denied/i.test(message)) {
        return "token-permission";
    }
    if (/\[rejected\]|\[remote rejected\]|pre-receive hook|protected branch|returned error: 4\d\d\b|not found|does not appear to be a git repository|src refspec/i.test(message)) {
        return "rejected";
    }
    return "transient";
}
/** The remote branch is not where the run saw it: someone pushed meanwhile. */
function isLeaseRejection(message) {
    return /stale info|fetch first|non-fast-forward/i.test(message);
}
/** Rejections and auth failures do not get better by retrying; network and 5xx errors may. */
function isPermanentPushFailure(message) {
    return classifyPushFailure(message) !== "transient";
}
/**
 * What the user is told about a failed push: git's own words, and for a refused token which
 * token, what is wrong with it and what to do.
 */
function describePushFailure(branch, message) {
    const text = `pushing ${branch} failed: ${firstLines(message)}`;
    switch (classifyPushFailure(message)) {
        case "token-rejected":
            return `${text}. The \`github-token\` was rejected (401): it expired or was revoked while the run worked. GitHub App installation tokens last one hour; for longer runs make the token in a step right before this one, or lower \`timeout-minutes\``;
        case "token-permission":
            return /workflow/i.test(message)
                ? `${text}. The \`github-token\` lacks the \`workflows\` permission, which changes under .github/workflows/ need`
                : `${text}. The \`github-token\` may not push to the repository (403): it lacks \`contents: write\`; give the job \`permissions: contents: write\``;
        default:
            return text;
    }
}
function firstLines(text) {
    return text.trim().split("\n").slice(0, 4).join(" ").slice(0, 400);
}

;// CONCATENATED MODULE: ./src/core/report/lease-store.ts






/**
 * The issue's lease on the remote: a ref outside `refs/heads` (so no branch list, checkout or
 * workflow trigger sees it) pointing at a commit whose message is the lease's state.
 */
function leaseRef(issueNumber) {
    return `refs/agent-task/leases/issue-${issueNumber}`;
}
/** The tree of every lease commit: git knows the empty tree without storing it. */
const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
/**
 * The lease kept in a git ref. Creating it pushes with `--force-with-lease=<ref>:` (the ref must
 * not exist), renewing and taking over push with `--force-with-lease=<ref>:<old sha>`; the
 * server checks the old value under the ref's lock, so of two racing pushes exactly one lands.
 * https://git-scm.com/docs/git-push#Documentation/git-push.txt---force-with-leaseltrefnamegtltexpectgt
 * Nothing is written to the checkout but the lease's own commits (objects, no ref): another
 * run's lease is fetched into a scratch repository of the store's own, so runs sharing a
 * checkout never contend for git's lock files or trip over each other's worktrees.
 */
class GitLeaseStore {
    options;
    ref;
    scratch;
    listedAtStart;
    constructor(options) {
        this.options = options;
        this.ref = leaseRef(options.issueNumber);
        this.listedAtStart = options.listedAtStart;
    }
    get inCheckout() {
        return this.options.inCheckout !== false;
    }
    async read() {
        const sha = await this.remoteSha();
        if (!sha)
            return undefined;
        // This run's own commits are in the checkout; another run's are fetched into the scratch repository.
        let raw = this.inCheckout ? await this.options.git.tryRun(["cat-file", "commit", sha]) : undefined;
        if (raw === undefined) {
            const { git } = await this.scratchRepository();
            const { remoteUrl, auth } = this.options;
            const fetch = ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--no-auto-gc", remoteUrl];
            // GitHub serves any reachable commit by its id; the ref's name is the fallback.
            if ((await git.tryRun([...fetch, sha], { auth })) === undefined) {
                await git.run([...fetch, this.ref], { auth });
            }
            raw = await git.tryRun(["cat-file", "commit", sha]);
        }
        // The ref moved on between the listing and the fetch: the caller sees a lease it cannot read
        // and its next swap fails, which makes it read again.
        if (raw === undefined)
            return { sha, state: undefined };
        return { sha, state: parseLeaseMessage(raw) };
    }
    async commit(state) {
        const git = await this.commitRepository();
        // The message goes through stdin: it can be longer than one command-line argument may be.
        const input = renderLeaseMessage(state);
        return (await git.run([...identityOptions(), "commit-tree", EMPTY_TREE], { input })).trim();
    }
    async swap(expected, sha) {
        const { remoteUrl, auth, logger } = this.options;
        const git = await this.commitRepository();
        const { options, refspec } = leasePushArgs({ ref: this.ref, expected, sha });
        const delays = this.options.retryDelaysMs ?? DEFAULT_PUSH_RETRY_DELAYS_MS;
        for (let attempt = 0;; attempt++) {
            try {
                await git.run(["push", "--porcelain", ...options, remoteUrl, refspec], { auth });
                return true;
            }
            catch (error) {
                // Rejected or not, the remote says how it ended: a push whose answer was lost may have
                // landed, and a ref that moved elsewhere means another run wrote first.
                const now = await this.remoteSha().then((found) => ({ found }), () => undefined);
                if (now?.found === sha)
                    return true;
                if (now && now.found !== expected)
                    return false;
                const message = (0,errors/* errorMessage */.gJ)(error);
                if (classifyPushFailure(message) !== "transient" || attempt >= delays.length)
                    throw error;
                const firstLine = message.trim().split("\n").slice(0, 4).join(" ").slice(0, 400);
                logger?.warning(`Push failed (${firstLine}); retrying in ${delays[attempt] / 1000}s`);
                await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
            }
        }
    }
    async remoteSha() {
        // The listing made at the start answers the first question only; later ones ask the remote.
        const listed = this.listedAtStart;
        this.listedAtStart = undefined;
        const found = await listed?.catch(() => undefined);
        if (found?.covers([this.ref]))
            return found.get(this.ref);
        const { remoteUrl, auth } = this.options;
        const git = await this.commitRepository();
        const listing = await git.run(["ls-remote", remoteUrl, this.ref], { auth });
        const line = listing.split("\n").find((entry) => entry.endsWith(`\t${this.ref}`));
        return line?.split("\t")[0] || undefined;
    }
    async close() {
        const scratch = await this.scratch?.catch(() => undefined);
        if (scratch)
            await (0,promises_.rm)(scratch.dir, { recursive: true, force: true });
    }
    async commitRepository() {
        return this.inCheckout ? this.options.git : (await this.scratchRepository()).git;
    }
    scratchRepository() {
        this.scratch ??= (async () => {
            const dir = await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), "agent-task-lease-repo-"));
            const git = this.options.git.at(dir);
            await git.run(["init", "--quiet", "--bare"]);
            return { git, dir };
        })();
        return this.scratch;
    }
}
/** The option and refspec that make `git push` move `update.ref` only from where it is expected. */
function leasePushArgs(update) {
    return {
        options: [`--force-with-lease=${update.ref}:${update.expected ?? ""}`],
        refspec: `${update.sha}:${update.ref}`,
    };
}
const MESSAGE_SUBJECT = "agent-task lease";
/** A subject line for people who look at the ref, then the state as JSON. */
function renderLeaseMessage(state) {
    return `${MESSAGE_SUBJECT}\n\n${JSON.stringify(state)}\n`;
}
/** The state in a lease commit as `git cat-file commit` prints it; undefined when it is not JSON. */
function parseLeaseMessage(rawCommit) {
    const headerEnd = rawCommit.indexOf("\n\n");
    if (headerEnd === -1)
        return undefined;
    const message = rawCommit.slice(headerEnd + 2);
    const bodyStart = message.indexOf("\n\n");
    if (!message.startsWith(MESSAGE_SUBJECT) || bodyStart === -1)
        return undefined;
    try {
        return JSON.parse(message.slice(bodyStart + 2));
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/core/remote-refs.ts
/** Where refs point on the remote, as one `git ls-remote` found them. */
class RemoteRefs {
    asked;
    found;
    constructor(asked, found) {
        this.asked = asked;
        this.found = found;
    }
    /** Whether the listing asked for each of `refs`: only then does an absent one not exist. */
    covers(refs) {
        return refs.every((ref) => this.asked.includes(ref));
    }
    /** The commit `ref` points at; undefined when it does not exist (or was not asked for). */
    get(ref) {
        return this.found.get(ref);
    }
}
/**
 * Where the named refs point on the remote, by one `git ls-remote`. A run asks once for all it
 * needs at its start (the lease, the base and the agent branch): one round trip instead of one
 * per stage.
 */
async function listRemoteRefs(git, url, auth, refs, signal) {
    // ls-remote matches its patterns against the ends of ref names: only exact names are kept.
    const output = await git.run(["ls-remote", url, ...refs], { auth, signal });
    const found = new Map();
    for (const line of output.split("\n")) {
        const [sha, ref] = line.split("\t");
        if (sha && ref && refs.includes(ref))
            found.set(ref, sha);
    }
    return new RemoteRefs(refs, found);
}

;// CONCATENATED MODULE: ./src/core/workspace/config-text.ts
/**
 * Git config file text for a repository the action has just made, written in one go instead of
 * a `git config` command per key. Values are always quoted, so none of them can start a comment,
 * a section or another key: inside quotes git reads `\\`, `\"`, `\n` and `\t` as escapes.
 * https://git-scm.com/docs/git-config#_syntax
 */
function configSection(name, entries) {
    const lines = entries.map(([key, value]) => `\t${key} = ${quoteConfigValue(value)}`);
    return `[${name}]\n${lines.join("\n")}\n`;
}
function quoteConfigValue(value) {
    const escaped = value
        .replace(/\\/g, "\\\\")
        .replace(/"/g, '\\"')
        .replace(/\n/g, "\\n")
        .replace(/\t/g, "\\t");
    return `"${escaped}"`;
}

;// CONCATENATED MODULE: ./src/core/workspace/directory-copy.ts



/**
 * Lists what a directory workspace copies, and refuses before anything is copied when it is more
 * than `maxBytes`. From a repository, only the files git tracks or would add (`ls-files --cached
 * --others --exclude-standard`), so ignored content such as node_modules or build output stays
 * behind; from a plain folder, everything but `.git`.
 */
async function planDirectoryCopy(options) {
    const from = await (0,promises_.realpath)(options.repoPath);
    const exclude = await Promise.all(options.exclude.map((dir) => (0,promises_.realpath)(dir).catch(() => external_node_path_default().resolve(dir))));
    const plan = { from, files: [], bytes: 0 };
    const add = async (relative) => {
        const full = external_node_path_default().join(from, relative);
        if (exclude.some((dir) => isInside(full, dir)))
            return;
        const info = await (0,promises_.lstat)(full).catch(() => undefined);
        // A tracked file deleted from the checkout is listed by git but is not there to copy.
        if (!info)
            return;
        if (info.isDirectory()) {
            // A plain folder, or a submodule (git lists it as one path).
            for (const entry of await (0,promises_.readdir)(full)) {
                if (entry !== ".git")
                    await add(external_node_path_default().join(relative, entry));
            }
            return;
        }
        if (!info.isFile() && !info.isSymbolicLink())
            return;
        plan.files.push(relative);
        plan.bytes += info.size;
        if (options.maxBytes > 0 && plan.bytes > options.maxBytes)
            throw tooLarge(options, plan);
    };
    if (options.isRepository) {
        const listing = await options.git
            .at(from)
            .run(["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
        const listed = new Set(listing.split("\0").filter(Boolean));
        for (const relative of listed)
            await add(relative);
    }
    else {
        for (const entry of await (0,promises_.readdir)(from)) {
            if (entry !== ".git")
                await add(entry);
        }
    }
    return plan;
}
/** Copies the planned files into `workdir`, keeping modes and symbolic links as they are. */
async function copyPlannedFiles(plan, workdir) {
    const made = new Set();
    for (const relative of plan.files) {
        const target = external_node_path_default().join(workdir, relative);
        const dir = external_node_path_default().dirname(target);
        if (!made.has(dir)) {
            await (0,promises_.mkdir)(dir, { recursive: true });
            made.add(dir);
        }
        await (0,promises_.cp)(external_node_path_default().join(plan.from, relative), target, { verbatimSymlinks: true });
    }
}
function tooLarge(options, plan) {
    const counted = options.isRepository ? "files git tracks or would add" : "files";
    return new errors/* TaskError */.Ik(`\`repo-path\` ${options.repoPath} holds more than ${formatMegabytes(options.maxBytes)} to copy into the workspace (${plan.files.length} ${counted} counted so far)`, "Point `repo-path` at a smaller folder, or raise `directory-max-mb` (0: no limit)");
}
function formatMegabytes(bytes) {
    return `${Math.round((bytes / MEGABYTE) * 10) / 10} MB`;
}
const MEGABYTE = 1024 * 1024;
function isInside(file, dir) {
    const relative = external_node_path_default().relative(dir, file);
    return relative === "" || (!relative.startsWith("..") && !external_node_path_default().isAbsolute(relative));
}

;// CONCATENATED MODULE: ./src/core/workspace/prepare-workspace.ts














/** The remote refs a worktree is made from: the base and the agent branch. */
function headRefs(baseBranch, branch) {
    return [`refs/heads/${baseBranch}`, `refs/heads/${branch}`];
}
/**
 * Creates `{workspaces-root}/{task-id}/{workdir,output,logs}`: a repository of the agent's own on
 * the agent branch, or a plain directory holding the planned copy of `repo-path`. When that
 * fails, what was created is removed again: the run has nothing to keep yet.
 */
async function prepareWorkspace(options) {
    const paths = {
        ...(await createTaskDirectories(options.workspacesRoot, options.taskId, options.agentUser !== undefined)),
        trustedGitConfig: options.trustedGitConfig,
        checkout: options.checkout,
    };
    try {
        await options.onDirectories?.(paths);
        return options.plan.mode === "worktree"
            ? await createWorktree(paths, options)
            : await createDirectory(paths, options);
    }
    catch (error) {
        await paths.releaseLock().catch(() => { });
        await (0,promises_.rm)(paths.root, { recursive: true, force: true }).catch(() => { });
        throw error;
    }
}
async function createTaskDirectories(workspacesRoot, taskId, isolated) {
    await (0,promises_.mkdir)(workspacesRoot, { recursive: true });
    const base = await (0,promises_.realpath)(workspacesRoot);
    // mkdir without `recursive` fails when the directory exists, so two runs never share one.
    for (let attempt = 1;; attempt++) {
        const id = attempt === 1 ? taskId : `${taskId}-${attempt}`;
        const root = external_node_path_default().join(base, id);
        try {
            await (0,promises_.mkdir)(root);
        }
        catch (error) {
            if (error.code === "EEXIST" && attempt < 100)
                continue;
            throw error;
        }
        // The agent's user may pass through the root to its workdir, output and HOME, but not list
        // it or enter the action's own directories.
        if (isolated)
            await (0,promises_.chmod)(root, 0o711);
        const paths = {
            taskId: id,
            releaseLock: await holdWorkspaceLock(root),
            root,
            workdir: external_node_path_default().join(root, "workdir"),
            outputDir: external_node_path_default().join(root, "output"),
            logsDir: external_node_path_default().join(root, "logs"),
            contextDir: external_node_path_default().join(root, "workdir", naming_CONTEXT_DIR_NAME),
            homeDir: isolated ? external_node_path_default().join(root, "home") : undefined,
            actionGitDir: external_node_path_default().join(root, "git"),
        };
        await Promise.all([
            (0,promises_.mkdir)(paths.outputDir),
            (0,promises_.mkdir)(paths.logsDir, { mode: isolated ? 0o700 : 0o777 }),
            (0,promises_.mkdir)(paths.actionGitDir, { mode: 0o700 }),
            paths.homeDir ? (0,promises_.mkdir)(paths.homeDir, { mode: 0o700 }) : undefined,
        ]);
        return paths;
    }
}
async function createWorktree(paths, options) {
    if (!options.checkout) {
        throw new errors/* TaskError */.Ik(`\`repo-path\` ${options.repoPath} is not a git checkout`, "Check out the repository first (actions/checkout), or use `mode: directory`");
    }
    const checkout = options.git.at(options.repoPath);
    const commonDir = options.checkout.commonDir;
    const { branch, baseBranch, remoteUrl } = options;
    // The agent's repository, with the checkout's objects and the identity it gets, needs nothing
    // from the remote: it is made while the action's own repository is and the start is found.
    const identity = checkoutIdentity(checkout);
    const agentRepo = initAgentRepo(paths.workdir, branch, options.git.at(paths.root)).then(() => setUpAgentRepo(paths, { commonDir, remoteUrl, identity }));
    // Observed below, whichever way the rest goes.
    for (const part of [identity, agentRepo])
        part.catch(() => { });
    try {
        const preparedRepo = external_node_path_default().join(paths.actionGitDir, "prepared.git");
        // Which commits the checkout lacks is asked of the checkout while that repository is made:
        // it borrows the checkout's objects, so it lacks the same ones.
        const [made, heads] = await Promise.allSettled([
            createPreparedRepo(preparedRepo, commonDir, options.git),
            findHeads(checkout, options),
        ]);
        if (made.status === "rejected")
            throw made.reason;
        if (heads.status === "rejected")
            throw heads.reason;
        const repo = options.git.at(preparedRepo);
        const { shas, baseSha, startSha, remoteBranchSha, continued, fetched } = await findStart(repo, heads.value, options);
        const startIndex = external_node_path_default().join(paths.actionGitDir, "index");
        const byAgent = options.agentUser !== undefined && checksOutAsAgent();
        // Both settle before either's failure is thrown: nothing may be left writing into the
        // environment that the caller then removes.
        const settled = await Promise.allSettled([
            updateRefs(repo, [...shas, [`refs/heads/${branch}`, startSha]]),
            agentRepo.then(() => fillAgentRepo(paths, {
                preparedRepo: fetched ? preparedRepo : undefined,
                startIndex,
                refs: { branch, baseBranch, startSha, baseSha },
                git: options.git,
                checkOutAs: byAgent ? options.agentUser : undefined,
                onFilling: options.onFilling,
            })),
        ]);
        for (const result of settled)
            if (result.status === "rejected")
                throw result.reason;
        return {
            ...paths,
            mode: "worktree",
            repoPath: options.repoPath,
            preparedRepo,
            branch,
            baseBranch,
            baseSha,
            startSha,
            remoteBranchSha,
            continued,
            keepBranch: options.keepBranch,
            startIndex,
            checkedOutByAgent: byAgent,
            workdirWithAgent: byAgent,
        };
    }
    catch (error) {
        // Nor may the agent's repository still be made.
        await Promise.allSettled([agentRepo, identity]);
        throw error;
    }
}
/**
 * The base and the agent branch as the remote has them (from the run's listing, else a listing of
 * its own), and whether the checkout has their commits already (the base, right after
 * actions/checkout, is not fetched again).
 */
async function findHeads(checkout, options) {
    const { branch, baseBranch, auth, remoteUrl } = options;
    // The run's listing from its start, else one of its own (also when that listing failed).
    const wantedRefs = headRefs(baseBranch, branch);
    const listed = await options.listedAtStart?.catch(() => undefined);
    const refs = listed?.covers(wantedRefs)
        ? listed
        : await listRemoteRefs(checkout, remoteUrl, auth, wantedRefs);
    const headOf = (name) => refs.get(`refs/heads/${name}`);
    const base = headOf(baseBranch);
    if (!base) {
        throw new errors/* TaskError */.Ik(`base branch \`${baseBranch}\` does not exist on ${remoteUrl}`, "Set `base-branch` to an existing branch");
    }
    const wanted = [{ name: baseBranch, ref: BASE_REF, sha: base }];
    const agentHead = headOf(branch);
    if (agentHead)
        wanted.push({ name: branch, ref: BRANCH_REF, sha: agentHead });
    const present = await Promise.all(wanted.map(async ({ sha }) => (await checkout.tryRun(["cat-file", "-e", `${sha}^{commit}`])) !== undefined));
    return wanted.map((head, i) => ({ ...head, present: present[i] }));
}
/**
 * Where the agent branch starts: the heads the remote has, fetched into the prepared repository
 * when the checkout lacks them, and whether the branch is continued or started again.
 */
async function findStart(repo, heads, options) {
    const { branch, baseBranch, auth, remoteUrl, logger } = options;
    const shas = new Map();
    for (const { ref, sha, present } of heads)
        if (present)
            shas.set(ref, sha);
    const missing = heads.filter(({ present }) => !present);
    if (missing.length > 0) {
        const refspecs = missing.map(({ name, ref }) => `+refs/heads/${name}:${ref}`);
        await repo.run(["fetch", "--no-tags", "--quiet", remoteUrl, ...refspecs], { auth });
        const resolved = (await repo.run(["rev-parse", ...missing.map(({ ref }) => ref)])).trim().split("\n");
        for (const [i, { ref }] of missing.entries())
            shas.set(ref, resolved[i]);
    }
    const baseSha = shas.get(BASE_REF);
    const remoteBranchSha = shas.get(BRANCH_REF);
    const continued = remoteBranchSha !== undefined && !(await options.restart());
    if (continued) {
        logger.info(`Branch ${branch} exists on the remote at ${prepare_workspace_short(remoteBranchSha)}; continuing from it`);
    }
    else if (remoteBranchSha) {
        logger.info(`Branch ${branch} exists on the remote; restarting it from ${baseBranch}`);
    }
    else {
        logger.info(`Creating branch ${branch} from ${baseBranch} at ${prepare_workspace_short(baseSha)}`);
    }
    const startSha = continued ? remoteBranchSha : baseSha;
    return { shas, baseSha, startSha, remoteBranchSha, continued, fetched: missing.length > 0 };
}
/** Where the prepared repository keeps the base and the agent branch as the remote had them. */
const BASE_REF = "refs/agent-task/base";
const BRANCH_REF = "refs/agent-task/branch";
/**
 * The action's own bare repository for the run, in a directory only the runner's user can enter.
 * It borrows the checkout's objects (and its shallow boundary, which a fetch depends on), so the
 * fetch from the remote brings only what the checkout lacks; nothing is written to the checkout.
 */
async function createPreparedRepo(dir, commonDir, git) {
    await git.at(external_node_path_default().dirname(dir)).run(["init", "--quiet", "--bare", "--template=", dir]);
    await borrowObjects(dir, external_node_path_default().join(commonDir, "objects"), commonDir);
}
/** `git init` of the agent's repository, on the agent branch; filled by fillAgentRepo. */
async function initAgentRepo(workdir, branch, git) {
    await git.run(["init", "--quiet", "--template=", `--initial-branch=${branch}`, workdir]);
}
/**
 * The agent's workdir: a repository of its own on the agent branch. Its objects are borrowed
 * (objects/info/alternates) from `objects/` beside it, which holds links to the checkout's and
 * the prepared repository's object files: readable by the agent, writable only by the action.
 * The action sets the repository up (setUpAgentRepo, then fillAgentRepo); its files are then
 * checked out by the agent's own user, so they are the agent's from the start and no pass over
 * them changes their owner. The index that checkout wrote is copied for the action before the
 * agent exists. The agent may commit, branch and configure its repository as it likes; the
 * action never runs git in it afterwards, and reads the agent's commits back through a fetch
 * that runs as the agent's user (see publish-repository.ts).
 *
 * This first part needs nothing from the remote: the checkout's objects, the remote's address
 * and the identity. No credentials: the agent's own push fails, as it should; the action
 * publishes. Commits the agent makes carry the identity the checkout was set up with, if any.
 */
async function setUpAgentRepo(paths, options) {
    const dotGit = external_node_path_default().join(paths.workdir, ".git");
    const objects = external_node_path_default().join(paths.root, "objects");
    const [identity] = await Promise.all([
        options.identity,
        (async () => {
            await shareObjects([external_node_path_default().join(options.commonDir, "objects")], objects);
            await borrowObjects(dotGit, objects, options.commonDir);
        })(),
    ]);
    await (0,promises_.appendFile)(external_node_path_default().join(dotGit, "config"), configSection('remote "origin"', [
        ["url", options.remoteUrl],
        ["fetch", "+refs/heads/*:refs/remotes/origin/*"],
    ]) + (identity.length > 0 ? configSection("user", identity) : ""));
    // The agent sees a clean `git status`, and its own `git add -A` leaves the context out.
    await addExcludes(dotGit, "context", [`/${naming_CONTEXT_DIR_NAME}/`]);
}
/**
 * The second part, once the start is known: what the prepared repository fetched (when the
 * checkout lacked a commit) joins the shared objects, the branches are set, and the files are
 * checked out.
 */
async function fillAgentRepo(paths, options) {
    const { workdir } = paths;
    const { refs, git, checkOutAs, preparedRepo } = options;
    const dotGit = external_node_path_default().join(workdir, ".git");
    if (preparedRepo) {
        // Its own objects only: those it borrows are the checkout's, shared already. A fetch into a
        // shallow repository may have moved its boundary.
        await shareObjects([external_node_path_default().join(preparedRepo, "objects")], external_node_path_default().join(paths.root, "objects"), {
            alternates: false,
        });
        await copyShallow(preparedRepo, dotGit);
    }
    const agentRepo = git.at(workdir);
    await updateRefs(agentRepo, [
        [`refs/heads/${refs.branch}`, refs.startSha],
        [`refs/remotes/origin/${refs.baseBranch}`, refs.baseSha],
    ]);
    const checkOut = ["-c", `checkout.workers=${checkoutWorkers()}`, "reset", "--quiet", "--hard"];
    options.onFilling?.();
    if (checkOutAs) {
        await checkOutAs.handOver([workdir]);
        await agentRepo.runAs(checkOutAs, checkOut);
    }
    else {
        await agentRepo.run(checkOut);
    }
    await copyIndex(external_node_path_default().join(dotGit, "index"), options.startIndex);
}
/**
 * Whether the agent's own user checks its files out, so that they are its own from the start.
 * Only when the action runs as root: an action of the runner's user (sudo, as on GitHub-hosted
 * runners) could not write into what the agent owns afterwards (the context, the brief, the
 * excludes); it checks the files out itself and hands the workdir over once, as the agent starts.
 */
function checksOutAsAgent() {
    return process.getuid?.() === 0;
}
/**
 * How many processes write the agent's files (git's parallel checkout, used from 100 files on):
 * twice the cores, as a worker spends part of its time waiting on the file system. On 2 cores
 * this checks out 100k files in about 0.9 s instead of 1.05 s.
 * https://git-scm.com/docs/git-config#Documentation/git-config.txt-checkoutworkers
 */
function checkoutWorkers() {
    return 2 * (0,external_node_os_.availableParallelism)();
}
/** Sets refs in one command, in one transaction. https://git-scm.com/docs/git-update-ref#_description */
async function updateRefs(repo, updates) {
    const input = updates.map(([ref, sha]) => `update ${ref}\0${sha}\0\0`).join("");
    await repo.run(["update-ref", "--stdin", "-z"], { input });
}
/** `user.name` and `user.email` as the checkout's git sees them (its config and the runner's). */
async function checkoutIdentity(checkout) {
    const listing = await checkout.tryRun(["config", "--null", "--get-regexp", "^user\\.(name|email)$"]);
    const identity = new Map();
    for (const { key, value } of parseConfigListing(listing ?? "")) {
        // The last value wins, as for `git config --get`.
        if (value?.trim())
            identity.set(key.slice("user.".length), value.trim());
    }
    return [...identity];
}
async function createDirectory(paths, options) {
    await (0,promises_.mkdir)(paths.workdir);
    options.onFilling?.();
    if (options.plan.copy)
        await copyPlannedFiles(options.plan.copy, paths.workdir);
    return {
        ...paths,
        mode: "directory",
        baseBranch: options.baseBranch,
        before: await snapshotDirectory(paths.workdir, [naming_CONTEXT_DIR_NAME]),
    };
}
function prepare_workspace_short(sha) {
    return sha ? sha.slice(0, 7) : "";
}

;// CONCATENATED MODULE: ./src/core/publish/publish.ts






/** Pushes the agent branch, then opens or updates the issue's one pull request. */
async function publish(options, onPushed = () => { }) {
    const { env, logger, github, publication } = options;
    const pushed = await pushWork(options);
    onPushed(pushed);
    logger.info(`Pushed ${prepare_workspace_short(pushed.headSha)} to ${pushed.branch}`);
    if (pushed.sideBranch) {
        logger.warning(pushed.note);
        return { ...pushed, updated: false };
    }
    if (publication === "branch")
        return { ...pushed, updated: false };
    const draft = publication === "draft-pr";
    // A branch that did not exist when the run started has no open pull request (GitHub closes one
    // whose branch is deleted); a closed one matters only when the issue had a pull request before.
    const mayHavePulls = env.remoteBranchSha !== undefined || options.earlierPull !== undefined;
    const pulls = mayHavePulls ? await github.listPullsForBranch(env.branch) : [];
    const open = pulls.find((pull) => pull.state === "open");
    const closed = pulls.find((pull) => pull.state === "closed" && !pull.merged);
    let pull;
    let note = pushed.note;
    if (open) {
        logger.info(`Pull request #${open.number} is open for ${env.branch}; updating it`);
        pull = await github.updatePull(open.number, { title: options.pull.title, body: options.pull.body });
    }
    else {
        pull = await github.createPull({
            title: options.pull.title,
            body: options.pull.body,
            head: env.branch,
            base: env.baseBranch,
            draft,
        });
        logger.info(`Opened ${draft ? "draft " : ""}pull request #${pull.number}: ${pull.url}`);
        if (closed && closed.number !== pull.number) {
            // A pull request closed without merging is a decision; it is not reopened.
            const text = `Pull request #${closed.number} was closed without merging, so this run opened #${pull.number}.`;
            note = note ? `${note} ${text}` : text;
        }
    }
    if (options.pull.labels.length > 0) {
        try {
            await github.addLabels(pull.number, options.pull.labels);
        }
        catch (error) {
            // A missing label permission should not undo a pull request that exists.
            logger.warning(`Could not add labels ${options.pull.labels.join(", ")}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    }
    return { ...pushed, pull, updated: Boolean(open), note };
}
/**
 * Pushes with `--force-with-lease` against the head seen when the run started, so a push never
 * replaces commits it has not seen; and on a continued branch only a head that contains the
 * branch's commits is pushed there, so none of them is pushed away. When the branch moved
 * meanwhile (a human pushed a fix), the run's commits are rebased onto the new head if they apply
 * cleanly; otherwise, as when the agent rewrote the branch's history, they go to a side branch
 * `{branch}-{run id}`. Either way nothing is lost.
 */
async function pushWork(options) {
    const { env, git, auth, remoteUrl, logger } = options;
    // The action's publish repository, its work tree the agent's workdir (publish-repository.ts).
    const worktree = git;
    const side = `${env.branch}-${options.runId}`;
    if (env.continued &&
        env.remoteBranchSha &&
        !(await isAncestor(worktree, env.remoteBranchSha, options.headSha))) {
        await pushRef(options, side, undefined, options.headSha);
        return {
            branch: side,
            headSha: options.headSha,
            sideBranch: true,
            note: `The agent rewrote the history of ${env.branch} (a reset, rebase or amend) and its work does not apply on top of the branch's commits, so ${env.branch} was left as it is and the work was pushed to ${side}; no second pull request was opened.`,
        };
    }
    try {
        await pushRef(options, env.branch, env.remoteBranchSha, options.headSha);
        return { branch: env.branch, headSha: options.headSha };
    }
    catch (error) {
        const gitMessage = (0,errors/* errorMessage */.gJ)(error instanceof Error && error.cause ? error.cause : error);
        if (classifyPushFailure(gitMessage) !== "lease")
            throw error;
    }
    const heads = await worktree.run(["ls-remote", remoteUrl, `refs/heads/${env.branch}`], { auth });
    const movedSha = heads.split("\t")[0]?.trim();
    logger.info(`${env.branch} moved on the remote during the run (now ${prepare_workspace_short(movedSha)}); rebasing this run's commits onto it`);
    if (movedSha) {
        await worktree.run(["fetch", "--no-tags", "--quiet", remoteUrl, `refs/heads/${env.branch}`], { auth });
        const rebased = await replayCommits(worktree, movedSha, env.startSha, options.headSha);
        if (rebased) {
            await pushRef(options, env.branch, movedSha, rebased);
            return {
                branch: env.branch,
                headSha: rebased,
                note: `${env.branch} received new commits during the run; this run's commits were rebased onto them.`,
            };
        }
    }
    await pushRef(options, side, undefined, options.headSha);
    return {
        branch: side,
        headSha: options.headSha,
        sideBranch: true,
        note: `${env.branch} received new commits during the run that conflict with this run's work, so the work was pushed to ${side} instead; no second pull request was opened.`,
    };
}
/**
 * One push, retried with growing waits when it failed for a reason that may pass (a 5xx, a reset
 * connection); a rejection or a refused token fails at once, with a message that says what to do.
 */
async function pushRef(options, branch, expected, sha) {
    const { git, auth, remoteUrl, logger } = options;
    const branchLease = `--force-with-lease=refs/heads/${branch}:${expected ?? ""}`;
    const refspec = `${sha}:refs/heads/${branch}`;
    // With the issue's lease in the same atomic push, a run that lost the lease pushes nothing.
    const push = async (lease) => {
        const withLease = lease && leasePushArgs(lease);
        const args = withLease
            ? [
                "push",
                "--porcelain",
                "--atomic",
                branchLease,
                ...withLease.options,
                remoteUrl,
                refspec,
                withLease.refspec,
            ]
            : ["push", "--porcelain", branchLease, remoteUrl, refspec];
        await git.run(args, { auth });
    };
    const delays = options.pushRetryDelaysMs ?? DEFAULT_PUSH_RETRY_DELAYS_MS;
    for (let attempt = 0;; attempt++) {
        try {
            await (options.lease ? options.lease.pushWith(push) : push(undefined));
            return;
        }
        catch (error) {
            if (error instanceof LeaseLostError)
                throw error;
            const message = (0,errors/* errorMessage */.gJ)(error);
            if (classifyPushFailure(message) !== "transient" || attempt >= delays.length) {
                throw new errors/* TaskError */.Ik(describePushFailure(branch, message), undefined, { cause: error });
            }
            logger.warning(`Push failed (${publish_firstLines(message)}); retrying in ${delays[attempt] / 1000}s`);
            await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
        }
    }
}
function publish_firstLines(text) {
    return text.trim().split("\n").slice(0, 4).join(" ").slice(0, 400);
}

;// CONCATENATED MODULE: ./src/core/report/report.ts



const HEADLINES = {
    running: "is working on this issue",
    "pr-opened": "opened a pull request",
    "pr-updated": "updated the pull request",
    "no-changes": "finished without changing anything",
    completed: "finished; the changes were kept in the environment, not published",
    canceled: "stopped before doing any work",
    "agent-failed": "failed",
    "timed-out": "timed out",
    skipped: "skipped this run",
};
const ICONS = {
    running: "⏳",
    "pr-opened": "✅",
    "pr-updated": "✅",
    "no-changes": "➖",
    completed: "✅",
    canceled: "⛔",
    "agent-failed": "❌",
    "timed-out": "⌛",
    skipped: "⏭️",
};
function headline(facts) {
    if (facts.canceled)
        return `${ICONS.canceled} **agent-task** was canceled while the agent was working`;
    if (facts.error)
        return `${ICONS[facts.outcome]} **agent-task** ran into a problem: ${facts.error}`;
    if (facts.outcome === "running")
        return `${ICONS.running} **agent-task** ${HEADLINES.running}: ${phaseText(facts)}`;
    return `${ICONS[facts.outcome]} **agent-task** ${HEADLINES[facts.outcome]}`;
}
function phaseText(facts) {
    switch (facts.phase) {
        case "running": {
            const elapsed = facts.agentStartedAt === undefined ? "" : ` for ${formatDuration(Date.now() - facts.agentStartedAt)}`;
            return `the agent has been running${elapsed}`;
        }
        case "publishing":
            return "publishing the agent's work";
        default:
            return "preparing the environment";
    }
}
/** The body of the issue's one status comment. */
function renderStatusComment(facts) {
    // Paths on the runner mean nothing to readers of the issue; the job summary has them.
    const lines = [
        STATUS_MARKER,
        headline(facts),
        ...notes(facts),
        ...heldBackSection(facts.heldBack, "**Held back, not pushed**"),
        "",
        factsTable({ ...facts, envDir: undefined }),
    ];
    if (facts.agentNote)
        lines.push("", facts.agentNote);
    if (facts.agentSummary)
        lines.push("", "**Agent's summary**", "", quote(facts.agentSummary));
    // The log tail is posted on the issue only when it explains why there is no work to look at
    // (a failure, or no changes): the agent's output is the text most likely to carry something
    // nobody meant to publish.
    const { outcome } = facts;
    const explains = outcome !== "running" && (isFailure(outcome) || outcome === "no-changes");
    if (facts.logTail?.length && explains && !facts.prUrl) {
        lines.push("", "<details><summary>Last lines of the agent's output</summary>", "", codeBlock(facts.logTail), "</details>");
    }
    return `${lines.join("\n")}\n`;
}
/** The pull request body: it closes the issue and says who made it, how, and what changed. */
function renderPullBody(facts) {
    const lines = [`Closes #${facts.issueNumber}`, ""];
    if (facts.outcome === "agent-failed" || facts.outcome === "timed-out") {
        const what = facts.outcome === "timed-out" ? "timed out" : `failed (exit code ${facts.exitCode})`;
        lines.push(`> [!WARNING]\n> The agent ${what}. This pull request holds its partial work; review it with care.`, "");
    }
    lines.push(`Made by the **${facts.agent}** agent with agent-task for #${facts.issueNumber}.`, "", factsTable({ ...facts, prNumber: undefined, prUrl: undefined }), "", `### Changed files (${changedCount(facts.changes)})`, "", fileList(facts.changes), ...heldBackSection(facts.heldBack, "### Held back, not pushed"), ...reviewSection(facts.reviewWarnings));
    if (facts.agentSummary)
        lines.push("", "### Agent's summary", "", quote(facts.agentSummary));
    return `${lines.join("\n")}\n`;
}
function pullTitle(issueNumber, issueTitle) {
    return `Resolve #${issueNumber}: ${issueTitle.replace(/\s+/g, " ").trim()}`.slice(0, 256);
}
/** The job summary: the same facts as the comment, with the full list of changed files. */
function renderJobSummary(facts) {
    const lines = [
        `## agent-task: issue #${facts.issueNumber}`,
        "",
        headline(facts),
        ...notes(facts),
        "",
        factsTable(facts),
        "",
        `### Changed files (${changedCount(facts.changes)})`,
        "",
        filesTable(facts.changes),
        ...heldBackSection(facts.heldBack, "### Held back, not pushed"),
        ...reviewSection(facts.reviewWarnings),
    ];
    if (facts.agentNote)
        lines.push("", facts.agentNote);
    if (facts.isolationNote)
        lines.push("", `> [!WARNING]\n> ${facts.isolationNote}`);
    if (facts.checkoutProblems?.length) {
        lines.push("", `> [!WARNING]\n> The agent changed the checkout, and this could not be put back; later steps see it: ${facts.checkoutProblems.map(code).join(", ")}`);
    }
    if (facts.agentSummary)
        lines.push("", "### Agent's summary", "", quote(facts.agentSummary));
    if (facts.logTail?.length && facts.outcome !== "pr-opened" && facts.outcome !== "pr-updated") {
        lines.push("", "### Last lines of the agent's output", "", codeBlock(facts.logTail));
    }
    return `${lines.join("\n")}\n`;
}
/** The job summary of a run that was not admitted: what it was asked to do and why it did not. */
function renderSkippedSummary(issueNumber, reason) {
    return `## agent-task: issue #${issueNumber}\n\n${ICONS.skipped} **agent-task** ${HEADLINES.skipped}: ${reason}.\n`;
}
function factsTable(facts) {
    const rows = [];
    if (facts.outcome !== "running")
        rows.push(["Outcome", `\`${facts.outcome}\``]);
    if (facts.prUrl)
        rows.push(["Pull request", `[#${facts.prNumber}](${facts.prUrl})`]);
    if (facts.branch)
        rows.push(["Branch", code(facts.branch)]);
    if (facts.headSha)
        rows.push(["Commit", code(facts.headSha.slice(0, 12))]);
    if (facts.changes) {
        const { added, modified, deleted } = facts.changes;
        rows.push([
            "Changed files",
            `${changedCount(facts.changes)} (${added.length} added, ${modified.length} modified, ${deleted.length} deleted)`,
        ]);
    }
    rows.push(["Agent", code(facts.agent)]);
    if (facts.exitCode !== undefined)
        rows.push(["Exit code", String(facts.exitCode)]);
    if (facts.durationMs !== undefined)
        rows.push(["Duration", formatDuration(facts.durationMs)]);
    const usage = facts.agentUsage;
    if (usage?.turns !== undefined)
        rows.push(["Turns", String(usage.turns)]);
    if (usage?.inputTokens !== undefined || usage?.outputTokens !== undefined) {
        rows.push(["Tokens", `${usage.inputTokens ?? 0} in, ${usage.outputTokens ?? 0} out`]);
    }
    if (usage?.costUsd !== undefined)
        rows.push(["Cost", `$${usage.costUsd.toFixed(4)}`]);
    if (facts.mode === "directory")
        rows.push(["Mode", "plain directory"]);
    if (facts.dryRun)
        rows.push(["Dry run", "yes: nothing was pushed"]);
    if (facts.envDir)
        rows.push(["Workspace kept at", code(facts.envDir)]);
    if (facts.runUrl)
        rows.push(["Workflow run", `[view the run](${facts.runUrl})`]);
    return ["| | |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`)].join("\n");
}
/** What was not pushed, why, and how to allow it. */
function heldBackSection(heldBack, heading) {
    if (!heldBack)
        return [];
    const lines = ["", heading, ""];
    for (const file of heldBack.workflowFiles)
        lines.push(`- ${code(file)}: a workflow file`);
    for (const file of heldBack.largeFiles) {
        lines.push(`- ${code(file.path)}: ${formatMiB(file.bytes)}, over GitHub's 100 MiB file limit`);
    }
    if (heldBack.workflowFiles.length > 0) {
        lines.push("", "Changes under `.github/workflows/` are held back by default and saved as `output/held-back.patch` in the run's workspace. To push them, set `allow-workflow-changes: true` and use a token with the `workflows` permission (the job's `GITHUB_TOKEN` cannot have it).");
    }
    if (heldBack.largeFiles.length > 0) {
        lines.push("", "Files over the limit stay in the run's workspace and in `output/changes.patch`.");
    }
    return lines;
}
/** Links out of the repository and submodule changes, for the reviewer. */
function reviewSection(warnings) {
    if (!warnings)
        return [];
    const lines = ["", "### ⚠️ Review with care", ""];
    for (const link of warnings.outwardLinks) {
        lines.push(`- ${code(link.path)} is a symbolic link to ${code(link.target)}, outside the repository`);
    }
    for (const file of warnings.submodules) {
        lines.push(file === ".gitmodules" ? "- `.gitmodules` changed" : `- ${code(file)}: a submodule pointer changed`);
    }
    return lines;
}
function notes(facts) {
    return [facts.leaseNote, facts.publishNote]
        .filter((note) => Boolean(note))
        .map((note) => `\n${note}`);
}
function changedCount(changes) {
    return changes ? changes.added.length + changes.modified.length + changes.deleted.length : 0;
}
const LIST_LIMIT = 100;
function entries(changes) {
    if (!changes)
        return [];
    return [
        ...changes.added.map((f) => ["added", f]),
        ...changes.modified.map((f) => ["modified", f]),
        ...changes.deleted.map((f) => ["deleted", f]),
    ];
}
function fileList(changes) {
    const all = entries(changes);
    if (all.length === 0)
        return "_none_";
    const shown = all.slice(0, LIST_LIMIT).map(([kind, file]) => `- ${code(file)} (${kind})`);
    if (all.length > LIST_LIMIT)
        shown.push(`- … and ${all.length - LIST_LIMIT} more`);
    return shown.join("\n");
}
function filesTable(changes) {
    const all = entries(changes);
    if (all.length === 0)
        return "_none_";
    const rows = all.slice(0, LIST_LIMIT).map(([kind, file]) => `| ${cell(code(file))} | ${kind} |`);
    if (all.length > LIST_LIMIT)
        rows.push(`| … and ${all.length - LIST_LIMIT} more | |`);
    return ["| File | Change |", "|---|---|", ...rows].join("\n");
}
function formatDuration(ms) {
    const seconds = Math.round(ms / 1000);
    if (seconds < 60)
        return `${seconds}s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60)
        return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
    return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}
/** Inline code that survives backticks in untrusted names: the fence is longer than any run inside. */
function code(text) {
    const clean = text.replace(/[\r\n]+/g, " ");
    const longestRun = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longestRun + 1);
    const padded = longestRun > 0 || clean.startsWith(" ") ? ` ${clean} ` : clean;
    return `${fence}${padded}${fence}`;
}
/** Inside a table cell a pipe ends the cell, even in code, unless escaped. */
function cell(text) {
    return text.replace(/\|/g, "\\|");
}
function quote(text) {
    return text
        .trim()
        .split("\n")
        .map((line) => `> ${line}`)
        .join("\n");
}
function codeBlock(lines) {
    const body = lines.join("\n");
    const fence = body.includes("```") ? "~~~~" : "```";
    return `${fence}text\n${body}\n${fence}`;
}

;// CONCATENATED MODULE: ./src/core/trust/neutralize.ts
/**
 * Text the action publishes on someone else's say-so (issue text, the agent's output) must not
 * make GitHub notify people or close issues. A zero-width space after `@` or `#` keeps the text
 * readable while GitHub no longer sees a mention or a reference, in prose and in code alike.
 * https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#mentioning-people-and-teams
 * https://docs.github.com/en/issues/tracking-your-work-with-issues/using-issues/linking-a-pull-request-to-an-issue#linking-a-pull-request-to-an-issue-using-a-keyword
 */
const ZERO_WIDTH_SPACE = "\u200b";
/** `@login` or `@org/team`; an `@` inside a word (an e-mail address) is no mention. */
const MENTION = /(?<![A-Za-z0-9_])@(?=[A-Za-z0-9])/g;
const KEYWORD = String.raw `\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)`;
/** `fixes #12`, `Closes: owner/repo#3`, `resolved GH-7`. */
const KEYWORD_REFERENCE = new RegExp(String.raw `(${KEYWORD}\s*:?\s+(?:[\w.-]+\/[\w.-]+)?)(#|GH-)(?=\d)`, "gi");
/** The rest of a list after a neutralised reference: `fixes #1, #2 and owner/repo#3`. */
const LISTED_REFERENCE = new RegExp(String.raw `((?:#|GH-)${ZERO_WIDTH_SPACE}\d+\s*(?:,|&|\band\b)?\s*(?:[\w.-]+\/[\w.-]+)?)(#|GH-)(?=\d)`, "gi");
/** `fixes https://github.com/owner/repo/issues/3`. */
const KEYWORD_URL = new RegExp(String.raw `(${KEYWORD})(\s*:?\s+)(?=https?:\/\/\S+\/(?:issues|pull)\/\d)`, "gi");
/** The same text with every mention and every closing keyword's reference made inert. */
function neutralizeMentions(text) {
    let result = text
        .replace(MENTION, `@${ZERO_WIDTH_SPACE}`)
        .replace(KEYWORD_REFERENCE, (_match, keyword, hash) => {
        return `${keyword}${hash}${ZERO_WIDTH_SPACE}`;
    })
        .replace(KEYWORD_URL, (_match, keyword, gap) => {
        return `${keyword.slice(0, 1)}${ZERO_WIDTH_SPACE}${keyword.slice(1)}${gap}`;
    });
    // Each pass reaches one more item of a list; every pass inserts, so this ends.
    for (let previous = ""; previous !== result;) {
        previous = result;
        result = result.replace(LISTED_REFERENCE, (_match, before, hash) => {
            return `${before}${hash}${ZERO_WIDTH_SPACE}`;
        });
    }
    return result;
}
/**
 * Neutralises text the action sends except its own opening, which may link to the issue it
 * works on: a pull request body's first line `Closes #N`, or its title's `Resolve #N:`. The
 * opening counts only when it ends there (`Closes #5` does not open `Closes #50`).
 */
function neutralizeExcept(text, ownOpening) {
    const neutral = neutralizeMentions(text);
    if (!ownOpening || !text.startsWith(ownOpening) || /^[\w#]/.test(text.slice(ownOpening.length))) {
        return neutral;
    }
    const neutralOpening = neutralizeMentions(ownOpening);
    return neutral.startsWith(neutralOpening) ? ownOpening + neutral.slice(neutralOpening.length) : neutral;
}

;// CONCATENATED MODULE: ./src/core/report/run-facts.ts



/** The facts the reports are made of, for the run as far as it got. */
function describeRun(start, work, phase) {
    return {
        ...start,
        phase,
        mode: work.workspace?.mode ?? start.mode,
        agentStartedAt: work.agentStartedAt,
        changes: work.changes?.files,
        heldBack: work.changes?.heldBack,
        reviewWarnings: work.changes?.warnings,
        publishNote: [work.changes?.note, work.published?.note].filter(Boolean).join(" ") || undefined,
        isolationNote: work.workspace?.isolationNote,
        checkoutProblems: work.workspace?.checkoutProblems,
        ...work.agentReport,
    };
}
/**
 * What the reports say about the agent's run; text from the agent is redacted and its mentions
 * made inert here already, so the status comment's state (which carries the summary) is stored
 * as written: the outbound path then changes nothing in it.
 */
function agentFacts(agent, secrets) {
    const { summary, ...usage } = agent.result;
    return {
        agentSummary: summary ? truncateSummary(neutralizeMentions((0,core_secrets/* redact */.E$)(summary, secrets))) : undefined,
        agentUsage: Object.keys(usage).length > 0 ? usage : undefined,
        exitCode: agent.exitCode,
        durationMs: agent.durationMs,
        agentNote: agent.note,
        canceled: agent.ending.kind === "canceled",
        logTail: agent.tail.map((line) => neutralizeMentions((0,core_secrets/* redact */.E$)(line, secrets))),
    };
}

;// CONCATENATED MODULE: ./src/core/report/summary-file.ts


/**
 * `output/summary.json`: the run's outputs and the facts of the reports, for a later step or a
 * person looking at a kept workspace. It is written before cleanup, so `keep-env: logs` keeps it.
 */
async function writeSummaryFile(outputDir, result, facts) {
    const summary = {
        outputs: result.outputs,
        failure: result.failure,
        issue: { number: facts.issueNumber, title: facts.issueTitle },
        agent: facts.agent,
        mode: facts.mode,
        baseBranch: facts.baseBranch,
        exitCode: facts.exitCode,
        durationMs: facts.durationMs,
        usage: facts.agentUsage,
        changes: facts.changes,
        runUrl: facts.runUrl,
        dryRun: facts.dryRun,
    };
    await (0,promises_.writeFile)(external_node_path_default().join(outputDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
}

;// CONCATENATED MODULE: ./src/core/issue/read-issue.ts

/**
 * Reads the repository, the issue and its discussion; the action's own status comment is set
 * apart. An issue the event already carried is not read again.
 */
async function readIssue(github, issueNumber, known) {
    const [repository, issue, allComments] = await Promise.all([
        github.getRepository(),
        known ?? github.getIssue(issueNumber),
        github.listIssueComments(issueNumber),
    ]);
    return {
        repository,
        issue,
        comments: allComments.filter((comment) => !isStatusComment(comment.body)),
        statusComment: allComments.find((comment) => isStatusComment(comment.body)),
    };
}

;// CONCATENATED MODULE: ./src/core/trust/issue-snapshot.ts

/**
 * The issue as it was when the run was triggered. Whoever triggered the run approved the text
 * they saw then; an edit after it (a body rewritten once the label is on, a comment added or
 * edited) must not change the task. The event's title and body replace what the API returns
 * now, and only comments created and last edited by the trigger time count. GitHub's
 * timestamps have whole seconds, so a comment in the trigger's own second still counts.
 */
function freezeAtTrigger(thread, trigger) {
    if (!trigger)
        return { thread, commentsLeftOut: 0 };
    const at = Date.parse(trigger.at);
    // An unreadable trigger time keeps no comment: better too little context than a late edit.
    const before = (comment) => Date.parse(comment.createdAt) <= at && Date.parse(comment.updatedAt ?? comment.createdAt) <= at;
    const comments = thread.comments.filter(before);
    return {
        thread: {
            ...thread,
            issue: {
                ...thread.issue,
                title: trigger.issue?.title ?? thread.issue.title,
                body: trigger.issue?.body ?? thread.issue.body,
            },
            comments,
        },
        commentsLeftOut: thread.comments.length - comments.length,
    };
}
/** The thread with the title, body and every comment sanitised; counts what was removed. */
function sanitizeThread(thread) {
    let removed = 0;
    const clean = (text) => {
        const result = sanitizeMarkdown(text);
        removed += result.removed;
        return result.text;
    };
    const sanitized = {
        ...thread,
        issue: { ...thread.issue, title: clean(thread.issue.title), body: clean(thread.issue.body) },
        comments: thread.comments.map((comment) => ({ ...comment, body: clean(comment.body) })),
    };
    return { thread: sanitized, removed };
}

;// CONCATENATED MODULE: ./src/core/trust/admission.ts



/** Repository roles from no access to admin, weakest first. */
const REPO_ROLES = ["none", "read", "triage", "write", "maintain", "admin"];
/**
 * Who may start a run, on which issue: an open, unlocked issue (not a pull request), started by
 * a user holding at least `required-permission`, or by a bot listed in `allowed-bots` (a GitHub
 * App has no collaborator role; listing it is the trust). Without an actor (a run from a
 * terminal) only the issue is checked.
 */
function decideAdmission(input) {
    const { actor, issue } = input;
    if (issue.isPullRequest) {
        return refuse(`#${issue.number} is a pull request; agent-task works on issues`, true);
    }
    if (issue.state !== "open")
        return refuse(`issue #${issue.number} is ${issue.state}`, true);
    // A locked conversation takes no comments from the public; the action adds none either.
    if (issue.locked)
        return refuse(`issue #${issue.number} is locked`, false);
    if (!actor)
        return { admitted: true };
    if (actor.type === "Bot") {
        const listed = input.allowedBots.some((login) => login.toLowerCase() === actor.login.toLowerCase());
        return listed
            ? { admitted: true }
            : refuse(`\`${actor.login}\` is a bot account, and only the bots listed in \`allowed-bots\` may start runs`, true);
    }
    if (rank(actor.role) < rank(input.requiredPermission)) {
        return refuse(`\`${actor.login}\`, who started it, has the \`${actor.role}\` role on this repository; \`required-permission\` asks for at least \`${input.requiredPermission}\``, true);
    }
    return { admitted: true };
}
function refuse(reason, explain) {
    return { admitted: false, reason, explain };
}
function rank(role) {
    return REPO_ROLES.indexOf(role);
}
/**
 * The role behind a collaborator-permission answer. `role_name` is one of the five roles, or an
 * organisation's custom role, whose name says nothing: then what it allows decides.
 * https://docs.github.com/en/organizations/managing-user-access-to-your-organizations-repositories/managing-repository-roles/about-custom-repository-roles
 */
function roleOf(permission) {
    if (!permission)
        return "none";
    const named = permission.roleName.toLowerCase();
    if (REPO_ROLES.includes(named))
        return named;
    const allows = permission.permissions ?? {};
    if (allows.admin)
        return "admin";
    if (allows.maintain)
        return "maintain";
    if (allows.push)
        return "write";
    if (allows.triage)
        return "triage";
    if (allows.pull)
        return "read";
    return "none";
}
/**
 * The actor's role and account type, in one request when the permission answer carries the
 * user (it does on GitHub); the user is looked up only when it does not.
 */
async function lookUpActor(github, login) {
    const permission = await github.getCollaboratorPermission(login);
    const type = permission?.accountType ?? (await github.getAccountType(login)) ?? "unknown";
    return { login, type, role: roleOf(permission) };
}
/** An event that names nobody gets no role: it is refused like an outsider. */
function lookUpTriggeringActor(github, login) {
    if (!login)
        return Promise.resolve({ login: "(unknown)", type: "unknown", role: "none" });
    return lookUpActor(github, login);
}
/**
 * The reads admission decides from, at the same time: they say nothing and change nothing, so a
 * run may start them before it has checked its inputs, and drop them when a check fails.
 */
async function readForAdmission(options) {
    const { github, issueNumber, trigger } = options;
    const [thread, actor] = await Promise.all([
        readIssue(github, issueNumber, trigger?.issue),
        trigger?.actor === undefined ? undefined : lookUpTriggeringActor(github, trigger.actor),
    ]);
    return { thread, actor };
}
/** The marker of the comment that explains a refused run; one explanation per issue is enough. */
const REFUSAL_MARKER = "<!-- agent-task:refused -->";
/**
 * The first stage: reads the issue and, at the same time, who started the run (readForAdmission);
 * decides whether the run may go on before anything is created. A refused run explains itself in
 * one comment (unless the same explanation is already there) and changes nothing else. An admitted
 * run gets the issue as it was at the trigger, sanitised.
 */
async function admitRun(options, 
/** What readForAdmission read, when the run asked early; read now when not given. */
read = readForAdmission(options)) {
    const { github, logger, settings, trigger } = options;
    const { thread, actor } = await read;
    if (actor && trigger) {
        logger.info(`Started by ${actor.login} (${actor.type}, role ${actor.role}) through ${trigger.event}`);
    }
    const admission = decideAdmission({ ...settings, actor, issue: thread.issue });
    if (!admission.admitted) {
        if (admission.explain && settings.comment && !settings.dryRun && !options.local) {
            await explainRefusal(github, logger, thread, admission.reason);
        }
        return { admitted: false, reason: admission.reason };
    }
    // An earlier refusal's explanation is the action's own note, not part of the discussion.
    const discussion = thread.comments.filter((comment) => !comment.body.startsWith(REFUSAL_MARKER));
    const frozen = freezeAtTrigger({ ...thread, comments: discussion }, trigger);
    if (frozen.commentsLeftOut > 0) {
        logger.info(`Left out ${frozen.commentsLeftOut} comment(s) written or edited after the run was triggered`);
    }
    const sanitized = sanitizeThread(frozen.thread);
    if (sanitized.removed > 0) {
        logger.info(`Removed ${sanitized.removed} hidden character(s) from the issue's text`);
    }
    return {
        admitted: true,
        thread: sanitized.thread,
        provenance: {
            triggeredAt: trigger?.at,
            commentsLeftOut: frozen.commentsLeftOut,
            removedCharacters: sanitized.removed,
        },
    };
}
async function explainRefusal(github, logger, thread, reason) {
    const body = `${REFUSAL_MARKER}\n⏭️ **agent-task** did not run: ${reason}.\n`;
    if (thread.comments.some((comment) => comment.body === body))
        return;
    try {
        await github.createComment(thread.issue.number, body);
    }
    catch (error) {
        logger.warning(`Could not explain the skipped run on the issue: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/core/trust/outbound.ts


/** GitHub refuses a comment or pull request body longer than this. */
const GITHUB_BODY_LIMIT = 65_536;
const GITHUB_TITLE_LIMIT = 256;
function outboundText(options) {
    const { secrets } = options;
    const ownClosingLine = `Closes #${options.issueNumber}`;
    return {
        body: (text, kind = "comment") => fitBody(neutralizeExcept((0,core_secrets/* redact */.E$)(text, secrets), kind === "pull" ? ownClosingLine : undefined)),
        title: (text) => {
            const line = (0,core_secrets/* redact */.E$)(text, secrets).replace(/\s+/g, " ").trim();
            return cutAt(neutralizeExcept(line, options.ownTitleOpening), GITHUB_TITLE_LIMIT);
        },
        summary: (text) => (0,core_secrets/* redact */.E$)(text, secrets),
    };
}
/**
 * The GitHub port with every text it writes passed through `outbound`; reads go through as
 * they are. A proxy, so methods added to the port later pass through unchanged.
 */
function guardGitHub(github, outbound) {
    const pull = (fields) => ({
        ...fields,
        ...(fields.title === undefined ? {} : { title: outbound.title(fields.title) }),
        ...(fields.body === undefined ? {} : { body: outbound.body(fields.body, "pull") }),
    });
    const writes = {
        createComment: (issueNumber, body) => github.createComment(issueNumber, outbound.body(body)),
        updateComment: (commentId, body) => github.updateComment(commentId, outbound.body(body)),
        createPull: (fields) => github.createPull(pull(fields)),
        updatePull: (pullNumber, fields) => github.updatePull(pullNumber, pull(fields)),
    };
    return new Proxy(github, {
        get(target, property, receiver) {
            if (typeof property === "string" && property in writes)
                return writes[property];
            const value = Reflect.get(target, property, receiver);
            return typeof value === "function" ? value.bind(target) : value;
        },
    });
}
/**
 * Cuts a body to GitHub's limit with a visible marker. A hidden last line (the status comment's
 * state, `<!-- … -->`) is kept after the marker, so what reads it still finds it.
 */
function fitBody(text, limit = GITHUB_BODY_LIMIT) {
    if (text.length <= limit)
        return text;
    const hidden = /\n(<!--[^\n]*-->)\s*$/.exec(text);
    const tail = hidden && hidden[1].length <= limit / 2 ? `\n\n${hidden[1]}\n` : "";
    const head = tail && hidden ? text.slice(0, hidden.index) : text;
    const marker = `\n\n… (cut: GitHub takes at most ${limit} characters)`;
    return cutAt(head, limit - tail.length - marker.length) + marker + tail;
}
/** The first `limit` UTF-16 units, never between the two halves of a character. */
function cutAt(text, limit) {
    if (text.length <= limit)
        return text;
    const cut = /[\ud800-\udbff]/.test(text[limit - 1] ?? "") ? limit - 1 : limit;
    return text.slice(0, cut);
}

;// CONCATENATED MODULE: ./src/core/workspace/cleanup.ts






/** What the agent's user owns in an environment, and what the run had to hand over to it. */
function agentOwnedPaths(handle) {
    return [handle.workdir, path.join(handle.root, "output"), path.join(handle.root, "home")];
}
const HANDLE_FILE = "environment.json";
/** The handle of a workspace that is ready. */
function workspaceHandle(workspace) {
    return {
        ...environmentHandle(workspace, workspace.mode),
        repoPath: workspace.mode === "worktree" ? workspace.repoPath : undefined,
        // Only a branch the workspace owns is deleted with it; a local run's branch holds its work.
        branch: workspace.mode === "worktree" && !workspace.keepBranch ? workspace.branch : undefined,
        startSha: workspace.mode === "worktree" ? workspace.startSha : undefined,
    };
}
/** The handle of an environment as soon as its directories exist, before its repositories. */
function environmentHandle(environment, mode) {
    const { root, workdir, taskId, checkout, agentUser } = environment;
    return {
        root,
        workdir,
        taskId,
        mode,
        checkout,
        agentUser: agentUser && { name: agentUser.name, via: agentUser.via },
    };
}
/** Records the handle in the environment, so a later run can collect it if this one dies. */
async function recordWorkspace(handle) {
    const record = { ...handle, createdAt: new Date().toISOString() };
    await (0,promises_.writeFile)(external_node_path_default().join(handle.root, HANDLE_FILE), `${JSON.stringify(record, null, 2)}\n`);
}
/**
 * Applies the retention: `none` removes the environment, `logs` keeps `output/` and `logs/`.
 * Nothing of the environment lives in the user's checkout (the workdir is a repository of its
 * own), so the checkout is not touched.
 */
async function cleanUpWorkspace(handle, retention, logger) {
    if (retention === "all") {
        logger.info(`Keeping the environment at ${handle.root}`);
        return;
    }
    if (retention === "logs") {
        // The agent's HOME may hold copies of its CLI's credentials; the action's repositories are
        // spent. Those are its own, small and out of the agent's reach: removed in this process.
        await Promise.all([
            removeTree(handle.workdir, external_node_path_default().join(handle.root, "home")),
            ...["git", "objects"].map((dir) => (0,promises_.rm)(external_node_path_default().join(handle.root, dir), { recursive: true, force: true })),
        ]);
        logger.info(`Removed the working directory; kept output/ and logs/ under ${handle.root}`);
    }
    else {
        await removeTree(handle.root);
        logger.info(`Removed the environment ${handle.root}`);
    }
}
/**
 * Removes directory trees with one system `rm`, which takes half the time of Node's recursive
 * rm for a hundred thousand files and leaves this process free meanwhile (Node's where there is
 * no `rm`). Only each tree's top is named: GNU rm never follows a symbolic link below it, whoever
 * made it. https://www.gnu.org/software/coreutils/manual/html_node/rm-invocation.html
 */
async function removeTree(...dirs) {
    await systemRm(dirs);
}
/**
 * Empties a workdir whose files are the agent's user's, as that user, one `rm` per core on its
 * share of the tree: a hundred thousand files go in a third of the time one `rm` takes on two
 * cores. The paths given lie inside the agent's own tree, where the agent could have put links,
 * which is why they are removed with the agent's rights and never the action's. What is left
 * (nothing, or what that user could not remove) goes with the workspace.
 */
async function emptyAsAgent(user, dir) {
    const parts = await subtrees(dir);
    if (parts.length < SMALL_TREE)
        return;
    const groups = Array.from({ length: Math.min((0,external_node_os_.availableParallelism)(), 4) }, () => []);
    let next = 0;
    for (const part of parts)
        groups[next++ % groups.length].push(part);
    await Promise.all(groups.map(async (group) => {
        for (let i = 0; i < group.length; i += RM_BATCH) {
            await user.run(["rm", "-rf", "--one-file-system", "--", ...group.slice(i, i + RM_BATCH)]);
        }
    }));
}
/** Parts below which a tree is left to one `rm`. */
const SMALL_TREE = 16;
/** Paths per `rm` command: far below any limit on the length of a command line. */
const RM_BATCH = 500;
/**
 * The tree cut into parts: the entries two levels down, or three when two give too few (a
 * repository whose files all sit below one or two folders). Files at the top go with the rm of
 * the directory itself. Only real directories are looked into; a link is a part of its own.
 */
async function subtrees(dir) {
    let dirs = [dir];
    let others = [];
    for (let depth = 1; depth <= 3 && (depth <= 2 || dirs.length + others.length < SMALL_TREE); depth++) {
        const below = [];
        const leaves = [...others];
        for (const parent of dirs) {
            for (const entry of await (0,promises_.readdir)(parent, { withFileTypes: true }).catch(() => [])) {
                const child = external_node_path_default().join(parent, entry.name);
                if (entry.isDirectory())
                    below.push(child);
                else if (depth > 1)
                    leaves.push(child);
            }
        }
        dirs = below;
        others = leaves;
    }
    return [...dirs, ...others];
}
async function systemRm(paths) {
    if (paths.length === 0)
        return;
    const removed = await runCommand(["rm", "-rf", "--one-file-system", "--", ...paths]);
    if (removed.code === 0)
        return;
    if (removed.code === -1) {
        for (const file of paths)
            await (0,promises_.rm)(file, { recursive: true, force: true });
        return;
    }
    throw new Error(`could not remove ${paths.length === 1 ? paths[0] : `${paths.length} paths`}: ${removed.stderr.trim().split("\n")[0] || `rm exited with code ${removed.code}`}`);
}
/** Releases the run's hold on its workspace and applies the retention; a failure is only a warning. */
async function releaseWorkspace(workspace, retention, logger) {
    await workspace.releaseLock();
    try {
        await releaseWorkdir(workspace, retention);
    }
    finally {
        await workspace.agentUser?.release();
    }
    try {
        await cleanUpWorkspace(workspaceHandle(workspace), retention, logger);
        return true;
    }
    catch (error) {
        logger.warning(`Cleaning up ${workspace.root} failed: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return false;
    }
}
/**
 * A workdir whose files are still the agent's user's (see run-agent.ts) is taken back, while
 * this run still holds that user, when it is kept; otherwise that user empties it.
 */
async function releaseWorkdir(workspace, retention) {
    const user = workspace.agentUser;
    if (workspace.mode !== "worktree" || !workspace.workdirWithAgent || !user)
        return;
    if (retention === "all")
        await user.takeBack([workspace.workdir]);
    else
        await emptyAsAgent(user, workspace.workdir);
    workspace.workdirWithAgent = false;
}
/**
 * Self-hosted runners keep their disks: the environments findStaleWorkspaces found under
 * `workspacesRoot` (older than the limit, owner gone) are removed; a failure is only a warning.
 */
async function removeStaleWorkspaces(workspacesRoot, stale, logger) {
    const removed = [];
    for (const handle of stale) {
        const { root } = handle;
        try {
            await cleanUpWorkspace(handle, "none", logger);
            removed.push(root);
        }
        catch (error) {
            logger.warning(`Could not remove the stale environment ${root}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    }
    if (removed.length > 0)
        logger.info(`Removed ${removed.length} stale environment(s) from ${workspacesRoot}`);
    return removed;
}
/**
 * The environments under `workspacesRoot` older than `maxAgeMs` (by their record, else their
 * directory's time) that no live run holds, with what their records say of their worktree.
 */
async function findStaleWorkspaces(options) {
    const { workspacesRoot, maxAgeMs } = options;
    const now = options.now ?? Date.now();
    const names = await (0,promises_.readdir)(workspacesRoot).catch(() => []);
    // A runner that keeps every run's logs holds many environments: each is looked at once, all at once.
    const found = await Promise.all(names.sort().map(async (name) => {
        const root = external_node_path_default().join(workspacesRoot, name);
        const info = await (0,promises_.stat)(root).catch(() => undefined);
        if (!info?.isDirectory() || (await locks_isWorkspaceLocked(root)))
            return undefined;
        const recorded = await (0,promises_.readFile)(external_node_path_default().join(root, HANDLE_FILE), "utf8")
            .then((text) => JSON.parse(text))
            .catch(() => undefined);
        const createdAt = recorded?.createdAt ? Date.parse(recorded.createdAt) : info.mtimeMs;
        if (now - createdAt < maxAgeMs)
            return undefined;
        // Paths come from the directory itself, never from the record (which the agent could edit).
        return {
            mode: recorded?.mode === "worktree" ? "worktree" : "directory",
            repoPath: typeof recorded?.repoPath === "string" ? recorded.repoPath : undefined,
            branch: typeof recorded?.branch === "string" ? recorded.branch : undefined,
            root,
            workdir: external_node_path_default().join(root, "workdir"),
            taskId: name,
        };
    }));
    return found.filter((handle) => handle !== undefined);
}

;// CONCATENATED MODULE: ./src/core/workspace/choose-mode.ts



/**
 * Looks at `repo-path`: whether it exists, is a directory, is inside a git repository, is empty.
 * Only git's own "not a git repository" makes a folder; any other git failure is kept as what it
 * is. `ignore` lists directories that do not count as content (the workspaces root inside it).
 */
async function inspectSource(repoPath, git, ignore = []) {
    const info = await (0,promises_.stat)(repoPath).catch((error) => {
        if (error.code === "ENOENT" || error.code === "ENOTDIR")
            return undefined;
        throw new errors/* TaskError */.Ik(`\`repo-path\` ${repoPath} cannot be read: ${error.message}`);
    });
    if (!info)
        return { kind: "missing", path: repoPath };
    if (!info.isDirectory())
        return { kind: "not-a-directory", path: repoPath };
    let message;
    try {
        await git.at(repoPath).run(["rev-parse", "--absolute-git-dir"]);
        return { kind: "repository", path: repoPath };
    }
    catch (error) {
        message = (0,errors/* errorMessage */.gJ)(error).trim();
        if (!isNotARepository(message))
            return { kind: "git-error", path: repoPath, message };
    }
    const real = await (0,promises_.realpath)(repoPath);
    const ignored = await Promise.all(ignore.map((dir) => (0,promises_.realpath)(dir).catch(() => external_node_path_default().resolve(dir))));
    const entries = await (0,promises_.readdir)(real);
    if (entries.includes(".git")) {
        // git does not recognise a checkout whose .git is damaged, and says "not a git repository".
        return { kind: "git-error", path: repoPath, message: `${message} (although it has a .git entry)` };
    }
    const empty = entries.every((entry) => ignored.includes(external_node_path_default().join(real, entry)));
    return { kind: "folder", path: repoPath, empty };
}
/** git's message for a directory outside every repository (LC_ALL=C, see git-environment.ts). */
function isNotARepository(message) {
    return /not a git repository/i.test(message) && !/dubious ownership/i.test(message);
}
/**
 * The `mode` input applied to what `repo-path` is. `auto` works in a plain directory only for an
 * existing, non-empty folder outside any repository; a missing `repo-path`, an empty one (the
 * workflow has no checkout) or a git failure stop the run before anything is created, saying why
 * and what to do. A worktree that cannot be made later is an error too, never a silent fallback.
 */
function chooseMode(setting, source) {
    const where = `\`repo-path\` ${source.path}`;
    switch (source.kind) {
        case "missing":
            throw new errors/* TaskError */.Ik(`${where} does not exist`, "Check out the repository first (actions/checkout), or set `repo-path` to an existing directory");
        case "not-a-directory":
            throw new errors/* TaskError */.Ik(`${where} is not a directory`, "Set `repo-path` to the directory of the checkout");
        case "git-error":
            throw new errors/* TaskError */.Ik(`git failed in ${where}: ${choose_mode_firstLines(source.message)}`, gitErrorHint(source));
        case "repository":
            return setting === "directory"
                ? { mode: "directory", reason: `${where} is a git checkout; copying its files (mode: directory)` }
                : { mode: "worktree", reason: `${where} is a git checkout; working in a git worktree` };
        case "folder":
            if (setting === "directory")
                return { mode: "directory", reason: `working in a copy of ${where}` };
            if (setting === "worktree") {
                throw new errors/* TaskError */.Ik(`${where} is not a git checkout (mode: worktree)`, "Check out the repository first (actions/checkout), or use `mode: directory`");
            }
            if (source.empty) {
                throw new errors/* TaskError */.Ik(`${where} is empty: the workflow has no checkout`, "Add actions/checkout before this step, or set `mode: directory` to let the agent start from an empty directory");
            }
            return {
                mode: "directory",
                reason: `${where} is not inside a git repository; working in a plain copy of it (mode: auto)`,
            };
    }
}
function gitErrorHint(source) {
    if (/dubious ownership/i.test(source.message)) {
        // git refuses repositories owned by another user since 2.35.2 (CVE-2022-24765).
        return `git refuses a checkout owned by another user: run \`git config --global --add safe.directory ${source.path}\` in an earlier step, or run the job as the checkout's owner`;
    }
    if (/ENOENT|not found/i.test(source.message) && /spawn/i.test(source.message)) {
        return "Install git on the runner, or put it on PATH";
    }
    return "Fix the checkout (run actions/checkout again), or point `repo-path` at a working checkout";
}
function choose_mode_firstLines(text) {
    return text.split("\n").slice(0, 3).join(" ").slice(0, 400);
}

;// CONCATENATED MODULE: ./src/core/workspace/plan-workspace.ts



/**
 * Checks `repo-path` and decides the workspace before the run creates anything (status comment,
 * branch, directories): a mistake such as a missing checkout fails here, with the fix.
 */
async function planWorkspace(options) {
    const { settings, git, logger } = options;
    const ignoredByGit = removedGitVariables(options.jobEnv);
    if (ignoredByGit.length > 0) {
        logger.debug(`The action's git runs without the job's ${ignoredByGit.join(", ")} (or with its own values)`);
    }
    const source = await inspectSource(settings.repoPath, git, [settings.workspacesRoot]);
    const choice = chooseMode(settings.mode, source);
    logger.info(choice.reason);
    const checkout = source.kind === "repository";
    if (choice.mode === "worktree")
        return { mode: "worktree", checkout };
    const copy = await planDirectoryCopy({
        repoPath: settings.repoPath,
        isRepository: source.kind === "repository",
        maxBytes: settings.directoryMaxBytes,
        exclude: [settings.workspacesRoot],
        git,
    });
    const leftOut = source.kind === "repository" ? "; files git ignores are left out" : "";
    logger.info(`Copying ${copy.files.length} files (${formatMegabytes(copy.bytes)})${leftOut}`);
    return { mode: "directory", checkout, copy };
}

;// CONCATENATED MODULE: ./src/core/workspace/set-up-workspace.ts








/**
 * Starts the set-up's local work that needs no answer from GitHub: taking a user for the agent
 * (see isolateAgent), and three looks at the machine: the trusted git config, the checkout's
 * paths, and the stale environments in the workspaces roots (only looked for: a run that goes on
 * removes them before it makes its own). A run starts it while it is admitted, so that it is
 * ready when the run goes on; a run that does not go on hands the user back (abandonEarlySetUp).
 * Nothing of it rejects unobserved.
 */
function startEarlySetUp(options) {
    const { settings, git } = options;
    const program = agentArgv({
        agent: settings.agent,
        command: settings.agentCommand,
        args: [],
        model: "",
        prompt: "",
    })[0];
    const isolation = isolateAgent({
        setting: settings.agentUser,
        workspacesRoot: settings.workspacesRoot,
        program,
        searchPath: settings.agentEnv.PATH ?? options.hostEnv.PATH ?? "",
    });
    const early = {
        isolation,
        trusted: readTrustedConfig(git),
        checkout: checkoutPaths(git.at(settings.repoPath), settings.repoPath),
        stale: isolation.then(({ workspacesRoot }) => {
            const maxAgeMs = settings.staleEnvMs;
            const roots = maxAgeMs > 0 ? new Set([settings.workspacesRoot, workspacesRoot]) : [];
            return Promise.all([...roots].map(async (root) => ({
                workspacesRoot: root,
                found: await findStaleWorkspaces({ workspacesRoot: root, maxAgeMs }),
            })));
        }),
    };
    for (const part of Object.values(early))
        part.catch(() => { });
    return early;
}
/** For a run that does not go on: waits for the early set-up and hands its user back. */
async function abandonEarlySetUp(early) {
    const [isolation] = await Promise.allSettled([early.isolation, early.trusted, early.checkout, early.stale]);
    if (isolation.status === "fulfilled")
        await isolation.value.user?.release();
}
/**
 * Takes a user for the agent, collects stale workspaces, then makes this run's: a working tree
 * that continues the agent branch (or starts again from the base), or a plain directory;
 * recorded so that it is never lost.
 */
async function setUpWorkspace(options) {
    const { settings, logger } = options;
    const early = options.early ?? startEarlySetUp(options);
    const [isolated, trusted, inspected] = await Promise.allSettled([
        early.isolation,
        early.trusted,
        early.checkout,
    ]);
    if (isolated.status === "rejected")
        throw isolated.reason;
    const isolation = isolated.value;
    reportIsolation(isolation, logger);
    // Asked now, while the workspace is made, for the checkout's guard (agent-guard.ts).
    const checkoutWritable = agentCanWrite(isolation.user, inspected.status === "fulfilled" ? inspected.value : undefined);
    checkoutWritable.catch(() => { });
    let workspace;
    let made;
    let announced = false;
    const announce = () => {
        if (!made || announced)
            return;
        announced = true;
        options.onEnvironment?.(made);
    };
    try {
        if (trusted.status === "rejected")
            throw trusted.reason;
        if (inspected.status === "rejected")
            throw inspected.reason;
        if (!isolation.user && options.tokenInHostEnvironment) {
            throw new errors/* TaskError */.Ik("the token is in this process's environment (GITHUB_TOKEN or GH_TOKEN), where an agent running as the same user can read it (/proc/<pid>/environ), and this Node cannot re-execute itself without it", "Use Node 22.15 or newer, or let the agent run as a user of its own (`--agent-user`, as root or with passwordless sudo)");
        }
        // Removed before this run's environment is made: a full disk is freed first.
        for (const { workspacesRoot, found } of await early.stale) {
            await removeStaleWorkspaces(workspacesRoot, found, logger);
        }
        workspace = await prepareWorkspace({
            plan: options.plan,
            repoPath: settings.repoPath,
            workspacesRoot: isolation.workspacesRoot,
            taskId: options.taskId,
            branch: options.branch,
            baseBranch: options.baseBranch,
            restart: () => restartRequested(options),
            keepBranch: options.local,
            remoteUrl: options.remoteUrl,
            auth: options.auth,
            listedAtStart: options.listedAtStart,
            git: options.git,
            logger,
            agentUser: isolation.user,
            // What later git commands use instead of the config files.
            trustedGitConfig: trusted.value,
            checkout: inspected.value,
            // Recorded as soon as it exists: a run that dies while its repositories are made, or while
            // the checkout is guarded alongside (agent-guard.ts), leaves it to the post step.
            onDirectories: async (paths) => {
                const handle = environmentHandle({ ...paths, agentUser: isolation.user }, options.plan.mode);
                await isolation.user?.recordHolder(paths.root);
                await recordWorkspace(handle);
                options.onWorkspace?.(handle);
                made = {
                    root: paths.root,
                    checkout: paths.checkout,
                    checkoutWritable,
                    trustedGitConfig: paths.trustedGitConfig,
                };
            },
            onFilling: announce,
        });
    }
    catch (error) {
        await isolation.user?.release();
        // The host was told of the environment, which prepareWorkspace has removed again.
        if (made)
            options.onCleanedUp?.();
        throw error;
    }
    // Announced as the files were written; here at the latest.
    announce();
    workspace.agentUser = isolation.user;
    workspace.isolationNote = isolation.note;
    await recordWorkspace(workspaceHandle(workspace));
    options.onWorkspace?.(workspaceHandle(workspace));
    logger.info(`Workspace ${workspace.root} (${workspace.mode === "worktree" ? `worktree on ${workspace.branch}` : "plain directory"})`);
    return workspace;
}
/** A merged pull request's branch is not built on again: the next run starts from the base. */
async function restartRequested(options) {
    if (options.settings.restart)
        return true;
    const [latest] = await options.github.listPullsForBranch(options.branch);
    if (latest?.merged) {
        options.logger.info(`Pull request #${latest.number} of ${options.branch} was merged; starting again from ${options.baseBranch}`);
        return true;
    }
    return false;
}

;// CONCATENATED MODULE: ./src/core/run-task.ts



























/**
 * The pipeline: repo-path check → admission (who started it, the issue as it was then) → lease
 * → workspace → agent run → changes → publish → settle → report → cleanup. Errors before the
 * workspace exists are thrown (nothing to save); after it, every
 * failure is recorded, the agent's work is kept, and the result says why the step fails.
 * Everything written to GitHub goes through one outbound path (secrets hidden, mentions inert).
 */
async function runTask(input) {
    const secrets = (0,core_secrets/* knownSecrets */.xU)({ ...input.settings, hostEnv: input.hostEnv });
    const ownTitleOpening = pullTitle(input.issueNumber, "").trim();
    const outbound = outboundText({ secrets, issueNumber: input.issueNumber, ownTitleOpening });
    const guarded = guardGitHub(input.github, outbound);
    // Asked once: the admission reads it, and the look at the remote below needs its default branch.
    const repository = guarded.getRepository();
    repository.catch(() => { });
    const ctx = { ...input, github: { ...guarded, getRepository: () => repository } };
    const { settings, logger, github, issueNumber } = ctx;
    const branch = agentBranchName(settings.branchPrefix, settings.agent, issueNumber);
    // What admission decides from is read while repo-path is checked: reads that say nothing and
    // change nothing, dropped when the check fails. Refusing, and saying so, waits for the check.
    const readAt = new Date().toISOString();
    const admissionReads = readForAdmission(ctx);
    admissionReads.catch(() => { });
    // One look at the remote for the lease, the base and the agent branch (see listRemoteRefs),
    // taken while the run is admitted: a read that a run which goes on makes anyway. The lease and
    // the workspace ask again when it failed. It starts with the check of repo-path when a `.git`
    // is there, and after it when the checkout is found above repo-path.
    const stopListing = new AbortController();
    const listRefs = async () => {
        const base = settings.baseBranch ?? (await repository).defaultBranch;
        const refs = [leaseRef(issueNumber), ...headRefs(base, branch)];
        const git = ctx.git.at(settings.repoPath);
        return listRemoteRefs(git, remoteUrl(ctx), auth(ctx), refs, stopListing.signal);
    };
    let listedAtStart = (await (0,promises_.lstat)(external_node_path_default().join(settings.repoPath, ".git")).catch(() => undefined))
        ? listRefs()
        : undefined;
    listedAtStart?.catch(() => { });
    // So is the set-up's local work that needs no answer from GitHub.
    const early = startEarlySetUp(ctx);
    // A run that does not go on neither waits for the remote nor leaves a git process or a request
    // behind, and hands the agent's user back.
    const notGoingOn = async () => {
        stopListing.abort();
        await Promise.all([
            listedAtStart?.catch(() => { }),
            admissionReads.catch(() => { }),
            abandonEarlySetUp(early),
        ]);
    };
    const workspacePlan = await logger
        .group("Check repo-path", () => planWorkspace({ ...ctx, jobEnv: (0,core_secrets/* withoutSecrets */.cT)(ctx.hostEnv) }))
        .catch(async (error) => {
        await notGoingOn();
        throw error;
    });
    if (workspacePlan.checkout) {
        listedAtStart ??= listRefs();
        listedAtStart.catch(() => { });
    }
    const admission = await logger
        .group(`Read issue #${issueNumber}`, () => admitRun(ctx, admissionReads))
        .catch(async (error) => {
        await notGoingOn();
        throw error;
    });
    if (!admission.admitted) {
        await notGoingOn();
        logger.info(`Skipping: ${admission.reason}`);
        const summary = outbound.summary(renderSkippedSummary(issueNumber, admission.reason));
        return { outcome: "skipped", outputs: (0,outputs/* skippedOutputs */.vc)(), summary };
    }
    const { thread, provenance } = admission;
    const baseBranch = settings.baseBranch ?? thread.repository.defaultBranch;
    const start = {
        outcome: "running",
        issueNumber,
        issueTitle: thread.issue.title,
        agent: settings.agent,
        mode: workspacePlan.mode,
        runUrl: ctx.run.runUrl,
        dryRun: settings.dryRun,
        baseBranch,
        phase: "preparing",
    };
    const lease = new Lease({
        store: ctx.leaseStore ??
            new GitLeaseStore({
                git: ctx.git.at(settings.repoPath),
                inCheckout: workspacePlan.checkout,
                listedAtStart,
                remoteUrl: remoteUrl(ctx),
                auth: auth(ctx),
                issueNumber,
                logger,
            }),
        github,
        issueNumber,
        logger,
        run: ctx.run,
        heartbeatMs: settings.heartbeatMs,
        // A dry run pushes nothing, the lease included; it reads the last session. A local run has
        // no remote to hold it on.
        hold: !settings.dryRun && !ctx.local,
        comment: settings.comment && !settings.dryRun && !ctx.local,
    });
    // The workspace is prepared while the lease is taken: neither waits for the other's network
    // round trips. A run that does not get the lease removes it again before it says so.
    let environmentMade = () => { };
    const environment = new Promise((resolve) => {
        environmentMade = resolve;
    });
    const preparing = logger.group("Prepare the workspace", () => setUpWorkspace({
        ...ctx,
        plan: workspacePlan,
        taskId: taskId(issueNumber, ctx.run.runId, ctx.run.runAttempt),
        branch,
        baseBranch,
        remoteUrl: remoteUrl(ctx),
        auth: auth(ctx),
        listedAtStart,
        early,
        onEnvironment: environmentMade,
    }));
    // Observed below, whichever way the lease goes.
    preparing.catch(() => { });
    // The checkout is guarded while the agent's files are checked out (and the lease is taken).
    // No environment (the set-up failed first), no guard.
    const checkoutGuard = guardCheckoutAhead({
        // A set-up that has failed already wins over the environment it had made.
        environment: Promise.race([preparing.then(() => environment), environment]),
        token: settings.token,
        git: ctx.git,
        workspacesRoot: settings.workspacesRoot,
    });
    const acquired = await takeLease(lease, renderStatusComment(start), settings, logger);
    if (!acquired.ok) {
        await lease.close();
        await checkoutGuard.abandon(logger);
        const unneeded = await preparing.catch(() => undefined);
        if (unneeded && (await releaseWorkspace(unneeded, "none", ctx.logger)))
            ctx.onCleanedUp?.();
        const message = `another run is working on issue #${issueNumber}: ${acquired.reason}`;
        if (settings.onConflict === "fail") {
            throw new errors/* TaskError */.Ik(message, "Wait for it to finish, or set `on-conflict: takeover`");
        }
        logger.info(`Skipping: ${message} (on-conflict: skip)`);
        return { outcome: "skipped", outputs: (0,outputs/* skippedOutputs */.vc)() };
    }
    lease.startHeartbeat();
    try {
        const facts = { ...start, leaseNote: acquired.tookOver };
        // The status comment says so while the workspace is prepared. A comment made now is named
        // in the lease before the agent starts (the lease's writes queue), so a run killed later
        // never leaves a comment that the lease does not name.
        lease.announce(renderStatusComment(facts)).catch(() => { });
        const work = {};
        let stage = "prepare";
        try {
            const workspace = await preparing;
            work.workspace = workspace;
            work.agentStartedAt = Date.now();
            const headBefore = workspace.mode === "worktree" ? workspace.startSha : undefined;
            // The comment says that the agent runs as it starts; the context is written meanwhile. An
            // agent of the runner's user could read the token in a lease push's environment: its lease
            // is written before it starts, to hold without heartbeats (Lease.agentStarts).
            const running = renderStatusComment(describeRun(facts, work, "running"));
            const quietUntil = workspace.agentUser
                ? undefined
                : Date.now() + settings.timeoutMs + settings.killGraceMs + settings.heartbeatMs;
            const saidRunning = lease.agentStarts(running, { phase: "running", headBefore }, quietUntil);
            // Failures are the lease's to report; a lost lease stops the publishing.
            saidRunning.catch(() => { });
            // The context is written while the guards are set up: neither touches what the other does.
            const contextWritten = writeContextFiles({
                ...ctx,
                workspace,
                thread,
                baseBranch,
                instructions: settings.prompt,
                previous: acquired.previous,
                maxBytes: settings.contextMaxBytes,
                provenance,
            });
            contextWritten.catch(() => { });
            stage = "agent";
            const agent = await logger.group("Run the agent", () => guardAgentRun({
                ...ctx,
                workspace,
                agent: settings.agent,
                protectedFiles: ctx.protectedFiles ?? [],
                checkout: checkoutGuard,
            }, async () => {
                const { prompt, promptFile } = await contextWritten;
                await saidRunning.catch(() => { });
                return runAgent({ ...ctx, workspace, prompt, promptFile });
            }));
            lease.loudHeartbeats();
            work.agent = agent;
            work.agentReport = agentFacts(agent, secrets);
            stage = "collect";
            // The title lands in a commit message: a closing keyword there would close issues on merge.
            const commit = {
                issueNumber,
                issueTitle: neutralizeMentions(thread.issue.title),
                agent: settings.agent,
            };
            // From here on, git runs only in the action's own repository (publish-repository.ts).
            const { git: repo, recheck } = workspace.mode === "worktree"
                ? await openPublishRepository(workspace, ctx.git, agent.commits, agent.startStamp)
                : { git: ctx.git, recheck: undefined };
            const changes = await logger.group("Collect the changes", () => collectChanges(workspace, repo, commit, logger, {
                policy: ctx.local ? undefined : settings,
                agentHead: agent.commits?.head,
                recheck,
            }));
            work.changes = changes;
            stage = "publish";
            const plan = decideOutcome({
                ending: classifyEnding(agent.ending),
                hasChanges: changes.count > 0,
                canPublish: workspace.mode === "worktree" && !changes.nothingToPush,
                dryRun: settings.dryRun,
                draft: settings.draft,
                onAgentFailure: settings.onAgentFailure,
            });
            if (changes.count > 0 && settings.dryRun)
                logger.info("Dry run: nothing is pushed and no pull request is opened");
            if (ctx.local) {
                // The work was committed in the action's own repository; the local agent branch gets it.
                if (workspace.mode === "worktree" && changes.count > 0 && changes.headSha) {
                    await repo.run([
                        "push",
                        "--quiet",
                        "--force",
                        remoteUrl(ctx),
                        `${changes.headSha}:refs/heads/${workspace.branch}`,
                    ]);
                }
                work.published = keptOnLocalBranch(workspace, changes);
            }
            else if (changes.count > 0 && plan.publication !== "none" && workspace.mode === "worktree") {
                lease.assertHeld();
                const publishing = describeRun(facts, work, "publishing");
                const body = renderPullBody({ ...publishing, outcome: plan.outcome, branch: workspace.branch });
                work.published = await logger.group("Publish", () => publish({
                    ...ctx,
                    git: repo,
                    env: workspace,
                    remoteUrl: remoteUrl(ctx),
                    auth: auth(ctx),
                    publication: plan.publication,
                    headSha: changes.headSha,
                    runId: ctx.run.runId,
                    pull: { title: pullTitle(issueNumber, thread.issue.title), body, labels: settings.prLabels },
                    earlierPull: acquired.previous?.prNumber,
                    lease,
                }, 
                // The branch is out even if opening the pull request fails next.
                (pushed) => {
                    work.published = { ...pushed, updated: false };
                }));
            }
        }
        catch (error) {
            work.failure = { stage, message: (0,errors/* errorMessage */.gJ)(error) };
            logger.error(work.failure.message);
        }
        // When the agent never started, the checkout's guard is put back here.
        await checkoutGuard.abandon(logger);
        const result = await logger.group("Report and clean up", () => settleAndReport(ctx, readAt, lease, acquired.previous, describeRun(facts, work, "done"), work));
        return { ...result, summary: result.summary && outbound.summary(result.summary) };
    }
    finally {
        await lease.close();
    }
}
/** Takes the issue's lease; when its ref cannot be read or written, the work goes on without it. */
async function takeLease(lease, body, settings, logger) {
    try {
        return await lease.acquire(body, settings.onConflict === "takeover");
    }
    catch (error) {
        logger.warning(`Could not take the issue's lease (${(0,errors/* errorMessage */.gJ)(error)}); continuing without it`);
        lease.disable();
        return { ok: true };
    }
}
/** Settles the outcome once, then reports it everywhere and applies `keep-env`. */
async function settleAndReport(ctx, readAt, lease, previous, facts, work) {
    const { settings } = ctx;
    const { workspace, agent, changes, published } = work;
    const settlement = settleOutcome({
        ...settings,
        mode: facts.mode,
        ending: agent ? classifyEnding(agent.ending) : undefined,
        changedFiles: changes?.count,
        published: published && {
            sideBranch: published.sideBranch === true,
            pull: published.pull ? (published.updated ? "updated" : "opened") : undefined,
            local: published.local,
        },
        failure: work.failure,
        publishable: !changes?.nothingToPush,
        agentNote: agent?.note,
        exitCode: agent?.exitCode,
        paths: { root: workspace?.root ?? "", workdir: workspace?.workdir ?? "", patchFile: changes?.patchFile },
    });
    const { outcome } = settlement;
    // Held-back work exists only on this machine: its patches in output/ outlive `keep-env: never`.
    const retention = changes?.heldBack && settlement.retention === "none" ? "logs" : settlement.retention;
    const keptAt = workspace && retention !== "none" ? workspace.root : "";
    const final = {
        ...facts,
        outcome,
        branch: published?.branch,
        headSha: published?.headSha,
        prNumber: published?.pull?.number,
        prUrl: published?.pull?.url,
        envDir: keptAt || undefined,
        error: settlement.message && !isFailure(outcome) ? settlement.message : undefined,
    };
    const result = {
        outcome,
        failure: settlement.stepFails ? settlement.message : undefined,
        summary: renderJobSummary(final),
        outputs: (0,outputs/* runOutputs */.MR)({ outcome, agent, changes, published, keptAt, agentSummary: final.agentSummary }),
    };
    ctx.onSettled?.(result);
    const finished = lease.finish(renderStatusComment(final), {
        outcome,
        headBefore: workspace?.mode === "worktree" ? workspace.startSha : undefined,
        headAfter: published?.headSha,
        session: {
            outcome,
            readAt,
            finishedAt: new Date().toISOString(),
            changes: changes?.files,
            prNumber: published?.pull?.number ?? previous?.prNumber,
            prUrl: published?.pull?.url ?? previous?.prUrl,
            branch: published?.branch,
            agentSummary: final.agentSummary,
        },
    });
    // The lease's last write, the summary file and the cleanup do not depend on each other; the
    // cleanup only waits for the file it may keep.
    const releasing = (async () => {
        if (!workspace)
            return false;
        await writeSummaryFile(workspace.outputDir, result, final).catch((error) => ctx.logger.warning(`Could not write output/summary.json: ${(0,errors/* errorMessage */.gJ)(error)}`));
        return releaseWorkspace(workspace, retention, ctx.logger);
    })();
    const [, released] = await Promise.all([finished, releasing]);
    if (released)
        ctx.onCleanedUp?.();
    return result;
}
function auth(ctx) {
    return { serverUrl: ctx.run.serverUrl, token: ctx.settings.token };
}
function remoteUrl(ctx) {
    // A local run's branches come from the local repository itself.
    if (ctx.local)
        return ctx.settings.repoPath;
    return `${ctx.run.serverUrl.replace(/\/+$/, "")}/${ctx.run.owner}/${ctx.run.repo}.git`;
}

// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6856);
// EXTERNAL MODULE: ./node_modules/bottleneck/light.js
var light = __webpack_require__(3251);
var light_default = /*#__PURE__*/__webpack_require__.n(light);
;// CONCATENATED MODULE: ./src/github/octokit-github.ts





/**
 * Both plugins schedule every request through Bottleneck (two or three limiters a request), whose
 * in-process store waits for a timer, `setTimeout(0)`, before each step of each job: a millisecond
 * at least, more while the event loop is busy. Against a local server that made a request take
 * 17 ms instead of 5. Bottleneck has had no release since 2019, so its store yields with
 * `setImmediate` instead: still after pending I/O, without a timer's floor (6 ms a request).
 * Nothing else changes: a job that must wait (a rate limit's retry) still waits on its own timer.
 * https://nodejs.org/en/learn/asynchronous-work/event-loop-timers-and-nexttick#setimmediate-vs-settimeout
 */
function yieldWithoutTimers() {
    const store = Object.getPrototypeOf(new (light_default())()._store ?? {});
    if (typeof store?.yieldLoop !== "function" || store.yieldLoop === yieldOnce)
        return;
    store.yieldLoop = yieldOnce;
}
function yieldOnce() {
    return new this.Promise((resolve) => setImmediate(resolve));
}
/** Rate-limit waits longer than this fail instead of holding the job. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 15 * 60;
/**
 * The GitHub port on Octokit, with the retry plugin (5xx and network errors) and the throttling
 * plugin (primary and secondary rate limits, waiting for their reset).
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */
function createOctokitGitHub(options) {
    const { owner, repo, logger } = options;
    yieldWithoutTimers();
    const retries = options.retries ?? 3;
    /** The throttling plugin asks whether to retry after a rate limit: yes, a few times, unless the wait is long. */
    const waitOrGiveUp = (what) => (retryAfter, request, _octokit, count) => {
        logger.warning(`GitHub ${what} for ${request.method} ${request.url}; retrying in ${retryAfter}s`);
        return count <= retries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
    };
    const octokit = (0,github/* getOctokit */.Q)(options.token, {
        baseUrl: options.apiUrl,
        userAgent: options.userAgent ?? "agent-task",
        retry: { retries, doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
        throttle: {
            onRateLimit: waitOrGiveUp("rate limit reached"),
            onSecondaryRateLimit: waitOrGiveUp("secondary rate limit"),
            // The plugin spaces writes 1 s apart (3 s for comments and pull requests) by default. A
            // run makes a handful of writes, far from the secondary limits, so it waits only when
            // GitHub signals a limit (the handlers above): the groups below never delay a request.
            // https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#pause-between-mutative-requests
            write: new (light_default()).Group(),
            notifications: new (light_default()).Group(),
        },
    }, dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
    const createRetryDelaysMs = (options.createRetryDelaysMs ?? [1000, 4000, 9000]).slice(0, retries);
    /**
     * A POST that creates something is not idempotent: GitHub sometimes creates the object and still
     * answers 5xx, and a blind retry then fails with 422 "already exists" or makes a second one. So
     * these POSTs bypass the retry plugin; after a failure the object is looked for first, and the
     * POST is retried only when it is not there.
     */
    const createOnce = async (what, create, find) => {
        for (let attempt = 0;; attempt++) {
            try {
                return await create();
            }
            catch (error) {
                const status = error.status;
                const answer = status ? String(status) : (0,errors/* errorMessage */.gJ)(error).split("\n")[0];
                const alreadyExists = status === 422 && /already exists/i.test((0,errors/* errorMessage */.gJ)(error));
                const transient = status === undefined || status >= 500;
                if (!alreadyExists && !transient)
                    throw error;
                const found = await find().catch(() => undefined);
                if (found !== undefined) {
                    logger.info(`${what}: GitHub answered ${answer}, but it had been created; using it`);
                    return found;
                }
                if (alreadyExists || attempt >= createRetryDelaysMs.length)
                    throw error;
                const delay = createRetryDelaysMs[attempt];
                logger.warning(`${what} failed (${answer}) and was not created; retrying in ${delay / 1000}s`);
                await new Promise((resolve) => setTimeout(resolve, delay));
            }
        }
    };
    const toPull = (pull) => ({
        number: pull.number,
        url: pull.html_url,
        state: pull.state === "open" ? "open" : "closed",
        merged: Boolean(pull.merged_at),
        draft: Boolean(pull.draft),
        headRef: pull.head.ref,
        baseRef: pull.base.ref,
    });
    const port = {
        async getRepository() {
            const { data } = await octokit.rest.repos.get({ owner, repo });
            return { owner, name: repo, defaultBranch: data.default_branch, htmlUrl: data.html_url };
        },
        async getIssue(issueNumber) {
            const { data } = await octokit.rest.issues.get({ owner, repo, issue_number: issueNumber });
            return toIssue(data);
        },
        async listIssueComments(issueNumber) {
            const comments = await octokit.paginate(octokit.rest.issues.listComments, {
                owner,
                repo,
                issue_number: issueNumber,
                per_page: 100,
            });
            return comments.map((c) => toComment(c, c.body ?? ""));
        },
        async createComment(issueNumber, body) {
            return createOnce(`Creating a comment on #${issueNumber}`, async () => {
                const { data } = await octokit.rest.issues.createComment({
                    owner,
                    repo,
                    issue_number: issueNumber,
                    body,
                    request: { retries: 0 },
                });
                return { id: data.id, url: data.html_url };
            }, async () => {
                // The body is this run's own (the status comment carries the run's random lease holder).
                const comments = await port.listIssueComments(issueNumber);
                const mine = comments.filter((comment) => comment.body.trimEnd() === body.trimEnd()).at(-1);
                return mine && { id: mine.id, url: mine.url };
            });
        },
        async updateComment(commentId, body) {
            await octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
        },
        async getComment(commentId) {
            try {
                const { data } = await octokit.rest.issues.getComment({ owner, repo, comment_id: commentId });
                return { id: data.id, body: data.body ?? "" };
            }
            catch (error) {
                if (error.status === 404)
                    return undefined;
                throw error;
            }
        },
        async deleteComment(commentId) {
            await octokit.rest.issues.deleteComment({ owner, repo, comment_id: commentId });
        },
        async listReviewComments(pullNumber) {
            const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
                owner,
                repo,
                pull_number: pullNumber,
                per_page: 100,
            });
            return comments.map((c) => toComment(c, c.path ? `(on \`${c.path}\`) ${c.body}` : c.body));
        },
        async getWorkflowRunStatus(runId) {
            // Runs started outside GitHub Actions (the CLI) have ids of their own, unknown to the API.
            if (!/^\d+$/.test(runId))
                return undefined;
            try {
                const { data } = await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: Number(runId) });
                return data.status ?? undefined;
            }
            catch {
                // Without `actions: read` the status is unknown; the heartbeat alone then decides.
                return undefined;
            }
        },
        async listPullsForBranch(branch) {
            const pulls = await octokit.paginate(octokit.rest.pulls.list, {
                owner,
                repo,
                head: `${owner}:${branch}`,
                state: "all",
                per_page: 100,
            });
            return pulls
                .filter((pull) => pull.head.ref === branch)
                .sort((a, b) => b.number - a.number)
                .map(toPull);
        },
        async createPull(fields) {
            return createOnce(`Opening the pull request for ${fields.head}`, async () => {
                const { data } = await octokit.rest.pulls.create({
                    owner,
                    repo,
                    ...fields,
                    request: { retries: 0 },
                });
                return toPull(data);
            }, 
            // One branch has at most one open pull request, and publishing found none before this POST.
            async () => (await port.listPullsForBranch(fields.head)).find((pull) => pull.state === "open"));
        },
        async updatePull(pullNumber, fields) {
            const { data } = await octokit.rest.pulls.update({ owner, repo, pull_number: pullNumber, ...fields });
            return toPull(data);
        },
        async addLabels(issueNumber, labels) {
            if (labels.length === 0)
                return;
            await octokit.rest.issues.addLabels({ owner, repo, issue_number: issueNumber, labels });
        },
        async listOpenIssues(label) {
            const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
                owner,
                repo,
                state: "open",
                labels: label,
                per_page: 100,
            });
            // The issues endpoint lists pull requests too; they carry `pull_request`.
            return issues.filter((issue) => !issue.pull_request).map(toIssue);
        },
        async listOpenPulls() {
            const pulls = await octokit.paginate(octokit.rest.pulls.list, {
                owner,
                repo,
                state: "open",
                per_page: 100,
            });
            return pulls.map(toPull);
        },
        async getCollaboratorPermission(username) {
            try {
                // `role_name` tells triage from read and maintain from write; the legacy `permission` does not.
                // https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
                const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username });
                return {
                    roleName: data.role_name,
                    permissions: data.user?.permissions,
                    accountType: data.user?.type,
                };
            }
            catch (error) {
                if (error.status === 404)
                    return undefined;
                throw error;
            }
        },
        async getAccountType(login) {
            try {
                const { data } = await octokit.rest.users.getByUsername({ username: login });
                return data.type;
            }
            catch (error) {
                if (error.status === 404)
                    return undefined;
                throw error;
            }
        },
    };
    return withReadableErrors(port);
}
function toIssue(data) {
    return {
        number: data.number,
        title: data.title,
        body: data.body ?? "",
        url: data.html_url,
        author: data.user?.login ?? "ghost",
        labels: data.labels
            .map((label) => (typeof label === "string" ? label : (label.name ?? "")))
            .filter(Boolean),
        state: data.state,
        createdAt: data.created_at,
        locked: data.locked,
        isPullRequest: Boolean(data.pull_request),
    };
}
function toComment(comment, body) {
    return {
        id: comment.id,
        author: comment.user?.login ?? "ghost",
        createdAt: comment.created_at,
        updatedAt: comment.updated_at,
        body,
        url: comment.html_url,
    };
}
/** Wraps every method so an API failure says what was asked, what GitHub answered, and what to do. */
function withReadableErrors(port) {
    const wrapped = {};
    for (const [name, method] of Object.entries(port)) {
        wrapped[name] = async (...args) => {
            try {
                return await method(...args);
            }
            catch (error) {
                throw new errors/* TaskError */.Ik(describeApiError(name, error), undefined, { cause: error });
            }
        };
    }
    return wrapped;
}
/** The permission each call needs, for the message when the token lacks it. */
const NEEDED_PERMISSION = {
    getRepository: "contents: read",
    getIssue: "issues: read",
    listIssueComments: "issues: read",
    createComment: "issues: write",
    updateComment: "issues: write",
    getComment: "issues: read",
    deleteComment: "issues: write",
    listReviewComments: "pull-requests: read",
    getWorkflowRunStatus: "actions: read",
    listPullsForBranch: "pull-requests: read",
    createPull: "pull-requests: write",
    updatePull: "pull-requests: write",
    addLabels: "issues: write",
};
const ALL_PERMISSIONS = "give the job `contents: write`, `pull-requests: write` and `issues: write`, and allow Actions to create pull requests in the repository settings";
function describeApiError(operation, error) {
    const status = error?.status;
    const message = (0,errors/* errorMessage */.gJ)(error).split("\n")[0] ?? "";
    const what = `GitHub API call ${operation} failed`;
    switch (status) {
        case 401:
            return `${what}: 401 ${message}. The \`github-token\` was rejected: it is not valid, or it expired or was revoked (GitHub App installation tokens last one hour)`;
        case 403: {
            if (isRateLimited(error)) {
                return `${what}: 403 ${message}. GitHub's rate limit for the token is used up; run again after it resets, or use a token with its own limit`;
            }
            if (/not permitted to create or approve pull requests/i.test(message)) {
                return `${what}: 403 ${message}. Allow GitHub Actions to create pull requests (repository or organization settings → Actions → General → Workflow permissions)`;
            }
            const needed = NEEDED_PERMISSION[operation];
            return `${what}: 403 ${message}. The \`github-token\` lacks a permission${needed ? `: ${operation} needs \`${needed}\`` : ""}; ${ALL_PERMISSIONS}`;
        }
        case 404:
            return `${what}: 404 ${message}. Check the repository and issue number, and that the token can read them`;
        case 422:
            return `${what}: 422 ${message}`;
        default:
            return status ? `${what}: ${status} ${message}` : `${what}: ${message}`;
    }
}
/**
 * A 403 is a rate limit, not a missing permission, when GitHub says the limit is used up or asks
 * to wait: https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#rate-limit-errors
 */
function isRateLimited(error) {
    const headers = error.response
        ?.headers;
    if (headers?.["x-ratelimit-remaining"] === "0" || headers?.["retry-after"] !== undefined)
        return true;
    return /rate limit/i.test((0,errors/* errorMessage */.gJ)(error));
}

// EXTERNAL MODULE: ./src/action/runner-commands.ts
var runner_commands = __webpack_require__(9673);
;// CONCATENATED MODULE: ./src/action/action-logger.ts




/**
 * The core's logger on the runner's log. Text that could read as a workflow command (agent
 * output, anything quoting issue text or git's messages) is printed inside a
 * `::stop-commands::` block whose token nobody else knows, so nothing in it is a command.
 */
function createActionLogger() {
    let openToken;
    const write = (text) => process.stdout.write(`${text}\n`);
    const inert = (text) => {
        if (openToken || !(0,runner_commands/* looksLikeCommand */.Jk)(text))
            return write(text);
        const token = (0,external_node_crypto_.randomUUID)();
        write(`::stop-commands::${token}`);
        write(text);
        write(`::${token}::`);
    };
    return {
        info: inert,
        // @actions/core escapes annotation data (newlines, %), so a message cannot end the command.
        warning: (message) => lib_core/* warning */.$e(message),
        error: (message) => lib_core/* error */.z3(message),
        debug: (message) => lib_core/* debug */.Yz(message),
        group: (title, fn) => lib_core/* group */.Os(title, fn),
        untrusted: inert,
        beginUntrusted: () => {
            if (openToken)
                return;
            openToken = (0,external_node_crypto_.randomUUID)();
            write(`::stop-commands::${openToken}`);
        },
        endUntrusted: () => {
            if (!openToken)
                return;
            write(`::${openToken}::`);
            openToken = undefined;
        },
        mask: (value) => lib_core/* setSecret */.Pq(value),
        // Writes to a pipe are asynchronous in Node: what the runner has not read yet is buffered.
        // https://nodejs.org/api/process.html#a-note-on-process-io
        drained: () => process.stdout.writableNeedDrain ? (0,external_node_events_.once)(process.stdout, "drain").then(() => { }) : undefined,
    };
}

;// CONCATENATED MODULE: ./src/action/event-repository.ts
/**
 * The GitHub port, with the repository answered from the event payload when it says what the
 * run needs (its default branch), so that no API request is spent on it.
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues
 */
function withEventRepository(github, event, repository) {
    const defaultBranch = event?.default_branch;
    if (!defaultBranch)
        return github;
    const known = {
        owner: repository.owner,
        name: repository.name,
        defaultBranch,
        htmlUrl: event.html_url ?? `${repository.serverUrl}/${repository.owner}/${repository.name}`,
    };
    return { ...github, getRepository: async () => known };
}

// EXTERNAL MODULE: ./src/core/settings.ts + 2 modules
var core_settings = __webpack_require__(2558);
;// CONCATENATED MODULE: ./src/action/inputs.ts




/** The one place that reads the action's inputs: each one raw, then validated together. */
function getSettings() {
    // Untrimmed: `prompt` and `agent-env` keep their inner layout; parseSettings trims.
    const settings = (0,core_settings/* parseSettings */.P$)((0,runner_commands/* readRawInputs */.yI)());
    // Masked before anything could print them: the token and every agent-env value.
    lib_core/* setSecret */.Pq(settings.token);
    for (const value of Object.values(settings.agentEnv))
        if (value.length >= core_secrets/* MIN_SECRET_LENGTH */.vb)
            lib_core/* setSecret */.Pq(value);
    return settings;
}
/** The token alone, for the post step, which needs nothing else; masked at once. */
function getToken() {
    const token = core.getInput(INPUTS.githubToken);
    if (token)
        core.setSecret(token);
    return token;
}

;// CONCATENATED MODULE: ./src/action/state.ts
/** Values that main saves for the post step (read back as STATE_* variables). */
const STATE = {
    /** JSON WorkspaceHandle of the environment this run created. */
    environment: "environment",
    /** `keep-env`, so post applies the same rule. */
    keepWorkspace: "keep-env",
    /** "true" once main has cleaned up itself; post then has nothing to do. */
    cleanedUp: "cleaned-up",
};

// EXTERNAL MODULE: ./src/action/trigger.ts
var action_trigger = __webpack_require__(6866);
;// CONCATENATED MODULE: ./src/action/main.ts















/**
 * The action's main step: every output is set first (empty), then the pipeline runs, then the
 * real values replace them; one setFailed at the top.
 */
async function main() {
    // Comments written after this do not count for a dispatch, which carries no time of its own.
    const startedAt = new Date().toISOString();
    setOutputs((0,outputs/* emptyOutputs */.q_)());
    const logger = createActionLogger();
    const cancel = new AbortController();
    const onSignal = (signal) => {
        if (cancel.signal.aborted)
            return;
        logger.warning(`Received ${signal}: stopping the agent and saving its work`);
        cancel.abort();
    };
    // A canceled job gets SIGINT, then SIGTERM, then SIGKILL; every signal is handled (a second one
    // must not end the process before the work is saved):
    // https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-workflow-runs/canceling-a-workflow#steps-github-takes-to-cancel-a-workflow-run
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    try {
        const settings = getSettings();
        const context = github/* context */._;
        const event = { name: context.eventName, payload: context.payload };
        const trigger = (0,action_trigger/* decideTrigger */.fi)(event, settings);
        if (!trigger.run) {
            logger.info(`Skipping: ${trigger.reason}`);
            setOutputs((0,outputs/* skippedOutputs */.vc)());
            lib_core/* info */.pq("Outcome: skipped");
            return;
        }
        const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? "").split("/");
        if (!owner || !repo)
            throw new Error("GITHUB_REPOSITORY is not set; is this running in GitHub Actions?");
        const serverUrl = context.serverUrl;
        const runId = String(process.env.GITHUB_RUN_ID ?? context.runId ?? "0");
        const runAttempt = process.env.GITHUB_RUN_ATTEMPT ?? "1";
        const hostEnv = { ...process.env };
        lib_core/* saveState */.LZ(STATE.keepWorkspace, settings.keepWorkspace);
        let reported = false;
        const result = await runTask({
            settings,
            issueNumber: trigger.issueNumber,
            trigger: (0,action_trigger/* describeTrigger */.gb)(event, trigger.issueNumber, { startedAt, actor: process.env.GITHUB_ACTOR }),
            run: {
                owner,
                repo,
                serverUrl,
                runId,
                runAttempt,
                runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`,
            },
            github: withEventRepository(createOctokitGitHub({ token: settings.token, apiUrl: context.apiUrl, owner, repo, logger }), context.payload.repository, { owner, name: repo, serverUrl }),
            git: new Git(settings.repoPath, (0,core_secrets/* withoutSecrets */.cT)(hostEnv)),
            logger,
            hostEnv,
            protectedFiles: [
                ...core_secrets/* FILE_COMMANDS */.i5.map((name) => process.env[name]).filter((file) => Boolean(file)),
                ...actionFiles(),
                ...globalGitConfigFiles(),
            ],
            cancelSignal: cancel.signal,
            onWorkspace: (handle) => lib_core/* saveState */.LZ(STATE.environment, JSON.stringify(handle)),
            onCleanedUp: () => lib_core/* saveState */.LZ(STATE.cleanedUp, "true"),
            onSettled: (settled) => {
                setOutputs(settled.outputs);
                reported = true;
            },
        });
        if (!reported)
            setOutputs(result.outputs);
        if (result.summary)
            await lib_core/* summary */.z.addRaw(result.summary).write();
        lib_core/* info */.pq(`Outcome: ${result.outcome}`);
        if (result.failure)
            lib_core/* setFailed */.C1(result.failure);
    }
    catch (error) {
        lib_core/* setFailed */.C1((0,errors/* errorMessage */.gJ)(error));
    }
}
/**
 * The files of this action that the runner runs or reads later in the job: the post step's bundle
 * above all, which gets the token. An agent running as the runner's user could rewrite them.
 */
function actionFiles() {
    const dist = external_node_path_default().dirname(external_node_path_default().resolve(process.argv[1] ?? ""));
    // Every file the main and post steps load: the entry points, the chunks they import (named by
    // the build) and package.json, which makes them modules. Source maps are only read.
    const loaded = (dir) => (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true })
        .filter((entry) => entry.isFile() && !entry.name.endsWith(".map"))
        .map((entry) => external_node_path_default().join(dir, entry.name));
    return [...loaded(dist), ...loaded(external_node_path_default().join(dist, "post")), external_node_path_default().join(dist, "..", "action.yml")];
}
/**
 * The runner user's own git config files, which the job's later git commands read (with their
 * tokens): an agent running as that user could plant a proxy or a URL rewrite there.
 * https://git-scm.com/docs/git-config#FILES
 */
function globalGitConfigFiles() {
    const home = process.env.HOME;
    if (!home)
        return [];
    const xdg = process.env.XDG_CONFIG_HOME || external_node_path_default().join(home, ".config");
    return [external_node_path_default().join(home, ".gitconfig"), external_node_path_default().join(xdg, "git", "config")];
}
function setOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs))
        lib_core/* setOutput */.uH(name, value);
}


/***/ })

};

//# sourceMappingURL=805.index.js.map