// The action's post step, as the runner starts it (action.yml: runs.post). After a main step that
// cleaned up after itself, the usual case, there is nothing to do, and nothing more is loaded.
import { STATE } from "./state.js";

// The runner hands saved state over as STATE_<name> (what @actions/core's getState reads).
const saved = (name: string) => process.env[`STATE_${name}`] ?? "";

if (saved(STATE.environment) && saved(STATE.cleanedUp) !== "true") {
  const { post } = await import("./post.js");
  await post();
}
