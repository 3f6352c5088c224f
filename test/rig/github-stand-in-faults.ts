/**
 * Fault injection for the GitHub stand-in: canned error responses that replace the answer to the next
 * matching requests, to test how clients cope with outages and rate limits. A fault fires either
 * before the operation's handler (nothing changes, as when GitHub's front end fails first) or after
 * it (the object is created, but the client still gets the error: GitHub does this now and then,
 * and a client that retries a POST must not create a duplicate).
 */

/** When a fault fires: before the handler (default; nothing changes) or after it (the write happened). */
export type FaultTiming = "before-handler" | "after-handler";

/** Which requests a fault applies to; every field given must match. */
export interface FaultMatch {
  operationId?: string;
  method?: string;
  /** Tested against the request path without its query string. */
  path?: RegExp;
  /** How many matching requests get the fault; default 1. */
  times?: number;
}

export interface FaultSpec extends FaultMatch {
  status: number;
  /** Default `before-handler`. An `after-handler` fault fires only on a request the handler answered with success. */
  timing?: FaultTiming;
  /**
   * Sent instead of, or over, the stand-in's usual headers (content type, rate limit, request id).
   * A function is called when the fault fires, for headers that depend on that moment (a reset time).
   */
  headers?: Record<string, string> | ((firedAt: Date) => Record<string, string>);
  /** JSON body, or a string sent as is; default `{ message: <HTTP status text> }`. */
  body?: unknown;
  /** Extra wait before this response, on top of any `setDelay`. */
  delayMs?: number;
}

/** A fault that was injected; lets a test check it was used up. */
export interface InjectedFault {
  readonly spec: Readonly<FaultSpec>;
  /** Requests that received the fault so far. */
  readonly hits: number;
  /** Matching requests that will still receive it. */
  readonly remaining: number;
}

export interface FaultTarget {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
}

interface ActiveFault extends InjectedFault {
  hits: number;
  remaining: number;
}

export class FaultQueue {
  private readonly faults: ActiveFault[] = [];

  add(spec: FaultSpec): InjectedFault {
    const fault: ActiveFault = { spec: { ...spec }, hits: 0, remaining: spec.times ?? 1 };
    this.faults.push(fault);
    return fault;
  }

  /**
   * The first fault, in injection order, that still applies to the request at this point of its
   * handling; it is used up by one.
   */
  take(target: FaultTarget, timing: FaultTiming): Readonly<FaultSpec> | undefined {
    const fault = this.faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.spec.timing ?? "before-handler") === timing &&
        matches(candidate.spec, target),
    );
    if (!fault) return undefined;
    fault.remaining--;
    fault.hits++;
    return fault.spec;
  }
}

function matches(spec: FaultMatch, target: FaultTarget): boolean {
  return (
    (spec.operationId === undefined || spec.operationId === target.operationId) &&
    (spec.method === undefined || spec.method.toUpperCase() === target.method.toUpperCase()) &&
    (spec.path === undefined || spec.path.test(target.path))
  );
}

function epochSeconds(from: Date, secondsLater: number): string {
  return String(Math.floor(from.getTime() / 1000) + secondsLater);
}

/** Ready-made faults in the shapes GitHub uses, which Octokit's retry and throttling plugins recognise. */
export const gitHubFaults = {
  /** A 502 from GitHub's front end; @octokit/plugin-retry retries it. */
  badGateway(match: FaultMatch = {}): FaultSpec {
    return { ...match, status: 502, body: { message: "Server Error" } };
  },

  /**
   * The request did its work (the pull request or comment exists), but the answer is a 502: a
   * retried POST then meets the object it already created.
   */
  badGatewayAfterWrite(match: FaultMatch = {}): FaultSpec {
    return { ...gitHubFaults.badGateway(match), timing: "after-handler" };
  },

  /**
   * The primary rate limit is used up: 403 with `x-ratelimit-remaining: 0` and a reset
   * `resetInSeconds` after the moment the fault fires (whole epoch seconds, as GitHub sends it).
   * @octokit/plugin-throttling calls `onRateLimit` and waits until `x-ratelimit-reset`.
   */
  rateLimitExhausted(match: FaultMatch & { resetInSeconds?: number } = {}): FaultSpec {
    const { resetInSeconds = 1, ...requestMatch } = match;
    return {
      ...requestMatch,
      status: 403,
      headers: (firedAt) => ({
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": epochSeconds(firedAt, resetInSeconds),
      }),
      body: {
        message:
          "API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID.",
        documentation_url:
          "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits",
        status: "403",
      },
    };
  },

  /**
   * A secondary rate limit: 403 or 429 with `retry-after`. @octokit/plugin-throttling recognises it by
   * the words "secondary rate" in the message and calls `onSecondaryRateLimit`.
   */
  secondaryRateLimit(match: FaultMatch & { retryAfterSeconds?: number; status?: 403 | 429 } = {}): FaultSpec {
    const { retryAfterSeconds = 1, status = 403, ...requestMatch } = match;
    return {
      ...requestMatch,
      status,
      headers: { "retry-after": String(retryAfterSeconds) },
      body: {
        message:
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
        documentation_url:
          "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        status: String(status),
      },
    };
  },
};
