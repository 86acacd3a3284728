import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID } from '@nestjs/graphql';
import { badInput } from './errors';
import { lowerCaseId } from './validators';

/** An `ID!` argument that must be an id this API returned; otherwise a field error naming it. */
export function IdArg(name: string, description?: string): ParameterDecorator {
  return Args(name, { type: () => ID, description }, new ParseUUIDPipe({ exceptionFactory: () => badInput(name, 'must be an id returned by the API') }), {
    transform: lowerCaseId,
  });
}
