import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 218:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _start_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(746);
// The action's main step, as the runner starts it (action.yml: runs.main). The pipeline is
// loaded only by a run that works, and only once the token is out of the process environment.

await (0,_start_js__WEBPACK_IMPORTED_MODULE_0__/* .start */ .n)(() => Promise.all(/* import() */[__nccwpck_require__.e(592), __nccwpck_require__.e(805)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3805)));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 9673:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Jk: () => (/* binding */ looksLikeCommand),
/* harmony export */   Kn: () => (/* binding */ writeOutputs),
/* harmony export */   w9: () => (/* binding */ writeInert),
/* harmony export */   yI: () => (/* binding */ readRawInputs)
/* harmony export */ });
/* unused harmony export getInput */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_settings_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2558);




// The few runner commands the start of the main step needs, without @actions/core: with its HTTP
// client it is a megabyte of code to parse, which a run skipped by its label must not wait for.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
/** An input as the runner passes it (`INPUT_<NAME>`, spaces as `_`), untrimmed; "" when unset. */
function getInput(name) {
    return process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "";
}
/** Every input of action.yml that was given, raw (parseSettings trims and validates them). */
function readRawInputs() {
    const raw = {};
    for (const [key, name] of Object.entries(_core_settings_js__WEBPACK_IMPORTED_MODULE_3__/* .INPUTS */ .mc)) {
        const value = getInput(name);
        if (value !== "")
            raw[key] = value;
    }
    return raw;
}
/**
 * Sets outputs through the `GITHUB_OUTPUT` file, each value between delimiters no value can hold.
 * False when the runner gave no such file.
 */
function writeOutputs(outputs) {
    const file = process.env.GITHUB_OUTPUT;
    if (!file)
        return false;
    let text = "";
    for (const [name, value] of Object.entries(outputs)) {
        const delimiter = `ghadelimiter_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
        text += `${name}<<${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${value}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`;
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync)(file, text, "utf8");
    return true;
}
/**
 * The runner reads `::command::` at a line's start and the legacy `##[command]` anywhere.
 * https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions#stopping-and-starting-workflow-commands
 */
function looksLikeCommand(text) {
    return text.split(/\r?\n|\r/).some((line) => line.trimStart().startsWith("::") || line.includes("##["));
}
/** Writes text to the job log so that nothing in it is a command: inside a one-off stop-commands block when needed. */
function writeInert(text) {
    if (!looksLikeCommand(text)) {
        process.stdout.write(`${text}\n`);
        return;
    }
    const token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)();
    process.stdout.write(`::stop-commands::${token}\n${text}\n::${token}::\n`);
}


/***/ }),

/***/ 746:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  n: () => (/* binding */ start)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: ./src/core/report/outputs.ts
var outputs = __nccwpck_require__(544);
// EXTERNAL MODULE: ./src/core/settings.ts + 2 modules
var settings = __nccwpck_require__(2558);
// EXTERNAL MODULE: ./src/action/runner-commands.ts
var runner_commands = __nccwpck_require__(9673);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __nccwpck_require__(8198);
;// CONCATENATED MODULE: ./src/action/scrub-environment.ts




const TOKEN_INPUT = "INPUT_GITHUB-TOKEN";
const HANDOVER = "AGENT_TASK_TOKEN_HANDOVER";
/**
 * V8 flags the new image gets, each unless the runner's Node options set it already:
 * - The action streams an agent's output, possibly gigabytes of short-lived lines. Under that load
 *   V8 grows its young generation to two 32 MB semi-spaces (Node runs without pointer
 *   compression), which the action does not need: 8 MB costs a few more, quicker scavenges.
 * - WebAssembly stays with its baseline compiler, Liftoff. The only WebAssembly the action runs
 *   is the HTTP parser of Node's fetch (undici's llhttp), for a few small API responses, and
 *   optimising it with TurboFan took about 20 MB of compiler memory for a moment, as the run was
 *   admitted: with a 5 MB issue body that moment made the run's peak, up to 164 MB.
 * https://nodejs.org/api/cli.html#--max-semi-space-sizesize-in-mib
 * https://v8.dev/docs/wasm-compilation-pipeline
 */
