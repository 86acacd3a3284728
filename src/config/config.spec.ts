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
    const c = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://h/db',
      AUTH_JWKS_URL: 'https://idp.example/jwks',
      AUTH_ISSUER: 'https://idp.example',
    });
    expect(c.auth.devSecret).toBeUndefined();
    expect(c.reportSqlCount).toBe(false);
  });

  it('keeps patients’ tokens apart from staff tokens: its own issuer and audience, never both equal', () => {
    const c = loadConfig({});
    expect([c.patientAuth.issuer, c.patientAuth.audience]).not.toEqual([c.auth.issuer, c.auth.audience]);
    expect(c.patientAuth.devSecret).toBe(c.auth.devSecret);
    expect(() => loadConfig({ PATIENT_TOKEN_ISSUER: 'idp', AUTH_ISSUER: 'idp', PATIENT_TOKEN_AUDIENCE: 'esther', AUTH_AUDIENCE: 'esther' })).toThrow(
      /PATIENT_TOKEN_AUDIENCE/,
    );
    expect(loadConfig({ PATIENT_TOKEN_ISSUER: 'idp', AUTH_ISSUER: 'idp', PATIENT_TOKEN_AUDIENCE: 'esther-1177' }).patientAuth.audience).toBe('esther-1177');
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
    expect(loadConfig({}).experienceIntervalDays).toBe(180);
    expect(loadConfig({ EXPERIENCE_INTERVAL_DAYS: '90' }).experienceIntervalDays).toBe(90);
    expect(() => loadConfig({ EXPERIENCE_INTERVAL_DAYS: '7' })).toThrow(/EXPERIENCE_INTERVAL_DAYS/);
    expect(() => loadConfig({ EXPERIENCE_INTERVAL_DAYS: 'often' })).toThrow(/EXPERIENCE_INTERVAL_DAYS/);
  });

  it('keeps the reserve routine’s schedule off by default, and names a bad directory or interval', () => {
    expect(loadConfig({}).reserveSnapshot).toEqual({ dir: undefined, intervalMinutes: 60 });
    expect(loadConfig({ RESERVE_SNAPSHOT_DIR: '/var/lib/esther/reserv', RESERVE_SNAPSHOT_INTERVAL_MINUTES: '15' }).reserveSnapshot).toEqual({
      dir: '/var/lib/esther/reserv',
      intervalMinutes: 15,
    });
    expect(() => loadConfig({ RESERVE_SNAPSHOT_DIR: 'reserv' })).toThrow(/RESERVE_SNAPSHOT_DIR: must be an absolute path/);
    expect(() => loadConfig({ RESERVE_SNAPSHOT_DIR: '/tmp/r', RESERVE_SNAPSHOT_INTERVAL_MINUTES: '0' })).toThrow(/RESERVE_SNAPSHOT_INTERVAL_MINUTES/);
    expect(() => loadConfig({ RESERVE_SNAPSHOT_DIR: '/tmp/r', RESERVE_SNAPSHOT_INTERVAL_MINUTES: '7.5' })).toThrow(
      /RESERVE_SNAPSHOT_INTERVAL_MINUTES: must be a whole number/,
    );
    expect(() => loadConfig({ RESERVE_SNAPSHOT_DIR: '/tmp/r', RESERVE_SNAPSHOT_INTERVAL_MINUTES: '2000' })).toThrow(/RESERVE_SNAPSHOT_INTERVAL_MINUTES/);
    expect(() => loadConfig({ RESERVE_SNAPSHOT_INTERVAL_MINUTES: '30' })).toThrow(
      /RESERVE_SNAPSHOT_INTERVAL_MINUTES: has no effect without RESERVE_SNAPSHOT_DIR/,
    );
  });

  it('reads the live inbox’s replay window and schedules: on by default, off in tests unless set', () => {
    expect(loadConfig({}).liveEvents).toEqual({
      replayDays: 7,
      replayMaxEvents: 1000,
      pruneIntervalMinutes: 60,
      deadlineWatchSeconds: 60,
      deadlineLookbackHours: 48,
    });
    expect(loadConfig({ NODE_ENV: 'test' }).liveEvents).toMatchObject({ pruneIntervalMinutes: 0, deadlineWatchSeconds: 0 });
    expect(loadConfig({ NODE_ENV: 'test', DEADLINE_WATCH_INTERVAL_SECONDS: '5', INBOX_PRUNE_INTERVAL_MINUTES: '10' }).liveEvents).toMatchObject({
      pruneIntervalMinutes: 10,
      deadlineWatchSeconds: 5,
    });
    expect(loadConfig({ DEADLINE_WATCH_INTERVAL_SECONDS: '0' }).liveEvents.deadlineWatchSeconds).toBe(0);
    expect(() => loadConfig({ INBOX_REPLAY_DAYS: '0' })).toThrow(/INBOX_REPLAY_DAYS/);
    expect(() => loadConfig({ INBOX_REPLAY_MAX_EVENTS: 'many' })).toThrow(/INBOX_REPLAY_MAX_EVENTS/);
    expect(() => loadConfig({ DEADLINE_WATCH_INTERVAL_SECONDS: '-1' })).toThrow(/DEADLINE_WATCH_INTERVAL_SECONDS/);
    expect(() => loadConfig({ DEADLINE_WATCH_LOOKBACK_HOURS: '1000' })).toThrow(/DEADLINE_WATCH_LOOKBACK_HOURS/);
  });

  it('reads the access log’s partitions ahead and retention, naming a bad value', () => {
    expect(loadConfig({}).audit).toEqual({ partitionsAhead: 3, retentionYears: 5 });
    expect(loadConfig({ AUDIT_PARTITIONS_AHEAD: '6', AUDIT_RETENTION_YEARS: '10' }).audit).toEqual({ partitionsAhead: 6, retentionYears: 10 });
    expect(() => loadConfig({ AUDIT_PARTITIONS_AHEAD: '0' })).toThrow(/AUDIT_PARTITIONS_AHEAD: must be at least 1 month/);
    expect(() => loadConfig({ AUDIT_PARTITIONS_AHEAD: '2.5' })).toThrow(/AUDIT_PARTITIONS_AHEAD/);
    expect(() => loadConfig({ AUDIT_RETENTION_YEARS: '4' })).toThrow(/AUDIT_RETENTION_YEARS: must be at least 5 years/);
  });
});
