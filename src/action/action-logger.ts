import { randomUUID } from "node:crypto";
import { once } from "node:events";
import * as core from "@actions/core";
import type { Logger } from "../core/ports.js";
import { looksLikeCommand } from "./runner-commands.js";

/**
 * The core's logger on the runner's log. Text that could read as a workflow command (agent
 * output, anything quoting issue text or git's messages) is printed inside a
 * `::stop-commands::` block whose token nobody else knows, so nothing in it is a command.
 */
export function createActionLogger(): Logger {
  let openToken: string | undefined;
  const write = (text: string) => process.stdout.write(`${text}\n`);
  const inert = (text: string) => {
    if (openToken || !looksLikeCommand(text)) return write(text);
    const token = randomUUID();
    write(`::stop-commands::${token}`);
    write(text);
    write(`::${token}::`);
  };
  return {
    info: inert,
    // @actions/core escapes annotation data (newlines, %), so a message cannot end the command.
    warning: (message) => core.warning(message),
    error: (message) => core.error(message),
    debug: (message) => core.debug(message),
    group: (title, fn) => core.group(title, fn),
    untrusted: inert,
    beginUntrusted: () => {
      if (openToken) return;
      openToken = randomUUID();
      write(`::stop-commands::${openToken}`);
    },
    endUntrusted: () => {
      if (!openToken) return;
      write(`::${openToken}::`);
      openToken = undefined;
    },
    mask: (value) => core.setSecret(value),
    // Writes to a pipe are asynchronous in Node: what the runner has not read yet is buffered.
    // https://nodejs.org/api/process.html#a-note-on-process-io
    drained: () =>
      process.stdout.writableNeedDrain ? once(process.stdout, "drain").then(() => {}) : undefined,
  };
}
