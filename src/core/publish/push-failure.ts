/**
 * What a failed `git push` means, read from git's message (git runs with LC_ALL=C, see
 * git-environment.ts): the branch moved, the token was refused, the server said no, or a passing
 * network or server fault that may go away on a retry.
 */
export type PushFailure =
  /** The remote branch is not where the run saw it: someone pushed meanwhile. */
  | "lease"
  /** 401: the token expired or was revoked. */
  | "token-rejected"
  /** 403 and the like: the token may not push this (which permission it lacks is in the text). */
  | "token-permission"
  /** A hook, rule or protected branch refused the push, or the repository is not there. */
  | "rejected"
  /** Anything else (5xx, connection reset, timeouts, DNS): worth another try. */
  | "transient";

/** Waits between the attempts of a push that failed for a passing reason (branch and lease alike). */
export const DEFAULT_PUSH_RETRY_DELAYS_MS = [2000, 5000, 10000];

export function classifyPushFailure(message: string): PushFailure {
  if (isLeaseRejection(message)) return "lease";
  if (/workflows?` permission|refusing to allow .* to create or update workflow/i.test(message)) {
    return "token-permission";
  }
  if (
    /Authentication failed|Invalid username or (password|token)|could not read Username|returned error: 401\b/i.test(
      message,
    )
  ) {
    return "token-rejected";
  }
  if (
    /returned error: 403\b|Permission to .* denied|Write access to repository not granted|Permission denied/i.test(
      message,
    )
  ) {
    return "token-permission";
  }
  if (
    /\[rejected\]|\[remote rejected\]|pre-receive hook|protected branch|returned error: 4\d\d\b|not found|does not appear to be a git repository|src refspec/i.test(
      message,
    )
  ) {
    return "rejected";
  }
  return "transient";
}

/** The remote branch is not where the run saw it: someone pushed meanwhile. */
export function isLeaseRejection(message: string): boolean {
  return /stale info|fetch first|non-fast-forward/i.test(message);
}

/** Rejections and auth failures do not get better by retrying; network and 5xx errors may. */
export function isPermanentPushFailure(message: string): boolean {
  return classifyPushFailure(message) !== "transient";
}

/**
 * What the user is told about a failed push: git's own words, and for a refused token which
 * token, what is wrong with it and what to do.
 */
export function describePushFailure(branch: string, message: string): string {
  const text = `pushing ${branch} failed: ${firstLines(message)}`;
  switch (classifyPushFailure(message)) {
    case "token-rejected":
      return `${text}. The \`github-token\` was rejected (401): it expired or was revoked while the run worked. GitHub App installation tokens last one hour; for longer runs make the token in a step right before this one, or lower \`timeout-minutes\``;
    case "token-permission":
      return /workflow/i.test(message)
        ? `${text}. The \`github-token\` lacks the \`workflows\` permission, which changes under .github/workflows/ need`
        : `${text}. The \`github-token\` may not push to the repository (403): it lacks \`contents: write\`; give the job \`permissions: contents: write\``;
    default:
      return text;
  }
}

function firstLines(text: string): string {
  return text.trim().split("\n").slice(0, 4).join(" ").slice(0, 400);
}
