import type { Logger } from "../core/ports.js";

/** The core's logger on a terminal: no workflow commands to guard against, only plain lines. */
export function createTerminalLogger(out: NodeJS.WritableStream, err: NodeJS.WritableStream): Logger {
  const write = (stream: NodeJS.WritableStream, text: string) => stream.write(`${text}\n`);
  return {
    info: (message) => write(out, message),
    warning: (message) => write(err, `warning: ${message}`),
    error: (message) => write(err, `error: ${message}`),
    debug: (message) => {
      if (process.env.AGENT_TASK_DEBUG) write(err, `debug: ${message}`);
    },
    async group(title, fn) {
      write(out, `\n▶ ${title}`);
      return fn();
    },
    untrusted: (line) => write(out, `  │ ${line}`),
    beginUntrusted: () => {},
    endUntrusted: () => {},
    mask: () => {},
  };
}
