import * as core from "@actions/core";
import { MIN_SECRET_LENGTH } from "../core/secrets.js";
import { INPUTS, type InputKey, parseSettings, type RawInputs, type Settings } from "../core/settings.js";

/** The one place that reads the action's inputs: each one raw, then validated together. */
export function getSettings(): Settings {
  const raw: RawInputs = {};
  for (const [key, name] of Object.entries(INPUTS) as Array<[InputKey, string]>) {
    // trimWhitespace off: `prompt` and `agent-env` keep their inner layout; parseSettings trims.
    const value = core.getInput(name, { trimWhitespace: false });
    if (value !== "") raw[key] = value;
  }
  const settings = parseSettings(raw);
  // Masked before anything could print them: the token and every agent-env value.
  core.setSecret(settings.token);
  for (const value of Object.values(settings.agentEnv))
    if (value.length >= MIN_SECRET_LENGTH) core.setSecret(value);
  return settings;
}

/** The token alone, for the post step, which needs nothing else; masked at once. */
export function getToken(): string {
  const token = core.getInput(INPUTS.githubToken);
  if (token) core.setSecret(token);
  return token;
}
