import { InputError } from "../core/errors.js";
import type { Issue } from "../core/issue/issue.js";
import type { Trigger } from "../core/trust/admission.js";

/** The part of the webhook event the trigger decision reads. */
export interface EventInfo {
  name: string;
  payload: {
    action?: string;
    label?: { name?: string };
    issue?: PayloadIssue;
    inputs?: Record<string, unknown>;
    sender?: { login?: string; type?: string };
  };
}

/** The webhook's issue object: the same fields as the REST API's. */
interface PayloadIssue {
  number?: number;
  pull_request?: unknown;
  title?: string;
  body?: string | null;
  html_url?: string;
  user?: { login?: string } | null;
  labels?: Array<string | { name?: string }>;
  state?: string;
  locked?: boolean;
  created_at?: string;
  updated_at?: string;
}

export type TriggerDecision = { run: true; issueNumber: number } | { run: false; reason: string };

export const SUPPORTED_EVENTS = "`issues` (labeled) and `workflow_dispatch`";

/**
 * Decides from the event whether this run works on an issue, and which. Throws for events the
 * action does not support, and for a `workflow_dispatch` that names no issue.
 */
export function decideTrigger(
  event: EventInfo,
  options: { triggerLabel: string; issueNumber: number | undefined },
): TriggerDecision {
  if (event.name === "issues") {
    if (event.payload.action !== "labeled") {
      return { run: false, reason: `the issue was ${event.payload.action ?? "changed"}, not labeled` };
    }
    const label = event.payload.label?.name ?? "";
    // GitHub label names are case-insensitive: "Agent" and "agent" are the same label.
    if (label.toLowerCase() !== options.triggerLabel.toLowerCase()) {
      return {
        run: false,
        reason: `the label added was \`${label}\`, not the trigger label \`${options.triggerLabel}\``,
      };
    }
    const issueNumber = options.issueNumber ?? event.payload.issue?.number;
    if (!issueNumber) throw new InputError("the `issues` event carries no issue number");
    return { run: true, issueNumber };
  }
  if (event.name === "workflow_dispatch") {
    const issueNumber = options.issueNumber ?? dispatchInputIssue(event.payload.inputs);
    if (!issueNumber) {
      throw new InputError(
        "input `issue-number` is required for `workflow_dispatch`; pass it, e.g. `issue-number: ${{ inputs.issue-number }}`",
      );
    }
    return { run: true, issueNumber };
  }
  throw new InputError(
    `agent-task runs on ${SUPPORTED_EVENTS} events; this run was started by \`${event.name}\``,
  );
}

/** A dispatch form with an `issue-number` (or `issue_number`) field works without wiring the input. */
function dispatchInputIssue(inputs: Record<string, unknown> | undefined): number | undefined {
  const raw = inputs?.["issue-number"] ?? inputs?.issue_number;
  const text = String(raw ?? "")
    .trim()
    .replace(/^#/, "");
  return /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
}

/**
 * Who started the run, when, and the issue text they saw. For `labeled` the payload has no time
 * of its own; GitHub sets the issue's `updated_at` when the label is added, so that is the
 * trigger time (if anything later had touched the issue, the payload would show that instead,
 * which is earlier than the run and so never lets in later text). A dispatch carries neither
 * time nor issue text: the step's start and the issue as read then stand in. `sender` is who
 * added the label or dispatched; the runner's `GITHUB_ACTOR` is the fallback.
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues
 */
export function describeTrigger(
  event: EventInfo,
  issueNumber: number,
  host: { startedAt: string; actor: string | undefined },
): Trigger {
  const actor = event.payload.sender?.login ?? host.actor ?? "";
  const issue = event.payload.issue;
  if (event.name === "issues" && issue?.number === issueNumber && issue.updated_at) {
    return { event: event.payload.action ?? "issues", actor, at: issue.updated_at, issue: issueOf(issue) };
  }
  return { event: event.name, actor, at: host.startedAt };
}

/** The payload's issue, when it has what the run needs (GitHub's always does). */
function issueOf(issue: PayloadIssue): Issue | undefined {
  if (issue.number === undefined || issue.title === undefined || !issue.state || !issue.html_url)
    return undefined;
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? "",
    url: issue.html_url,
    author: issue.user?.login ?? "ghost",
    labels: (issue.labels ?? [])
      .map((label) => (typeof label === "string" ? label : (label.name ?? "")))
      .filter(Boolean),
    state: issue.state,
    createdAt: issue.created_at ?? "",
    locked: issue.locked ?? false,
    isPullRequest: Boolean(issue.pull_request),
  };
}
