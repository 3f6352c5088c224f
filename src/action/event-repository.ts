import type { Repository } from "../core/issue/issue.js";
import type { GitHubPort } from "../core/ports.js";

/** The part of the webhook payload that describes the repository (every event that runs the action has it). */
export interface EventRepository {
  default_branch?: string;
  html_url?: string;
}

/**
 * The GitHub port, with the repository answered from the event payload when it says what the
 * run needs (its default branch), so that no API request is spent on it.
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues
 */
export function withEventRepository(
  github: GitHubPort,
  event: EventRepository | undefined,
  repository: { owner: string; name: string; serverUrl: string },
): GitHubPort {
  const defaultBranch = event?.default_branch;
  if (!defaultBranch) return github;
  const known: Repository = {
    owner: repository.owner,
    name: repository.name,
    defaultBranch,
    htmlUrl: event.html_url ?? `${repository.serverUrl}/${repository.owner}/${repository.name}`,
  };
  return { ...github, getRepository: async () => known };
}
