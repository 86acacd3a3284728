import type { Request } from 'express';
import { Actor } from '../auth/actor';
import { RequestLoaders } from './loaders';

export interface GqlContext {
  req?: Request;
  requestId: string;
  authorization?: string;
  /** Set after the operation has passed validation and the token and assignment were checked. */
  actor?: Actor;
  loaders: RequestLoaders;
}
