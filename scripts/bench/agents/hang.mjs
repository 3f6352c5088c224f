// A scripted agent that never ends and ignores SIGTERM, like a stuck CLI: it starts a child that
// starts a grandchild (all in its process group) and one process that leaves the group with
// setsid(). Every one of them ignores SIGTERM and appends its pid to $AGENT_OUTPUT_DIR/pids, so
// the bench can watch them all; the first line holds the agent's start time (epoch ms).
import { spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { join } from "node:path";

const pidsFile = join(process.env.AGENT_OUTPUT_DIR, "pids");
const stubborn = (extra) =>
  `process.on('SIGTERM', () => {}); require('fs').appendFileSync(${JSON.stringify(pidsFile)}, process.pid + '\\n'); ${extra} setInterval(() => {}, 1000);`;
const grandchild = `require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(stubborn(""))}], { stdio: 'ignore' });`;

process.on("SIGTERM", () => console.log("agent: ignoring SIGTERM"));
appendFileSync(pidsFile, `${process.pid} ${Math.round(performance.timeOrigin)}\n`);
spawn(process.execPath, ["-e", stubborn(grandchild)], { stdio: "ignore" });
// `detached` makes the child call setsid(): a new session and process group.
spawn(process.execPath, ["-e", stubborn("")], { stdio: "ignore", detached: true });
console.log("agent: working (forever)");
setInterval(() => {}, 1000);
