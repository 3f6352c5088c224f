/** Values that main saves for the post step (read back as STATE_* variables). */
export const STATE = {
  /** JSON WorkspaceHandle of the environment this run created. */
  environment: "environment",
  /** `keep-env`, so post applies the same rule. */
  keepWorkspace: "keep-env",
  /** "true" once main has cleaned up itself; post then has nothing to do. */
  cleanedUp: "cleaned-up",
} as const;
