import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { EOL } from "node:os";
import { INPUTS, type InputKey, type RawInputs } from "../core/settings.js";

// The few runner commands the start of the main step needs, without @actions/core: with its HTTP
// client it is a megabyte of code to parse, which a run skipped by its label must not wait for.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands

/** An input as the runner passes it (`INPUT_<NAME>`, spaces as `_`), untrimmed; "" when unset. */
export function getInput(name: string): string {
  return process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "";
}

/** Every input of action.yml that was given, raw (parseSettings trims and validates them). */
export function readRawInputs(): RawInputs {
  const raw: RawInputs = {};
  for (const [key, name] of Object.entries(INPUTS) as Array<[InputKey, string]>) {
    const value = getInput(name);
    if (value !== "") raw[key] = value;
  }
  return raw;
}

/**
 * Sets outputs through the `GITHUB_OUTPUT` file, each value between delimiters no value can hold.
 * False when the runner gave no such file.
 */
export function writeOutputs(outputs: Record<string, string>): boolean {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return false;
  let text = "";
  for (const [name, value] of Object.entries(outputs)) {
    const delimiter = `ghadelimiter_${randomUUID()}`;
    text += `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
  }
  appendFileSync(file, text, "utf8");
  return true;
}

/**
 * The runner reads `::command::` at a line's start and the legacy `##[command]` anywhere.
 * https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions#stopping-and-starting-workflow-commands
 */
export function looksLikeCommand(text: string): boolean {
  return text.split(/\r?\n|\r/).some((line) => line.trimStart().startsWith("::") || line.includes("##["));
}

/** Writes text to the job log so that nothing in it is a command: inside a one-off stop-commands block when needed. */
export function writeInert(text: string): void {
  if (!looksLikeCommand(text)) {
    process.stdout.write(`${text}\n`);
    return;
  }
  const token = randomUUID();
  process.stdout.write(`::stop-commands::${token}\n${text}\n::${token}::\n`);
}
