import { IsISO8601, Matches } from 'class-validator';

/** An instant as ISO 8601 with an explicit offset or Z, so that local time is never guessed. */
export function IsInstant(): PropertyDecorator {
  return (target, key) => {
    IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })(target, key);
    Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, { message: 'must give a time with Z or an offset, e.g. 2026-03-03T10:00:00+01:00' })(target, key);
  };
}
