import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { NoResult } from './operation.guard';

/** A refused search answers null, the same as a search that found nothing. */
@Catch(NoResult)
export class NoResultFilter implements GqlExceptionFilter {
  catch(): null {
    return null;
  }
}
