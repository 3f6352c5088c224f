import type { Issue, Repository } from "./issue.js";
import { fullName } from "./issue.js";

export const CONTEXT_DIR_NAME = ".agent_context";

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
