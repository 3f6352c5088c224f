import type { Git } from "../git.js";

/** Who the action commits as: the Actions bot, like other actions that commit for a workflow. */
export const COMMIT_IDENTITY = {
  name: "github-actions[bot]",
  email: "41898282+github-actions[bot]@users.noreply.github.com",
};

/** `-c` options that make git commit (and rebase) as COMMIT_IDENTITY, whatever the config says. */
export function identityOptions(): string[] {
  return ["-c", `user.name=${COMMIT_IDENTITY.name}`, "-c", `user.email=${COMMIT_IDENTITY.email}`];
}

/**
 * Commits what the index holds on top of `parent`, as COMMIT_IDENTITY, and returns the commit:
 * write-tree and commit-tree read no file of the work tree and run no hook.
 */
export async function commitIndex(git: Git, parent: string, message: string): Promise<string> {
  const tree = (await git.run(["write-tree"])).trim();
  return (await git.run([...identityOptions(), "commit-tree", tree, "-p", parent, "-m", message])).trim();
}
