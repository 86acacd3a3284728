import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { AppError, badInput, FieldError } from './errors';

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

/**
 * class-validator for every argument, with field errors named from the argument down
 * (`input.nextOfKin.0.phone`), the same way variable coercion errors are named.
 */
export class ArgumentValidationPipe extends ValidationPipe {
  constructor() {
    super({ transform: true, whitelist: true, forbidUnknownValues: false, stopAtFirstError: false, exceptionFactory: (errors) => badInput(validationErrorsToFields(errors)) });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (e) {
      const fields = e instanceof AppError ? (e.extensions.fields as FieldError[] | undefined) : undefined;
      if (fields && metadata.data) throw badInput(fields.map((f) => ({ field: `${metadata.data}.${f.field}`, message: f.message })));
      throw e;
    }
  }
}
