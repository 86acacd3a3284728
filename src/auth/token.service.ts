import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, AppConfig } from '../config/config';
import { unauthenticated } from '../common/errors';
import { isHsaId } from '../common/scalars';
import { TokenClaims } from '../common/actor';

/**
 * Verifies bearer JWTs. Production: signatures from the identity provider's JWKS (OIDC;
 * SITHS-backed in Swedish care), with issuer and audience checked. Development and tests:
 * a local HS256 key, refused in production by configuration.
 */
/** Seconds of clock skew allowed on exp/nbf, as by the identity provider's tokens elsewhere. */
const CLOCK_TOLERANCE_S = 30;
/** How many verified tokens are remembered, and for how long at most (a rotated-out key stops working within this). */
const VERIFIED_CACHE_SIZE = 10_000;
const VERIFIED_CACHE_MS = 5 * 60_000;

@Injectable()
export class TokenService {
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  private readonly devKey?: KeyObject;
  /**
   * Tokens whose signature and claims were verified, by their exact text: a client sends the same
   * token with every request until it expires, and verifying it again (a key import and an HMAC or
   * RSA check) cost more than the rest of authentication. An entry is used only until the token's
   * own expiry (with the same tolerance) and at most VERIFIED_CACHE_MS; the assignment is still
   * checked against the database on every request.
   */
  private readonly verified = new Map<string, { claims: TokenClaims; until: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.auth.jwksUrl) this.jwks = createRemoteJWKSet(new URL(config.auth.jwksUrl));
    if (config.auth.devSecret) this.devKey = createSecretKey(new TextEncoder().encode(config.auth.devSecret));
  }

  async verify(authorization: string | undefined): Promise<TokenClaims> {
    if (!authorization) throw unauthenticated('Missing bearer token (Authorization: Bearer <token>)');
    const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
    if (!m) throw unauthenticated('Malformed Authorization header; expected "Bearer <token>"');
    const known = this.verified.get(m[1]);
    if (known && Date.now() < known.until) return known.claims;
    if (known) this.verified.delete(m[1]);
    return this.verifyToken(m[1]);
  }

  private async verifyToken(token: string): Promise<TokenClaims> {
    let payload: JWTPayload;
    try {
      const opts = { issuer: this.config.auth.issuer, audience: this.config.auth.audience, clockTolerance: CLOCK_TOLERANCE_S };
      if (this.jwks) {
        payload = (await jwtVerify(token, this.jwks, { ...opts, algorithms: ['RS256', 'PS256', 'ES256'] })).payload;
      } else if (this.devKey) {
        payload = (await jwtVerify(token, this.devKey, { ...opts, algorithms: ['HS256'] })).payload;
      } else {
        throw unauthenticated('No token verification is configured');
      }
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw unauthenticated('Token has expired');
      if (e instanceof joseErrors.JOSEError) throw unauthenticated('Token is not valid');
      throw e;
    }
    // Every token expires, and within the longest lifetime configured: a leaked token stops working.
    if (typeof payload.exp !== 'number') throw unauthenticated('Token must expire: it has no exp claim');
    const from = typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000);
    if (payload.exp - from > this.config.auth.maxTokenHours * 3600 + CLOCK_TOLERANCE_S) {
      throw unauthenticated(`Token lives longer than the ${this.config.auth.maxTokenHours} hours allowed`);
    }
    const org = payload[this.config.auth.orgClaim];
    const role = payload[this.config.auth.roleClaim];
    if (!isHsaId(payload.sub) || !isHsaId(org) || typeof role !== 'string') {
      throw unauthenticated(`Token must carry sub (staff HSA-id), ${this.config.auth.orgClaim} (organisation HSA-id) and ${this.config.auth.roleClaim}`);
    }
    const claims = { staffHsaId: payload.sub, organisationHsaId: org, role };
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, until: Math.min(payload.exp * 1000 + CLOCK_TOLERANCE_S * 1000, Date.now() + VERIFIED_CACHE_MS) });
    return claims;
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
