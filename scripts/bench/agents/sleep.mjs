// A scripted agent that works for `--seconds=N` without changing anything, and records when it
// started and ended (epoch ms) as JSON in the file given by `--record=FILE`.
import { writeFileSync } from "node:fs";

const option = (name) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const startedAt = Date.now();
setTimeout(
  () => {
    writeFileSync(option("record"), JSON.stringify({ startedAt, endedAt: Date.now() }));
    console.log("agent: done");
  },
  Number(option("seconds")) * 1000,
);
