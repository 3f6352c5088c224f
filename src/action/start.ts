import { readFileSync } from "node:fs";
import { skippedOutputs } from "../core/report/outputs.js";
import { parseSettings } from "../core/settings.js";
import { readRawInputs, writeInert, writeOutputs } from "./runner-commands.js";
import { isHandedOver, scrubTokenFromEnvironment } from "./scrub-environment.js";
import { decideTrigger, type EventInfo } from "./trigger.js";

/**
 * The start of the main step, before the pipeline is loaded. The trigger is decided from the
 * event and the inputs alone, so a run skipped by its label ends here, at once and without any
 * API request. A run that works says so, drops the token from its process environment (by
 * replacing the process with itself, see scrub-environment.ts) and only then loads the
 * pipeline, which is parsed once, by the process that runs it.
 */
export async function start(loadMain: () => Promise<{ main: () => Promise<void> }>): Promise<void> {
  if (!isHandedOver() && skippedEarly()) return;
  scrubTokenFromEnvironment();
  const { main } = await loadMain();
  await main();
}

/** True when the run was skipped by its trigger and is done; anything else is main's to do. */
function skippedEarly(): boolean {
  let decision: ReturnType<typeof decideTrigger>;
  try {
    decision = decideTrigger(readEvent(), parseSettings(readRawInputs()));
  } catch {
    // Bad inputs and unsupported events: main reports them, as it always has.
    return false;
  }
  if (decision.run) {
    writeInert(`agent-task: working on issue #${decision.issueNumber}`);
    return false;
  }
  if (!writeOutputs(skippedOutputs())) return false;
  writeInert(`Skipping: ${decision.reason}`);
  writeInert("Outcome: skipped");
  return true;
}

/** The event as the runner hands it over: its name, and the webhook payload in a file. */
function readEvent(): EventInfo {
  const file = process.env.GITHUB_EVENT_PATH;
  const payload = file ? (JSON.parse(readFileSync(file, "utf8")) as EventInfo["payload"]) : {};
  return { name: process.env.GITHUB_EVENT_NAME ?? "", payload };
}
