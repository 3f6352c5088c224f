import type { Git, GitAuth } from "./git.js";

/** Where refs point on the remote, as one `git ls-remote` found them. */
export class RemoteRefs {
  constructor(
    private readonly asked: readonly string[],
    private readonly found: ReadonlyMap<string, string>,
  ) {}

  /** Whether the listing asked for each of `refs`: only then does an absent one not exist. */
  covers(refs: readonly string[]): boolean {
    return refs.every((ref) => this.asked.includes(ref));
  }

  /** The commit `ref` points at; undefined when it does not exist (or was not asked for). */
  get(ref: string): string | undefined {
    return this.found.get(ref);
  }
}

/**
 * Where the named refs point on the remote, by one `git ls-remote`. A run asks once for all it
 * needs at its start (the lease, the base and the agent branch): one round trip instead of one
 * per stage.
 */
export async function listRemoteRefs(
  git: Git,
  url: string,
  auth: GitAuth,
  refs: readonly string[],
  signal?: AbortSignal,
): Promise<RemoteRefs> {
  // ls-remote matches its patterns against the ends of ref names: only exact names are kept.
  const output = await git.run(["ls-remote", url, ...refs], { auth, signal });
  const found = new Map<string, string>();
  for (const line of output.split("\n")) {
    const [sha, ref] = line.split("\t");
    if (sha && ref && refs.includes(ref)) found.set(ref, sha);
  }
  return new RemoteRefs(refs, found);
}
