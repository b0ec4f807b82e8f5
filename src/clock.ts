/** Time as the rest of the code sees it, so tests can move it instead of waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Real time shifted by an offset the playground moves forward to show digests falling due. */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  /** Moves this clock so that now() reads `at` (never backwards). */
  moveTo(at: number): void {
    this.offsetMs = Math.max(this.offsetMs, at - Date.now());
  }
}

/** A clock that only moves when told: tests set it to a daylight-saving change and step across it. */
export class ManualClock implements Clock {
  constructor(private current: number) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: number | string | Date): void {
    this.current = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
