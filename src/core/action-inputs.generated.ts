// Generated from action.yml by `npm run contract` (scripts/contract.ts). Do not edit: change
// action.yml and run the command again; test/docs/contract.test.ts fails while they differ.

/** An input of action.yml; `default` is the string the runner passes when the workflow sets none. */
export interface ActionInput {
  readonly name: string;
  readonly default: string;
  readonly description: string;
  readonly required: boolean;
}

/** An output of action.yml. */
export interface ActionOutput {
  readonly name: string;
  readonly description: string;
}

/** Every input of action.yml, by name, in the file's order. */
export const ACTION_INPUTS = {
  "github-token": {
    name: "github-token",
    default: "${{ github.token }}",
    description: "Token for the API and the push. Never visible to the agent.",
    required: false,
  },
  agent: {
    name: "agent",
    default: "custom",
    description: "Agent preset: `claude`, `codex`, `gemini` or `custom`.",
    required: false,
  },
  "agent-command": {
    name: "agent-command",
    default: "",
    description: "Command line of the agent. Required for `custom`; with a preset it replaces only the preset's program (e.g. `npx -y @openai/codex@0.169.0`) and the preset's flags follow. Split into arguments with shell-like quoting and run without a shell.",
    required: false,
  },
  "agent-args": {
    name: "agent-args",
    default: "",
    description: "Extra arguments appended to the agent's command (shell-like quoting).",
    required: false,
  },
  "agent-env": {
    name: "agent-env",
    default: "",
    description: "`KEY=VALUE` lines added to the agent's environment, e.g. API keys from secrets. Values are masked in logs.",
    required: false,
  },
  model: {
    name: "model",
    default: "",
    description: "Model name passed to the preset (`--model` / `-m`).",
    required: false,
  },
  prompt: {
    name: "prompt",
    default: "",
    description: "Extra instructions for the agent, appended to the default prompt and written into the context file.",
    required: false,
  },
  "issue-number": {
    name: "issue-number",
    default: "",
    description: "The issue to work on. Taken from the event when empty; required for `workflow_dispatch`.",
    required: false,
  },
  "trigger-label": {
    name: "trigger-label",
    default: "agent",
    description: "On `issues`/`labeled`, run only when the label just added has this name; otherwise the outcome is `skipped`.",
    required: false,
  },
  "base-branch": {
    name: "base-branch",
    default: "",
    description: "Base of the agent branch and of the pull request. Empty means the repository's default branch.",
    required: false,
  },
  "branch-prefix": {
    name: "branch-prefix",
    default: "agent/",
    description: "The agent branch is `{branch-prefix}{agent}/issue-{N}`.",
    required: false,
  },
  mode: {
    name: "mode",
    default: "auto",
    description: "worktree, directory, or auto: a worktree when repo-path is in a git checkout, a plain directory when it is a non-empty folder outside git (logged); a missing or empty repo-path (no actions/checkout) or a git error fails the step before anything is created.",
    required: false,
  },
  "repo-path": {
    name: "repo-path",
    default: "${{ github.workspace }}",
    description: "The checkout the worktree is made from.",
    required: false,
  },
  "workspaces-root": {
    name: "workspaces-root",
    default: "${{ runner.temp }}/agent_workspaces",
    description: "Where workspaces are created.",
    required: false,
  },
  "timeout-minutes": {
    name: "timeout-minutes",
    default: "120",
    description: "Wall-clock limit of the agent in minutes (decimals allowed), enforced by the action: on expiry the agent's whole process group gets SIGTERM, then SIGKILL after `kill-grace-seconds`.",
    required: false,
  },
  "kill-grace-seconds": {
    name: "kill-grace-seconds",
    default: "30",
    description: "Seconds between SIGTERM and SIGKILL to the agent's processes when the timeout expires.",
    required: false,
  },
  "keep-env": {
    name: "keep-env",
    default: "on-failure",
    description: "What is kept of the environment: `never`, `logs` (remove `workdir/`, keep `output/` and `logs/`), `on-failure` (keep all when the run failed, else as `logs`), `always`.",
    required: false,
  },
  "on-agent-failure": {
    name: "on-agent-failure",
    default: "draft-pr",
    description: "What happens to the changes of an agent that failed or timed out: `draft-pr`, `branch` (push, no pull request), `discard` (nothing pushed; the patch is kept in `output/`).",
    required: false,
  },
  draft: {
    name: "draft",
    default: "false",
    description: "Open pull requests as drafts even on success.",
    required: false,
  },
  "pr-labels": {
    name: "pr-labels",
    default: "",
    description: "Comma or newline separated labels added to the pull request.",
    required: false,
  },
  comment: {
    name: "comment",
    default: "true",
    description: "Keep one status comment on the issue.",
    required: false,
  },
  "dry-run": {
    name: "dry-run",
    default: "false",
    description: "Do everything except push, pull request and comments.",
    required: false,
  },
  restart: {
    name: "restart",
    default: "false",
    description: "On a re-run, start again from the base instead of continuing the existing agent branch.",
    required: false,
  },
  "on-conflict": {
    name: "on-conflict",
    default: "skip",
    description: "When another live run holds this issue's lease: `skip`, `fail` or `takeover`.",
    required: false,
  },
  "heartbeat-seconds": {
    name: "heartbeat-seconds",
    default: "60",
    description: "How often a running run renews its lease and refreshes its status comment.",
    required: false,
  },
  "stale-env-hours": {
    name: "stale-env-hours",
    default: "72",
    description: "At start, workspaces under `workspaces-root` older than this many hours whose run is gone are removed (self-hosted runners keep their disks). `0` turns this off.",
    required: false,
  },
  "directory-max-mb": {
    name: "directory-max-mb",
    default: "200",
    description: "In directory mode the agent works in a copy of repo-path; the run fails before copying when repo-path holds more than this many megabytes (from a git checkout only the files git tracks or would add are counted and copied, so node_modules and other ignored files stay behind). 0 turns the limit off.",
    required: false,
  },
  "required-permission": {
    name: "required-permission",
    default: "write",
    description: "The least role the actor who triggered the run must hold on the repository: `triage`, `write`, `maintain` or `admin`. Below it the run is `skipped`.",
    required: false,
  },
  "allowed-bots": {
    name: "allowed-bots",
    default: "",
    description: "Comma or newline separated exact logins of Bot accounts that may trigger runs (e.g. `my-app[bot]`); other bots are `skipped`. Wildcards are not accepted.",
    required: false,
  },
  "allow-workflow-changes": {
    name: "allow-workflow-changes",
    default: "false",
    description: "Push the agent's changes under `.github/workflows/` (the token then needs the `workflows` permission). Otherwise they are held back and saved as a patch in `output/`.",
    required: false,
  },
  "context-max-kib": {
    name: "context-max-kib",
    default: "256",
    description: "Size limit of `.agent_context/issue_context.md` in KiB; longer issue text is cut with a visible marker.",
    required: false,
  },
  "agent-user": {
    name: "agent-user",
    default: "auto",
    description: "OS user the agent runs as: auto (an isolated unprivileged user where the runner allows it, else the runner's user with a warning), none (the runner's user), or a user name.",
    required: false,
  },
} as const satisfies Record<string, ActionInput>;

