import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, parse, serviceConfigSpec } from '../src/index.ts';

describe('config', () => {
  const spec = serviceConfigSpec('brands');

  it('when nothing is set, then every key has its documented default', () => {
    const config = loadConfig(serviceConfigSpec('brands', {}), {});
    expect(config.port).toBe(4001);
    expect(config.databaseUrl).toBe('postgres://brands:brands@127.0.0.1:5432/brands');
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(config.migrateOnStart).toBe(true);
  });

  it('when a value is bad, then the error names the variable and what was expected', () => {
    const attempt = () =>
      loadConfig(spec, { BRANDS_PORT: 'http', KAFKA_BROKERS: 'nohost', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems[0]).toBe('BRANDS_PORT="http" is invalid: expected a TCP port number 0-65535');
      expect(problems[1]).toMatch(/^LOG_LEVEL="loud" is invalid: expected one of fatal, error/);
      expect(problems[2]).toBe(
        'KAFKA_BROKERS="nohost" is invalid: expected a comma-separated list of host:port',
      );
    }
  });

  it('when a secret is bad, then its value is not echoed', () => {
    expect(() => loadConfig(spec, { DATABASE_URL: 'mysql://user:hunter2@db/x' })).toThrow(
      'DATABASE_URL=<redacted> is invalid: expected a URL with protocol postgres or postgresql',
    );
  });

  it('when the service-specific and the generic variable are both set, then the specific one wins', () => {
    const config = loadConfig(spec, { BRANDS_PORT: '5001', PORT: '8080' });
    expect(config.port).toBe(5001);
    expect(loadConfig(spec, { PORT: '8080' }).port).toBe(8080);
  });

  it('when a key has no default and is unset, then it is reported as required', () => {
    const required = { token: { env: 'TOKEN', doc: 'the token', parse: parse.string } };
    expect(() => loadConfig(required, {})).toThrow('TOKEN is required: the token');
  });

  it('describes every key with its variable and default', () => {
    const text = describeConfig(spec);
    expect(text.split('\n')).toHaveLength(Object.keys(spec).length);
    expect(text).toContain('BRANDS_PORT | PORT  default 4001');
    expect(text).toContain('BRANDS_DATABASE_URL | DATABASE_URL  default <secret>');
  });

  it('parses booleans, integer ranges and URLs strictly', () => {
    expect(parse.bool('off')).toBe(false);
    expect(parse.bool('maybe')).toBeInstanceOf(Error);
    expect(parse.int(1, 10)('11')).toBeInstanceOf(Error);
    expect(parse.int(1, 10)('2.5')).toBeInstanceOf(Error);
    expect(parse.int(1, 10)('7')).toBe(7);
    expect(parse.url('http')('not a url')).toBeInstanceOf(Error);
  });
});
