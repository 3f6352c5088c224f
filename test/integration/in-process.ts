// What the integration tests share: they run the pipeline in this process (runTask), each run on
// a runner of its own, against the real git remote and the GitHub stand-in.
import path from "node:path";
import { type Logger, quietLogger } from "../../src/core/ports.js";
import { checkout } from "../rig/checkout.js";
import { type GitServer, startGitServer } from "../rig/git-server.js";
import { type GitHubStandIn, startGitHubStandIn } from "../rig/github-stand-in.js";
import { makeTempDir } from "../rig/temp.js";

/** A logger that keeps every line, warnings and errors marked, for the assertions and failures. */
export function lineLogger(lines: string[]): Logger {
  return quietLogger({
    info: (message) => lines.push(message),
    warning: (message) => lines.push(`warning: ${message}`),
    error: (message) => lines.push(`error: ${message}`),
    untrusted: (line) => lines.push(line),
  });
}

/** A runner's directory: a checkout of `owner/repo` as actions/checkout leaves it, and a workspaces root. */
export async function runnerCheckout(options: {
  server: GitServer;
  owner: string;
  repo: string;
  token: string;
  name: string;
}): Promise<{ repoPath: string; workspacesRoot: string }> {
  const dir = (await makeTempDir(options.name)).path;
  const repoPath = path.join(dir, "work", options.repo);
  await checkout({
    server: options.server,
    owner: options.owner,
    repo: options.repo,
    dir: repoPath,
    token: options.token,
    runnerTemp: path.join(dir, "temp"),
  });
  return { repoPath, workspacesRoot: path.join(dir, "workspaces") };
}

/** The real git remote and the GitHub stand-in, which reads branch heads from it. */
export async function startServers(token: string): Promise<{ gitServer: GitServer; standIn: GitHubStandIn }> {
  const gitServer = await startGitServer({ token });
  const standIn = await startGitHubStandIn({
    token,
    htmlBaseUrl: gitServer.url,
    branchHead: (owner, repo, branch) => gitServer.headSha(owner, repo, branch),
  });
  return { gitServer, standIn };
}
