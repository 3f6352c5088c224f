/** A bad input value: reported before anything is created. */
export class InputError extends Error {
  override name = "InputError";
}

/** A failure the user can act on; `hint` says what to do and where the work is. */
export class TaskError extends Error {
  override name = "TaskError";
  constructor(
    message: string,
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(hint ? `${message}. ${hint}` : message, options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