/** Every output of action.yml, by name, in the file's order. */
export const ACTION_OUTPUTS = {
  outcome: {
    name: "outcome",
    description: "How the run ended: `pr-opened`, `pr-updated`, `no-changes`, `completed`, `canceled`, `agent-failed`, `timed-out` or `skipped`.",
  },
  branch: {
    name: "branch",
    description: "The agent branch pushed (empty in directory mode or when nothing was pushed).",
  },
  "pr-number": {
    name: "pr-number",
    description: "Number of the pull request opened or updated.",
  },
  "pr-url": {
    name: "pr-url",
    description: "URL of the pull request opened or updated.",
  },
  "head-sha": {
    name: "head-sha",
    description: "The commit pushed.",
  },
  "changed-files": {
    name: "changed-files",
    description: "Number of files added, modified or deleted by the agent.",
  },
  "exit-code": {
    name: "exit-code",
    description: "The agent's exit code; `-1` when it could not be started; empty when it never ran.",
  },
  "env-dir": {
    name: "env-dir",
    description: "The workspace root when it was kept (wholly, or its `output/` and `logs/`), else empty.",
  },
  "agent-summary": {
    name: "agent-summary",
    description: "The agent's final message when its CLI reports one (truncated), else empty.",
  },
} as const satisfies Record<string, ActionOutput>;

export type ActionInputName = keyof typeof ACTION_INPUTS;
export type ActionOutputName = keyof typeof ACTION_OUTPUTS;
