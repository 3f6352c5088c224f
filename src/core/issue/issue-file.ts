import { InputError } from "../errors.js";
import type { IssueComment } from "./issue.js";

/**
 * An issue written down in a file, for a run without GitHub: a Markdown file (its first heading
 * is the title, the rest the body) or the `issue.json` a kept workspace holds, which carries
 * everything a run on GitHub read, so a run can be reproduced on another machine.
 */
export interface IssueFile {
  title: string;
  body: string;
  number?: number;
  url?: string;
  author?: string;
  labels: string[];
  state?: string;
  createdAt?: string;
  comments: IssueComment[];
  /** `owner/name`, from issue.json. */
  repository?: string;
  /** The base branch of the run that wrote issue.json. */
  baseBranch?: string;
  /** The `prompt` input of the run that wrote issue.json. */
  instructions?: string;
}

export function parseIssueFile(text: string, fileName: string): IssueFile {
  const content = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  return fileName.endsWith(".json") || content.trimStart().startsWith("{")
    ? parseIssueJson(content, fileName)
    : parseIssueMarkdown(content, fileName);
}

const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;

/** The first heading (outside code blocks) is the title; everything else is the body. */
export function parseIssueMarkdown(text: string, fileName: string): IssueFile {
  const lines = text.split("\n");
  let inFence = false;
  for (const [index, line] of lines.entries()) {
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence) continue;
    const heading = ATX_HEADING.exec(line);
    if (!heading) continue;
    const title = (heading[1] ?? "").trim();
    if (!title) throw new InputError(`${fileName}: the first heading is empty; it is the issue's title`);
    const body = [...lines.slice(0, index), ...lines.slice(index + 1)].join("\n").trim();
    return { title, body, labels: [], comments: [] };
  }
  throw new InputError(
    `${fileName} has no Markdown heading; its first heading (a line like "# Fix the login form") is the issue's title`,
  );
}

/** The `.agent_context/issue.json` of a workspace (see issueJson in issue-context.ts). */
export function parseIssueJson(text: string, fileName: string): IssueFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${fileName} is not valid JSON: ${(error as Error).message}`);
  }
  const bad = (field: string, expected: string) =>
    new InputError(`${fileName}: \`${field}\` must be ${expected} (the shape of .agent_context/issue.json)`);
  if (!isObject(json)) throw bad("(top level)", "an object");
  const issue = json.issue;
  if (!isObject(issue)) throw bad("issue", "an object");
  if (typeof issue.title !== "string" || !issue.title.trim()) throw bad("issue.title", "a non-empty string");
  const number = issue.number;
  if (number !== undefined && !(Number.isInteger(number) && (number as number) > 0)) {
    throw bad("issue.number", "a positive integer");
  }
  const labels = issue.labels ?? [];
  if (!Array.isArray(labels) || !labels.every((label) => typeof label === "string")) {
    throw bad("issue.labels", "a list of strings");
  }
  const rawComments = json.comments ?? [];
  if (!Array.isArray(rawComments)) throw bad("comments", "a list");
  const comments = rawComments.map((comment, index): IssueComment => {
    if (!isObject(comment) || typeof comment.body !== "string") {
      throw bad(`comments[${index}].body`, "a string");
    }
    return {
      id: index + 1,
      author: optionalString(comment.author) ?? "ghost",
      createdAt: optionalString(comment.createdAt) ?? "",
      url: optionalString(comment.url) ?? "",
      body: comment.body,
    };
  });
  const workspace = isObject(json.workspace) ? json.workspace : {};
  return {
    title: issue.title,
    body: optionalString(issue.body) ?? "",
    number: number as number | undefined,
    url: optionalString(issue.url),
    author: optionalString(issue.author),
    labels: labels as string[],
    state: optionalString(issue.state),
    createdAt: optionalString(issue.createdAt),
    comments,
    repository: optionalString(json.repository),
    baseBranch: optionalString(workspace.baseBranch) || undefined,
    instructions: optionalString(json.instructions),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
