import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { looksLikeCommand } from "../action/runner-commands.js";
import type { Logger } from "../core/ports.js";
import { redact } from "../core/secrets.js";
import { formatElapsed } from "./format.js";

export interface TerminalLoggerOptions {
  /** Where the log goes: stdout, or stderr when stdout carries `--json`. */
  out: NodeJS.WritableStream;
  /** Where warnings and errors go. */
  err: NodeJS.WritableStream;
  /** `out` is a terminal: phases in bold, a live line with the phase and its elapsed time. */
  decorate: boolean;
  /** Colours on a terminal, unless NO_COLOR is set (https://no-color.org). */
  colour: boolean;
  /**
   * Inside a GitHub Actions step the runner reads `::command::` and `##[command]` from the log;
   * untrusted text is then fenced with `::stop-commands::`, as the action's own logger does.
   */
  workflowCommands: boolean;
  debug: boolean;
  now?: () => number;
}

export interface TerminalLogger extends Logger {
  /** Stops the live line; call before printing the final table. */
  close(): void;
}

/**
 * The core's logger on a terminal or another CI's log. On a terminal it shows the phase, the time
 * since the start and the agent's output as it comes, with a live line that counts the phase's
 * time; elsewhere it prints plain lines. Text from the agent or the issue is stripped of control
 * characters (terminal escape sequences) and of masked values before it is printed.
 */
export function createTerminalLogger(options: TerminalLoggerOptions): TerminalLogger {
  const { out, err, decorate, colour } = options;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const secrets: string[] = [];
  let phase: { title: string; since: number } | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let statusShown = false;
  let fenceToken: string | undefined;

  const style = (code: string, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const clearStatus = () => {
    if (statusShown) out.write("\r\x1b[2K");
    statusShown = false;
  };
  const drawStatus = () => {
    if (!decorate || !phase) return;
    out.write(style("2", `… ${phase.title} · ${formatElapsed(now() - phase.since)}`));
    statusShown = true;
  };
  const write = (stream: NodeJS.WritableStream, text: string) => {
    if (stream === out) clearStatus();
    stream.write(`${redact(text, secrets)}\n`);
    if (stream === out) drawStatus();
  };
  const inert = (text: string) => {
    if (!options.workflowCommands || fenceToken || !looksLikeCommand(text)) return write(out, text);
    const token = randomUUID();
    write(out, `::stop-commands::${token}`);
    write(out, text);
    write(out, `::${token}::`);
  };

  return {
    info: (message) => inert(message),
    warning: (message) => write(err, `${style("33", "warning:")} ${message}`),
    error: (message) => write(err, `${style("31", "error:")} ${message}`),
    debug: (message) => {
      if (options.debug) write(err, `debug: ${message}`);
    },
    async group(title, fn) {
      const stamp = `[${formatElapsed(now() - startedAt)}]`;
      write(out, decorate ? `${style("2", stamp)} ${style("1", `▶ ${title}`)}` : `${stamp} ${title}`);
      phase = { title, since: now() };
      if (decorate) {
        drawStatus();
        ticker = setInterval(() => {
          clearStatus();
          drawStatus();
        }, 1000);
        ticker.unref();
      }
      try {
        return await fn();
      } finally {
        if (ticker) clearInterval(ticker);
        clearStatus();
        phase = undefined;
      }
    },
    untrusted: (line) => inert(`${decorate ? style("2", "  │") : "  |"} ${printable(line)}`),
    beginUntrusted: () => {
      if (!options.workflowCommands || fenceToken) return;
      fenceToken = randomUUID();
      write(out, `::stop-commands::${fenceToken}`);
    },
    endUntrusted: () => {
      if (!fenceToken) return;
      write(out, `::${fenceToken}::`);
      fenceToken = undefined;
    },
    mask: (value) => {
      if (value) secrets.push(value);
    },
    // A pipe or a slow terminal takes the agent's output no faster than it can; the agent waits.
    drained: () => {
      const stream = out as NodeJS.WritableStream & { writableNeedDrain?: boolean };
      return stream.writableNeedDrain ? once(stream, "drain").then(() => {}) : undefined;
    },
    close: () => {
      if (ticker) clearInterval(ticker);
      clearStatus();
      phase = undefined;
    },
  };
}

/**
 * Text without control characters: an escape sequence in the agent's output could move the
 * cursor, retitle the window or worse on the user's terminal. Tabs stay.
 */
export function printable(text: string): string {
  return text.replace(TERMINAL_CONTROLS, "");
}

// Escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`) whole, then any other C0/C1 control.
const TERMINAL_CONTROLS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
