import { errorMessage } from "../errors.js";
import type { Issue, IssueThread } from "../issue/issue.js";
import { readIssue } from "../issue/read-issue.js";
import type { CollaboratorPermission, GitHubPort, Logger } from "../ports.js";
import type { RequiredPermission, Settings } from "../settings.js";
import { freezeAtTrigger, sanitizeThread } from "./issue-snapshot.js";

/** What started the run, as the host read it from the event; absent for a run from a terminal. */
export interface Trigger {
  /** The event, for messages: `labeled` or `workflow_dispatch`. */
  event: string;
  /** Who started it: for `labeled` the user who added the label, for a dispatch the dispatcher. */
  actor?: string;
  /**
   * When it was started: issue text edited and comments written after this are not the task.
   * For `labeled` the issue's `updated_at` in the payload (GitHub sets it when the label is
   * added; the payload has no time of its own), for a dispatch when the step started.
   */
  at: string;
  /**
   * The issue as the event carried it, when it did (a `labeled` event does): its title and body
   * are the task, and its state is the one the actor saw. It is not read again.
   */
  issue?: Issue;
}

/** What the action learnt about the triggering actor through the API. */
export interface Actor {
  login: string;
  /** `User`, `Bot`, `Organization` … as GitHub reports it, never guessed from the login. */
  type: string;
  role: RepoRole;
}

/** Repository roles from no access to admin, weakest first. */
export const REPO_ROLES = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type RepoRole = (typeof REPO_ROLES)[number];

export type Admission = { admitted: true } | { admitted: false; reason: string; explain: boolean };

/**
 * Who may start a run, on which issue: an open, unlocked issue (not a pull request), started by
 * a user holding at least `required-permission`, or by a bot listed in `allowed-bots` (a GitHub
 * App has no collaborator role; listing it is the trust). Without an actor (a run from a
 * terminal) only the issue is checked.
 */
export function decideAdmission(input: {
  requiredPermission: RequiredPermission;
  allowedBots: string[];
  actor: Actor | undefined;
  issue: Pick<Issue, "number" | "state" | "locked" | "isPullRequest">;
}): Admission {
  const { actor, issue } = input;
  if (issue.isPullRequest) {
    return refuse(`#${issue.number} is a pull request; agent-task works on issues`, true);
  }
  if (issue.state !== "open") return refuse(`issue #${issue.number} is ${issue.state}`, true);
  // A locked conversation takes no comments from the public; the action adds none either.
  if (issue.locked) return refuse(`issue #${issue.number} is locked`, false);
  if (!actor) return { admitted: true };
  if (actor.type === "Bot") {
    const listed = input.allowedBots.some((login) => login.toLowerCase() === actor.login.toLowerCase());
    return listed
      ? { admitted: true }
      : refuse(
          `\`${actor.login}\` is a bot account, and only the bots listed in \`allowed-bots\` may start runs`,
          true,
        );
  }
  if (rank(actor.role) < rank(input.requiredPermission)) {
    return refuse(
      `\`${actor.login}\`, who started it, has the \`${actor.role}\` role on this repository; \`required-permission\` asks for at least \`${input.requiredPermission}\``,
      true,
    );
  }
  return { admitted: true };
}

function refuse(reason: string, explain: boolean): Admission {
  return { admitted: false, reason, explain };
}

function rank(role: RepoRole): number {
  return REPO_ROLES.indexOf(role);
}

/**
 * The role behind a collaborator-permission answer. `role_name` is one of the five roles, or an
 * organisation's custom role, whose name says nothing: then what it allows decides.
 * https://docs.github.com/en/organizations/managing-user-access-to-your-organizations-repositories/managing-repository-roles/about-custom-repository-roles
 */
export function roleOf(permission: CollaboratorPermission | undefined): RepoRole {
  if (!permission) return "none";
  const named = permission.roleName.toLowerCase();
  if ((REPO_ROLES as readonly string[]).includes(named)) return named as RepoRole;
  const allows = permission.permissions ?? {};
  if (allows.admin) return "admin";
  if (allows.maintain) return "maintain";
  if (allows.push) return "write";
  if (allows.triage) return "triage";
  if (allows.pull) return "read";
  return "none";
}

/**
 * The actor's role and account type, in one request when the permission answer carries the
 * user (it does on GitHub); the user is looked up only when it does not.
 */
export async function lookUpActor(github: GitHubPort, login: string): Promise<Actor> {
  const permission = await github.getCollaboratorPermission(login);
  const type = permission?.accountType ?? (await github.getAccountType(login)) ?? "unknown";
  return { login, type, role: roleOf(permission) };
}

