// Bundles the action's two entry points (main and post) and the CLI with ncc.
// Each entry gets its own folder because ncc names its output index.js. ncc only transpiles
// (tsconfig.json: ES modules); `npm run typecheck` checks every file with NodeNext rules.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

const entries = [
  ["src/action/index.ts", "dist"],
  ["src/action/post-index.ts", "dist/post"],
  ["src/cli/index.ts", "dist/cli"],
];

rmSync("dist", { recursive: true, force: true });
for (const [entry, out] of entries) {
  execFileSync(
    process.execPath,
    [
      "node_modules/@vercel/ncc/dist/ncc/cli.js",
      "build",
      entry,
      "-o",
      out,
      "--source-map",
      "--license",
      "licenses.txt",
      "--quiet",
      "--transpile-only",
    ],
    { stdio: "inherit" },
  );
}
