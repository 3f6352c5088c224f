/** Who the action commits as: the Actions bot, like other actions that commit for a workflow. */
export const COMMIT_IDENTITY = {
  name: "github-actions[bot]",
  email: "41898282+github-actions[bot]@users.noreply.github.com",
};

/** `-c` options that make git commit (and rebase) as COMMIT_IDENTITY, whatever the config says. */
export function identityOptions(): string[] {
  return ["-c", `user.name=${COMMIT_IDENTITY.name}`, "-c", `user.email=${COMMIT_IDENTITY.email}`];
}
