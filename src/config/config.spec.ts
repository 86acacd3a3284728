import { loadConfig } from './config';

describe('configuration', () => {
  it('has working defaults for development', () => {
    const c = loadConfig({});
    expect(c.nodeEnv).toBe('development');
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.auth.devSecret).toBeDefined();
  });

  it('names each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' })).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*LOG_LEVEL|PORT/);
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('LOG_LEVEL');
      expect(msg).toContain('DATABASE_URL');
    }
  });

  it('refuses the embedded database and local tokens in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL[\s\S]*AUTH_JWKS_URL/);
    const c = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db', AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'https://idp.example' });
    expect(c.auth.devSecret).toBeUndefined();
    expect(c.reportSqlCount).toBe(false);
  });

  it('rejects a short development signing key', () => {
    expect(() => loadConfig({ AUTH_DEV_SECRET: 'short' })).toThrow(/AUTH_DEV_SECRET/);
  });

  it('reads the acknowledgement hours, 24 by default, and refuses nonsense', () => {
    expect(loadConfig({}).acknowledgementHours).toBe(24);
    expect(loadConfig({ ACKNOWLEDGEMENT_HOURS: '4.5' }).acknowledgementHours).toBe(4.5);
    expect(() => loadConfig({ ACKNOWLEDGEMENT_HOURS: '0' })).toThrow(/ACKNOWLEDGEMENT_HOURS/);
    expect(() => loadConfig({ ACKNOWLEDGEMENT_HOURS: 'soon' })).toThrow(/ACKNOWLEDGEMENT_HOURS/);
    expect(() => loadConfig({ ACKNOWLEDGEMENT_HOURS: '1000' })).toThrow(/ACKNOWLEDGEMENT_HOURS/);
  });
});
