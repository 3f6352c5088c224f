/** How the core talks to whoever runs it (the action's log, a terminal). */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  /** Runs `fn` inside a titled, collapsible section of the log. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Prints text that must not be read as workflow commands (agent output, issue text). Lines
   * between `beginUntrusted` and `endUntrusted` are printed verbatim but inert.
   */
  untrusted(line: string): void;
  beginUntrusted(): void;
  endUntrusted(): void;
  /** Hides a value in every later log line (a no-op where nothing needs hiding). */
  mask(value: string): void;
}