const NODE_FLAGS = ["--max-semi-space-size=8", "--liftoff-only"];
/**
 * The runner starts the action with the token in its environment (`INPUT_GITHUB-TOKEN`), and a
 * process's initial environment stays readable at /proc/<pid>/environ by every process of the
 * same user, the agent included; deleting the variable in Node does not erase it there. So the
 * action replaces itself (execve keeps the pid the runner waits on) with an environment without
 * the token, handing the token over in a private file that the new image reads and deletes
 * before anything else runs. Where execve is missing (Node < 22.15) nothing changes.
 * https://man7.org/linux/man-pages/man5/proc_pid_environ.5.html,
 * https://nodejs.org/api/process.html#processexecvefile-args-env
 */
/** True in the process that replaced the one the runner started (the token was handed over). */
function isHandedOver() {
    return Boolean(process.env[HANDOVER]);
}
function scrubTokenFromEnvironment() {
    const handover = process.env[HANDOVER];
    if (handover) {
        process.env[TOKEN_INPUT] = (0,external_node_fs_.readFileSync)(handover, "utf8");
        (0,external_node_fs_.rmSync)(external_node_path_default().dirname(handover), { recursive: true, force: true });
        delete process.env[HANDOVER];
        return;
    }
    const token = process.env[TOKEN_INPUT];
    const execve = process
        .execve;
    if (!token || typeof execve !== "function" || process.platform !== "linux")
        return;
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), "agent-task-"));
    const file = external_node_path_default().join(dir, "token");
    (0,external_node_fs_.writeFileSync)(file, token, { mode: 0o600 });
    const forms = (0,secrets/* secretForms */.eo)(token);
    const env = { [HANDOVER]: file };
    for (const [key, value] of Object.entries(process.env)) {
        if (value === undefined || forms.some((form) => value.includes(form)))
            continue;
        // The action still needs its other inputs and the file commands; runtime tokens go.
        if ((0,secrets/* isSecretVariable */.tS)(key) && !key.startsWith("INPUT_") && !secrets/* FILE_COMMANDS */.i5.includes(key))
            continue;
        env[key] = value;
    }
    const nodeFlags = [...process.execArgv];
    for (const flag of NODE_FLAGS) {
        const name = flag.split("=")[0];
        if (!nodeFlags.some((given) => given.split("=")[0] === name))
            nodeFlags.push(flag);
    }
    execve(process.execPath, [process.execPath, ...nodeFlags, ...process.argv.slice(1)], env);
}

// EXTERNAL MODULE: ./src/action/trigger.ts
var trigger = __nccwpck_require__(6866);
;// CONCATENATED MODULE: ./src/action/start.ts






/**
 * The start of the main step, before the pipeline is loaded. The trigger is decided from the
 * event and the inputs alone, so a run skipped by its label ends here, at once and without any
 * API request. A run that works says so, drops the token from its process environment (by
 * replacing the process with itself, see scrub-environment.ts) and only then loads the
 * pipeline, which is parsed once, by the process that runs it.
 */
async function start(loadMain) {
    if (!isHandedOver() && skippedEarly())
        return;
    scrubTokenFromEnvironment();
    const { main } = await loadMain();
    await main();
}
/** True when the run was skipped by its trigger and is done; anything else is main's to do. */
function skippedEarly() {
    let decision;
    try {
        decision = (0,trigger/* decideTrigger */.fi)(readEvent(), (0,settings/* parseSettings */.P$)((0,runner_commands/* readRawInputs */.yI)()));
    }
    catch {
        // Bad inputs and unsupported events: main reports them, as it always has.
        return false;
    }
    if (decision.run) {
        (0,runner_commands/* writeInert */.w9)(`agent-task: working on issue #${decision.issueNumber}`);
        return false;
    }
    if (!(0,runner_commands/* writeOutputs */.Kn)((0,outputs/* skippedOutputs */.vc)()))
        return false;
    (0,runner_commands/* writeInert */.w9)(`Skipping: ${decision.reason}`);
    (0,runner_commands/* writeInert */.w9)("Outcome: skipped");
    return true;
}
/** The event as the runner hands it over: its name, and the webhook payload in a file. */
function readEvent() {
    const file = process.env.GITHUB_EVENT_PATH;
    const payload = file ? JSON.parse((0,external_node_fs_.readFileSync)(file, "utf8")) : {};
    return { name: process.env.GITHUB_EVENT_NAME ?? "", payload };
}


