import { readdirSync, readFileSync } from "node:fs";
import { lstat, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import lockfile from "proper-lockfile";
import { TaskError } from "../errors.js";
import { type CommandResult, findOnPath, runCommand, SYSTEM_PATH } from "../run-command.js";
import type { AgentUserSetting } from "../settings.js";

/**
 * The agent runs as a user of its own, so the kernel keeps it away from the action: another uid
 * cannot read the action's /proc/<pid>/environ or memory, cannot signal it, and cannot write the
 * checkout, the action's files, RUNNER_TEMP or the runner's HOME. And "everything the agent
 * started" becomes "every process of that user", which no process of the agent can leave.
 */

/** How the agent can be run as another user on this runner, or why it cannot. */
export type IsolationPlan =
  | { kind: "user"; via: "setpriv" | "sudo"; name?: string }
  | { kind: "none"; reason: string; chosen: boolean };

/** What the runner allows, as found out at run time. */
export interface IsolationFacts {
  platform: NodeJS.Platform;
  /** The action's own uid. */
  uid: number;
  /** `setpriv` (util-linux) is on PATH: root switches uid with it. */
  hasSetpriv: boolean;
  /** `useradd` is on PATH: root creates the dedicated user with it. */
  hasUseradd: boolean;
  /** `sudo -n -E` works without a password (GitHub-hosted runners). */
  sudo: boolean;
}

/**
 * Decides how `agent-user` is honoured on this runner. `auto` isolates where it can and says why
 * when it cannot; a named user that cannot be switched to is an error, not a silent downgrade.
 */
export function planIsolation(setting: AgentUserSetting, facts: IsolationFacts): IsolationPlan {
  if (setting === "none") return { kind: "none", reason: "`agent-user` is `none`", chosen: true };
  const name = typeof setting === "object" ? setting.name : undefined;
  const refuse = (reason: string): IsolationPlan => {
    if (name === undefined) return { kind: "none", reason, chosen: false };
    throw new TaskError(
      `cannot run the agent as user \`${name}\`: ${reason}`,
      "Run the job as root or give the runner's user passwordless sudo, or set `agent-user: auto` or `none`",
    );
  };
  if (facts.platform !== "linux") return refuse(`separate agent users are only supported on Linux`);
  if (facts.uid === 0) {
    if (!facts.hasSetpriv) return refuse("the runner runs as root but has no `setpriv` (util-linux)");
    if (name === undefined && !facts.hasUseradd)
      return refuse("the runner runs as root but has no `useradd` to create the agent's user");
    return { kind: "user", via: "setpriv", name };
  }
  if (facts.sudo) return { kind: "user", via: "sudo", name };
  return refuse("the runner's user is not root and has no passwordless sudo");
}

/** The name of the n-th dedicated user of a runner user (`agent-task`, `agent-task-2` … for root). */
export function slotUserName(runnerUid: number, slot: number): string {
  const base = runnerUid === 0 ? "agent-task" : `agent-task-${runnerUid}`;
  return slot === 1 ? base : `${base}-${slot}`;
}

const MAX_SLOTS = 32;
const LOCK_STALE_MS = 20_000;

export interface Identity {
  name: string;
  uid: number;
  gid: number;
}

/**
 * A user the agent runs as, held by this run until `release`: concurrent runs get users of their
 * own, because stopping the agent stops every process of its user.
 */
export class AgentUser implements Identity {
  constructor(
    readonly name: string,
    readonly uid: number,
    readonly gid: number,
    readonly via: "setpriv" | "sudo",
    private readonly slot: { lockFile: string; ownerFile: string; release: () => Promise<void> },
    /** setpriv or sudo, found once on the system's PATH (the agent's PATH may not have it). */
    private readonly launcher: string = via,
  ) {}

  /**
   * The argv that runs `argv` as this user. setpriv keeps the environment it is given; sudo is
   * asked to keep it (-E) and HOME, PATH and TMPDIR are set again after it, since it may not.
   * `no_new_privs` stops the agent from gaining privileges through setuid programs.
   */
  wrap(argv: string[], env: Record<string, string> = {}): string[] {
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
  run(argv: string[], env: Record<string, string> = { PATH: SYSTEM_PATH }): Promise<CommandResult> {
    return runCommand(this.wrap(argv, env), { env });
  }

  /** True when this user can search `dir` and every directory above it. */
  async canReach(dir: string): Promise<boolean> {
    return (await this.run(["test", "-d", dir, "-a", "-x", dir])).code === 0;
  }

  /** True when this user can write any of `paths`. */
  async canWriteAny(paths: string[]): Promise<boolean> {
    const tests = paths.flatMap((file, i) => [...(i > 0 ? ["-o"] : []), "-w", file]);
    return (await this.run(["test", ...tests])).code === 0;
  }

  /** True when this user can execute `file`. */
  async canExecute(file: string): Promise<boolean> {
    return (await this.run(["test", "-f", file, "-a", "-x", file])).code === 0;
  }

  /**
   * Sends `signal` to every process of this user: kill(-1) from a process of the user reaches all
   * of them at once, however they were started (setsid, double fork, a changed environment).
   * https://man7.org/linux/man-pages/man2/kill.2.html
   */
  async signalAll(signal: "TERM" | "KILL"): Promise<void> {
    await this.run(["/bin/sh", "-c", `kill -s ${signal} -- -1`]);
  }

  /** Kills every process of this user and waits until none is left; returns the pids that survived. */
  async stopAll(timeoutMs = 5000): Promise<number[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const alive = processesOf(this.uid);
      if (alive.length === 0 || Date.now() > deadline) return alive;
      await this.signalAll("KILL");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Makes the agent the owner of `paths` (recursively, symlinks themselves, never their targets). */
  async handOver(paths: string[]): Promise<void> {
    await this.privileged(["chown", "-R", "-h", `${this.uid}:${this.gid}`, ...paths]);
  }

  /**
   * Makes the agent the owner of `paths` (recursively) and of the entries of `entriesOf` (not
   * below them) that it does not own yet: what the action wrote into a workdir whose files are
   * already the agent's. One chown for all of it.
   */
  async handOverWith(paths: string[], entriesOf: string[]): Promise<void> {
    const foreign: string[] = [];
    for (const dir of entriesOf) {
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const file = path.join(dir, name);
        const info = await lstat(file).catch(() => undefined);
        if (info && info.uid !== this.uid && !paths.includes(file)) foreign.push(file);
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
  async takeBack(paths: string[]): Promise<string[]> {
    const runnerUid = process.getuid!();
    const look = !(await hardLinksProtected());
    // Root sees every file now; the runner's user only once the agent's files are its own.
    const before = look && runnerUid === 0 ? await foreignFiles(paths, this.uid) : [];
    await this.privileged([
      "chown",
      "-R",
      "-h",
      `--from=${this.uid}`,
      `${runnerUid}:${process.getgid!()}`,
      ...paths,
    ]);
    const foreign = !look || runnerUid === 0 ? before : await foreignFiles(paths, runnerUid);
    for (const file of foreign) await rm(file, { force: true });
    return foreign;
  }

  /** Writes who holds this user, so that a post step never stops another run's agent. */
  async recordHolder(holder: string): Promise<void> {
    await writeFile(this.slot.ownerFile, holder, { mode: 0o600 });
  }

  async release(): Promise<void> {
    await this.slot.release();
  }

  private async privileged(argv: string[]): Promise<void> {
    const result = await runCommand(this.via === "sudo" ? ["sudo", "-n", ...argv] : argv);
    if (result.code !== 0) {
      throw new TaskError(`\`${argv.slice(0, 2).join(" ")}\` failed: ${result.stderr.trim() || result.code}`);
    }
  }
}

/** Regular files under `dirs` whose owner is not `uid` (symlinks are links, not content). */
async function foreignFiles(dirs: string[], uid: number): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(file);
      else if (entry.isFile() && (await lstat(file).catch(() => undefined))?.uid !== uid) found.push(file);
    }
  };
  for (const dir of dirs) await walk(dir);
  return found;
}

/**
 * True when the kernel lets a user hard-link only files it owns or can read and write
 * (fs.protected_hardlinks=1, the default of most distributions): no link the agent makes then
 * shows the action a file the agent could not read itself.
 * https://docs.kernel.org/admin-guide/sysctl/fs.html#protected-hardlinks
 */
export async function hardLinksProtected(): Promise<boolean> {
  return (await readFile("/proc/sys/fs/protected_hardlinks", "utf8").catch(() => "")).trim() === "1";
}

/**
 * The pids whose real, effective or saved uid is `uid`, zombies left out. Read synchronously: the
 * kernel makes /proc's files as they are read, with no disk to wait for, and a pass over a hundred
 * processes takes about a millisecond, where a thread-pool round trip for each took 4-8 ms, and
 * 13-28 ms while the run's other work kept the event loop busy.
 */
export function processesOf(uid: number): number[] {
  const found: number[] = [];
  for (const entry of readProc(() => readdirSync("/proc"), [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const status = readProc(() => readFileSync(`/proc/${entry}/status`, "utf8"), "");
    const uids = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status);
    const state = /^State:\s+(\S)/m.exec(status)?.[1];
    if (uids && state !== "Z" && uids.slice(1, 4).some((id) => Number(id) === uid)) found.push(Number(entry));
  }
  return found;
}

/** A read of /proc, or `fallback` when it fails (the process has gone meanwhile). */
function readProc<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** The absolute path of a system program, looked up on the system's PATH, then the job's. */
async function systemProgram(program: string): Promise<string | undefined> {
  return findOnPath(program, [SYSTEM_PATH, process.env.PATH ?? ""].join(path.delimiter));
}

/** Finds out what the runner allows; spawns nothing it does not need. */
export async function isolationFacts(): Promise<IsolationFacts> {
  const uid = process.getuid?.() ?? -1;
  const platform = process.platform;
  if (platform !== "linux") return { platform, uid, hasSetpriv: false, hasUseradd: false, sudo: false };
  const onPath = async (program: string) => (await systemProgram(program)) !== undefined;
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
export async function acquireAgentUser(plan: Extract<IsolationPlan, { kind: "user" }>): Promise<AgentUser> {
  const runnerUid = process.getuid!();
  const dir = await privateDir(`agent-task-users-${runnerUid}`);
  const names =
    plan.name !== undefined
      ? [plan.name]
      : Array.from({ length: MAX_SLOTS }, (_, i) => slotUserName(runnerUid, i + 1));
  for (const name of names) {
    const lockFile = path.join(dir, `${name}.lock`);
    let release: () => Promise<void>;
    try {
      // Keyed by the lock file itself: proper-lockfile keeps one entry per first argument, and
      // two slots held in one process (the CLI, the tests) must not share one.
      release = await lockfile.lock(lockFile, {
        lockfilePath: lockFile,
        stale: LOCK_STALE_MS,
        realpath: false,
        onCompromised: () => {},
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      if (plan.name !== undefined) {
        throw new TaskError(
          `user \`${name}\` (agent-user) is running another run's agent`,
          "agent-task stops an agent by stopping every process of its user, so overlapping runs need users of their own: use `agent-user: auto`",
        );
      }
      continue;
    }
    // Where the program that runs commands as the user is: looked up while the user is.
    const program = systemProgram(plan.via);
    try {
      const identity =
        (await lookUpUser(name)) ?? (plan.name === undefined ? await createUser(name, plan.via) : undefined);
      if (!identity) throw new TaskError(`user \`${name}\` (agent-user) does not exist`, "Create it first");
      if (identity.uid === 0 || identity.uid === runnerUid) {
        throw new TaskError(
          `user \`${name}\` (agent-user) is ${identity.uid === 0 ? "root" : "the runner's own user"}, which would not isolate the agent`,
        );
      }
      const user = new AgentUser(
        name,
        identity.uid,
        identity.gid,
        plan.via,
        { lockFile, ownerFile: path.join(dir, `${name}.holder`), release: () => release().catch(() => {}) },
        (await program) ?? plan.via,
      );
      await user.stopAll();
      return user;
    } catch (error) {
      await release().catch(() => {});
      throw error;
    }
  }
  throw new TaskError(`all ${MAX_SLOTS} agent users of this runner are busy`);
}

/**
 * The post step of a run whose main step died: the agent user it held, unless another run holds
 * that user now (it then owns whatever runs as it). `holder` is what the dead run recorded.
 */
export async function reclaimAgentUser(
  name: string,
  holder: string,
  via: "setpriv" | "sudo",
): Promise<AgentUser | undefined> {
  const runnerUid = process.getuid!();
  const dir = await privateDir(`agent-task-users-${runnerUid}`);
  const ownerFile = path.join(dir, `${name}.holder`);
  const recorded = await readFile(ownerFile, "utf8").catch(() => undefined);
  if (recorded !== undefined && recorded !== holder) return undefined;
  const identity = await lookUpUser(name);
  if (!identity || identity.uid === 0 || identity.uid === runnerUid) return undefined;
  const lockFile = path.join(dir, `${name}.lock`);
  return new AgentUser(
    name,
    identity.uid,
    identity.gid,
    via,
    // The dead run cannot release its lock; it is not coming back.
    { lockFile, ownerFile, release: () => rm(lockFile, { recursive: true, force: true }) },
    (await systemProgram(via)) ?? via,
  );
}

async function lookUpUser(name: string): Promise<Identity | undefined> {
  // The users agent-task makes are local ones: /etc/passwd answers without a process.
  const local = parsePasswd(await readFile("/etc/passwd", "utf8").catch(() => ""), name);
  if (local) return local;
  // Others may come from NSS (LDAP, systemd-homed …): id asks all of it.
  const [uid, gid] = await Promise.all([
    runCommand(["id", "-u", "--", name]),
    runCommand(["id", "-g", "--", name]),
  ]);
  if (uid.code !== 0 || gid.code !== 0) return undefined;
  return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** The user `name` as a line of /etc/passwd (`name:x:uid:gid:…`) gives it; undefined when none does. */
export function parsePasswd(text: string, name: string): Identity | undefined {
  for (const line of text.split("\n")) {
    const [login, , uid, gid] = line.split(":");
    if (login !== name || !/^\d+$/.test(uid ?? "") || !/^\d+$/.test(gid ?? "")) continue;
    return { name, uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

/**
 * Creates a system user with a group of its own, no home directory and no login shell. useradd
 * takes the password file's lock; runs creating users at the same moment wait for each other.
 */
async function createUser(name: string, via: "setpriv" | "sudo"): Promise<Identity> {
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
  let last: CommandResult | undefined;
  for (let attempt = 0; attempt < 20; attempt++) {
    last = await runCommand(via === "sudo" ? ["sudo", "-n", ...argv] : argv);
    const identity = await lookUpUser(name);
    if (identity) return identity;
    // Exit code 10: the password file is locked by another useradd.
    if (last.code !== 10 && last.code !== 9) break;
    await new Promise((resolve) => setTimeout(resolve, 100 + attempt * 50));
  }
  throw new TaskError(
    `could not create the user \`${name}\` for the agent: ${last?.stderr.trim() || `exit code ${last?.code}`}`,
    "Set `agent-user` to an existing unprivileged user, or `none`",
  );
}

/**
 * A directory only the runner's user can write, made once and checked every time: it must be
 * ours, a real directory, and writable by nobody else. It is under /tmp, not TMPDIR, so that
 * every run of the runner's user on the machine finds the same one: the users it holds are
 * shared by all of them.
 */
export async function privateDir(name: string): Promise<string> {
  const dir = path.join("/tmp", name);
  await mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  const info = await lstat(dir);
  if (!info.isDirectory() || info.uid !== process.getuid!() || (info.mode & 0o022) !== 0) {
    throw new TaskError(`${dir} is not a private directory of the runner's user; remove it`);
  }
  return dir;
}
