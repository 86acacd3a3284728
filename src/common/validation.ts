import { ValidationError } from 'class-validator';
import { FieldError } from './errors';

/** Flattens class-validator's tree into `{ field: "input.steps.0.threshold", message }` entries. */
export function validationErrorsToFields(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const msg of Object.values(e.constraints ?? {})) {
      // class-validator starts messages with the property name; the field is named separately.
      out.push({ field, message: msg.startsWith(e.property + ' ') ? msg.slice(e.property.length + 1) : msg });
    }
    if (e.children?.length) out.push(...validationErrorsToFields(e.children, field));
  }
  return out;
}
