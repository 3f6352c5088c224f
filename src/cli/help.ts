import type { OptionSpec } from "./arguments.js";
import type { Command } from "./command.js";
import { formatTable } from "./format.js";

export function renderUsage(commands: readonly Command[]): string {
  return `Usage: agent-task <command> [options]

Turns a GitHub issue into a pull request made by a coding-agent CLI, from a terminal or any CI
system: the same pipeline as the agent-task GitHub Action.

Commands:
${indent(formatTable([...commands.map((command) => [command.name, command.summary]), ["help [command]", "show a command's options"]]))}

Options:
  -h, --help      show this help
  --version       print the version

Run \`agent-task help <command>\` for a command's options.
The token is read from GITHUB_TOKEN or GH_TOKEN, never from a flag.
Exit status: 0 success, 1 a run or a check failed, 2 bad usage.
`;
}

export function renderCommandHelp(command: Command): string {
  const options = command.options.map(
    (option) => `  ${optionSynopsis(option)}\n${wrap(option.description, WIDTH - 6, "      ")}`,
  );
  options.push("  -h, --help\n      show this help");
  return `Usage: ${command.usage}

${command.description.trim()}

Options:
${options.join("\n")}
`;
}

const WIDTH = 100;

/** Words filled into lines of at most `width` characters, each line indented. */
function wrap(text: string, width: number, prefix: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => `${prefix}${l}`).join("\n");
}

function optionSynopsis(option: OptionSpec): string {
  const names = [option.name, ...(option.aliases ?? [])].map((name) => `--${name}`).join(", ");
  if (option.kind === "boolean") return `${names}, --no-${option.name}`;
  const value = option.valueName ?? "VALUE";
  return `${names} ${value}${option.kind === "list" ? " (repeatable)" : ""}`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