/***/ }),

/***/ 6866:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   fi: () => (/* binding */ decideTrigger),
/* harmony export */   gb: () => (/* binding */ describeTrigger)
/* harmony export */ });
/* unused harmony export SUPPORTED_EVENTS */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4296);

const SUPPORTED_EVENTS = "`issues` (labeled) and `workflow_dispatch`";
/**
 * Decides from the event whether this run works on an issue, and which. Throws for events the
 * action does not support, and for a `workflow_dispatch` that names no issue.
 */
function decideTrigger(event, options) {
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
        if (!issueNumber)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("the `issues` event carries no issue number");
        return { run: true, issueNumber };
    }
    if (event.name === "workflow_dispatch") {
        const issueNumber = options.issueNumber ?? dispatchInputIssue(event.payload.inputs);
        if (!issueNumber) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("input `issue-number` is required for `workflow_dispatch`; pass it, e.g. `issue-number: ${{ inputs.issue-number }}`");
        }
        return { run: true, issueNumber };
    }
    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`agent-task runs on ${SUPPORTED_EVENTS} events; this run was started by \`${event.name}\``);
}
/** A dispatch form with an `issue-number` (or `issue_number`) field works without wiring the input. */
function dispatchInputIssue(inputs) {
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
function describeTrigger(event, issueNumber, host) {
    const actor = event.payload.sender?.login ?? host.actor ?? "";
    const issue = event.payload.issue;
    if (event.name === "issues" && issue?.number === issueNumber && issue.updated_at) {
        return { event: event.payload.action ?? "issues", actor, at: issue.updated_at, issue: issueOf(issue) };
    }
    return { event: event.name, actor, at: host.startedAt };
}
/** The payload's issue, when it has what the run needs (GitHub's always does). */
function issueOf(issue) {
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


/***/ }),

/***/ 4296:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ik: () => (/* binding */ TaskError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage)
/* harmony export */ });
/** A bad input value: reported before anything is created. */
class InputError extends Error {
    name = "InputError";
}
/** A failure the user can act on; `hint` says what to do and where the work is. */
class TaskError extends Error {
    hint;
    name = "TaskError";
    constructor(message, hint, options) {
        super(hint ? `${message}. ${hint}` : message, options);
        this.hint = hint;
    }
}
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}


/***/ }),

/***/ 544:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   MR: () => (/* binding */ runOutputs),
/* harmony export */   q_: () => (/* binding */ emptyOutputs),
/* harmony export */   vc: () => (/* binding */ skippedOutputs)
/* harmony export */ });
/* unused harmony export OUTPUT_NAMES */
/** The action's outputs, in action.yml's order. */
const OUTPUT_NAMES = [
    "outcome",
    "branch",
    "pr-number",
    "pr-url",
    "head-sha",
    "changed-files",
    "exit-code",
    "env-dir",
    "agent-summary",
];
/** Every output empty: what the action sets first, so each one is set on every path. */
function emptyOutputs() {
    return Object.fromEntries(OUTPUT_NAMES.map((name) => [name, ""]));
}
function skippedOutputs() {
    return { ...emptyOutputs(), outcome: "skipped" };
}
/** The outputs of a run that worked on the issue; empty where a stage never got that far. */
function runOutputs(run) {
    const { published } = run;
    return {
        outcome: run.outcome,
        branch: published?.branch ?? "",
        "pr-number": published?.pull ? String(published.pull.number) : "",
        "pr-url": published?.pull?.url ?? "",
        "head-sha": published?.headSha ?? "",
        "changed-files": run.changes ? String(run.changes.count) : "",
        "exit-code": run.agent ? String(run.agent.exitCode) : "",
        "env-dir": run.keptAt,
        "agent-summary": run.agentSummary ?? "",
    };
}


/***/ }),

