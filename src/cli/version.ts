import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The version in the project's package.json. The bundle (dist/cli/index.js) and the source
 * (src/cli/version.ts) both sit two folders below it; the search walks up a little further in
 * case a packager nests it deeper.
 */
export function packageVersion(from: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(from));
  for (let depth = 0; depth < 5; depth++) {
    try {
      const json = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (json.name === "agent-task" && json.version) return json.version;
    } catch {
      // no package.json here (dist/ has one without a name); look further up
    }
    dir = path.dirname(dir);
  }
  return "unknown";
}
