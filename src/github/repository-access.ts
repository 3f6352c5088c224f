import { getOctokit } from "@actions/github";
import { errorMessage, TaskError } from "../core/errors.js";
import { describeApiError } from "./octokit-github.js";

/**
 * What the API tells about a token's access to a repository, for `agent-task doctor`. GitHub
 * does not say what a fine-grained or GitHub App token may do; it says the scopes of a classic
 * token (`X-OAuth-Scopes`), the user's role on the repository, and answers reads or refuses them.
 * https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#resource-not-accessible
 */
export interface RepositoryAccess {
  defaultBranch: string;
  private: boolean;
  /** The scopes of a classic token or OAuth token; undefined when GitHub sent none. */
  scopes?: string[];
  /** The token's user's role, as GET /repos/{owner}/{repo} reports it (absent for some tokens). */
  role?: { admin?: boolean; maintain?: boolean; push?: boolean; triage?: boolean; pull?: boolean };
  /** Reads the run needs, tried: listing issues and pull requests. */
  reads: ReadProbe[];
  /** The repository's "Allow GitHub Actions to create and approve pull requests" setting. */
  actionsCanCreatePulls: { value: boolean; defaultPermissions: string } | { unknown: string };
}

export interface ReadProbe {
  permission: "issues" | "pull-requests";
  ok: boolean;
  detail: string;
}

export async function readRepositoryAccess(options: {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
}): Promise<RepositoryAccess> {
  const { owner, repo } = options;
  const octokit = getOctokit(options.token, { baseUrl: options.apiUrl, userAgent: "agent-task doctor" });
  let repository: Awaited<ReturnType<typeof octokit.rest.repos.get>>;
  try {
    repository = await octokit.rest.repos.get({ owner, repo });
  } catch (error) {
    throw new TaskError(describeApiError("repos.get", error), undefined, { cause: error });
  }
  const scopesHeader = repository.headers["x-oauth-scopes"];
  const probe = async (
    permission: ReadProbe["permission"],
    read: () => Promise<unknown>,
  ): Promise<ReadProbe> => {
    try {
      await read();
      return { permission, ok: true, detail: "read: yes" };
    } catch (error) {
      return { permission, ok: false, detail: `read refused: ${refusal(error)}` };
    }
  };
  const reads = await Promise.all([
    probe("issues", () => octokit.rest.issues.listForRepo({ owner, repo, per_page: 1 })),
    probe("pull-requests", () => octokit.rest.pulls.list({ owner, repo, per_page: 1 })),
  ]);
  let actionsCanCreatePulls: RepositoryAccess["actionsCanCreatePulls"];
  try {
    const { data } = await octokit.rest.actions.getGithubActionsDefaultWorkflowPermissionsRepository({
      owner,
      repo,
    });
    actionsCanCreatePulls = {
      value: data.can_approve_pull_request_reviews,
      defaultPermissions: data.default_workflow_permissions,
    };
  } catch (error) {
    actionsCanCreatePulls = { unknown: refusal(error) };
  }
  return {
    defaultBranch: repository.data.default_branch,
    private: repository.data.private,
    scopes:
      typeof scopesHeader === "string"
        ? scopesHeader
            .split(",")
            .map((scope) => scope.trim())
            .filter(Boolean)
        : undefined,
    role: repository.data.permissions,
    reads,
    actionsCanCreatePulls,
  };
}

/** A refused request in a few words, with the permission GitHub says it wanted when it says so. */
function refusal(error: unknown): string {
  const status = (error as { status?: number }).status;
  const headers = (error as { response?: { headers?: Record<string, string> } }).response?.headers ?? {};
  const wanted = headers["x-accepted-github-permissions"];
  const message = errorMessage(error).split("\n")[0];
  return `${status ? `${status} ` : ""}${message}${wanted ? ` (needs ${wanted})` : ""}`;
}

export type TokenKind = "classic" | "fine-grained" | "github-app" | "oauth-app" | "unknown";

/**
 * The kind of token, from its prefix.
 * https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
 */
export function tokenKind(token: string): TokenKind {
  if (token.startsWith("github_pat_")) return "fine-grained";
  if (token.startsWith("ghp_")) return "classic";
  // Installation tokens: GITHUB_TOKEN of a workflow and GitHub App tokens; ghu_ acts for a user.
  if (token.startsWith("ghs_") || token.startsWith("ghu_")) return "github-app";
  if (token.startsWith("gho_")) return "oauth-app";
  return "unknown";
}

export const TOKEN_KIND_NAMES: Record<TokenKind, string> = {
  classic: "a classic personal access token",
  "fine-grained": "a fine-grained personal access token",
  "github-app": "a GitHub App or GITHUB_TOKEN installation token",
  "oauth-app": "an OAuth app token",
  unknown: "a token of an unknown kind",
};

export type PermissionName = "contents" | "pull-requests" | "issues" | "workflows";

export interface PermissionVerdict {
  permission: PermissionName;
  /** `unknown` when the API does not tell; `warn` when only an optional feature lacks it. */
  status: "ok" | "fail" | "warn" | "unknown";
  detail: string;
}

/**
 * What the token may do that a run needs: push (contents), open pull requests, comment on issues,
 * and push workflow files (only with `allow-workflow-changes`). Classic tokens are judged by their
 * scopes and the user's role; other tokens only by the user's role and the reads that worked,
 * and what cannot be known is said to be unknown rather than guessed.
 */
export function judgeTokenPermissions(access: RepositoryAccess): PermissionVerdict[] {
  const readOf = (permission: ReadProbe["permission"]) =>
    access.reads.find((r) => r.permission === permission);
  const canPush = access.role?.push;
  const verdicts: PermissionVerdict[] = [];
  const write = (permission: PermissionName, read: ReadProbe | undefined): PermissionVerdict => {
    if (read && !read.ok) return { permission, status: "fail", detail: read.detail };
    if (canPush === false) {
      return {
        permission,
        status: "fail",
        detail: "the token's user cannot write to the repository (role: read)",
      };
    }
    if (access.scopes) {
      const repoScope =
        access.scopes.includes("repo") || (!access.private && access.scopes.includes("public_repo"));
      return repoScope
        ? {
            permission,
            status: "ok",
            detail: `write (scope ${access.scopes.includes("repo") ? "repo" : "public_repo"})`,
          }
        : {
            permission,
            status: "fail",
            detail: `the token has no \`repo\` scope${access.private ? "" : " (or `public_repo`)"}; scopes: ${access.scopes.join(", ") || "none"}`,
          };
    }
    return {
      permission,
      status: "unknown",
      detail: `${read ? `${read.detail}; ` : ""}write: not visible through the API for this kind of token; the run needs read and write`,
    };
  };
  verdicts.push(write("contents", undefined));
  verdicts.push(write("pull-requests", readOf("pull-requests")));
  verdicts.push(write("issues", readOf("issues")));
  if (access.scopes) {
    verdicts.push(
      access.scopes.includes("workflow")
        ? { permission: "workflows", status: "ok", detail: "write (scope workflow)" }
        : {
            permission: "workflows",
            status: "warn",
            detail: "no `workflow` scope: changes under .github/workflows/ cannot be pushed",
          },
    );
  } else {
    verdicts.push({
      permission: "workflows",
      status: "unknown",
      detail: "not visible through the API; needed only to push changes under .github/workflows/",
    });
  }
  return verdicts;
}
