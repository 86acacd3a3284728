import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { AppError, badInput, FieldError } from './errors';

/**
 * The parameter type @nestjs/graphql gives arguments (@Args): GqlParamtype.ARGS, which the package
 * does not export. Parent (0), context (1) and info (2) have the others; the input-validation tests
 * fail if this ever stops matching.
 */
const GQL_ARGS = 3;

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

  /**
   * Only arguments are validated: in GraphQL a resolver's parent, context and info (and custom
   * decorators) pass untouched. Without this, every field resolver of a list ran class-transformer
   * and class-validator over its parent object (a PatientView, once per patient and field).
   */
  protected override toValidate(metadata: ArgumentMetadata): boolean {
    const type = metadata.type as ArgumentMetadata['type'] | number;
    if (typeof type === 'number' && type !== GQL_ARGS) return false;
    return super.toValidate(metadata);
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
