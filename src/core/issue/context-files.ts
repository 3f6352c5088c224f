import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GitHubPort, Logger } from "../ports.js";
import type { SessionSummary } from "../report/lease.js";
import type { TaskProvenance } from "../trust/admission.js";
import { sanitizeMarkdown } from "../trust/sanitize.js";
import { CONTEXT_DIR_NAME } from "../workspace/naming.js";
import type { Workspace } from "../workspace/prepare-workspace.js";
import { capText, fitContext } from "./context-cap.js";
import type { Issue, IssueThread, Repository } from "./issue.js";
import { fullName } from "./issue.js";
import { issueJson, renderIssueContext } from "./issue-context.js";
import { feedbackSince, renderPreviousSession } from "./previous-session.js";

export interface ContextFilesOptions {
  workspace: Workspace;
  thread: IssueThread;
  baseBranch: string;
  /** The `prompt` input. */
  instructions: string;
  /** What the last run on the issue left, for `previous_session.md`. */
  previous: SessionSummary | undefined;
  github: GitHubPort;
  logger: Logger;
  /** The size limit of each context file (`context-max-kib`); none when undefined. */
  maxBytes?: number;
  /** How the issue was read (trigger time, comments left out, characters removed). */
  provenance?: TaskProvenance;
}

/**
 * Writes `.agent_context/`: `issue_context.md`, `issue.json`, `prompt.md` and, when an earlier
 * run worked on the issue, `previous_session.md`. Returns the prompt and its file. The thread
 * comes sanitised; what is read here (the pull request's discussion, the last run's summary) is
 * sanitised before it is written, and every file is kept within the size limit.
 */
export async function writeContextFiles(
  options: ContextFilesOptions,
): Promise<{ prompt: string; promptFile: string }> {
  const { workspace, thread } = options;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const provenance = { commentsLeftOut: 0, removedCharacters: 0, ...options.provenance };
  const clean = (text: string) => {
    const result = sanitizeMarkdown(text);
    provenance.removedCharacters += result.removed;
    return result.text;
  };
  let previousSession: string | undefined;
  if (options.previous) {
    const feedback = await feedbackSince(
      options.github,
      options.previous,
      thread.comments,
      provenance.triggeredAt,
    );
    const summary = options.previous.agentSummary && clean(options.previous.agentSummary);
    const session = { ...options.previous, agentSummary: summary };
    const cleanFeedback = feedback.map((item) => ({ ...item, body: clean(item.body) }));
    previousSession = capText(renderPreviousSession(session, cleanFeedback), maxBytes, "previous_session.md");
    options.logger.info(`Wrote previous_session.md (${feedback.length} comment(s) since the last run)`);
  }
  const all = {
    repository: thread.repository,
    issue: thread.issue,
    comments: thread.comments,
    baseBranch: options.baseBranch,
    branch: workspace.mode === "worktree" ? workspace.branch : "",
    mode: workspace.mode,
    instructions: options.instructions,
    taskId: workspace.taskId,
  };
  const { facts, truncated } = fitContext(all, maxBytes);
  if (truncated) options.logger.warning(`The issue is longer than context-max-kib allows; its text was cut`);
  const prompt = buildPrompt(
    thread.repository,
    thread.issue,
    options.instructions,
    Boolean(options.previous),
  );
  const promptFile = path.join(workspace.contextDir, "prompt.md");
  await mkdir(workspace.contextDir, { recursive: true });
  await Promise.all([
    writeFile(
      path.join(workspace.contextDir, "issue_context.md"),
      capText(renderIssueContext(facts), maxBytes, "issue_context.md"),
    ),
    writeFile(path.join(workspace.contextDir, "issue.json"), issueJson(facts, { ...provenance, truncated })),
    writeFile(promptFile, prompt),
    ...(previousSession === undefined
      ? []
      : [writeFile(path.join(workspace.contextDir, "previous_session.md"), previousSession)]),
  ]);
  return { prompt, promptFile };
}

/**
 * The prompt every agent is given: where the task is, where to work, and that committing and
 * pushing are the action's job. The `prompt` input is appended.
 */
export function buildPrompt(
  repository: Repository,
  issue: Issue,
  extraInstructions: string,
  hasPreviousSession = false,
): string {
  const lines = [
    `You are working on issue #${issue.number} of ${fullName(repository)}.`,
    "",
    `Read \`${CONTEXT_DIR_NAME}/issue_context.md\` first: it holds the issue's description, acceptance criteria, references, discussion and workspace facts (\`${CONTEXT_DIR_NAME}/issue.json\` has the same as JSON).`,
    ...(hasPreviousSession
      ? [
          "",
          `An earlier run worked on this issue: \`${CONTEXT_DIR_NAME}/previous_session.md\` says what it did and what reviewers said since. Build on that work.`,
        ]
      : []),
    "",
    "Make the change the issue asks for in the current directory, and only there. Keep it focused; run the project's tests if it has any.",
    "",
    "Do not commit, push or open a pull request: when you finish, the action commits what you changed, pushes the branch and opens the pull request.",
  ];
  if (extraInstructions.trim()) lines.push("", "Additional instructions:", "", extraInstructions.trim());
  return `${lines.join("\n")}\n`;
}
