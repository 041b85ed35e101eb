import t from 'tap';
import { ConfigError, HTTP_TIMEOUT_DEFAULTS, loadConfig } from '../src/config.js';

// The settings issue 19 added: release pipelines, metrics port, HTTP timeouts and the stop.
const base = { JWT_SECRET: 'config-deploy-secret-that-is-long-enough' };

t.test('MIGRATE_ON_START: on by default, off with false', async (t) => {
  t.equal(loadConfig(base).config.migrate, true);
  t.equal(loadConfig({ ...base, MIGRATE_ON_START: 'false' }).config.migrate, false);
  t.equal(loadConfig({ ...base, MIGRATE_ON_START: '0' }).config.migrate, false);
  let refusal: unknown;
  try {
    loadConfig({ ...base, MIGRATE_ON_START: 'no' });
  } catch (error) {
    refusal = error;
  }
  t.ok(refusal instanceof ConfigError, 'anything else is refused');
  t.match((refusal as Error).message, /^MIGRATE_ON_START: /, 'naming the variable');
});

t.test('METRICS_PORT: unset by default; must differ from PORT', async (t) => {
  t.equal(loadConfig(base).config.metricsPort, undefined);
  t.equal(loadConfig({ ...base, METRICS_PORT: '9464' }).config.metricsPort, 9464);
  t.throws(() => loadConfig({ ...base, PORT: '9464', METRICS_PORT: '9464' }), /^METRICS_PORT: must differ from PORT/);
});

t.test('HTTP timeouts: documented defaults, configurable, headers within the request timeout', async (t) => {
  t.same(loadConfig(base).config.http, HTTP_TIMEOUT_DEFAULTS);
  t.same(HTTP_TIMEOUT_DEFAULTS, { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 72_000 });
  t.same(loadConfig({ ...base, HTTP_REQUEST_TIMEOUT_MS: '20000', HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000' }).config.http, {
    requestTimeoutMs: 20_000,
    headersTimeoutMs: 5000,
    keepAliveTimeoutMs: 65_000
  });
  t.throws(
    () => loadConfig({ ...base, HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' }),
    /^HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS/
  );
});

t.test('stop: no drain and a 10 s grace by default', async (t) => {
  t.same(loadConfig(base).shutdown, { drainMs: 0, graceMs: 10_000 });
  t.same(loadConfig({ ...base, SHUTDOWN_DRAIN_MS: '1200', SHUTDOWN_GRACE_MS: '20000' }).shutdown, { drainMs: 1200, graceMs: 20_000 });
});