/** An event that names nobody gets no role: it is refused like an outsider. */
function lookUpTriggeringActor(github: GitHubPort, login: string): Promise<Actor> {
  if (!login) return Promise.resolve({ login: "(unknown)", type: "unknown", role: "none" });
  return lookUpActor(github, login);
}

/** What the context files record about how the issue was read. */
export interface TaskProvenance {
  /** When the run was triggered, when a trigger says. */
  triggeredAt?: string;
  /** Comments written or edited after the trigger, which the agent does not get. */
  commentsLeftOut: number;
  /** Characters the sanitiser removed from the issue's text. */
  removedCharacters: number;
}

export type AdmitResult =
  | { admitted: true; thread: IssueThread; provenance: TaskProvenance }
  | { admitted: false; reason: string };

export interface AdmitOptions {
  github: GitHubPort;
  logger: Logger;
  settings: Pick<Settings, "requiredPermission" | "allowedBots" | "comment" | "dryRun">;
  issueNumber: number;
  trigger?: Trigger;
  /** A run without GitHub: nothing is written there. */
  local?: boolean;
}

/** What admission decides from: the issue with its comments, and who started the run. */
export interface AdmissionReads {
  thread: Awaited<ReturnType<typeof readIssue>>;
  actor: Awaited<ReturnType<typeof lookUpTriggeringActor>> | undefined;
}

/**
 * The reads admission decides from, at the same time: they say nothing and change nothing, so a
 * run may start them before it has checked its inputs, and drop them when a check fails.
 */
export async function readForAdmission(
  options: Pick<AdmitOptions, "github" | "issueNumber" | "trigger">,
): Promise<AdmissionReads> {
  const { github, issueNumber, trigger } = options;
  const [thread, actor] = await Promise.all([
    readIssue(github, issueNumber, trigger?.issue),
    trigger?.actor === undefined ? undefined : lookUpTriggeringActor(github, trigger.actor),
  ]);
  return { thread, actor };
}

/** The marker of the comment that explains a refused run; one explanation per issue is enough. */
export const REFUSAL_MARKER = "<!-- agent-task:refused -->";

/**
 * The first stage: reads the issue and, at the same time, who started the run (readForAdmission);
 * decides whether the run may go on before anything is created. A refused run explains itself in
 * one comment (unless the same explanation is already there) and changes nothing else. An admitted
 * run gets the issue as it was at the trigger, sanitised.
 */
export async function admitRun(
  options: AdmitOptions,
  /** What readForAdmission read, when the run asked early; read now when not given. */
  read: Promise<AdmissionReads> = readForAdmission(options),
): Promise<AdmitResult> {
  const { github, logger, settings, trigger } = options;
  const { thread, actor } = await read;
  if (actor && trigger) {
    logger.info(`Started by ${actor.login} (${actor.type}, role ${actor.role}) through ${trigger.event}`);
  }
  const admission = decideAdmission({ ...settings, actor, issue: thread.issue });
  if (!admission.admitted) {
    if (admission.explain && settings.comment && !settings.dryRun && !options.local) {
      await explainRefusal(github, logger, thread, admission.reason);
    }
    return { admitted: false, reason: admission.reason };
  }
  // An earlier refusal's explanation is the action's own note, not part of the discussion.
  const discussion = thread.comments.filter((comment) => !comment.body.startsWith(REFUSAL_MARKER));
  const frozen = freezeAtTrigger({ ...thread, comments: discussion }, trigger);
  if (frozen.commentsLeftOut > 0) {
    logger.info(
      `Left out ${frozen.commentsLeftOut} comment(s) written or edited after the run was triggered`,
    );
  }
  const sanitized = sanitizeThread(frozen.thread);
  if (sanitized.removed > 0) {
    logger.info(`Removed ${sanitized.removed} hidden character(s) from the issue's text`);
  }
  return {
    admitted: true,
    thread: sanitized.thread,
    provenance: {
      triggeredAt: trigger?.at,
      commentsLeftOut: frozen.commentsLeftOut,
      removedCharacters: sanitized.removed,
    },
  };
}

async function explainRefusal(
  github: GitHubPort,
  logger: Logger,
  thread: IssueThread,
  reason: string,
): Promise<void> {
  const body = `${REFUSAL_MARKER}\n⏭️ **agent-task** did not run: ${reason}.\n`;
  if (thread.comments.some((comment) => comment.body === body)) return;
  try {
    await github.createComment(thread.issue.number, body);
  } catch (error) {
    logger.warning(`Could not explain the skipped run on the issue: ${errorMessage(error)}`);
  }
}
