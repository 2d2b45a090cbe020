/**
 * The clock port: where a command's "now" comes from, taken once per invocation. Its adapter is
 * the system clock everywhere: cloud functions run on synchronised hosts, and the local
 * CloudBase runs on this machine's clock (tests move documents' times, not the clock).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