/***/ 8198:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   At: () => (/* binding */ containsSecret),
/* harmony export */   BG: () => (/* binding */ basicCredentials),
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   cT: () => (/* binding */ withoutSecrets),
/* harmony export */   eo: () => (/* binding */ secretForms),
/* harmony export */   i5: () => (/* binding */ FILE_COMMANDS),
/* harmony export */   tS: () => (/* binding */ isSecretVariable),
/* harmony export */   vb: () => (/* binding */ MIN_SECRET_LENGTH),
/* harmony export */   xU: () => (/* binding */ knownSecrets)
/* harmony export */ });
/* unused harmony exports looksLikeSecretName, REDACTED */
/**
 * What counts as secret, in one place: the token's forms, the variables that carry credentials,
 * and how secrets are hidden in text that leaves the runner.
 */
/**
 * Values shorter than this are not treated as secrets in text: hiding every "ab" would garble
 * reports and logs and protect nothing.
 */
const MIN_SECRET_LENGTH = 4;
/** The runner's file commands: files a step writes to set outputs, state, variables and PATH. */
const FILE_COMMANDS = [
    "GITHUB_OUTPUT",
    "GITHUB_STATE",
    "GITHUB_ENV",
    "GITHUB_PATH",
    "GITHUB_STEP_SUMMARY",
];
const TOKEN_VARIABLES = ["GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"];
const HARMLESS_ACTIONS_VARIABLES = ["ACTIONS_STEP_DEBUG", "ACTIONS_RUNNER_DEBUG"];
/** HTTP basic credentials for a GitHub token, as git sends them. */
function basicCredentials(token) {
    return Buffer.from(`x-access-token:${token}`).toString("base64");
}
/** The forms in which a GitHub token can appear: itself and as HTTP basic credentials. */
function secretForms(token) {
    return [token, basicCredentials(token)];
}
/** Variables that carry credentials or let a step write into the job's state. */
function isSecretVariable(name) {
    const key = name.toUpperCase();
    if (key.startsWith("INPUT_") || key.startsWith("STATE_"))
        return true;
    if (key.startsWith("ACTIONS_"))
        return !HARMLESS_ACTIONS_VARIABLES.includes(key);
    return TOKEN_VARIABLES.includes(key) || FILE_COMMANDS.includes(key);
}
/** The host's environment minus the action's secrets: what the action's own commands get. */
function withoutSecrets(hostEnv) {
    const env = {};
    for (const [key, value] of Object.entries(hostEnv)) {
        if (value !== undefined && !isSecretVariable(key))
            env[key] = value;
    }
    return env;
}
/** True when `text` holds any of the secrets. */
function containsSecret(text, secrets) {
    return secrets.some((secret) => secret.length >= MIN_SECRET_LENGTH && text.includes(secret));
}
/**
 * Names that mark a step variable as a credential (`*_TOKEN`, `*_KEY`, `*_SECRET`,
 * `*PASSWORD*`): the runner masks registered secrets in the job log, but nothing masks them in
 * a comment the action writes.
 */
function looksLikeSecretName(name) {
    return /(_TOKEN|_KEY|_SECRET)$|PASSWORD/i.test(name);
}
/**
 * Every secret value the action knows of: the token's forms, each `agent-env` value (they are
 * the agent's credentials) and the values of the host's variables whose names mark them as
 * secrets.
 */
function knownSecrets(options) {
    const values = [...secretForms(options.token), ...Object.values(options.agentEnv)];
    for (const [name, value] of Object.entries(options.hostEnv)) {
        if (value !== undefined && looksLikeSecretName(name))
            values.push(value);
    }
    return [...new Set(values.filter((value) => value.length >= MIN_SECRET_LENGTH))];
}
/**
 * Strings shaped like well-known credentials, hidden even when nobody told the action about
 * them: GitHub tokens (https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/),
 * `sk-…` API keys (OpenAI, Anthropic) and AWS access key ids.
 */
