// Discord-style snowflake ids: milliseconds since Discord's epoch, shifted left 22 bits.
const discordEpoch = 1420070400000n;

/** Generates Discord-style snowflakes: 19 digits today, strictly increasing, never repeated. */
export class SnowflakeGenerator {
  private last = 0n;

  next(atMs = Date.now()): string {
    let candidate = (BigInt(atMs) - discordEpoch) << 22n;
    if (candidate <= this.last) candidate = this.last + 1n;
    this.last = candidate;
    return candidate.toString();
  }
}
