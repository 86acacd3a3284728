import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { AppError, badInput, FieldError } from './errors';

/**
 * The parameter type @nestjs/graphql gives arguments (@Args): GqlParamtype.ARGS, which the package
 * does not export. Parent (0), context (1) and info (2) have the others; the input-validation tests
 * fail if this ever stops matching.
 */
const GQL_ARGS = 3;

/**
 * The one rule for free text, applied to every string argument and input field (so a new field
 * gets it without a decorator): control characters other than tab, line feed and carriage return
 * are refused (PostgreSQL cannot store NUL; the others are invisible and break exports and
 * printouts), and so is text that is not well-formed Unicode (a lone surrogate would be stored as
 * U+FFFD, silently changing what was sent).
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const TEXT_RULE_MESSAGE = 'must not contain control characters (tab and line breaks are allowed) and must be well-formed Unicode';

export function unsafeText(value: unknown, path: string, out: FieldError[] = []): FieldError[] {
  if (typeof value === 'string') {
    if (CONTROL_CHARACTER.test(value) || LONE_SURROGATE.test(value)) out.push({ field: path, message: TEXT_RULE_MESSAGE });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unsafeText(v, path ? `${path}.${i}` : String(i), out));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) unsafeText(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

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

/** GraphQL arguments arrive as GqlParamtype.ARGS, which Nest's context mapping reports as 'body'. */
function isArgument(metadata: ArgumentMetadata): boolean {
  const type = metadata.type as ArgumentMetadata['type'] | number;
  return type === GQL_ARGS || type === 'body';
}

/**
 * class-validator for every argument, with field errors named from the argument down
 * (`input.nextOfKin.0.phone`), the same way variable coercion errors are named.
 */
export class ArgumentValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidUnknownValues: false,
      stopAtFirstError: false,
      exceptionFactory: (errors) => badInput(validationErrorsToFields(errors)),
    });
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
    if (isArgument(metadata)) {
      const bad = unsafeText(value, metadata.data ?? '');
      if (bad.length) throw badInput(bad);
    }
    try {
      return await super.transform(value, metadata);
    } catch (e) {
      const fields = e instanceof AppError ? (e.extensions.fields as FieldError[] | undefined) : undefined;
      if (fields && metadata.data) throw badInput(fields.map((f) => ({ field: `${metadata.data}.${f.field}`, message: f.message })));
      throw e;
    }
  }
}

/** What class-validator asks its container for: an instance of a class (its Validator, a constraint). */
interface ClassContainer {
  get<T>(type: new (...args: never[]) => T): T | undefined;
}

/**
 * class-validator's container over Nest's (so DateWithinRule gets the injected clock), asking Nest
 * once per class and remembering the answer: Nest throws (an exception with a stack trace) for a
 * class it does not provide, and class-validator asks for its own Validator on every validation
 * and for each constraint of every property, so a list's arguments cost several exceptions per
 * request. Nest's providers asked for here are singletons; a class Nest does not provide is
 * undefined here, and class-validator makes its own (`fallback`), as it did on Nest's exception.
 */
export function validatorContainer(nest: { get(type: unknown): unknown }): ClassContainer {
  const known = new Map<unknown, unknown>();
  return {
    get<T>(type: new (...args: never[]) => T): T | undefined {
      if (!known.has(type)) {
        let instance: unknown;
        try {
          instance = nest.get(type);
        } catch {
          instance = undefined;
        }
        known.set(type, instance);
      }
      return known.get(type) as T | undefined;
    },
  };
}
