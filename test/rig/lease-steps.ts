// Drives runs racing for one issue's lease through a chosen order of their lease steps, without
// sleeps: each step of a run waits until the schedule reaches it, and the next step is released
// only once it has completed on the remote. Steps the schedule does not list (a read again after
// a lost swap, heartbeats) run freely.
import type { LeaseStore, StoredLease } from "../../src/core/report/lease-store.js";

/** Every order of the two step lists that keeps each list's own order. */
export function interleavings(first: string[], second: string[]): string[][] {
  if (first.length === 0) return [second];
  if (second.length === 0) return [first];
  return [
    ...interleavings(first.slice(1), second).map((rest) => [first[0]!, ...rest]),
    ...interleavings(first, second.slice(1)).map((rest) => [second[0]!, ...rest]),
  ];
}

export class StepSchedule {
  private position = 0;
  private readonly waiting = new Map<string, () => void>();
  /** The steps in the order they completed, scheduled or not. */
  readonly log: string[] = [];

  constructor(private readonly order: string[]) {}

  /** Runs `operation` as `step`: when the schedule reaches it (at once when the step is not scheduled). */
  async step<T>(step: string, operation: () => Promise<T>): Promise<T> {
    if (!this.order.slice(this.position).includes(step)) {
      const result = await operation();
      this.log.push(`${step}*`);
      return result;
    }
    await new Promise<void>((resolve) => {
      this.waiting.set(step, resolve);
      this.wake();
    });
    try {
      return await operation();
    } finally {
      this.log.push(step);
      this.position++;
      this.wake();
    }
  }

  /** A run that is over takes no more steps: the schedule skips the ones it listed for it. */
  finished(run: string): void {
    const prefix = `${run}:`;
    const rest = this.order.slice(this.position).filter((step) => !step.startsWith(prefix));
    this.order.splice(this.position, this.order.length - this.position, ...rest);
    this.wake();
  }

  private wake(): void {
    const next = this.order[this.position];
    const resolve = next === undefined ? undefined : this.waiting.get(next);
    if (!resolve) return;
    this.waiting.delete(next!);
    resolve();
  }
}

/** A lease store whose reads and swaps are the steps `{run}:read` and `{run}:swap` of a schedule. */
export class SteppedLeaseStore implements LeaseStore {
  constructor(
    private readonly inner: LeaseStore,
    private readonly run: string,
    private readonly schedule: StepSchedule,
  ) {}

  get ref(): string {
    return this.inner.ref;
  }

  read(): Promise<StoredLease | undefined> {
    return this.schedule.step(`${this.run}:read`, () => this.inner.read());
  }

  commit(state: object): Promise<string> {
    return this.inner.commit(state);
  }

  swap(expected: string | undefined, sha: string): Promise<boolean> {
    return this.schedule.step(`${this.run}:swap`, () => this.inner.swap(expected, sha));
  }

  remoteSha(): Promise<string | undefined> {
    return this.inner.remoteSha();
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
