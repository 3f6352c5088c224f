import { describe, expect, it } from "vitest";
import { splitCommandLine } from "../../../src/core/agent/command-line.js";

describe("words are split on blanks", () => {
  it.each([
    ["my-agent", ["my-agent"]],
    ["my-agent --flag value", ["my-agent", "--flag", "value"]],
    ["  a   b  ", ["a", "b"]],
    ["a\tb", ["a", "b"]],
    ["a\nb", ["a", "b"]],
    ["", []],
    ["   ", []],
  ])("%j → %j", (line, argv) => {
    expect(splitCommandLine(line)).toEqual(argv);
  });
});

describe("quotes group words like a POSIX shell", () => {
  it.each([
    [`node "my agent.js"`, ["node", "my agent.js"]],
    [`a 'b c'`, ["a", "b c"]],
    [`a "it's"`, ["a", "it's"]],
    [`a 'say "hi"'`, ["a", 'say "hi"']],
    [`a 'b c'"d"e`, ["a", "b cde"]],
    [`a 'it''s'`, ["a", "its"]],
    [`a "" b`, ["a", "", "b"]],
    [`a '' b`, ["a", "", "b"]],
    [`--system "line one\nline two"`, ["--system", "line one\nline two"]],
  ])("%j → %j", (line, argv) => {
    expect(splitCommandLine(line)).toEqual(argv);
  });
});

describe("backslash escapes", () => {
  it.each([
    ["a\\ b", ["a b"]],
    [`"a\\"b"`, ['a"b']],
    [`"x\\\\y"`, ["x\\y"]],
    [`'a\\b'`, ["a\\b"]],
    ["a\\$b", ["a$b"]],
    ["echo \\#x", ["echo", "#x"]],
  ])("%j → %j", (line, argv) => {
    expect(splitCommandLine(line)).toEqual(argv);
  });

  it("treats backslash-newline as a line continuation, as a shell does", () => {
    expect(splitCommandLine("my-agent --flag \\\n    --other")).toEqual(["my-agent", "--flag", "--other"]);
  });
});

describe("variables are kept literal (nothing expands them)", () => {
  it.each([
    ["echo $HOME", ["echo", "$HOME"]],
    [`echo "$HOME/x"`, ["echo", "$HOME/x"]],
    ["echo '$HOME'", ["echo", "$HOME"]],
    ["echo $A-b", ["echo", "$A-b"]],
    ["echo $1 $@", ["echo", "$1", "$@"]],
    ["echo $", ["echo", "$"]],
    ["echo ~", ["echo", "~"]],
    ["echo `date`", ["echo", "`date`"]],
  ])("%j → %j", (line, argv) => {
    expect(splitCommandLine(line)).toEqual(argv);
  });

  it.each([
    ["echo ${HOME}", ["echo", "${HOME}"]],
    ["echo ${A}b", ["echo", "${A}b"]],
    [`echo "\${A}b"`, ["echo", "${A}b"]],
    ["echo ${A:-x}", ["echo", "${A:-x}"]],
  ])("braced %j is kept as written, not rewritten into another variable", (line, argv) => {
    expect(splitCommandLine(line)).toEqual(argv);
  });
});

describe("globs are passed literally", () => {
  it.each([
    ["ls *.ts", ["ls", "*.ts"]],
    ["ls 'a*'", ["ls", "a*"]],
    ["ls a?", ["ls", "a?"]],
    ["ls [ab]", ["ls", "[ab]"]],
    ["ls **/*.ts", ["ls", "**/*.ts"]],
    ["echo {a,b}", ["echo", "{a,b}"]],
  ])("%j → %j", (line, argv) => {
    expect(splitCommandLine(line)).toEqual(argv);
  });
});

describe("comments", () => {
  it.each([
    ["my-agent # the agent", ["my-agent"]],
    ["# only a comment", []],
    [`echo "#not a comment"`, ["echo", "#not a comment"]],
  ])("%j → %j", (line, argv) => {
    expect(splitCommandLine(line)).toEqual(argv);
  });

  it.each([
    ["a --url=https://x.org/p#frag", ["a", "--url=https://x.org/p#frag"]],
    ["a foo#bar", ["a", "foo#bar"]],
    ["gh issue view owner/repo#12", ["gh", "issue", "view", "owner/repo#12"]],
  ])("# inside a word is not a comment: %j → %j", (line, argv) => {
    expect(splitCommandLine(line)).toEqual(argv);
  });
});

describe("shell operators are refused with a clear message", () => {
  it.each([
    ["a | b", "|"],
    ["a && b", "&&"],
    ["a || b", "||"],
    ["a; b", ";"],
    ["a & b", "&"],
    ["a > out.txt", ">"],
    ["a < in.txt", "<"],
    ["a >> log", ">>"],
    ["(a)", "("],
    ["echo $(whoami)", "("],
  ])("%j names `%s` and says there is no shell", (line, op) => {
    expect(() => splitCommandLine(line)).toThrowError(`\`${op}\``);
    expect(() => splitCommandLine(line)).toThrowError(/without a shell/);
  });

  it("suggests how to run it with a shell", () => {
    expect(() => splitCommandLine("a | b")).toThrowError(/bash -c/);
  });

  it.each([`a "a|b"`, "a 'x && y'", "a \\;"])("quoted operators are plain text: %j", (line) => {
    expect(() => splitCommandLine(line)).not.toThrow();
  });
});

describe("malformed quoting is refused, not guessed at", () => {
  it.each([`my-agent "unterminated`, "my-agent 'unterminated"])("%j throws", (line) => {
    expect(() => splitCommandLine(line)).toThrowError();
  });
});
