export const id = 750;
export const ids = [750];
export const modules = {

/***/ 4750:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  post: () => (/* binding */ post)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var lib_core = __webpack_require__(6421);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/core/errors.ts
/** A bad input value: reported before anything is created. */
class errors_InputError extends (/* unused pure expression or super */ null && (Error)) {
    name = "InputError";
}
/** A failure the user can act on; `hint` says what to do and where the work is. */
class errors_TaskError extends Error {
    hint;
    name = "TaskError";
    constructor(message, hint, options) {
        super(hint ? `${message}. ${hint}` : message, options);
        this.hint = hint;
    }
}
function errors_errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/core/run-command.ts




/** Where system programs (useradd, setpriv, chown) live, whatever PATH the job set. */
const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/**
 * Where `program` is on `searchPath`, as execvp finds it: the first directory, in order, holding an
 * executable file of that name. Only absolute directories count: a relative one would depend on
 * the working directory. The directories are asked at once.
 */
async function run_command_findOnPath(program, searchPath) {
    const files = searchPath
        .split((external_node_path_default()).delimiter)
        .filter((dir) => external_node_path_default().isAbsolute(dir))
        .map((dir) => external_node_path_default().join(dir, program));
    const found = await Promise.all(files.map(run_command_isExecutableFile));
    return files[found.indexOf(true)];
}
/** True for a regular file (or a link to one) that this process may execute. */
async function run_command_isExecutableFile(file) {
    const info = await (0,promises_.stat)(file).catch(() => undefined);
    if (!info?.isFile())
        return false;
    return (0,promises_.access)(file, external_node_fs_.constants.X_OK).then(() => true, () => false);
}
/**
 * Runs a program (git, id, useradd, chown, setpriv …) without a shell and collects its output.
 * Never throws: a program that is missing reports code -1 and the reason in `stderr`.
 */
function run_command_runCommand(argv, options = {}) {
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

// EXTERNAL MODULE: ./node_modules/proper-lockfile/index.js
var proper_lockfile = __webpack_require__(3648);
var proper_lockfile_default = /*#__PURE__*/__webpack_require__.n(proper_lockfile);
;// CONCATENATED MODULE: ./src/core/agent/agent-user.ts






/**
 * Decides how `agent-user` is honoured on this runner. `auto` isolates where it can and says why
 * when it cannot; a named user that cannot be switched to is an error, not a silent downgrade.
 */
function agent_user_planIsolation(setting, facts) {
    if (setting === "none")
        return { kind: "none", reason: "`agent-user` is `none`", chosen: true };
    const name = typeof setting === "object" ? setting.name : undefined;
    const refuse = (reason) => {
        if (name === undefined)
            return { kind: "none", reason, chosen: false };
        throw new TaskError(`cannot run the agent as user \`${name}\`: ${reason}`, "Run the job as root or give the runner's user passwordless sudo, or set `agent-user: auto` or `none`");
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
        return run_command_runCommand(this.wrap(argv, env), { env });
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
        const result = await run_command_runCommand(this.via === "sudo" ? ["sudo", "-n", ...argv] : argv);
        if (result.code !== 0) {
            throw new errors_TaskError(`\`${argv.slice(0, 2).join(" ")}\` failed: ${result.stderr.trim() || result.code}`);
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
    return run_command_findOnPath(program, [SYSTEM_PATH, process.env.PATH ?? ""].join((external_node_path_default()).delimiter));
}
/** Finds out what the runner allows; spawns nothing it does not need. */
async function agent_user_isolationFacts() {
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
async function agent_user_acquireAgentUser(plan) {
    const runnerUid = process.getuid();
    const dir = await privateDir(`agent-task-users-${runnerUid}`);
    const names = plan.name !== undefined
        ? [plan.name]
        : Array.from({ length: MAX_SLOTS }, (_, i) => slotUserName(runnerUid, i + 1));
    for (const name of names) {
        const lockFile = path.join(dir, `${name}.lock`);
        let release;
        try {
            // Keyed by the lock file itself: proper-lockfile keeps one entry per first argument, and
            // two slots held in one process (the CLI, the tests) must not share one.
            release = await lockfile.lock(lockFile, {
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
                throw new TaskError(`user \`${name}\` (agent-user) is running another run's agent`, "agent-task stops an agent by stopping every process of its user, so overlapping runs need users of their own: use `agent-user: auto`");
            }
            continue;
        }
        // Where the program that runs commands as the user is: looked up while the user is.
        const program = systemProgram(plan.via);
        try {
            const identity = (await lookUpUser(name)) ?? (plan.name === undefined ? await createUser(name, plan.via) : undefined);
            if (!identity)
                throw new TaskError(`user \`${name}\` (agent-user) does not exist`, "Create it first");
            if (identity.uid === 0 || identity.uid === runnerUid) {
                throw new TaskError(`user \`${name}\` (agent-user) is ${identity.uid === 0 ? "root" : "the runner's own user"}, which would not isolate the agent`);
            }
            const user = new AgentUser(name, identity.uid, identity.gid, plan.via, { lockFile, ownerFile: path.join(dir, `${name}.holder`), release: () => release().catch(() => { }) }, (await program) ?? plan.via);
            await user.stopAll();
            return user;
        }
        catch (error) {
            await release().catch(() => { });
            throw error;
        }
    }
    throw new TaskError(`all ${MAX_SLOTS} agent users of this runner are busy`);
}
/**
 * The post step of a run whose main step died: the agent user it held, unless another run holds
 * that user now (it then owns whatever runs as it). `holder` is what the dead run recorded.
 */
async function reclaimAgentUser(name, holder, via) {
    const runnerUid = process.getuid();
    const dir = await privateDir(`agent-task-users-${runnerUid}`);
    const ownerFile = external_node_path_default().join(dir, `${name}.holder`);
    const recorded = await (0,promises_.readFile)(ownerFile, "utf8").catch(() => undefined);
    if (recorded !== undefined && recorded !== holder)
        return undefined;
    const identity = await lookUpUser(name);
    if (!identity || identity.uid === 0 || identity.uid === runnerUid)
        return undefined;
    const lockFile = external_node_path_default().join(dir, `${name}.lock`);
    return new AgentUser(name, identity.uid, identity.gid, via, 
    // The dead run cannot release its lock; it is not coming back.
    { lockFile, ownerFile, release: () => (0,promises_.rm)(lockFile, { recursive: true, force: true }) }, (await systemProgram(via)) ?? via);
}
async function lookUpUser(name) {
    // The users agent-task makes are local ones: /etc/passwd answers without a process.
    const local = parsePasswd(await (0,promises_.readFile)("/etc/passwd", "utf8").catch(() => ""), name);
    if (local)
        return local;
    // Others may come from NSS (LDAP, systemd-homed …): id asks all of it.
    const [uid, gid] = await Promise.all([
        run_command_runCommand(["id", "-u", "--", name]),
        run_command_runCommand(["id", "-g", "--", name]),
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
    throw new TaskError(`could not create the user \`${name}\` for the agent: ${last?.stderr.trim() || `exit code ${last?.code}`}`, "Set `agent-user` to an existing unprivileged user, or `none`");
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
        throw new errors_TaskError(`${dir} is not a private directory of the runner's user; remove it`);
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
            throw new TaskError(`cannot run the agent as user \`${user.name}\`: ${reason}`);
        return shared(options, reason, false);
    };
    // Two looks through the user's eyes, taken at once.
    const [unreachableProgram, root] = await Promise.all([
        isolation_findProgram(options.program, options.searchPath).then(async (program) => program && !(await user.canExecute(program)) ? program : undefined),
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
        return userInfo().username;
    }
    catch {
        return String(process.getuid?.() ?? "unknown");
    }
}
/** The absolute file `program` names on `searchPath`, as execvp would find it; undefined if none. */
async function isolation_findProgram(program, searchPath) {
    // A relative path with a slash is relative to the workdir, which does not exist yet.
    if (program.includes("/"))
        return path.isAbsolute(program) && (await isExecutableFile(program)) ? program : undefined;
    return findOnPath(program, searchPath);
}
/**
 * `workspaces-root` when the agent's user can reach it; else a directory of the runner's user in
 * the temp directory (checked to be its own and closed to writers), which every user can reach.
 */
async function reachableRoot(user, workspacesRoot) {
    await mkdir(workspacesRoot, { recursive: true });
    if (await user.canReach(workspacesRoot))
        return workspacesRoot;
    const name = `agent-task-workspaces-${process.getuid()}`;
    for (const base of new Set([tmpdir(), "/tmp"])) {
        const dir = path.join(base, name);
        try {
            await mkdir(dir, { mode: 0o711 }).catch((error) => {
                if (error.code !== "EEXIST")
                    throw error;
            });
            const info = await lstat(dir);
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

const MAX_LINE = (/* unused pure expression or super */ null && (8 * 1024));
/**
 * Turns a byte stream into lines with bounded memory: a line longer than 8 KiB is passed on in
 * pieces (cut between characters, never inside one), so an agent that prints megabytes without
 * a newline costs nothing extra.
 */
class line_splitter_LineSplitter {
    onLine;
    decoder = new StringDecoder("utf8");
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
const STDOUT_TAIL_BYTES = (/* unused pure expression or super */ null && (1024 * 1024));
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
    const log = createWriteStream(options.logFile, { flags: "a" });
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
    const child = spawn(argv[0], argv.slice(1), {
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
                holdUntil(once(log, "drain"));
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/core/secrets.ts
/**
 * What counts as secret, in one place: the token's forms, the variables that carry credentials,
 * and how secrets are hidden in text that leaves the runner.
 */
/**
 * Values shorter than this are not treated as secrets in text: hiding every "ab" would garble
 * reports and logs and protect nothing.
 */
const secrets_MIN_SECRET_LENGTH = 4;
/** The runner's file commands: files a step writes to set outputs, state, variables and PATH. */
const FILE_COMMANDS = [
    "GITHUB_OUTPUT",
    "GITHUB_STATE",
    "GITHUB_ENV",
    "GITHUB_PATH",
    "GITHUB_STEP_SUMMARY",
];
const TOKEN_VARIABLES = ["GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"];
const HARMLESS_ACTIONS_VARIABLES = ["ACTIONS_STEP_DEBUG", "ACTIONS_RUNNER_DEBUG"];
/** HTTP basic credentials for a GitHub token, as git sends them. */
function basicCredentials(token) {
    return Buffer.from(`x-access-token:${token}`).toString("base64");
}
/** The forms in which a GitHub token can appear: itself and as HTTP basic credentials. */
function secrets_secretForms(token) {
    return [token, basicCredentials(token)];
}
/** Variables that carry credentials or let a step write into the job's state. */
function isSecretVariable(name) {
    const key = name.toUpperCase();
    if (key.startsWith("INPUT_") || key.startsWith("STATE_"))
        return true;
    if (key.startsWith("ACTIONS_"))
        return !HARMLESS_ACTIONS_VARIABLES.includes(key);
    return TOKEN_VARIABLES.includes(key) || FILE_COMMANDS.includes(key);
}
/** The host's environment minus the action's secrets: what the action's own commands get. */
function withoutSecrets(hostEnv) {
    const env = {};
    for (const [key, value] of Object.entries(hostEnv)) {
        if (value !== undefined && !isSecretVariable(key))
            env[key] = value;
    }
    return env;
}
/** True when `text` holds any of the secrets. */
function containsSecret(text, secrets) {
    return secrets.some((secret) => secret.length >= secrets_MIN_SECRET_LENGTH && text.includes(secret));
}
/**
 * Names that mark a step variable as a credential (`*_TOKEN`, `*_KEY`, `*_SECRET`,
 * `*PASSWORD*`): the runner masks registered secrets in the job log, but nothing masks them in
 * a comment the action writes.
 */
function looksLikeSecretName(name) {
    return /(_TOKEN|_KEY|_SECRET)$|PASSWORD/i.test(name);
}
/**
 * Every secret value the action knows of: the token's forms, each `agent-env` value (they are
 * the agent's credentials) and the values of the host's variables whose names mark them as
 * secrets.
 */
function knownSecrets(options) {
    const values = [...secrets_secretForms(options.token), ...Object.values(options.agentEnv)];
    for (const [name, value] of Object.entries(options.hostEnv)) {
        if (value !== undefined && looksLikeSecretName(name))
            values.push(value);
    }
    return [...new Set(values.filter((value) => value.length >= secrets_MIN_SECRET_LENGTH))];
}
/**
 * Strings shaped like well-known credentials, hidden even when nobody told the action about
 * them: GitHub tokens (https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/),
 * `sk-…` API keys (OpenAI, Anthropic) and AWS access key ids.
 */
const CREDENTIAL_SHAPES = (/* unused pure expression or super */ null && ([
    /\bgh[pousr]_[A-Za-z0-9]{30,}/g,
    /\bgithub_pat_[A-Za-z0-9_]{30,}/g,
    /\bsk-[A-Za-z0-9_-]{20,}/g,
    /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
]));
const REDACTED = "***";
/**
 * Hides secret values and credential-shaped strings in text that will be shown on GitHub. A
 * secret is also found as JSON escapes it (the status comment carries JSON), and longer secrets
 * go first so that one containing another is hidden whole.
 */
function redact(text, secrets) {
    const forms = new Set();
    for (const secret of secrets) {
        if (secret.length < secrets_MIN_SECRET_LENGTH)
            continue;
        forms.add(secret);
        const json = JSON.stringify(secret).slice(1, -1);
        forms.add(json);
        forms.add(json.replace(/</g, "\\u003c").replace(/>/g, "\\u003e"));
    }
    let result = [...forms]
        .sort((a, b) => b.length - a.length)
        .reduce((current, secret) => current.split(secret).join(REDACTED), text);
    for (const shape of CREDENTIAL_SHAPES)
        result = result.replace(shape, REDACTED);
    return result;
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
    await mkdir(root, { recursive: true });
    const release = await lockfile.lock(root, {
        lockfilePath: path.join(root, OWNER_LOCK),
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
async function checkout_snapshot_snapshotHooks(hooksDir) {
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
    const now = await checkout_snapshot_snapshotHooks(hooksDir);
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
async function checkout_snapshot_snapshotWorktree(git, paths) {
    const dirty = {};
    for (const { file } of await checkout_snapshot_status(git, paths))
        dirty[file] = await fingerprint(path.join(paths.toplevel, file));
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
async function credential_guard_findCredentials(repo, gitDir) {
    let listing;
    try {
        listing = await repo.run(["config", "--local", "--null", "--list"]);
    }
    catch (error) {
        throw new TaskError(`could not read the checkout's git config to hide its persisted credentials from the agent (${error.message.split("\n")[0]})`, "The agent is not started beside credentials that could not be hidden");
    }
    const all = parseConfigListing(listing).map(({ key, value }) => ({ key, value: value ?? "" }));
    const entries = all.filter((entry) => /^http\..*\.extraheader$/i.test(entry.key));
    const files = [];
    for (const entry of all.filter((e) => /^includeif\..*\.path$/i.test(e.key))) {
        const file = path.resolve(gitDir, entry.value);
        const content = await readFile(file).catch(() => undefined);
        if (!content || !/extraheader/i.test(content.toString("latin1")))
            continue;
        entries.push(entry);
        if (!files.some((hidden) => hidden.file === file))
            files.push({ file, content });
    }
    return { entries, files };
}
/** Takes the credentials away: the config entries (by key only, so no value is in an argv) and the files. */
async function credential_guard_removeCredentials(repo, found) {
    for (const key of new Set(found.entries.map((entry) => entry.key))) {
        await repo.run(["config", "--local", "--unset-all", key]);
    }
    for (const hidden of found.files)
        await rm(hidden.file, { force: true });
}
/**
 * True when every credential found was made from `secrets` (this run's token), so that it can be
 * recorded with placeholders and rebuilt from the token; a credential of another token cannot.
 */
function credential_guard_isDerivable(found, secrets) {
    const texts = [
        ...found.entries.map((e) => e.value),
        ...found.files.map((f) => f.content.toString("latin1")),
    ];
    return texts.every((text) => !/extraheader|authorization/i.test(text) || secrets.some((secret) => text.includes(secret)));
}
/** `text` with each secret replaced by its placeholder (latin1 keeps every byte as it was). */
function credential_guard_template(text, secrets) {
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
    const secrets = secretForms(options.token);
    const stateFile = path.join(paths.commonDir, STATE_FILE);
    let original;
    let shared = false;
    await withRepositoryLock(paths.commonDir, async () => {
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
            await rm(stateFile, { force: true });
        }
        // Four reads of what is there now, none of which changes anything: made at once.
        const [found, config, hooks, worktree] = await Promise.all([
            findCredentials(repo, paths.gitDir),
            readConfig(paths.commonDir),
            snapshotHooks(path.join(paths.commonDir, "hooks")),
            options.recordWorktree ? snapshotWorktree(repo, { ...paths, exclude: options.exclude }) : undefined,
        ]);
        const recorded = {
            ...config,
            files: await Promise.all(found.files.map(async ({ file, content }) => ({
                file,
                content: content.toString("latin1"),
                mode: (await stat(file)).mode & 0o777,
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
    return async () => withRepositoryLock(paths.commonDir, async () => {
        if (shared) {
            const state = await readState(stateFile, options.token, logger);
            const others = state ? await liveHolders(state, holder) : [];
            if (state && others.length > 0) {
                await writeState(stateFile, { ...state, holders: others }, options.token);
                return [];
            }
            // This run's record, or what replaced it: either way it goes, and the restore is from memory.
            await rm(stateFile, { force: true });
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
    const stateFile = external_node_path_default().join(paths.commonDir, STATE_FILE);
    return locks_withRepositoryLock(paths.commonDir, async () => {
        const state = await readState(stateFile, options.token, logger);
        if (!state)
            return undefined;
        for (const root of state.holders)
            if (await locks_isWorkspaceLocked(root))
                return undefined;
        const problems = await restoreOriginal(paths, fillOriginal(state.original, secrets_secretForms(options.token)), {
            ...options,
            trustedGitConfig: [],
            worktree: true,
        });
        await (0,promises_.rm)(stateFile, { force: true });
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
    if (!(await hasDotGit(path.resolve(repoPath))))
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
        throw new TaskError(`could not inspect the checkout at ${repoPath} to hide its persisted credentials (${errorMessage(error).split("\n")[0]})`, "The agent is not started beside credentials that could not be hidden");
    }
}
async function hasDotGit(dir) {
    for (let current = dir;; current = path.dirname(current)) {
        if (await lstat(path.join(current, ".git")).catch(() => undefined))
            return true;
        if (path.dirname(current) === current)
            return false;
    }
}
async function readConfig(commonDir) {
    const file = path.join(commonDir, "config");
    return { config: (await readFile(file)).toString("latin1"), configMode: (await stat(file)).mode & 0o777 };
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
        await (0,promises_.writeFile)(file.file, Buffer.from(file.content, "latin1"), { mode: file.mode, flag: "wx" }).catch((error) => problems.push(`${file.file} (${errors_errorMessage(error)})`));
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
        problems.push(`the working tree (${errors_errorMessage(error).split("\n")[0]})`);
    }
    if (problems.length > 0) {
        logger.warning(`The checkout was changed while the agent ran and could not be put back entirely: ${problems.slice(0, 10).join(", ")}. Later steps of the job see these changes`);
    }
    return problems;
}
async function liveHolders(state, self) {
    const live = [];
    for (const root of state.holders)
        if (root !== self && (await isWorkspaceLocked(root)))
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
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, file);
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
            config.push([key, ""], [key, `AUTHORIZATION: basic ${basicCredentials(options.auth.token)}`]);
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
    const result = await run_command_runCommand(argv, { cwd, env, input, signal });
    if (result.code === 0)
        return result.stdout;
    if (result.code === -1 && result.signal === undefined)
        throw new Error(`could not run git: ${result.stderr}`);
    // A push's ref statuses (`--porcelain`) are on stdout: both streams make up git's message.
    const message = [result.stderr.trim(), result.stdout.trim()].filter(Boolean).join("\n");
    const command = argv.slice(1).find((arg) => !arg.startsWith("-"));
    throw new Error(message || `git ${command} failed (${result.signal ?? `exit code ${result.code}`})`);
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

;// CONCATENATED MODULE: ./src/core/workspace/cleanup.ts






/** What the agent's user owns in an environment, and what the run had to hand over to it. */
function agentOwnedPaths(handle) {
    return [handle.workdir, external_node_path_default().join(handle.root, "output"), external_node_path_default().join(handle.root, "home")];
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
    await writeFile(path.join(handle.root, HANDLE_FILE), `${JSON.stringify(record, null, 2)}\n`);
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
    const groups = Array.from({ length: Math.min(availableParallelism(), 4) }, () => []);
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
            for (const entry of await readdir(parent, { withFileTypes: true }).catch(() => [])) {
                const child = path.join(parent, entry.name);
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
    const removed = await run_command_runCommand(["rm", "-rf", "--one-file-system", "--", ...paths]);
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
        logger.warning(`Cleaning up ${workspace.root} failed: ${errorMessage(error)}`);
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
            logger.warning(`Could not remove the stale environment ${root}: ${errorMessage(error)}`);
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
    const names = await readdir(workspacesRoot).catch(() => []);
    // A runner that keeps every run's logs holds many environments: each is looked at once, all at once.
    const found = await Promise.all(names.sort().map(async (name) => {
        const root = path.join(workspacesRoot, name);
        const info = await stat(root).catch(() => undefined);
        if (!info?.isDirectory() || (await isWorkspaceLocked(root)))
            return undefined;
        const recorded = await readFile(path.join(root, HANDLE_FILE), "utf8")
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
            workdir: path.join(root, "workdir"),
            taskId: name,
        };
    }));
    return found.filter((handle) => handle !== undefined);
}

;// CONCATENATED MODULE: ./src/core/workspace/directory-snapshot.ts



/** Reads a directory tree into a snapshot; `ignore` names top-level entries to leave out. */
async function directory_snapshot_snapshotDirectory(root, ignore = []) {
    const snapshot = new Map();
    const walk = async (dir) => {
        const entries = await readdir(dir, { withFileTypes: true });
        await Promise.all(entries.map(async (entry) => {
            const full = path.join(dir, entry.name);
            const relative = path.relative(root, full).split(path.sep).join("/");
            if (dir === root && ignore.includes(entry.name))
                return;
            if (entry.isDirectory())
                return walk(full);
            if (entry.isSymbolicLink())
                snapshot.set(relative, `link:${await readlink(full)}`);
            else if (entry.isFile()) {
                // The executable bit counts, as it does for git.
                const executable = ((await stat(full)).mode & 0o111) !== 0 ? "x:" : "";
                snapshot.set(relative, executable + hash(await readFile(full)));
            }
        }));
    };
    await walk(root);
    return snapshot;
}
function directory_snapshot_diffSnapshots(before, after) {
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
    return createHash("sha256").update(content).digest("hex");
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
    await copyFile(from, to);
    const { atime, mtimeMs } = await stat(from);
    await utimes(to, atime, new Date(Math.floor(mtimeMs) - RACY_MARGIN_MS));
}
/**
 * Dates an index past its files: to the next whole second. An entry whose file was written in the
 * same second as the index was is "racy" to git, which reads the file again at every later
 * command that reads and writes the index; for a fresh checkout that is most of its files. Only
 * for an index whose entries are known to match their files: one `git add --all` has just brought
 * up to date (before the commit's write-tree writes it again), or the agent's start index, whose
 * doubtful entries are checked again (see IndexRecheck).
 */
async function index_copy_markIndexChecked(indexFile, now = Date.now()) {
    const nextSecond = new Date((Math.floor(now / 1000) + 1) * 1000);
    await utimes(indexFile, nextSecond, nextSecond);
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
async function index_copy_forgetStatData(repo, indexFile, files) {
    const entries = await entriesOf(repo, files);
    if (!entries)
        return [];
    await index_copy_markIndexChecked(indexFile);
    // --index-info reads what ls-files --stage prints: the entry again, without stat data.
    await repo.run(["update-index", "-z", "--index-info"], { input: entries });
    await index_copy_markIndexChecked(indexFile);
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

;// CONCATENATED MODULE: ./src/core/workspace/replace-file.ts

/**
 * Writes a file of the action's where the agent could have been (`output/`, a guarded file):
 * whatever is under that name goes first, and the new file is created exclusively, so a symlink
 * the agent planted there never redirects the write.
 */
async function replace_file_replaceFile(file, data, mode) {
    await rm(file, { force: true, recursive: true });
    await writeFile(file, data, { flag: "wx", mode });
    if (mode !== undefined)
        await chmod(file, mode);
}

;// CONCATENATED MODULE: ./src/core/publish/commit-identity.ts
/** Who the action commits as: the Actions bot, like other actions that commit for a workflow. */
const COMMIT_IDENTITY = {
    name: "github-actions[bot]",
    email: "41898282+github-actions[bot]@users.noreply.github.com",
};
/** `-c` options that make git commit (and rebase) as COMMIT_IDENTITY, whatever the config says. */
function commit_identity_identityOptions() {
    return ["-c", `user.name=${COMMIT_IDENTITY.name}`, "-c", `user.email=${COMMIT_IDENTITY.email}`];
}
/**
 * Commits what the index holds on top of `parent`, as COMMIT_IDENTITY, and returns the commit:
 * write-tree and commit-tree read no file of the work tree and run no hook.
 */
async function commit_identity_commitIndex(git, parent, message) {
    const tree = (await git.run(["write-tree"])).trim();
    return (await git.run([...commit_identity_identityOptions(), "commit-tree", tree, "-p", parent, "-m", message])).trim();
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
const MAX_FILE_BYTES = (/* unused pure expression or super */ null && (100 * 1024 * 1024));
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
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(linkPath), target));
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
function hold_back_parseRawChanges(output) {
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
async function hold_back_readRunHistory(git, startSha, headSha, 
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
async function hold_back_holdBack(env, git, options, headSha, 
/** `git diff --raw` from startSha to headSha, which the changes were collected from. */
runDiff, 
/** What readRunHistory read of startSha..headSha, when it was started earlier. */
read = hold_back_readRunHistory(git, env.startSha, headSha)) {
    const { logger } = options;
    const { base, history, largeBlobs } = await read;
    const changes = base === env.startSha
        ? runDiff
        : hold_back_parseRawChanges(await git.run(["diff", "--raw", "-z", "--no-renames", "--no-abbrev", base, headSha]));
    const touched = hold_back_parseRawChanges(history);
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
            heldBack.patchFile = path.join(env.outputDir, "held-back.patch");
            const pathspecs = held.workflowFiles.map((file) => `:(literal)${file}`);
            await writeFile(heldBack.patchFile, await git.run(["diff", "--binary", "--no-renames", base, headSha, "--", ...pathspecs]));
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
async function replay_replayCommits(worktree, onto, from, head) {
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
async function replay_isAncestor(git, ancestor, commit) {
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
        git.tryRun(["cat-file", "-e", `HEAD:${CONTEXT_DIR_NAME}`]).then((found) => found !== undefined),
    ]);
    const lines = (text) => text.split("\n").filter((line) => line.trim()).length;
    let staged = lines(added);
    if (contextTracked || added.split("\n").some((line) => line.startsWith(`add '${CONTEXT_DIR_NAME}/`))) {
        await git.run(["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", CONTEXT_DIR_NAME]);
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
    const patchFile = path.join(env.outputDir, "changes.patch");
    await rm(patchFile, { force: true });
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
        await Promise.all([rm(patchFile, { force: true }), history?.catch(() => { })]);
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
        git.run(["log", "--format=%H", `${env.startSha}..HEAD`, "--", CONTEXT_DIR_NAME]),
        git.run(["rev-parse", "HEAD"]),
    ]);
    if (!leaked.trim())
        return head.trim();
    logger.warning(`The agent committed ${CONTEXT_DIR_NAME}/; squashing its commits without it`);
    await git.run(["reset", "--soft", env.startSha]);
    await git.run(["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", CONTEXT_DIR_NAME]);
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
        await utimes(indexFile, recheck.racyFrom, recheck.racyFrom);
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
    await worktree.run(["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "--", naming_CONTEXT_DIR_NAME]);
    const names = (await worktree.run(["diff", "--no-ext-diff", "--cached", "--name-only", "--no-renames", startSha])).trim();
    if (!names)
        return 0;
    await (0,promises_.rm)(patchFile, { force: true });
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
    const files = diffSnapshots(env.before, await snapshotDirectory(env.workdir, [CONTEXT_DIR_NAME]));
    const count = files.added.length + files.modified.length + files.deleted.length;
    await replaceFile(path.join(env.outputDir, "changes.json"), `${JSON.stringify(files, null, 2)}\n`);
    return { files, count };
}

;// CONCATENATED MODULE: ./src/core/workspace/recover-work.ts





/**
 * For a workspace whose run was killed before it finished (the runner's SIGKILL after a cancel),
 * once the agent's processes are stopped and its files taken back: saves the agent's work as
 * `output/changes.patch`. The agent may have changed files that exist nowhere else, so the
 * workspace is kept whenever there is work, or whenever it cannot be told whether there is.
 *
 * git never runs in the agent's repository: the workdir is read as files through the action's
 * prepared repository (which holds the commit the agent started from), with a fresh index and
 * the pinned configuration, so nothing the agent wrote there steers the action's git.
 */
async function recoverUnsavedWork(handle, git, logger) {
    const outputDir = external_node_path_default().join(handle.root, "output");
    if (!(await exists(handle.workdir)))
        return { keep: false };
    const preparedRepo = external_node_path_default().join(handle.root, "git", "prepared.git");
    if (handle.mode === "directory" || !handle.startSha || !(await exists(preparedRepo))) {
        // Without a record of the files before the run, any run of the agent may have changed them.
        const agentRan = await exists(external_node_path_default().join(handle.root, "logs", "sessions.log"));
        return agentRan ? { keep: true, where: handle.workdir } : { keep: false };
    }
    const patchFile = external_node_path_default().join(outputDir, "changes.patch");
    const indexDir = await (0,promises_.mkdtemp)(external_node_path_default().join(handle.root, "git", "recover-"));
    try {
        const repo = git.scoped(pinnedScope({ gitDir: preparedRepo, workTree: handle.workdir, indexFile: external_node_path_default().join(indexDir, "index") }, []));
        await repo.run(["read-tree", handle.startSha]);
        const files = await saveWorkAsPatch(repo, handle.startSha, patchFile);
        return files > 0 ? { keep: true, where: patchFile } : { keep: false };
    }
    catch (error) {
        logger.warning(`Could not save the agent's work as a patch: ${errors_errorMessage(error)}`);
        return { keep: true, where: handle.workdir };
    }
    finally {
        await (0,promises_.rm)(indexDir, { recursive: true, force: true });
    }
}
async function exists(file) {
    return (await (0,promises_.stat)(file).catch(() => undefined)) !== undefined;
}

;// CONCATENATED MODULE: ./src/core/action-inputs.generated.ts
// Generated from action.yml by `npm run contract` (scripts/contract.ts). Do not edit: change
// action.yml and run the command again; test/docs/contract.test.ts fails while they differ.
/** Every input of action.yml, by name, in the file's order. */
const action_inputs_generated_ACTION_INPUTS = {
    "github-token": {
        name: "github-token",
        default: "${{ github.token }}",
        description: "Token for the API and the push. Never visible to the agent.",
        required: false,
    },
    agent: {
        name: "agent",
        default: "custom",
        description: "Agent preset: `claude`, `codex`, `gemini` or `custom`.",
        required: false,
    },
    "agent-command": {
        name: "agent-command",
        default: "",
        description: "Command line of the agent. Required for `custom`; with a preset it replaces only the preset's program (e.g. `npx -y @openai/codex@0.169.0`) and the preset's flags follow. Split into arguments with shell-like quoting and run without a shell.",
        required: false,
    },
    "agent-args": {
        name: "agent-args",
        default: "",
        description: "Extra arguments appended to the agent's command (shell-like quoting).",
        required: false,
    },
    "agent-env": {
        name: "agent-env",
        default: "",
        description: "`KEY=VALUE` lines added to the agent's environment, e.g. API keys from secrets. Values are masked in logs.",
        required: false,
    },
    model: {
        name: "model",
        default: "",
        description: "Model name passed to the preset (`--model` / `-m`).",
        required: false,
    },
    prompt: {
        name: "prompt",
        default: "",
        description: "Extra instructions for the agent, appended to the default prompt and written into the context file.",
        required: false,
    },
    "issue-number": {
        name: "issue-number",
        default: "",
        description: "The issue to work on. Taken from the event when empty; required for `workflow_dispatch`.",
        required: false,
    },
    "trigger-label": {
        name: "trigger-label",
        default: "agent",
        description: "On `issues`/`labeled`, run only when the label just added has this name; otherwise the outcome is `skipped`.",
        required: false,
    },
    "base-branch": {
        name: "base-branch",
        default: "",
        description: "Base of the agent branch and of the pull request. Empty means the repository's default branch.",
        required: false,
    },
    "branch-prefix": {
        name: "branch-prefix",
        default: "agent/",
        description: "The agent branch is `{branch-prefix}{agent}/issue-{N}`.",
        required: false,
    },
    mode: {
        name: "mode",
        default: "auto",
        description: "worktree, directory, or auto: a worktree when repo-path is in a git checkout, a plain directory when it is a non-empty folder outside git (logged); a missing or empty repo-path (no actions/checkout) or a git error fails the step before anything is created.",
        required: false,
    },
    "repo-path": {
        name: "repo-path",
        default: "${{ github.workspace }}",
        description: "The checkout the worktree is made from.",
        required: false,
    },
    "workspaces-root": {
        name: "workspaces-root",
        default: "${{ runner.temp }}/agent_workspaces",
        description: "Where workspaces are created.",
        required: false,
    },
    "timeout-minutes": {
        name: "timeout-minutes",
        default: "120",
        description: "Wall-clock limit of the agent in minutes (decimals allowed), enforced by the action: on expiry the agent's whole process group gets SIGTERM, then SIGKILL after `kill-grace-seconds`.",
        required: false,
    },
    "kill-grace-seconds": {
        name: "kill-grace-seconds",
        default: "30",
        description: "Seconds between SIGTERM and SIGKILL to the agent's processes when the timeout expires.",
        required: false,
    },
    "keep-env": {
        name: "keep-env",
        default: "on-failure",
        description: "What is kept of the environment: `never`, `logs` (remove `workdir/`, keep `output/` and `logs/`), `on-failure` (keep all when the run failed, else as `logs`), `always`.",
        required: false,
    },
    "on-agent-failure": {
        name: "on-agent-failure",
        default: "draft-pr",
        description: "What happens to the changes of an agent that failed or timed out: `draft-pr`, `branch` (push, no pull request), `discard` (nothing pushed; the patch is kept in `output/`).",
        required: false,
    },
    draft: {
        name: "draft",
        default: "false",
        description: "Open pull requests as drafts even on success.",
        required: false,
    },
    "pr-labels": {
        name: "pr-labels",
        default: "",
        description: "Comma or newline separated labels added to the pull request.",
        required: false,
    },
    comment: {
        name: "comment",
        default: "true",
        description: "Keep one status comment on the issue.",
        required: false,
    },
    "dry-run": {
        name: "dry-run",
        default: "false",
        description: "Do everything except push, pull request and comments.",
        required: false,
    },
    restart: {
        name: "restart",
        default: "false",
        description: "On a re-run, start again from the base instead of continuing the existing agent branch.",
        required: false,
    },
    "on-conflict": {
        name: "on-conflict",
        default: "skip",
        description: "When another live run holds this issue's lease: `skip`, `fail` or `takeover`.",
        required: false,
    },
    "heartbeat-seconds": {
        name: "heartbeat-seconds",
        default: "60",
        description: "How often a running run renews its lease and refreshes its status comment.",
        required: false,
    },
    "stale-env-hours": {
        name: "stale-env-hours",
        default: "72",
        description: "At start, workspaces under `workspaces-root` older than this many hours whose run is gone are removed (self-hosted runners keep their disks). `0` turns this off.",
        required: false,
    },
    "directory-max-mb": {
        name: "directory-max-mb",
        default: "200",
        description: "In directory mode the agent works in a copy of repo-path; the run fails before copying when repo-path holds more than this many megabytes (from a git checkout only the files git tracks or would add are counted and copied, so node_modules and other ignored files stay behind). 0 turns the limit off.",
        required: false,
    },
    "required-permission": {
        name: "required-permission",
        default: "write",
        description: "The least role the actor who triggered the run must hold on the repository: `triage`, `write`, `maintain` or `admin`. Below it the run is `skipped`.",
        required: false,
    },
    "allowed-bots": {
        name: "allowed-bots",
        default: "",
        description: "Comma or newline separated exact logins of Bot accounts that may trigger runs (e.g. `my-app[bot]`); other bots are `skipped`. Wildcards are not accepted.",
        required: false,
    },
    "allow-workflow-changes": {
        name: "allow-workflow-changes",
        default: "false",
        description: "Push the agent's changes under `.github/workflows/` (the token then needs the `workflows` permission). Otherwise they are held back and saved as a patch in `output/`.",
        required: false,
    },
    "context-max-kib": {
        name: "context-max-kib",
        default: "256",
        description: "Size limit of `.agent_context/issue_context.md` in KiB; longer issue text is cut with a visible marker.",
        required: false,
    },
    "agent-user": {
        name: "agent-user",
        default: "auto",
        description: "OS user the agent runs as: auto (an isolated unprivileged user where the runner allows it, else the runner's user with a warning), none (the runner's user), or a user name.",
        required: false,
    },
};
/** Every output of action.yml, by name, in the file's order. */
const ACTION_OUTPUTS = {
    outcome: {
        name: "outcome",
        description: "How the run ended: `pr-opened`, `pr-updated`, `no-changes`, `completed`, `canceled`, `agent-failed`, `timed-out` or `skipped`.",
    },
    branch: {
        name: "branch",
        description: "The agent branch pushed (empty in directory mode or when nothing was pushed).",
    },
    "pr-number": {
        name: "pr-number",
        description: "Number of the pull request opened or updated.",
    },
    "pr-url": {
        name: "pr-url",
        description: "URL of the pull request opened or updated.",
    },
    "head-sha": {
        name: "head-sha",
        description: "The commit pushed.",
    },
    "changed-files": {
        name: "changed-files",
        description: "Number of files added, modified or deleted by the agent.",
    },
    "exit-code": {
        name: "exit-code",
        description: "The agent's exit code; `-1` when it could not be started; empty when it never ran.",
    },
    "env-dir": {
        name: "env-dir",
        description: "The workspace root when it was kept (wholly, or its `output/` and `logs/`), else empty.",
    },
    "agent-summary": {
        name: "agent-summary",
        description: "The agent's final message when its CLI reports one (truncated), else empty.",
    },
};

;// CONCATENATED MODULE: ./src/core/settings.ts



/** Every input of action.yml, by the name the code uses. The one table that must match action.yml. */
const settings_INPUTS = {
    githubToken: "github-token",
    agent: "agent",
    agentCommand: "agent-command",
    agentArgs: "agent-args",
    agentEnv: "agent-env",
    model: "model",
    prompt: "prompt",
    issueNumber: "issue-number",
    triggerLabel: "trigger-label",
    baseBranch: "base-branch",
    branchPrefix: "branch-prefix",
    mode: "mode",
    repoPath: "repo-path",
    workspacesRoot: "workspaces-root",
    timeoutMinutes: "timeout-minutes",
    killGraceSeconds: "kill-grace-seconds",
    keepWorkspace: "keep-env",
    onAgentFailure: "on-agent-failure",
    draft: "draft",
    prLabels: "pr-labels",
    comment: "comment",
    dryRun: "dry-run",
    restart: "restart",
    onConflict: "on-conflict",
    heartbeatSeconds: "heartbeat-seconds",
    staleEnvHours: "stale-env-hours",
    agentUser: "agent-user",
    directoryMaxMb: "directory-max-mb",
    requiredPermission: "required-permission",
    allowedBots: "allowed-bots",
    allowWorkflowChanges: "allow-workflow-changes",
    contextMaxKib: "context-max-kib",
};
const AGENT_PRESETS = (/* unused pure expression or super */ null && (["claude", "codex", "gemini", "custom"]));
const MODES = (/* unused pure expression or super */ null && (["auto", "worktree", "directory"]));
const KEEP_WORKSPACE = (/* unused pure expression or super */ null && (["never", "logs", "on-failure", "always"]));
const ON_AGENT_FAILURE = (/* unused pure expression or super */ null && (["draft-pr", "branch", "discard"]));
const ON_CONFLICT = (/* unused pure expression or super */ null && (["skip", "fail", "takeover"]));
/** The roles `required-permission` accepts, weakest first; `read` is not one: anyone may read. */
const REQUIRED_PERMISSIONS = (/* unused pure expression or super */ null && (["triage", "write", "maintain", "admin"]));
/** Inputs whose action.yml default is an expression the host fills in (the token, the paths). */
const HOST_FILLED = new Set(["githubToken", "repoPath", "workspacesRoot"]);
/** An input's default, read from action.yml (through the generated module): there is no other copy. */
function defaultOf(key) {
    return HOST_FILLED.has(key) ? "" : ACTION_INPUTS[settings_INPUTS[key]].default;
}
/**
 * Validates raw input strings and returns typed settings. Throws an InputError naming the input
 * and the accepted values on the first bad one, before anything is created. A run without GitHub
 * (the CLI's local runs) passes `requireToken: false`.
 */
function settings_parseSettings(raw, options = {}) {
    const value = (key) => (raw[key] ?? defaultOf(key)).trim();
    const agent = oneOf("agent", value("agent"), AGENT_PRESETS);
    const agentCommand = value("agentCommand")
        ? parseCommand("agentCommand", value("agentCommand"))
        : undefined;
    if (agent === "custom" && !agentCommand) {
        throw new InputError(`input \`${settings_INPUTS.agentCommand}\` is required when \`agent\` is \`custom\`; set it to the command line of your agent, or choose a preset: ${AGENT_PRESETS.filter((p) => p !== "custom").join(", ")}`);
    }
    const token = value("githubToken");
    if (!token && options.requireToken !== false) {
        throw new InputError(`input \`${settings_INPUTS.githubToken}\` is empty; pass a token with contents: write, pull-requests: write and issues: write (the default is \`\${{ github.token }}\`)`);
    }
    const branchPrefix = raw.branchPrefix ?? defaultOf("branchPrefix");
    checkBranchPrefix(branchPrefix);
    const baseBranch = value("baseBranch") || undefined;
    if (baseBranch !== undefined)
        checkRefName("baseBranch", baseBranch);
    const repoPath = value("repoPath");
    if (!repoPath)
        throw new InputError(`input \`${settings_INPUTS.repoPath}\` is empty; give the path of the checkout`);
    const workspacesRoot = value("workspacesRoot");
    if (!workspacesRoot) {
        throw new InputError(`input \`${settings_INPUTS.workspacesRoot}\` is empty; give a directory for the environments`);
    }
    return {
        token,
        agent,
        agentCommand,
        agentArgs: value("agentArgs") ? parseCommand("agentArgs", value("agentArgs")) : [],
        agentEnv: parseEnvLines(raw.agentEnv ?? ""),
        model: value("model"),
        prompt: raw.prompt?.trim() ?? "",
        issueNumber: value("issueNumber") ? positiveInteger("issueNumber", value("issueNumber")) : undefined,
        triggerLabel: value("triggerLabel"),
        baseBranch,
        branchPrefix,
        mode: oneOf("mode", value("mode"), MODES),
        repoPath,
        workspacesRoot,
        timeoutMs: duration("timeoutMinutes", positiveNumber("timeoutMinutes", value("timeoutMinutes"), "minutes"), 60_000),
        killGraceMs: duration("killGraceSeconds", nonNegativeNumber("killGraceSeconds", value("killGraceSeconds"), "seconds"), 1000),
        keepWorkspace: oneOf("keepWorkspace", value("keepWorkspace"), KEEP_WORKSPACE),
        onAgentFailure: oneOf("onAgentFailure", value("onAgentFailure"), ON_AGENT_FAILURE),
        draft: bool("draft", value("draft")),
        prLabels: splitList(value("prLabels")),
        comment: bool("comment", value("comment")),
        dryRun: bool("dryRun", value("dryRun")),
        restart: bool("restart", value("restart")),
        onConflict: oneOf("onConflict", value("onConflict"), ON_CONFLICT),
        heartbeatMs: duration("heartbeatSeconds", positiveNumber("heartbeatSeconds", value("heartbeatSeconds"), "seconds"), 1000),
        staleEnvMs: nonNegativeNumber("staleEnvHours", value("staleEnvHours"), "hours") * 3_600_000,
        agentUser: agentUser(value("agentUser")),
        directoryMaxBytes: Math.round(nonNegativeNumber("directoryMaxMb", value("directoryMaxMb"), "megabytes") * 1024 * 1024),
        requiredPermission: oneOf("requiredPermission", value("requiredPermission"), REQUIRED_PERMISSIONS),
        allowedBots: botLogins(value("allowedBots")),
        allowWorkflowChanges: bool("allowWorkflowChanges", value("allowWorkflowChanges")),
        contextMaxBytes: wholeKib("contextMaxKib", value("contextMaxKib")) * 1024,
    };
}
function agentUser(raw) {
    if (raw === "auto" || raw === "none")
        return raw;
    // The portable user name set (POSIX), as useradd accepts it; root would undo the isolation.
    if (/^[a-z_][a-z0-9_-]{0,31}$/.test(raw) && raw !== "root")
        return { name: raw };
    throw new InputError(`input ${settings_name("agentUser")} must be auto, none, or the name of an unprivileged user (lower-case letters, digits, _ and -); got \`${raw}\``);
}
function settings_name(key) {
    return `\`${settings_INPUTS[key]}\``;
}
function oneOf(key, raw, accepted) {
    if (accepted.includes(raw))
        return raw;
    throw new InputError(`input ${settings_name(key)} must be one of ${accepted.join(", ")}; got \`${raw}\``);
}
function bool(key, raw) {
    // The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
    if (["true", "True", "TRUE"].includes(raw))
        return true;
    if (["false", "False", "FALSE"].includes(raw))
        return false;
    throw new InputError(`input ${settings_name(key)} must be true or false; got \`${raw}\``);
}
function positiveNumber(key, raw, unit) {
    const n = decimal(raw);
    if (n === undefined || n <= 0) {
        throw new InputError(`input ${settings_name(key)} must be a positive number of ${unit}; got \`${raw}\``);
    }
    return n;
}
function nonNegativeNumber(key, raw, unit) {
    const n = decimal(raw);
    if (n === undefined || n < 0) {
        throw new InputError(`input ${settings_name(key)} must be zero or a positive number of ${unit}; got \`${raw}\``);
    }
    return n;
}
/**
 * Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer delay would fire at once.
 * https://nodejs.org/api/timers.html#settimeoutcallback-delay-args
 */
const MAX_DURATION_MS = (/* unused pure expression or super */ null && (2 ** 31 - 1));
function duration(key, amount, unitMs) {
    const ms = Math.round(amount * unitMs);
    if (ms > MAX_DURATION_MS) {
        throw new InputError(`input ${settings_name(key)} is too large: at most ${Math.floor(MAX_DURATION_MS / unitMs)} (24 days); got \`${amount}\``);
    }
    return ms;
}
function decimal(raw) {
    if (!/^[+]?(\d+(\.\d*)?|\.\d+)$/.test(raw))
        return undefined;
    const n = Number(raw);
    return Number.isFinite(n) ? n : undefined;
}
function positiveInteger(key, raw) {
    const text = raw.replace(/^#/, "");
    if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
        throw new InputError(`input ${settings_name(key)} must be an issue number such as 42; got \`${raw}\``);
    }
    return Number(text);
}
function parseCommand(key, raw) {
    try {
        const argv = splitCommandLine(raw);
        if (argv.length === 0)
            throw new Error("it holds no command");
        return argv;
    }
    catch (error) {
        throw new InputError(`input ${settings_name(key)} cannot be parsed: ${error.message}`);
    }
}
/** `KEY=VALUE` lines; blank lines and `#` comments are ignored. */
function parseEnvLines(raw) {
    const env = {};
    for (const [index, line] of raw.split(/\r?\n/).entries()) {
        const text = line.trim();
        if (!text || text.startsWith("#"))
            continue;
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text);
        if (!match) {
            throw new InputError(`input ${settings_name("agentEnv")} line ${index + 1} must be KEY=VALUE with KEY made of letters, digits and _; got \`${text.split("=")[0]}=…\``);
        }
        env[match[1]] = match[2];
    }
    return env;
}
/** Logins only: a wildcard would let any bot, including ones anybody can install, start runs. */
function botLogins(raw) {
    const logins = splitList(raw);
    const wildcard = logins.find((login) => /[*?]/.test(login));
    if (wildcard !== undefined) {
        throw new InputError(`input ${settings_name("allowedBots")} takes exact bot logins such as \`dependabot[bot]\`, not patterns; got \`${wildcard}\``);
    }
    return logins;
}
/** The context file needs room for its fixed sections; below 4 KiB the issue would not fit at all. */
const MIN_CONTEXT_KIB = 4;
function wholeKib(key, raw) {
    const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < MIN_CONTEXT_KIB || n > 1024 * 1024) {
        throw new InputError(`input ${settings_name(key)} must be a whole number of KiB from ${MIN_CONTEXT_KIB} to 1048576; got \`${raw}\``);
    }
    return n;
}
function splitList(raw) {
    return raw
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter(Boolean);
}
function checkBranchPrefix(prefix) {
    // The prefix is followed by "{agent}/issue-{N}", so it is checked as the start of a ref name.
    if (prefix !== "" && !isValidRefName(`${prefix}x`)) {
        throw new InputError(`input ${settings_name("branchPrefix")} must be the start of a valid git branch name (no spaces, "..", "~", "^", ":", "?", "*", "[", "\\" or leading "/"); got \`${prefix}\``);
    }
}
function checkRefName(key, ref) {
    if (!isValidRefName(ref)) {
        throw new InputError(`input ${settings_name(key)} must be a valid git branch name; got \`${ref}\``);
    }
}
/** The rules of `git check-ref-format --branch`, without running git. */
function isValidRefName(ref) {
    if (!ref || ref.startsWith("/") || ref.endsWith("/") || ref.endsWith(".") || ref.startsWith("-"))
        return false;
    if (ref.includes("..") || ref.includes("//") || ref.includes("@{") || ref === "@" || ref === "HEAD")
        return false;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what git forbids
    if (/[\x00-\x20\x7f~^:?*[\\]/.test(ref))
        return false;
    return ref.split("/").every((part) => !part.startsWith(".") && !part.endsWith(".lock"));
}

;// CONCATENATED MODULE: ./src/action/runner-commands.ts




// The few runner commands the start of the main step needs, without @actions/core: with its HTTP
// client it is a megabyte of code to parse, which a run skipped by its label must not wait for.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
/** An input as the runner passes it (`INPUT_<NAME>`, spaces as `_`), untrimmed; "" when unset. */
function getInput(name) {
    return process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "";
}
/** Every input of action.yml that was given, raw (parseSettings trims and validates them). */
function runner_commands_readRawInputs() {
    const raw = {};
    for (const [key, name] of Object.entries(INPUTS)) {
        const value = getInput(name);
        if (value !== "")
            raw[key] = value;
    }
    return raw;
}
/**
 * Sets outputs through the `GITHUB_OUTPUT` file, each value between delimiters no value can hold.
 * False when the runner gave no such file.
 */
function writeOutputs(outputs) {
    const file = process.env.GITHUB_OUTPUT;
    if (!file)
        return false;
    let text = "";
    for (const [name, value] of Object.entries(outputs)) {
        const delimiter = `ghadelimiter_${randomUUID()}`;
        text += `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
    }
    appendFileSync(file, text, "utf8");
    return true;
}
/**
 * The runner reads `::command::` at a line's start and the legacy `##[command]` anywhere.
 * https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions#stopping-and-starting-workflow-commands
 */
function looksLikeCommand(text) {
    return text.split(/\r?\n|\r/).some((line) => line.trimStart().startsWith("::") || line.includes("##["));
}
/** Writes text to the job log so that nothing in it is a command: inside a one-off stop-commands block when needed. */
function writeInert(text) {
    if (!looksLikeCommand(text)) {
        process.stdout.write(`${text}\n`);
        return;
    }
    const token = randomUUID();
    process.stdout.write(`::stop-commands::${token}\n${text}\n::${token}::\n`);
}

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
        if (openToken || !looksLikeCommand(text))
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

;// CONCATENATED MODULE: ./src/action/inputs.ts




/** The one place that reads the action's inputs: each one raw, then validated together. */
function getSettings() {
    // Untrimmed: `prompt` and `agent-env` keep their inner layout; parseSettings trims.
    const settings = parseSettings(readRawInputs());
    // Masked before anything could print them: the token and every agent-env value.
    core.setSecret(settings.token);
    for (const value of Object.values(settings.agentEnv))
        if (value.length >= MIN_SECRET_LENGTH)
            core.setSecret(value);
    return settings;
}
/** The token alone, for the post step, which needs nothing else; masked at once. */
function getToken() {
    const token = lib_core/* getInput */.V4(settings_INPUTS.githubToken);
    if (token)
        lib_core/* setSecret */.Pq(token);
    return token;
}

// EXTERNAL MODULE: ./src/action/state.ts
var state = __webpack_require__(3175);
;// CONCATENATED MODULE: ./src/action/post.ts
















/**
 * The post step (post-if: always()): when main did not get to clean up (it crashed, or the runner
 * killed it after a cancel), the agent's leftover processes are stopped, its work is saved as a
 * patch and the environment kept whatever `keep-env` says; with no work to save, the environment
 * is treated as a failed run's and kept per `keep-env`. It never fails the job: problems are warnings.
 */
async function post() {
    try {
        const saved = lib_core/* getState */.Gu(state/* STATE */.c.environment);
        if (!saved || lib_core/* getState */.Gu(state/* STATE */.c.cleanedUp) === "true")
            return;
        const handle = JSON.parse(saved);
        const git = new Git(handle.root, withoutSecrets(process.env));
        const logger = createActionLogger();
        // Main died while its agent may still run: every process of the agent's user goes, and its
        // files come back to the runner's user (unless another run holds that user by now).
        if (handle.agentUser) {
            const user = await reclaimAgentUser(handle.agentUser.name, handle.root, handle.agentUser.via);
            if (user) {
                const survivors = await user.stopAll();
                if (survivors.length > 0)
                    lib_core/* warning */.$e(`Processes of the agent's user survived: ${survivors.join(", ")}`);
                await user
                    .takeBack(agentOwnedPaths(handle))
                    .catch((error) => lib_core/* warning */.$e(`Could not take the agent's files back: ${errors_errorMessage(error)}`));
                await user.release();
            }
        }
        else {
            await killMarkedProcesses({ name: AGENT_MARKER, value: external_node_path_default().join(handle.root, "output") });
        }
        // Main was killed (the runner's SIGKILL after a cancel), not its agent: with the agent's
        // processes stopped and its files back, its work is saved before keep-env applies.
        const recovered = await recoverUnsavedWork(handle, git, logger);
        // Main died before putting the checkout back: its lock is removed (it is not coming back),
        // and the checkout is restored unless another live run still holds it.
        if (handle.checkout) {
            const token = getToken();
            if (token) {
                lib_core/* setSecret */.Pq(token);
                await (0,promises_.rm)(external_node_path_default().join(handle.root, OWNER_LOCK), { recursive: true, force: true });
                await restoreAbandonedCheckout({
                    paths: handle.checkout,
                    token,
                    git,
                    exclude: [external_node_path_default().dirname(handle.root)],
                    logger,
                }).catch((error) => lib_core/* warning */.$e(`Could not restore the checkout: ${errors_errorMessage(error)}`));
            }
        }
        const keepWorkspace = (lib_core/* getState */.Gu(state/* STATE */.c.keepWorkspace) || "on-failure");
        // The outcome is unknown, so the run counts as failed: on-failure keeps everything; and work
        // that exists only here is kept whatever keep-env says.
        const work = recovered.keep ? "at-risk" : "none";
        const retention = decideRetention({ keepWorkspace, outcome: "agent-failed", work });
        if (recovered.keep) {
            lib_core/* warning */.$e(`The main step was stopped before it finished. The agent's work is saved: ${recovered.where} (workspace kept at ${handle.root}, whatever keep-env says)`);
        }
        else {
            logger.info(`The main step did not finish its cleanup; applying keep-env: ${keepWorkspace}`);
        }
        await cleanUpWorkspace(handle, retention, logger);
    }
    catch (error) {
        lib_core/* warning */.$e(`agent-task post step: ${errors_errorMessage(error)}`);
    }
}


/***/ })

};

//# sourceMappingURL=750.index.js.map