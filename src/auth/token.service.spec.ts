import 'reflect-metadata';
import { afterEach, vi } from 'vitest';
import { loadConfig } from '../config/config';
import { SignJWT } from 'jose';
import { signDevToken, TokenService } from './token.service';

const claims = { staffHsaId: 'SE2120000530-S101', organisationHsaId: 'SE2120000530-1001', role: 'NURSE' };

describe('token verification', () => {
  afterEach(() => vi.useRealTimers());

  it('remembers a verified token, but never past its expiry (with the 30 s tolerance)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T10:00:00Z'));
    const config = loadConfig({ NODE_ENV: 'test' });
    const tokens = new TokenService(config);
    const token = await signDevToken(config, claims, '60s');
    expect(await tokens.verify(`Bearer ${token}`)).toEqual(claims);
    vi.setSystemTime(new Date('2026-11-23T10:01:20Z')); // 20 s past exp: inside the tolerance, as jose judges it
    expect(await tokens.verify(`Bearer ${token}`)).toEqual(claims);
    vi.setSystemTime(new Date('2026-11-23T10:01:40Z')); // 40 s past exp: refused although remembered
    await expect(tokens.verify(`Bearer ${token}`)).rejects.toThrow(/expired/);
  });

  it('remembers only tokens whose signature was checked: a forged copy with the same claims is refused', async () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    const tokens = new TokenService(config);
    const token = await signDevToken(config, claims, '1h');
    await tokens.verify(`Bearer ${token}`);
    const forged = await signDevToken(config, claims, '1h', 'another key that is long enough to sign');
    await expect(tokens.verify(`Bearer ${forged}`)).rejects.toThrow(/not valid/);
    expect(await tokens.verify(`Bearer ${token}`)).toEqual(claims);
  });
});

describe('token lifetime', () => {
  const config = loadConfig({ NODE_ENV: 'test' });
  const key = new TextEncoder().encode(config.auth.devSecret);
  const base = () =>
    new SignJWT({ org: claims.organisationHsaId, role: claims.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.staffHsaId)
      .setIssuer(config.auth.issuer)
      .setAudience(config.auth.audience);

  it('refuses a token without exp, however well signed', async () => {
    const token = await base().setIssuedAt().sign(key);
    await expect(new TokenService(config).verify(`Bearer ${token}`)).rejects.toThrow(/must expire/);
  });

  it('refuses a token that lives longer than AUTH_MAX_TOKEN_HOURS (12 by default), with or without iat', async () => {
    const tokens = new TokenService(config);
    await expect(tokens.verify(`Bearer ${await base().setIssuedAt().setExpirationTime('13h').sign(key)}`)).rejects.toThrow(/longer than the 12 hours/);
    await expect(tokens.verify(`Bearer ${await base().setExpirationTime('13h').sign(key)}`)).rejects.toThrow(/longer than the 12 hours/);
    expect(await tokens.verify(`Bearer ${await base().setIssuedAt().setExpirationTime('12h').sign(key)}`)).toEqual(claims);
    const short = new TokenService(loadConfig({ NODE_ENV: 'test', AUTH_MAX_TOKEN_HOURS: '1' }));
    await expect(short.verify(`Bearer ${await base().setIssuedAt().setExpirationTime('2h').sign(key)}`)).rejects.toThrow(/longer than the 1 hours/);
  });

  it('validates AUTH_MAX_TOKEN_HOURS, naming the variable', () => {
    expect(loadConfig({}).auth.maxTokenHours).toBe(12);
    expect(loadConfig({ AUTH_MAX_TOKEN_HOURS: '0.5' }).auth.maxTokenHours).toBe(0.5);
    for (const bad of ['0', '-1', 'long', '48']) expect(() => loadConfig({ AUTH_MAX_TOKEN_HOURS: bad })).toThrow(/AUTH_MAX_TOKEN_HOURS/);
  });
});
