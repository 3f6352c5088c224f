// Bundles the action's two entry points (main and post) and the CLI with ncc.
// Each entry gets its own folder because ncc names its output index.js. ncc only transpiles
// (tsconfig.json: ES modules); `npm run typecheck` checks every file with NodeNext rules.
//
// dist/ is committed and is what the runner executes, so a build never leaves it half-made: the
// bundles are written to a staging folder next to it, and dist/ is replaced only once all of
// them were built. An interrupted or failed build leaves the old dist/ as it was.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

const DIST = "dist";
const STAGING_PREFIX = ".dist-build-";
const PREVIOUS_SUFFIX = "-previous";

const entries = [
  ["src/action/index.ts", "."],
  ["src/action/post-index.ts", "post"],
  ["src/cli/index.ts", "cli"],
];

recoverFromInterruptedBuilds();
// Next to dist/, so the final rename stays on one file system. mkdtemp makes it private; dist/
// is readable by all, as a checkout of the action is (a runner may start it as another user).
const staging = mkdtempSync(STAGING_PREFIX);
chmodSync(staging, 0o755);
try {
  for (const [entry, out] of entries) {
    execFileSync(
      process.execPath,
      [
        "node_modules/@vercel/ncc/dist/ncc/cli.js",
        "build",
        entry,
        "-o",
        path.join(staging, out),
        "--source-map",
        "--no-source-map-register",
        "--license",
        "licenses.txt",
        "--quiet",
        "--transpile-only",
      ],
      { stdio: "inherit" },
    );
  }
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  console.error(`build failed; ${DIST}/ was left as it was`);
  process.exit(typeof error?.status === "number" && error.status > 0 ? error.status : 1);
}
// Two renames: between them dist/ is missing for an instant; recoverFromInterruptedBuilds puts
// the previous one back if the build dies exactly there.
const previous = `${staging}${PREVIOUS_SUFFIX}`;
if (existsSync(DIST)) renameSync(DIST, previous);
renameSync(staging, DIST);
rmSync(previous, { recursive: true, force: true });

/** Removes staging folders of builds that died, restoring a dist/ that one had moved aside. */
function recoverFromInterruptedBuilds() {
  const leftovers = readdirSync(".").filter((name) => name.startsWith(STAGING_PREFIX));
  const moved = leftovers.find((name) => name.endsWith(PREVIOUS_SUFFIX));
  if (!existsSync(DIST) && moved) renameSync(moved, DIST);
  for (const name of leftovers) rmSync(name, { recursive: true, force: true });
}
