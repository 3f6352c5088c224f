// A scripted agent: writes each `path=content` argument into its working directory, and with
// `--generate=N:dir` also N small files under dir/.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

let written = 0;
for (const arg of process.argv.slice(2)) {
  const generate = /^--generate=(\d+):(.+)$/.exec(arg);
  if (generate) {
    const count = Number(generate[1]);
    for (let i = 0; i < count; i++) {
      const file = join(generate[2], `group-${Math.floor(i / 100)}`, `file-${i}.txt`);
      if (i % 100 === 0) mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `generated file ${i}\n`);
    }
    written += count;
    continue;
  }
  const eq = arg.indexOf("=");
  const file = arg.slice(0, eq);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${arg.slice(eq + 1)}\n`);
  written += 1;
}
console.log(`wrote ${written} file(s)`);