const CREDENTIAL_SHAPES = [
    /\bgh[pousr]_[A-Za-z0-9]{30,}/g,
    /\bgithub_pat_[A-Za-z0-9_]{30,}/g,
    /\bsk-[A-Za-z0-9_-]{20,}/g,
    /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
];
const REDACTED = "***";
/**
 * Hides secret values and credential-shaped strings in text that will be shown on GitHub. A
 * secret is also found as JSON escapes it (the status comment carries JSON), and longer secrets
 * go first so that one containing another is hidden whole.
 */
function redact(text, secrets) {
    const forms = new Set();
    for (const secret of secrets) {
        if (secret.length < MIN_SECRET_LENGTH)
            continue;
        forms.add(secret);
        const json = JSON.stringify(secret).slice(1, -1);
        forms.add(json);
        forms.add(json.replace(/</g, "\\u003c").replace(/>/g, "\\u003e"));
    }
    let result = [...forms]
        .sort((a, b) => b.length - a.length)
        .reduce((current, secret) => current.split(secret).join(REDACTED), text);
    for (const shape of CREDENTIAL_SHAPES)
        result = result.replace(shape, REDACTED);
    return result;
}


/***/ }),

/***/ 2558:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  mc: () => (/* binding */ INPUTS),
  P$: () => (/* binding */ parseSettings)
});

// UNUSED EXPORTS: AGENT_PRESETS, KEEP_WORKSPACE, MODES, ON_AGENT_FAILURE, ON_CONFLICT, REQUIRED_PERMISSIONS, defaultOf, isValidRefName

;// CONCATENATED MODULE: ./src/core/action-inputs.generated.ts
// Generated from action.yml by `npm run contract` (scripts/contract.ts). Do not edit: change
// action.yml and run the command again; test/docs/contract.test.ts fails while they differ.
/** Every input of action.yml, by name, in the file's order. */
const ACTION_INPUTS = {
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
};
/** Every output of action.yml, by name, in the file's order. */
const ACTION_OUTPUTS = {
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
};

;// CONCATENATED MODULE: ./src/core/agent/command-line.ts
/**
 * Splits a command line into argv with POSIX shell quoting, for running WITHOUT a shell:
 * single quotes keep everything, double quotes and backslashes escape as in sh, a backslash at a
 * line's end continues the line, and `#` starts a comment only at the start of a word. Variables
 * (`$A`, `${A}`) and globs are passed as written, because nothing would expand them; shell
 * operators are refused for the same reason.
 */
