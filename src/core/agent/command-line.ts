/**
 * Splits a command line into argv with POSIX shell quoting, for running WITHOUT a shell:
 * single quotes keep everything, double quotes and backslashes escape as in sh, a backslash at a
 * line's end continues the line, and `#` starts a comment only at the start of a word. Variables
 * (`$A`, `${A}`) and globs are passed as written, because nothing would expand them; shell
 * operators are refused for the same reason.
 */
export function splitCommandLine(line: string): string[] {
  const argv: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  const finishWord = () => {
    if (inWord) argv.push(word);
    word = "";
    inWord = false;
  };
  while (i < line.length) {
    const char = line[i]!;
    if (char === "\\") {
      const next = line[i + 1];
      if (next === undefined) throw new Error("it ends with a lone backslash");
      if (next !== "\n") {
        word += next;
        inWord = true;
      }
      i += 2;
    } else if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new Error("a single quote (') is not closed");
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (char === '"') {
      i = readDoubleQuoted(line, i + 1, (text) => {
        word += text;
      });
      inWord = true;
    } else if (/\s/.test(char)) {
      finishWord();
      i += 1;
    } else if (char === "#" && !inWord) {
      break;
    } else if ("|&;<>()".includes(char)) {
      const operator = /^(\|\||&&|>>|<<|[|&;<>()])/.exec(line.slice(i))![0];
      throw new Error(
        `shell operator \`${operator}\` is not supported: the command runs without a shell; wrap it as bash -c '…' or put it in a script`,
      );
    } else {
      word += char;
      inWord = true;
      i += 1;
    }
  }
  finishWord();
  return argv;
}

/** Reads a double-quoted string from `start` (after the quote); returns the index after the closing quote. */
function readDoubleQuoted(line: string, start: number, append: (text: string) => void): number {
  let i = start;
  while (i < line.length) {
    const char = line[i]!;
    if (char === '"') return i + 1;
    if (char === "\\" && i + 1 < line.length) {
      const next = line[i + 1]!;
      if (next === "\n") {
        i += 2;
        continue;
      }
      // Inside double quotes a backslash escapes only these, as in sh; otherwise it is kept.
      append('"\\$`'.includes(next) ? next : `\\${next}`);
      i += 2;
      continue;
    }
    append(char);
    i += 1;
  }
  throw new Error('a double quote (") is not closed');
}
