import * as core from "@actions/core";
import { MIN_SECRET_LENGTH } from "../core/secrets.js";
import { INPUTS, parseSettings, type Settings } from "../core/settings.js";
import { readRawInputs } from "./runner-commands.js";

/** The one place that reads the action's inputs: each one raw, then validated together. */
export function getSettings(): Settings {
  // Untrimmed: `prompt` and `agent-env` keep their inner layout; parseSettings trims.
  const settings = parseSettings(readRawInputs());
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
