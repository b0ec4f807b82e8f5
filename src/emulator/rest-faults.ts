// Faults a test injects into REST: answers forced for the next matching requests (5xx bursts, 429
// storms, hangs), and latency added to every answer.
export interface Fault {
  method?: string;
  pathIncludes?: string;
  /** An HTTP status to answer with, or 'hang': accept the request and never answer. */
  status: number | 'hang';
  remaining: number;
  /** For a 429: the Retry-After to send, and whether it is the global limit. */
  retryAfterSeconds?: number;
  global?: boolean;
}

export interface FaultOptions {
  count?: number;
  method?: string;
  pathIncludes?: string;
  /** With status 429: a 429 storm, with Retry-After and, if `global`, the global flag. */
  retryAfterSeconds?: number;
  global?: boolean;
}

export class RestFaults {
  private readonly faults: Fault[] = [];
  private latencyMs = 0;
  private latencyOnInteractions = true;

  failNext(
    status: number | 'hang',
    { count = 1, method, pathIncludes, retryAfterSeconds, global }: FaultOptions = {},
  ): void {
    this.faults.push({ status, remaining: count, method, pathIncludes, retryAfterSeconds, global });
  }

  /** The first fault still armed for this request, now spent once. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (!candidate.method || candidate.method === method) &&
        (!candidate.pathIncludes || path.includes(candidate.pathIncludes)),
    );
    if (fault) fault.remaining--;
    return fault;
  }

  setLatency(ms: number, interactions: boolean): void {
    this.latencyMs = ms;
    this.latencyOnInteractions = interactions;
  }

  /** How long to hold an answer on this route before sending it. */
  latencyFor(interactionRoute: boolean): number {
    return this.latencyOnInteractions || !interactionRoute ? this.latencyMs : 0;
  }
}