function splitCommandLine(line) {
    const argv = [];
    let word = "";
    let inWord = false;
    let i = 0;
    const finishWord = () => {
        if (inWord)
            argv.push(word);
        word = "";
        inWord = false;
    };
    while (i < line.length) {
        const char = line[i];
        if (char === "\\") {
            const next = line[i + 1];
            if (next === undefined)
                throw new Error("it ends with a lone backslash");
            if (next !== "\n") {
                word += next;
                inWord = true;
            }
            i += 2;
        }
        else if (char === "'") {
            const end = line.indexOf("'", i + 1);
            if (end === -1)
                throw new Error("a single quote (') is not closed");
            word += line.slice(i + 1, end);
            inWord = true;
            i = end + 1;
        }
        else if (char === '"') {
            i = readDoubleQuoted(line, i + 1, (text) => {
                word += text;
            });
            inWord = true;
        }
        else if (/\s/.test(char)) {
            finishWord();
            i += 1;
        }
        else if (char === "#" && !inWord) {
            break;
        }
        else if ("|&;<>()".includes(char)) {
            const operator = /^(\|\||&&|>>|<<|[|&;<>()])/.exec(line.slice(i))[0];
            throw new Error(`shell operator \`${operator}\` is not supported: the command runs without a shell; wrap it as bash -c '…' or put it in a script`);
        }
        else {
            word += char;
            inWord = true;
            i += 1;
        }
    }
    finishWord();
    return argv;
}
/** Reads a double-quoted string from `start` (after the quote); returns the index after the closing quote. */
function readDoubleQuoted(line, start, append) {
    let i = start;
    while (i < line.length) {
        const char = line[i];
        if (char === '"')
            return i + 1;
        if (char === "\\" && i + 1 < line.length) {
            const next = line[i + 1];
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

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __nccwpck_require__(4296);
;// CONCATENATED MODULE: ./src/core/settings.ts



/** Every input of action.yml, by the name the code uses. The one table that must match action.yml. */
const INPUTS = {
    githubToken: "github-token",
    agent: "agent",
    agentCommand: "agent-command",
    agentArgs: "agent-args",
    agentEnv: "agent-env",
    model: "model",
    prompt: "prompt",
    issueNumber: "issue-number",
    triggerLabel: "trigger-label",
    baseBranch: "base-branch",
    branchPrefix: "branch-prefix",
    mode: "mode",
    repoPath: "repo-path",
    workspacesRoot: "workspaces-root",
    timeoutMinutes: "timeout-minutes",
    killGraceSeconds: "kill-grace-seconds",
    keepWorkspace: "keep-env",
    onAgentFailure: "on-agent-failure",
    draft: "draft",
    prLabels: "pr-labels",
    comment: "comment",
    dryRun: "dry-run",
    restart: "restart",
    onConflict: "on-conflict",
    heartbeatSeconds: "heartbeat-seconds",
    staleEnvHours: "stale-env-hours",
    agentUser: "agent-user",
    directoryMaxMb: "directory-max-mb",
    requiredPermission: "required-permission",
    allowedBots: "allowed-bots",
    allowWorkflowChanges: "allow-workflow-changes",
    contextMaxKib: "context-max-kib",
};
const AGENT_PRESETS = ["claude", "codex", "gemini", "custom"];
const MODES = ["auto", "worktree", "directory"];
const KEEP_WORKSPACE = ["never", "logs", "on-failure", "always"];
const ON_AGENT_FAILURE = ["draft-pr", "branch", "discard"];
const ON_CONFLICT = ["skip", "fail", "takeover"];
/** The roles `required-permission` accepts, weakest first; `read` is not one: anyone may read. */
const REQUIRED_PERMISSIONS = ["triage", "write", "maintain", "admin"];
/** Inputs whose action.yml default is an expression the host fills in (the token, the paths). */
const HOST_FILLED = new Set(["githubToken", "repoPath", "workspacesRoot"]);
/** An input's default, read from action.yml (through the generated module): there is no other copy. */
function defaultOf(key) {
    return HOST_FILLED.has(key) ? "" : ACTION_INPUTS[INPUTS[key]].default;
}
/**
 * Validates raw input strings and returns typed settings. Throws an InputError naming the input
 * and the accepted values on the first bad one, before anything is created. A run without GitHub
 * (the CLI's local runs) passes `requireToken: false`.
 */
function parseSettings(raw, options = {}) {
    const value = (key) => (raw[key] ?? defaultOf(key)).trim();
    const agent = oneOf("agent", value("agent"), AGENT_PRESETS);
    const agentCommand = value("agentCommand")
        ? parseCommand("agentCommand", value("agentCommand"))
        : undefined;
    if (agent === "custom" && !agentCommand) {
        throw new errors/* InputError */.dz(`input \`${INPUTS.agentCommand}\` is required when \`agent\` is \`custom\`; set it to the command line of your agent, or choose a preset: ${AGENT_PRESETS.filter((p) => p !== "custom").join(", ")}`);
    }
    const token = value("githubToken");
    if (!token && options.requireToken !== false) {
        throw new errors/* InputError */.dz(`input \`${INPUTS.githubToken}\` is empty; pass a token with contents: write, pull-requests: write and issues: write (the default is \`\${{ github.token }}\`)`);
    }
    const branchPrefix = raw.branchPrefix ?? defaultOf("branchPrefix");
    checkBranchPrefix(branchPrefix);
    const baseBranch = value("baseBranch") || undefined;
    if (baseBranch !== undefined)
        checkRefName("baseBranch", baseBranch);
    const repoPath = value("repoPath");
    if (!repoPath)
        throw new errors/* InputError */.dz(`input \`${INPUTS.repoPath}\` is empty; give the path of the checkout`);
    const workspacesRoot = value("workspacesRoot");
    if (!workspacesRoot) {
        throw new errors/* InputError */.dz(`input \`${INPUTS.workspacesRoot}\` is empty; give a directory for the environments`);
    }
    return {
        token,
        agent,
        agentCommand,
        agentArgs: value("agentArgs") ? parseCommand("agentArgs", value("agentArgs")) : [],
        agentEnv: parseEnvLines(raw.agentEnv ?? ""),
        model: value("model"),
        prompt: raw.prompt?.trim() ?? "",
        issueNumber: value("issueNumber") ? positiveInteger("issueNumber", value("issueNumber")) : undefined,
        triggerLabel: value("triggerLabel"),
        baseBranch,
        branchPrefix,
        mode: oneOf("mode", value("mode"), MODES),
        repoPath,
        workspacesRoot,
        timeoutMs: duration("timeoutMinutes", positiveNumber("timeoutMinutes", value("timeoutMinutes"), "minutes"), 60_000),
        killGraceMs: duration("killGraceSeconds", nonNegativeNumber("killGraceSeconds", value("killGraceSeconds"), "seconds"), 1000),
        keepWorkspace: oneOf("keepWorkspace", value("keepWorkspace"), KEEP_WORKSPACE),
        onAgentFailure: oneOf("onAgentFailure", value("onAgentFailure"), ON_AGENT_FAILURE),
        draft: bool("draft", value("draft")),
        prLabels: splitList(value("prLabels")),
        comment: bool("comment", value("comment")),
        dryRun: bool("dryRun", value("dryRun")),
        restart: bool("restart", value("restart")),
        onConflict: oneOf("onConflict", value("onConflict"), ON_CONFLICT),
        heartbeatMs: duration("heartbeatSeconds", positiveNumber("heartbeatSeconds", value("heartbeatSeconds"), "seconds"), 1000),
        staleEnvMs: nonNegativeNumber("staleEnvHours", value("staleEnvHours"), "hours") * 3_600_000,
        agentUser: agentUser(value("agentUser")),
        directoryMaxBytes: Math.round(nonNegativeNumber("directoryMaxMb", value("directoryMaxMb"), "megabytes") * 1024 * 1024),
        requiredPermission: oneOf("requiredPermission", value("requiredPermission"), REQUIRED_PERMISSIONS),
        allowedBots: botLogins(value("allowedBots")),
        allowWorkflowChanges: bool("allowWorkflowChanges", value("allowWorkflowChanges")),
        contextMaxBytes: wholeKib("contextMaxKib", value("contextMaxKib")) * 1024,
    };
}
function agentUser(raw) {
    if (raw === "auto" || raw === "none")
        return raw;
    // The portable user name set (POSIX), as useradd accepts it; root would undo the isolation.
    if (/^[a-z_][a-z0-9_-]{0,31}$/.test(raw) && raw !== "root")
        return { name: raw };
    throw new errors/* InputError */.dz(`input ${settings_name("agentUser")} must be auto, none, or the name of an unprivileged user (lower-case letters, digits, _ and -); got \`${raw}\``);
}
function settings_name(key) {
    return `\`${INPUTS[key]}\``;
}
function oneOf(key, raw, accepted) {
    if (accepted.includes(raw))
        return raw;
    throw new errors/* InputError */.dz(`input ${settings_name(key)} must be one of ${accepted.join(", ")}; got \`${raw}\``);
}
function bool(key, raw) {
    // The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
    if (["true", "True", "TRUE"].includes(raw))
        return true;
    if (["false", "False", "FALSE"].includes(raw))
        return false;
    throw new errors/* InputError */.dz(`input ${settings_name(key)} must be true or false; got \`${raw}\``);
}
function positiveNumber(key, raw, unit) {
    const n = decimal(raw);
    if (n === undefined || n <= 0) {
        throw new errors/* InputError */.dz(`input ${settings_name(key)} must be a positive number of ${unit}; got \`${raw}\``);
    }
    return n;
}
function nonNegativeNumber(key, raw, unit) {
    const n = decimal(raw);
    if (n === undefined || n < 0) {
        throw new errors/* InputError */.dz(`input ${settings_name(key)} must be zero or a positive number of ${unit}; got \`${raw}\``);
    }
    return n;
}
/**
 * Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer delay would fire at once.
 * https://nodejs.org/api/timers.html#settimeoutcallback-delay-args
 */
const MAX_DURATION_MS = 2 ** 31 - 1;
function duration(key, amount, unitMs) {
    const ms = Math.round(amount * unitMs);
    if (ms > MAX_DURATION_MS) {
        throw new errors/* InputError */.dz(`input ${settings_name(key)} is too large: at most ${Math.floor(MAX_DURATION_MS / unitMs)} (24 days); got \`${amount}\``);
    }
    return ms;
}
function decimal(raw) {
    if (!/^[+]?(\d+(\.\d*)?|\.\d+)$/.test(raw))
        return undefined;
    const n = Number(raw);
    return Number.isFinite(n) ? n : undefined;
}
function positiveInteger(key, raw) {
    const text = raw.replace(/^#/, "");
    if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
        throw new errors/* InputError */.dz(`input ${settings_name(key)} must be an issue number such as 42; got \`${raw}\``);
    }
    return Number(text);
}
function parseCommand(key, raw) {
    try {
        const argv = splitCommandLine(raw);
        if (argv.length === 0)
            throw new Error("it holds no command");
        return argv;
    }
    catch (error) {
        throw new errors/* InputError */.dz(`input ${settings_name(key)} cannot be parsed: ${error.message}`);
    }
}
/** `KEY=VALUE` lines; blank lines and `#` comments are ignored. */
function parseEnvLines(raw) {
    const env = {};
    for (const [index, line] of raw.split(/\r?\n/).entries()) {
        const text = line.trim();
        if (!text || text.startsWith("#"))
            continue;
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text);
        if (!match) {
            throw new errors/* InputError */.dz(`input ${settings_name("agentEnv")} line ${index + 1} must be KEY=VALUE with KEY made of letters, digits and _; got \`${text.split("=")[0]}=…\``);
        }
        env[match[1]] = match[2];
    }
    return env;
}
/** Logins only: a wildcard would let any bot, including ones anybody can install, start runs. */
function botLogins(raw) {
    const logins = splitList(raw);
    const wildcard = logins.find((login) => /[*?]/.test(login));
    if (wildcard !== undefined) {
        throw new errors/* InputError */.dz(`input ${settings_name("allowedBots")} takes exact bot logins such as \`dependabot[bot]\`, not patterns; got \`${wildcard}\``);
    }
    return logins;
}
/** The context file needs room for its fixed sections; below 4 KiB the issue would not fit at all. */
const MIN_CONTEXT_KIB = 4;
function wholeKib(key, raw) {
    const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < MIN_CONTEXT_KIB || n > 1024 * 1024) {
        throw new errors/* InputError */.dz(`input ${settings_name(key)} must be a whole number of KiB from ${MIN_CONTEXT_KIB} to 1048576; got \`${raw}\``);
    }
    return n;
}
function splitList(raw) {
    return raw
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter(Boolean);
}
function checkBranchPrefix(prefix) {
    // The prefix is followed by "{agent}/issue-{N}", so it is checked as the start of a ref name.
    if (prefix !== "" && !isValidRefName(`${prefix}x`)) {
        throw new errors/* InputError */.dz(`input ${settings_name("branchPrefix")} must be the start of a valid git branch name (no spaces, "..", "~", "^", ":", "?", "*", "[", "\\" or leading "/"); got \`${prefix}\``);
    }
}
function checkRefName(key, ref) {
    if (!isValidRefName(ref)) {
        throw new errors/* InputError */.dz(`input ${settings_name(key)} must be a valid git branch name; got \`${ref}\``);
    }
}
/** The rules of `git check-ref-format --branch`, without running git. */
function isValidRefName(ref) {
    if (!ref || ref.startsWith("/") || ref.endsWith("/") || ref.endsWith(".") || ref.startsWith("-"))
        return false;
    if (ref.includes("..") || ref.includes("//") || ref.includes("@{") || ref === "@" || ref === "HEAD")
        return false;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what git forbids
    if (/[\x00-\x20\x7f~^:?*[\\]/.test(ref))
        return false;
    return ref.split("/").every((part) => !part.startsWith(".") && !part.endsWith(".lock"));
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 9140:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("constants");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 6193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(218);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

//# sourceMappingURL=index.js.map