import { Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

/**
 * A capability's DataLoader factory (x.loader.ts); one set of loaders is made per request. It is
 * given the request's loaders, so a loader that fetches related rows with its own (one statement
 * instead of two) can prime another capability's loader with them.
 */
export interface LoaderFactory<T> {
  create(loaders: RequestLoaders): T;
}

/** The per-request home of every DataLoader, created lazily on first use. */
export class RequestLoaders {
  private readonly made = new Map<Type<LoaderFactory<unknown>>, unknown>();
  constructor(private readonly moduleRef: ModuleRef) {}

  get<T>(factory: Type<LoaderFactory<T>>): T {
    let loaders = this.made.get(factory) as T | undefined;
    if (!loaders) {
      loaders = this.moduleRef.get(factory, { strict: false }).create(this);
      this.made.set(factory, loaders);
    }
    return loaders;
  }
}
