import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, AppConfig } from '../config/config';
import { unauthenticated } from '../common/errors';
import { isHsaId } from '../common/scalars';
import { PatientTokenClaims, TokenClaims } from '../common/actor';
import { parsePersonnummer } from '../common/personnummer';

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
  private readonly patientJwks?: ReturnType<typeof createRemoteJWKSet>;
  private readonly patientDevKey?: KeyObject;
  /**
   * Tokens whose signature and claims were verified, by their exact text: a client sends the same
   * token with every request until it expires, and verifying it again (a key import and an HMAC or
   * RSA check) cost more than the rest of authentication. An entry is used only until the token's
   * own expiry (with the same tolerance) and at most VERIFIED_CACHE_MS; the assignment is still
   * checked against the database on every request.
   */
  private readonly verified = new Map<string, { claims: TokenClaims | PatientTokenClaims; until: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.auth.jwksUrl) this.jwks = createRemoteJWKSet(new URL(config.auth.jwksUrl));
    if (config.auth.devSecret) this.devKey = createSecretKey(new TextEncoder().encode(config.auth.devSecret));
    if (config.patientAuth.jwksUrl) this.patientJwks = createRemoteJWKSet(new URL(config.patientAuth.jwksUrl));
    if (config.patientAuth.devSecret) this.patientDevKey = createSecretKey(new TextEncoder().encode(config.patientAuth.devSecret));
  }

  /** Whether the token claims the patients' identity provider as issuer and audience (checked again, with the signature, when verified). */
  private claimsPatientIssuer(token: string): boolean {
    try {
      const p = decodeJwt(token);
      const aud = Array.isArray(p.aud) ? p.aud : [p.aud];
      return p.iss === this.config.patientAuth.issuer && aud.includes(this.config.patientAuth.audience);
    } catch {
      return false;
    }
  }

  /**
   * The claims of a staff token (TokenClaims), or of a patient's token (PatientTokenClaims) when it
   * names the patients' identity provider as issuer and audience. Each kind is verified only with
   * its own keys, issuer and audience, so neither passes for the other.
   */
  async verify(authorization: string | undefined): Promise<TokenClaims | PatientTokenClaims> {
    if (!authorization) throw unauthenticated('Missing bearer token (Authorization: Bearer <token>)');
    const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
    if (!m) throw unauthenticated('Malformed Authorization header; expected "Bearer <token>"');
    const known = this.verified.get(m[1]);
    if (known && Date.now() < known.until) return known.claims;
    if (known) this.verified.delete(m[1]);
    return this.claimsPatientIssuer(m[1]) ? this.verifyPatientToken(m[1]) : this.verifyToken(m[1]);
  }

  /** Signature, issuer, audience and lifetime, with the given keys. */
  private async verifyJwt(
    token: string,
    keys: { jwks?: ReturnType<typeof createRemoteJWKSet>; devKey?: KeyObject; issuer: string; audience: string },
  ): Promise<JWTPayload> {
    let payload: JWTPayload;
    try {
      const opts = { issuer: keys.issuer, audience: keys.audience, clockTolerance: CLOCK_TOLERANCE_S };
      if (keys.jwks) {
        payload = (await jwtVerify(token, keys.jwks, { ...opts, algorithms: ['RS256', 'PS256', 'ES256'] })).payload;
      } else if (keys.devKey) {
        payload = (await jwtVerify(token, keys.devKey, { ...opts, algorithms: ['HS256'] })).payload;
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
    return payload;
  }

  private remember(token: string, claims: TokenClaims | PatientTokenClaims, exp: number): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, until: Math.min(exp * 1000 + CLOCK_TOLERANCE_S * 1000, Date.now() + VERIFIED_CACHE_MS) });
  }

  /** A patient's token: the patients' identity provider, the person by personnummer in `sub`. */
  private async verifyPatientToken(token: string): Promise<PatientTokenClaims> {
    const { issuer, audience } = this.config.patientAuth;
    if (!this.patientJwks && !this.patientDevKey) throw unauthenticated('Patient sign-in is not configured');
    const payload = await this.verifyJwt(token, { jwks: this.patientJwks, devKey: this.patientJwks ? undefined : this.patientDevKey, issuer, audience });
    const p = typeof payload.sub === 'string' ? parsePersonnummer(payload.sub) : null;
    if (!p) throw unauthenticated('A patient token must carry the personnummer in sub');
    const claims = { personnummer: p.normalised };
    this.remember(token, claims, payload.exp!);
    return claims;
  }

  private async verifyToken(token: string): Promise<TokenClaims> {
    const { issuer, audience } = this.config.auth;
    const payload = await this.verifyJwt(token, { jwks: this.jwks, devKey: this.jwks ? undefined : this.devKey, issuer, audience });
    const org = payload[this.config.auth.orgClaim];
    const role = payload[this.config.auth.roleClaim];
    if (!isHsaId(payload.sub) || !isHsaId(org) || typeof role !== 'string') {
      throw unauthenticated(`Token must carry sub (staff HSA-id), ${this.config.auth.orgClaim} (organisation HSA-id) and ${this.config.auth.roleClaim}`);
    }
    const claims = { staffHsaId: payload.sub, organisationHsaId: org, role };
    this.remember(token, claims, payload.exp!);
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

/** Development and tests only: a patient's token as the patients' identity provider would issue it (the person by personnummer). */
export async function signDevPatientToken(config: AppConfig, personnummer: string, ttl: string | number = '1h', key?: string): Promise<string> {
  const secret = key ?? config.patientAuth.devSecret;
  if (!secret) throw new Error('Local token signing is disabled');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(personnummer)
    .setIssuer(config.patientAuth.issuer)
    .setAudience(config.patientAuth.audience)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}
