import { InputError } from "../core/errors.js";
import type { Git } from "../core/git.js";
import type { OptionSpec } from "./arguments.js";
import type { SettingSource } from "./cli-settings.js";

export const REPOSITORY_OPTION: OptionSpec = {
  name: "repository",
  kind: "string",
  aliases: ["repo"],
  valueName: "OWNER/NAME",
  description:
    "the GitHub repository (default: AGENT_TASK_REPOSITORY, GITHUB_REPOSITORY, else the origin remote)",
};

export interface RepositoryName {
  owner: string;
  repo: string;
}

/**
 * GitHub's rules: an account name is letters, digits and single hyphens (at most 39, no leading
 * hyphen); a repository name is letters, digits, `.`, `_` and `-` (at most 100, not `.` or `..`).
 */
const OWNER = /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

export function isRepositoryName(owner: string, repo: string): boolean {
  return OWNER.test(owner) && NAME.test(repo) && repo !== "." && repo !== "..";
}

/** `owner/name`, strictly: exactly two parts, each valid on GitHub. */
export function parseRepositoryName(text: string, what: string): RepositoryName {
  const parts = text.trim().split("/");
  const [owner, repo] = parts;
  if (parts.length === 2 && owner && repo && isRepositoryName(owner, repo)) return { owner, repo };
  throw new InputError(`${what} must be OWNER/NAME, e.g. octo-org/widgets; got \`${text}\``);
}

/**
 * The repository a clone's remote URL names: `https://host/owner/name(.git)`,
 * `ssh://git@host/owner/name.git` or `git@host:owner/name.git`. Undefined when the URL's path
 * is not exactly two names (a GitLab subgroup, a local path).
 */
export function repositoryFromRemoteUrl(url: string): RepositoryName | undefined {
  let pathname: string | undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    try {
      const parsed = new URL(url);
      if (["http:", "https:", "ssh:", "git:"].includes(parsed.protocol)) pathname = parsed.pathname;
    } catch {
      return undefined;
    }
  } else {
    // The scp-like form git accepts: `[user@]host:path`.
    pathname = /^(?:[^@/:]+@)?[^@/:]+:(?!\/)(.+)$/.exec(url)?.[1];
  }
  if (pathname === undefined) return undefined;
  const parts = decodeURIComponent(pathname)
    .replace(/^\/+|\/+$/g, "")
    .replace(/\.git$/, "")
    .split("/");
  const [owner, repo] = parts;
  return parts.length === 2 && owner && repo && isRepositoryName(owner, repo) ? { owner, repo } : undefined;
}

/** A remote URL for messages: any credentials in it replaced. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, "$1***@");
}

export interface ResolvedRepository extends RepositoryName {
  source: SettingSource;
}

/**
 * The repository to work on: `--repository`, else `AGENT_TASK_REPOSITORY`, else
 * `GITHUB_REPOSITORY` (inside GitHub Actions), else the clone's `origin` remote.
 */
export async function resolveRepository(options: {
  flag: { value: string; spelling: string } | undefined;
  env: Record<string, string | undefined>;
  git: Git;
}): Promise<ResolvedRepository> {
  const { flag, env } = options;
  if (flag !== undefined) {
    return {
      ...parseRepositoryName(flag.value, flag.spelling),
      source: { kind: "flag", from: flag.spelling },
    };
  }
  for (const variable of ["AGENT_TASK_REPOSITORY", "GITHUB_REPOSITORY"]) {
    const value = env[variable];
    if (value) return { ...parseRepositoryName(value, variable), source: { kind: "env", from: variable } };
  }
  const origin = (await options.git.tryRun(["remote", "get-url", "origin"]))?.trim();
  if (!origin) {
    throw new InputError(
      `no repository: ${options.git.dir} has no \`origin\` remote; pass --repository OWNER/NAME`,
    );
  }
  const found = repositoryFromRemoteUrl(origin);
  if (!found) {
    throw new InputError(
      `the \`origin\` remote (${withoutCredentials(origin)}) does not name a repository as OWNER/NAME; pass --repository OWNER/NAME`,
    );
  }
  return { ...found, source: { kind: "default", from: "the origin remote" } };
}
