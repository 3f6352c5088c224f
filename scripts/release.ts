// Cuts a release: `node --import tsx scripts/release.ts [X.Y.Z] [--push]`.
//
// Workflows pin `agent-task/agent-task@v1`, which must always point at the newest v1.x.y, and the
// runner executes dist/ straight from the tagged commit, so a tag on a commit whose dist/ is stale
// ships old code. Hence the checks before anything is tagged. GitHub's advice on versioning actions:
// https://docs.github.com/en/actions/creating-actions/about-custom-actions#using-tags-for-release-management
// and https://github.com/actions/toolkit/blob/main/docs/action-versioning.md
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export interface ReleaseOptions {
  /** The repository's root. */
  readonly cwd: string;
  /** `X.Y.Z`; package.json's version when omitted. */
  readonly version?: string;
  /** Rebuilds dist/ in place (`npm run build`). */
  readonly build: () => Promise<void>;
  /** Push both tags to `origin`; otherwise print the commands. */
  readonly push?: boolean;
  readonly log?: (line: string) => void;
}

export class ReleaseError extends Error {
  override name = "ReleaseError";
}

export interface Released {
  readonly tag: string;
  readonly majorTag: string;
  readonly commit: string;
}

export async function release(options: ReleaseOptions): Promise<Released> {
  const { cwd, log = console.log } = options;
  const git = async (...args: string[]) =>
    (
      await execFileAsync("git", args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } })
    ).stdout.trim();

  const pkg = JSON.parse(await readFile(path.join(cwd, "package.json"), "utf8")) as { version?: string };
  const version = options.version ?? pkg.version ?? "";
  const parsed = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!parsed) throw new ReleaseError(`the version must be X.Y.Z, e.g. 1.2.3; got \`${version}\``);
  if (pkg.version !== version) {
    throw new ReleaseError(
      `package.json says ${pkg.version}, not ${version}: run \`npm version ${version} --no-git-tag-version\` and commit`,
    );
  }
  await checkChangelog(cwd, version);

  const dirty = await git("status", "--porcelain");
  if (dirty) throw new ReleaseError(`the working tree is not clean; commit or stash first:\n${dirty}`);

  log("Rebuilding dist/ to check it is the build of this commit…");
  await options.build();
  const stale = await git("status", "--porcelain", "--", "dist");
  if (stale) {
    throw new ReleaseError(
      `dist/ differs from a fresh build; commit the rebuilt dist/ and run the release again:\n${stale}`,
    );
  }

  const tag = `v${version}`;
  const majorTag = `v${parsed[1]}`;
  if (await git("tag", "--list", tag)) throw new ReleaseError(`${tag} exists already`);
  const newer = (await git("tag", "--list", `${majorTag}.*`))
    .split("\n")
    .filter(
      (existing) => /^v\d+\.\d+\.\d+$/.test(existing) && compareVersions(existing.slice(1), version) > 0,
    );
  if (newer.length > 0) {
    throw new ReleaseError(`${newer.join(", ")} is newer than ${version}; ${majorTag} must not move back`);
  }

  const commit = await git("rev-parse", "HEAD");
  await git("tag", "-a", tag, "-m", `agent-task ${version}`, commit);
  await git("tag", "-f", "-a", majorTag, "-m", `agent-task ${version}`, commit);
  log(`Tagged ${commit.slice(0, 12)} as ${tag} and moved ${majorTag} to it`);
  const pushes = [
    ["push", "origin", `refs/tags/${tag}`],
    ["push", "--force", "origin", `refs/tags/${majorTag}`],
  ];
  if (options.push) {
    for (const args of pushes) await git(...args);
    log(`Pushed ${tag} and ${majorTag}`);
  } else {
    log("Push them with:");
    for (const args of pushes) log(`  git ${args.join(" ")}`);
  }
  return { tag, majorTag, commit };
}

/** CHANGELOG.md must have a dated section for the version (`## 1.2.0 - 2026-11-30`). */
async function checkChangelog(cwd: string, version: string): Promise<void> {
  const changelog = await readFile(path.join(cwd, "CHANGELOG.md"), "utf8").catch(() => "");
  const heading = changelog
    .split("\n")
    .find((line) => new RegExp(`^## \\[?${version.replaceAll(".", "\\.")}\\]?(\\s|$)`).test(line));
  if (!heading) throw new ReleaseError(`CHANGELOG.md has no "## ${version}" section`);
  if (!/\d{4}-\d{2}-\d{2}/.test(heading)) {
    throw new ReleaseError(
      `CHANGELOG.md's "${heading}" has no release date; write "## ${version} - YYYY-MM-DD"`,
    );
  }
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return x![i]! - y![i]!;
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const version = argv.find((arg) => !arg.startsWith("--"));
  const unknown = argv.filter((arg) => arg.startsWith("--") && arg !== "--push");
  if (unknown.length > 0 || argv.includes("--help")) {
    console.error("Usage: node --import tsx scripts/release.ts [X.Y.Z] [--push]");
    return 2;
  }
  const cwd = fileURLToPath(new URL("..", import.meta.url));
  try {
    await release({
      cwd,
      version,
      push: argv.includes("--push"),
      build: async () => {
        await execFileAsync(process.execPath, ["scripts/build.js"], { cwd });
      },
    });
    return 0;
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error;
    console.error(`release: ${error.message}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
