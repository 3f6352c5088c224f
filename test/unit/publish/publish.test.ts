import { describe, expect, it } from "vitest";
import {
  classifyPushFailure,
  describePushFailure,
  isLeaseRejection,
  isPermanentPushFailure,
} from "../../../src/core/publish/push-failure.js";

const URL = "https://github.com/octo/widgets.git";

/** What `git push` prints on stderr, as the error message carries it. */
const push = (...lines: string[]) => [`To ${URL}`, ...lines].join("\n");

const rejected = {
  staleInfo: push(
    " ! [rejected]        HEAD -> agent/claude/issue-42 (stale info)",
    `error: failed to push some refs to '${URL}'`,
  ),
  fetchFirst: push(
    " ! [rejected]        HEAD -> agent/claude/issue-42 (fetch first)",
    `error: failed to push some refs to '${URL}'`,
    "hint: Updates were rejected because the remote contains work that you do not",
    "hint: have locally.",
  ),
  nonFastForward: push(
    " ! [rejected]        HEAD -> agent/claude/issue-42 (non-fast-forward)",
    `error: failed to push some refs to '${URL}'`,
  ),
  hook: push(
    "remote: error: GH013: Repository rule violations found for refs/heads/agent/claude/issue-42.",
    " ! [remote rejected] HEAD -> agent/claude/issue-42 (pre-receive hook declined)",
    `error: failed to push some refs to '${URL}'`,
  ),
  protectedBranch: push(
    "remote: error: GH006: Protected branch update failed for refs/heads/main.",
    " ! [remote rejected] HEAD -> main (protected branch hook declined)",
    `error: failed to push some refs to '${URL}'`,
  ),
};

const auth = {
  failed: `remote: Invalid username or token.\nfatal: Authentication failed for '${URL}/'`,
  forbidden: `remote: Permission to octo/widgets.git denied to github-actions[bot].\nfatal: unable to access '${URL}/': The requested URL returned error: 403`,
  unauthorized: `fatal: unable to access '${URL}/': The requested URL returned error: 401`,
  notFound: `remote: Repository not found.\nfatal: repository '${URL}/' not found`,
  notARepo: "fatal: 'origin' does not appear to be a git repository",
};

const network = {
  dns: `fatal: unable to access '${URL}/': Could not resolve host: github.com`,
  refused: `fatal: unable to access '${URL}/': Failed to connect to github.com port 443 after 2 ms: Connection refused`,
  badGateway: `fatal: unable to access '${URL}/': The requested URL returned error: 502`,
  unavailable: `fatal: unable to access '${URL}/': The requested URL returned error: 503`,
  reset:
    "error: RPC failed; curl 56 Recv failure: Connection reset by peer\nfatal: the remote end hung up unexpectedly",
  timeout: `fatal: unable to access '${URL}/': Failed to connect to github.com port 443 after 21040 ms: Connection timed out`,
  refused401: `fatal: unable to access '${URL}/': Failed to connect to github.com port 443 after 4013 ms: Connection refused`,
  timeout403: `fatal: unable to access '${URL}/': Failed to connect to github.com port 443 after 134030 ms: Couldn't connect to server`,
  tls: `fatal: unable to access '${URL}/': gnutls_handshake() failed: The TLS connection was non-properly terminated.`,
};

describe("isLeaseRejection: the remote branch moved while the run worked", () => {
  it.each([
    ["stale info (the lease did not hold)", rejected.staleInfo],
    ["fetch first", rejected.fetchFirst],
    ["non-fast-forward", rejected.nonFastForward],
  ])("%s → yes", (_, message) => {
    expect(isLeaseRejection(message)).toBe(true);
  });

  it.each([
    ["a pre-receive hook", rejected.hook],
    ["a protected branch", rejected.protectedBranch],
    ["failed authentication", auth.failed],
    ["403", auth.forbidden],
    ["an unknown host", network.dns],
    ["a refused connection", network.refused],
    ["a 502", network.badGateway],
  ])("%s → no", (_, message) => {
    expect(isLeaseRejection(message)).toBe(false);
  });
});

describe("isPermanentPushFailure: rejections and auth failures are not retried", () => {
  it.each([
    ["stale info", rejected.staleInfo],
    ["fetch first", rejected.fetchFirst],
    ["non-fast-forward", rejected.nonFastForward],
    ["a pre-receive hook declined", rejected.hook],
    ["a protected branch", rejected.protectedBranch],
    ["Authentication failed", auth.failed],
    ["403 with permission denied", auth.forbidden],
    ["401", auth.unauthorized],
    ["repository not found", auth.notFound],
    ["not a git repository", auth.notARepo],
  ])("%s → permanent", (_, message) => {
    expect(isPermanentPushFailure(message)).toBe(true);
  });
});

describe("isPermanentPushFailure: network and 5xx errors may be retried", () => {
  it.each([
    ["Could not resolve host", network.dns],
    ["Connection refused", network.refused],
    ["502", network.badGateway],
    ["503", network.unavailable],
    ["connection reset", network.reset],
    ["a connect timeout", network.timeout],
    ["a TLS failure", network.tls],
    // A status number is a status only where git says so, not inside a duration.
    ["a refused connection after 4013 ms (contains 401)", network.refused401],
    ["a connect timeout after 134030 ms (contains 403)", network.timeout403],
  ])("%s → not permanent", (_, message) => {
    expect(isPermanentPushFailure(message)).toBe(false);
  });
});

describe("describePushFailure names the token and what is wrong with it", () => {
  it.each([
    ["Authentication failed", auth.failed],
    ["401", auth.unauthorized],
    [
      "no credentials accepted, no prompt",
      `fatal: could not read Username for '${URL}': terminal prompts disabled`,
    ],
  ])("%s → expired or revoked", (_, message) => {
    expect(classifyPushFailure(message)).toBe("token-rejected");
    const text = describePushFailure("agent/claude/issue-42", message);
    expect(text).toContain("pushing agent/claude/issue-42 failed");
    expect(text).toContain("`github-token` was rejected (401)");
    expect(text).toMatch(/expired or was revoked/);
  });

  it("403 → lacks contents: write", () => {
    expect(classifyPushFailure(auth.forbidden)).toBe("token-permission");
    expect(describePushFailure("b", auth.forbidden)).toContain("lacks `contents: write`");
  });

  it("a workflow file without the workflows permission → lacks workflows", () => {
    const message = push(
      " ! [remote rejected] HEAD -> agent/claude/issue-42 (refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission)",
      `error: failed to push some refs to '${URL}'`,
    );
    expect(classifyPushFailure(message)).toBe("token-permission");
    expect(describePushFailure("b", message)).toContain("lacks the `workflows` permission");
  });

  it.each([
    ["a hook", rejected.hook],
    ["a 502", network.badGateway],
  ])("%s → git's words only", (_, message) => {
    expect(describePushFailure("b", message)).not.toContain("github-token");
  });

  it("a 413 (too large) is not retried", () => {
    expect(
      classifyPushFailure("error: RPC failed; HTTP 413 curl 22 The requested URL returned error: 413"),
    ).toBe("rejected");
  });
});
