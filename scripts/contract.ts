// `npm run contract`: regenerates everything that repeats action.yml, docs/outcomes.yml and the
// presets (see scripts/contract/generate.ts). `--check` writes nothing and exits 1 when a file is stale.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generatedFiles, REGENERATE_COMMAND } from "./contract/generate.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const check = process.argv.includes("--check");
const stale: string[] = [];
for (const file of await generatedFiles(root)) {
  const target = path.join(root, file.path);
  const current = await readFile(target, "utf8").catch(() => undefined);
  if (current === file.content) continue;
  stale.push(file.path);
  if (!check) await writeFile(target, file.content);
}
if (check && stale.length > 0) {
  console.error(`Out of date: ${stale.join(", ")}. Run \`${REGENERATE_COMMAND}\`.`);
  process.exitCode = 1;
} else {
  console.log(stale.length > 0 ? `Wrote ${stale.join(", ")}` : "Everything generated is up to date");
}
