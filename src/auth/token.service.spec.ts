import 'reflect-metadata';
import { afterEach, vi } from 'vitest';
import { loadConfig } from '../config/config';
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
