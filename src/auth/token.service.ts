import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, AppConfig } from '../config/config';
import { unauthenticated } from '../common/errors';
import { isHsaId } from '../common/scalars';
import { TokenClaims } from './actor';

/**
 * Verifies bearer JWTs. Production: signatures from the identity provider's JWKS (OIDC;
 * SITHS-backed in Swedish care), with issuer and audience checked. Development and tests:
 * a local HS256 key, refused in production by configuration.
 */
@Injectable()
export class TokenService {
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  private readonly devKey?: Uint8Array;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.auth.jwksUrl) this.jwks = createRemoteJWKSet(new URL(config.auth.jwksUrl));
    if (config.auth.devSecret) this.devKey = new TextEncoder().encode(config.auth.devSecret);
  }

  async verify(authorization: string | undefined): Promise<TokenClaims> {
    if (!authorization) throw unauthenticated('Missing bearer token (Authorization: Bearer <token>)');
    const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
    if (!m) throw unauthenticated('Malformed Authorization header; expected "Bearer <token>"');
    let payload: JWTPayload;
    try {
      const opts = { issuer: this.config.auth.issuer, audience: this.config.auth.audience, clockTolerance: 30 };
      if (this.jwks) {
        payload = (await jwtVerify(m[1], this.jwks, { ...opts, algorithms: ['RS256', 'PS256', 'ES256'] })).payload;
      } else if (this.devKey) {
        payload = (await jwtVerify(m[1], this.devKey, { ...opts, algorithms: ['HS256'] })).payload;
      } else {
        throw unauthenticated('No token verification is configured');
      }
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw unauthenticated('Token has expired');
      if (e instanceof joseErrors.JOSEError) throw unauthenticated('Token is not valid');
      throw e;
    }
    const org = payload[this.config.auth.orgClaim];
    const role = payload[this.config.auth.roleClaim];
    if (!isHsaId(payload.sub) || !isHsaId(org) || typeof role !== 'string') {
      throw unauthenticated(`Token must carry sub (staff HSA-id), ${this.config.auth.orgClaim} (organisation HSA-id) and ${this.config.auth.roleClaim}`);
    }
    return { staffHsaId: payload.sub, organisationHsaId: org, role };
  }

  /** Development and tests only: sign a token with the local key. */
  async signDev(claims: TokenClaims, ttl: string | number = '8h'): Promise<string> {
    if (!this.devKey) throw new Error('Local token signing is disabled (production, or no AUTH_DEV_SECRET)');
    return signDevToken(this.config, claims, ttl);
  }
}

export async function signDevToken(config: AppConfig, claims: TokenClaims, ttl: string | number = '8h', key?: string): Promise<string> {
  const secret = key ?? config.auth.devSecret;
  if (!secret) throw new Error('Local token signing is disabled');
  return new SignJWT({ [config.auth.orgClaim]: claims.organisationHsaId, [config.auth.roleClaim]: claims.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.staffHsaId)
    .setIssuer(config.auth.issuer)
    .setAudience(config.auth.audience)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}
