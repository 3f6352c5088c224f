import type { Git, GitAuth } from "./git.js";

/**
 * Where the named refs point on the remote, by one `git ls-remote`; a ref that does not exist
 * there is absent from the map. A run asks once for all it needs at its start (the lease, the
 * base and the agent branch): one round trip instead of one per stage.
 */
export async function listRemoteRefs(
  git: Git,
  url: string,
  auth: GitAuth,
  refs: readonly string[],
): Promise<Map<string, string>> {
  // ls-remote matches its patterns against the ends of ref names: only exact names are kept.
  const output = await git.run(["ls-remote", url, ...refs], { auth });
  const found = new Map<string, string>();
  for (const line of output.split("\n")) {
    const [sha, ref] = line.split("\t");
    if (sha && ref && refs.includes(ref)) found.set(ref, sha);
  }
  return found;
}
