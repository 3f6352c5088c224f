// A scripted agent that floods its log: prints `--megabytes=N` MiB of 200-character lines to
// stdout as fast as the pipe takes them, then exits 0 without changing anything.
const megabytes = Number(/^--megabytes=(\d+)$/.exec(process.argv[2] ?? "")?.[1] ?? "1");
const line = `${"agent output ".repeat(16).slice(0, 199)}\n`;
const block = line.repeat(Math.floor((1024 * 1024) / line.length));
const total = megabytes * 1024 * 1024;
let sent = 0;

function write() {
  while (sent < total) {
    const chunk = block.slice(0, Math.min(block.length, total - sent));
    sent += chunk.length;
    if (!process.stdout.write(chunk)) {
      process.stdout.once("drain", write);
      return;
    }
  }
}
write();
