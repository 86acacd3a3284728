import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, IsUUID, Matches, MaxLength, ValidationOptions } from 'class-validator';
import { isLocalDate, LOCAL_DATE_RE } from './scalars';
import { parsePersonnummer } from './personnummer';
import { registerDecorator } from 'class-validator';

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

export const IsId = (each = false) => IsUUID('all', { message: each ? 'must hold ids returned by the API' : 'must be an id returned by the API', each });

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
