import { Injectable } from '@nestjs/common';
import { stockholmDate } from './calendar';

/**
 * The one source of "now". Services ask the clock, never `new Date()`, so deadlines and validity
 * periods can be tested at any instant. Tests (same process) may pin it with `set()`.
 */
@Injectable()
export class Clock {
  private fixed: Date | null = null;
  private offsetMs = 0;
  /** The date of the minute last asked about: a list asks for "today" once per row and field. */
  private memo: { minute: number; date: string } | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date(Date.now() + this.offsetMs);
  }

  /**
   * Today's calendar date in Sweden, YYYY-MM-DD (`stockholmDate` of now, calendar.ts). Computed
   * once per minute: the zone's offsets are whole hours, so the date cannot change within a minute.
   */
  today(): string {
    const now = this.now();
    const minute = Math.floor(now.getTime() / 60_000);
    if (this.memo?.minute !== minute) this.memo = { minute, date: stockholmDate(now) };
    return this.memo.date;
  }

  /** Test support: pin the clock (null releases it). */
  set(at: Date | null): void {
    this.fixed = at;
  }
}
