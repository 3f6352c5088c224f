import { realpath } from "node:fs/promises";
import path from "node:path";
import { errorMessage, InputError } from "../../core/errors.js";
import { Git } from "../../core/git.js";
import { quietLogger } from "../../core/ports.js";
import { withoutSecrets } from "../../core/secrets.js";
import { defaultOf, INPUTS, type InputKey } from "../../core/settings.js";
import { cleanUpWorkspace, findStaleWorkspaces, type WorkspaceHandle } from "../../core/workspace/cleanup.js";
import { withRepositoryLock } from "../../core/workspace/locks.js";
import type { OptionSpec, ParsedArguments } from "../arguments.js";
import { cliDefaults, inputOptionSpecs, resolveInputs, withSource } from "../cli-settings.js";
import { type CliIo, type Command, type Environment, EXIT } from "../command.js";

const GC_INPUTS: Partial<Record<InputKey, Partial<OptionSpec>>> = {
  workspacesRoot: {
    description: "where the workspaces are (default: the system temp dir's agent-task-workspaces)",
  },
  staleEnvHours: {
    aliases: ["older-than"],
    valueName: "HOURS",
    description: "remove workspaces older than this many hours (default 72; 0: every one no run holds)",
  },
  repoPath: {
    description: "the clone whose worktree registrations of missing workspaces are pruned (default: .)",
  },
  dryRun: { description: "print what would be removed, remove nothing" },
};

export const gcCommand: Command = {
  name: "gc",
  summary: "remove stale workspaces (and worktree registrations whose workspace is gone)",
  usage: "agent-task gc [--workspaces-root DIR] [--older-than HOURS] [--dry-run]",
  description: `
Removes the workspaces under --workspaces-root that are older than --older-than hours and that
no live run holds. A workspace is a directory of its own (its workdir is a repository of its own,
registered nowhere), so removing it is removing the directory; the local agent branch of a run
without GitHub stays in the clone: that is where its work is. Worktree registrations in the clone
at --repo-path whose workspace directory is gone (left by workspaces of earlier versions, which
were worktrees of the clone) are pruned too; their branches are kept and listed. Prints
everything it removes.`,
  options: inputOptionSpecs()
    .map((spec) => {
      const key = (Object.keys(GC_INPUTS) as InputKey[]).find((k) => INPUTS[k] === spec.name);
      return key ? { ...spec, ...GC_INPUTS[key] } : undefined;
    })
    .filter((spec): spec is OptionSpec => spec !== undefined),
  maxPositionals: 0,
  run,
};

/** cleanUpWorkspace reports each removal; gc prints its own lines instead. */
const QUIET = quietLogger();

async function run(parsed: ParsedArguments, env: Environment, io: CliIo): Promise<number> {
  const inputs = resolveInputs(parsed, env, cliDefaults(io.cwd));
  const hoursText = (inputs.raw.staleEnvHours ?? defaultOf("staleEnvHours")).trim();
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(hoursText)) {
    throw withSource(
      new InputError(
        `input \`stale-env-hours\` must be zero or a positive number of hours; got \`${hoursText}\``,
      ),
      inputs.sources,
    );
  }
  const dryRun = inputs.raw.dryRun === "true";
  const root = path.resolve(io.cwd, inputs.raw.workspacesRoot!);
  const realRoot = await realpath(root).catch(() => root);
  const git = new Git(path.resolve(io.cwd, inputs.raw.repoPath!), withoutSecrets(env));
  const print = (line: string) => io.stdout.write(`${line}\n`);
  const verb = (done: string, planned: string) => (dryRun ? planned : done);
  let failures = 0;

  const stale = await findStaleWorkspaces({
    workspacesRoot: realRoot,
    maxAgeMs: Number(hoursText) * 3_600_000,
  });
  for (const handle of stale) {
    if (!dryRun) {
      try {
        await cleanUpWorkspace(handle, "none", QUIET);
      } catch (error) {
        failures++;
        print(`could not remove ${handle.root}: ${errorMessage(error)}`);
        continue;
      }
    }
    print(`${verb("removed", "would remove")} ${describe(handle)}`);
  }

  const orphans = await orphanedRegistrations(git, realRoot);
  for (const orphan of orphans) {
    if (!dryRun) {
      await withRepositoryLock(await git.commonDir(), () =>
        git.run(["worktree", "remove", "--force", orphan.path]),
      );
    }
    const kept = orphan.branch
      ? `; kept branch ${orphan.branch} (git branch -D ${orphan.branch} once its work is pushed)`
      : "";
    print(`${verb("pruned", "would prune")} the registration of ${orphan.path} in ${git.dir}${kept}`);
  }

  const count = stale.length + orphans.length;
  print(
    count === 0
      ? `Nothing to remove under ${root} (workspaces younger than ${hoursText} hours or in use are kept)`
      : `${verb("Removed", "Would remove")} ${stale.length} workspace(s) and ${orphans.length} orphaned registration(s)${dryRun ? " (dry run: nothing was removed)" : ""}`,
  );
  return failures > 0 ? EXIT.failed : EXIT.ok;
}

function describe(handle: WorkspaceHandle): string {
  return handle.mode === "worktree" && handle.repoPath
    ? `${handle.root} (made from ${handle.repoPath})`
    : handle.root;
}

/** Worktrees of the clone that were made under the workspaces root and whose directory is gone. */
async function orphanedRegistrations(
  git: Git,
  root: string,
): Promise<Array<{ path: string; branch?: string }>> {
  const listing = await git.tryRun(["worktree", "list", "--porcelain"]);
  if (!listing) return [];
  const inside = (dir: string) => {
    const relative = path.relative(root, dir);
    return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
  };
  return listing
    .split(/\n\n+/)
    .map((block) => block.split("\n"))
    .filter((lines) => lines.some((line) => line.startsWith("prunable")))
    .map((lines) => ({
      path: lines.find((line) => line.startsWith("worktree "))?.slice("worktree ".length) ?? "",
      branch: lines.find((line) => line.startsWith("branch refs/heads/"))?.slice("branch refs/heads/".length),
    }))
    .filter((orphan) => orphan.path && inside(orphan.path));
}
