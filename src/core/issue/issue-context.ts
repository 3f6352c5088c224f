import type { Mode } from "../settings.js";
import type { Issue, IssueComment, Repository } from "./issue.js";
import { fullName } from "./issue.js";

/** How the contract's context file spells a workspace's mode. */
const MODE_LABELS: Record<Mode, string> = { worktree: "git_worktree", directory: "directory" };

export interface ContextFacts {
  repository: Repository;
  issue: Issue;
  comments: IssueComment[];
  baseBranch: string;
  branch: string;
  mode: Mode;
  instructions: string;
  taskId: string;
}

/** `.agent_context/issue_context.md` in the contract's format; empty sections are left out. */
export function renderIssueContext(facts: ContextFacts): string {
  facts = normalizeLineEndings(facts);
  const criteria = acceptanceCriteria(facts.issue.body);
  const references = contextReferences(facts.issue, facts.comments, facts.repository);
  const sections: Array<[string, string]> = [
    ["## Description", facts.issue.body.trim()],
    ["## Acceptance Criteria", bullets(criteria)],
    ["## Context References", bullets(references)],
    ["## Comments", facts.comments.map(renderComment).join("\n\n")],
    [
      "## Workspace Context",
      bullets([
        `Repository: ${fullName(facts.repository)}`,
        `Base branch: ${facts.baseBranch}`,
        ...(facts.branch ? [`Agent branch: ${facts.branch}`] : []),
        `Mode: ${MODE_LABELS[facts.mode]}`,
      ]),
    ],
    ["## Agent Instructions", facts.instructions.trim()],
  ];
  const parts = [`# Issue: ${oneLine(facts.issue.title)}`];
  for (const [heading, content] of sections) {
    if (content) parts.push(`${heading}\n\n${content}`);
  }
  return `${parts.join("\n\n")}\n`;
}

/** How the task was read: when it was triggered, what was left out, removed and cut. */
export interface ContextProvenance {
  triggeredAt?: string;
  commentsLeftOut: number;
  removedCharacters: number;
  truncated: boolean;
}

/** `.agent_context/issue.json`: the same facts as the Markdown file, for agents that prefer JSON. */
export function issueJson(facts: ContextFacts, provenance?: ContextProvenance): string {
  const json = {
    taskId: facts.taskId,
    repository: fullName(facts.repository),
    issue: {
      number: facts.issue.number,
      title: facts.issue.title,
      url: facts.issue.url,
      author: facts.issue.author,
      state: facts.issue.state,
      labels: facts.issue.labels,
      createdAt: facts.issue.createdAt,
      body: facts.issue.body,
    },
    acceptanceCriteria: acceptanceCriteria(facts.issue.body),
    references: contextReferences(facts.issue, facts.comments, facts.repository),
    comments: facts.comments.map((c) => ({
      author: c.author,
      createdAt: c.createdAt,
      url: c.url,
      body: c.body,
    })),
    workspace: {
      baseBranch: facts.baseBranch,
      branch: facts.branch,
      mode: MODE_LABELS[facts.mode],
    },
    instructions: facts.instructions,
    ...(provenance && {
      trigger: { at: provenance.triggeredAt ?? null, commentsLeftOut: provenance.commentsLeftOut },
      sanitized: { removedCharacters: provenance.removedCharacters },
      truncated: provenance.truncated,
    }),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Issue text typed on Windows arrives with CRLF; the context file uses LF throughout. */
function normalizeLineEndings(facts: ContextFacts): ContextFacts {
  const lf = (text: string) => text.replace(/\r\n?/g, "\n");
  return {
    ...facts,
    issue: { ...facts.issue, body: lf(facts.issue.body) },
    comments: facts.comments.map((comment) => ({ ...comment, body: lf(comment.body) })),
    instructions: lf(facts.instructions),
  };
}

function renderComment(comment: IssueComment): string {
  return `### ${comment.author} on ${comment.createdAt}\n\n${comment.body.trim()}`;
}

function bullets(items: string[]): string {
  return items.map((item) => `- ${item}`).join("\n");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

const TASK_ITEM = /^\s*[-*+]\s+\[[ xX]\]\s+(.+)$/;
const BULLET = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.+)$/;
const CRITERIA_TITLE = /^acceptance criteria:?$/i;

/**
 * Task-list items anywhere in the body, and bullets under a heading named "Acceptance Criteria"
 * (up to the next heading of the same or a higher level), in order, without duplicates.
 */
export function acceptanceCriteria(body: string): string[] {
  const found: string[] = [];
  let criteriaLevel: number | undefined;
  let inFence = false;
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const heading = headingOf(line);
    if (heading) {
      if (CRITERIA_TITLE.test(heading.title)) criteriaLevel = heading.level;
      else if (criteriaLevel !== undefined && heading.level <= criteriaLevel) criteriaLevel = undefined;
      continue;
    }
    const item = TASK_ITEM.exec(line) ?? (criteriaLevel !== undefined ? BULLET.exec(line) : null);
    if (item) found.push(item[1]!.trim());
  }
  return [...new Set(found)];
}

/** A Markdown heading, or a line that is only bold text (read as the lowest heading level). */
function headingOf(line: string): { level: number; title: string } | undefined {
  const atx = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
  if (atx) return { level: atx[1]!.length, title: atx[2]!.replace(/\*\*/g, "").trim() };
  const bold = /^\s*\*\*([^*]+)\*\*:?\s*$/.exec(line);
  if (bold) return { level: 7, title: bold[1]!.trim() };
  return undefined;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>()[\]"'`]+/g;
const ISSUE_REF = /(?<![\w/#&.-])((?:[\w.-]+\/[\w.-]+)?#\d+)\b/g;

/**
 * The issue's URL, then the `#N` / `owner/repo#N` references and URLs found in the body and
 * comments, in order of appearance, without duplicates and without the issue itself.
 */
export function contextReferences(issue: Issue, comments: IssueComment[], repository: Repository): string[] {
  const self = new Set([`#${issue.number}`, `${fullName(repository)}#${issue.number}`, issue.url]);
  const references = [issue.url];
  for (const text of [issue.body, ...comments.map((c) => c.body)]) {
    const prose = text.replace(/```[\s\S]*?```/g, " ");
    const found: Array<[number, string]> = [];
    for (const m of prose.matchAll(URL_PATTERN)) found.push([m.index, m[0].replace(/[.,;:!?]+$/, "")]);
    const withoutUrls = prose.replace(URL_PATTERN, (url) => " ".repeat(url.length));
    for (const m of withoutUrls.matchAll(ISSUE_REF)) found.push([m.index, m[1]!]);
    found.sort((a, b) => a[0] - b[0]);
    for (const [, ref] of found) if (!self.has(ref)) references.push(ref);
  }
  return [...new Set(references)];
}
