import { parse } from "shell-quote";

/**
 * Splits a command line into argv with shell-like quoting, for running WITHOUT a shell.
 * Variables are not expanded and globs are passed literally; shell operators are refused
 * because nothing would interpret them.
 */
export function splitCommandLine(line: string): string[] {
  const argv: string[] = [];
  for (const token of parse(line, (name) => `$${name}`)) {
    if (typeof token === "string") {
      argv.push(token);
    } else if ("pattern" in token) {
      argv.push(token.pattern);
    } else if ("comment" in token) {
      break;
    } else {
      throw new Error(
        `shell operator \`${token.op}\` is not supported: the command runs without a shell; wrap it as bash -c '…' or put it in a script`,
      );
    }
  }
  return argv;
}
