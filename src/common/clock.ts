import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';

export const STOCKHOLM = 'Europe/Stockholm';

/**
 * The one source of "now". Services ask the clock, never `new Date()`, so deadlines and validity
 * periods can be tested at any instant. Tests (same process) may pin it with `set()`.
 */
@Injectable()
export class Clock {
  private fixed: Date | null = null;
  private offsetMs = 0;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date(Date.now() + this.offsetMs);
  }

  /** Today's calendar date in Sweden, YYYY-MM-DD. */
  today(): string {
    return stockholmDate(this.now());
  }

  /** Test support: pin the clock (null releases it). */
  set(at: Date | null): void {
    this.fixed = at;
  }
}

export function stockholmDate(d: Date): string {
  return DateTime.fromJSDate(d, { zone: STOCKHOLM }).toISODate()!;
}
