import { Injectable, Optional } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsNotEmpty,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  registerDecorator,
  ValidateIf,
  ValidationArguments,
  ValidationOptions,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { addSpan, CalendarSpan, stockholmDate, subtractSpan } from './calendar';
import { Clock } from './clock';
import { parsePersonnummer } from './personnummer';
import { isLocalDate, LOCAL_DATE_RE, parseDateTime } from './scalars';

/** Trims strings on the way in. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A required, trimmed, bounded text. */
export function Text(max: number): PropertyDecorator {
  return (target, key) => {
    Trim()(target, key);
    IsString()(target, key);
    IsNotEmpty({ message: 'must not be empty' })(target, key);
    MaxLength(max, { message: `must be at most ${max} characters` })(target, key);
  };
}

/** An id as the API hands them out (any RFC 4122 uuid); for ids read from cursors and other strings. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are compared as the API hands them out, in lower case; an upper-case copy is the same id. */
export const lowerCaseId = (v: unknown): unknown =>
  typeof v === 'string' && UUID_PATTERN.test(v) ? v.toLowerCase() : Array.isArray(v) ? v.map(lowerCaseId) : v;

export function IsId(each = false): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => lowerCaseId(value))(target, key);
    IsUUID('all', { message: each ? 'must hold ids returned by the API' : 'must be an id returned by the API', each })(target, key);
  };
}

/**
 * An optional field that may be left out but not sent as null (the stored value is required):
 * left out keeps the current value.
 */
export function OmitNotNull(options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    ValidateIf((_o, v) => v !== undefined)(target, key);
    registerDecorator({
      name: 'omitNotNull',
      target: target.constructor,
      propertyName: key as string,
      options: { message: 'must not be null; leave it out to keep the current value', ...options },
      validator: { validate: (v: unknown) => v !== null },
    });
  };
}

export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    Matches(LOCAL_DATE_RE, { message: 'must be a date as YYYY-MM-DD', ...options })(target, key);
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: key as string,
      options: { message: 'must be a real calendar date', ...options },
      validator: { validate: (v: unknown) => v === undefined || v === null || isLocalDate(v) },
    });
  };
}

export function IsPersonnummer(options?: ValidationOptions): PropertyDecorator {
  return (target, key) =>
    registerDecorator({
      name: 'isPersonnummer',
      target: target.constructor,
      propertyName: key as string,
      options: { message: 'must be a valid personnummer or samordningsnummer', ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && parsePersonnummer(v) !== null },
    });
}

/** An instant given as a string (RFC 3339 with an offset), for fields typed String in the schema. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, key) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: key as string,
      options,
      validator: {
        validate: (v: unknown) => v === undefined || v === null || parseDateTime(v) instanceof Date,
        defaultMessage: (a?: ValidationArguments) => {
          const why = parseDateTime(a?.value);
          return typeof why === 'string' ? why : 'must be an RFC 3339 date-time';
        },
      },
    });
}

/** The Swedish calendar date a date-valued input names, or null when it names none (its format rule reports that). */
function calendarDateOf(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : stockholmDate(v);
  if (typeof v !== 'string') return null;
  if (isLocalDate(v)) return v;
  const at = parseDateTime(v);
  return at instanceof Date ? stockholmDate(at) : null;
}

/**
 * The plausible window of a date field around the service clock's today (Europe/Stockholm). Nest
 * provides it (the clock is injected; see createApp's useContainer), so a pinned test clock moves
 * the window too.
 */
@ValidatorConstraint({ name: 'dateWithin' })
@Injectable()
export class DateWithinRule implements ValidatorConstraintInterface {
  constructor(@Optional() private readonly clock?: Clock) {}

  private window(args: ValidationArguments): { from: string; to: string } {
    const [back, ahead] = args.constraints as [CalendarSpan, CalendarSpan];
    const today = this.clock ? this.clock.today() : stockholmDate(new Date());
    return { from: subtractSpan(today, back), to: addSpan(today, ahead) };
  }

  validate(value: unknown, args: ValidationArguments): boolean {
    const day = calendarDateOf(value);
    if (day === null) return true;
    const { from, to } = this.window(args);
    return day >= from && day <= to;
  }

  defaultMessage(args: ValidationArguments): string {
    const { from, to } = this.window(args);
    return `must be between ${from} and ${to}`;
  }
}

/**
 * A date or instant within a window around today: refuses the typo (1900, 9999-12-31, 20226) that
 * a format check lets through. The message names the range.
 */
export function DateWithin(window: { back: CalendarSpan; ahead: CalendarSpan }, options?: ValidationOptions): PropertyDecorator {
  return (target, key) =>
    registerDecorator({
      name: 'dateWithin',
      target: target.constructor,
      propertyName: key as string,
      constraints: [window.back, window.ahead],
      options,
      validator: DateWithinRule,
    });
}

/**
 * Plausible windows shared by the date fields of the API. They catch typos (a year off by
 * centuries); the services' own rules ("not in the future", "after today") stay exact and come
 * with the other field errors of the same input.
 */
export const WITHIN = {
  /** Something that has happened: an admission, a discharge, a meeting held. */
  past: { back: { years: 1 }, ahead: { years: 1 } },
  /** A decision taken, possibly years before it is entered. */
  decided: { back: { years: 10 }, ahead: { years: 1 } },
  /** Something scheduled: a round, a meeting, a due date, a next follow-up. */
  scheduled: { back: { years: 1 }, ahead: { years: 3 } },
  /** Validity and periods of care: enrollment, consent, SIP action periods, review dates. */
  period: { back: { years: 5 }, ahead: { years: 5 } },
  /** A period searched or reported on (follow-up, log review, versions in force). */
  history: { back: { years: 10 }, ahead: { years: 1 } },
} as const satisfies Record<string, { back: CalendarSpan; ahead: CalendarSpan }>;
