import { generateKeyPairSync } from 'node:crypto';
import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

const SECRET = 'a-demo-secret-that-is-long-enough-000';

function errorOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '(no error)';
}

t.test('defaults: embedded database, local host, HS256', async (t) => {
  const { config, port, host } = loadConfig({ JWT_SECRET: SECRET });
  t.equal(port, 3000);
  t.equal(host, '127.0.0.1');
  t.same(config.database, { kind: 'pglite', dataDir: '.data/pglite' });
  t.same(config.auth, { jwt: { kind: 'secret', secret: SECRET }, devLogin: false });
  t.equal(config.rateLimit.max, 300);
  t.equal(config.migrate, true);
});

t.test('DATABASE_URL selects Postgres; CORS_ORIGINS is a list', async (t) => {
  const { config } = loadConfig({ JWT_SECRET: SECRET, DATABASE_URL: 'postgres://u@db:5432/app', CORS_ORIGINS: 'https://a.example, https://b.example' });
  t.same(config.database, { kind: 'postgres', url: 'postgres://u@db:5432/app' });
  t.same(config.corsOrigins, ['https://a.example', 'https://b.example']);
});

t.test('each bad variable is named in one line, and no value is echoed', async (t) => {
  t.equal(errorOf({}), 'JWT_SECRET: set JWT_SECRET (HS256) or JWT_PUBLIC_KEY (RS256/ES256 PEM)');
  t.match(errorOf({ JWT_SECRET: 'short-secret-value' }), /^JWT_SECRET: must be at least 32 characters$/);
  t.notMatch(errorOf({ JWT_SECRET: 'short-secret-value' }), /short-secret-value/);
  t.match(errorOf({ JWT_SECRET: SECRET, PORT: 'eighty' }), /^PORT: /);
  t.match(errorOf({ JWT_SECRET: SECRET, DATABASE_URL: 'mysql://x' }), /^DATABASE_URL: must be a postgres:\/\/ URL$/);
  t.match(errorOf({ JWT_SECRET: SECRET, RATE_LIMIT_MAX: '0' }), /^RATE_LIMIT_MAX: /);
  t.match(errorOf({ JWT_SECRET: SECRET, AUTH_DEV_LOGIN: 'yes' }), /^AUTH_DEV_LOGIN: /);
  t.match(errorOf({ JWT_PUBLIC_KEY: 'not a key' }), /^JWT_PUBLIC_KEY: is not a PEM public key$/);
});

t.test('dev login is refused in production', async (t) => {
  t.equal(
    errorOf({ JWT_SECRET: SECRET, AUTH_DEV_LOGIN: 'true', NODE_ENV: 'production' }),
    'AUTH_DEV_LOGIN: is a demo feature and is refused when NODE_ENV=production'
  );
  t.equal(loadConfig({ JWT_SECRET: SECRET, AUTH_DEV_LOGIN: 'true' }).config.auth.devLogin, true);
});

t.test('a public key picks its algorithm', async (t) => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  t.match(loadConfig({ JWT_PUBLIC_KEY: rsa }).config.auth.jwt, { kind: 'public-key', algorithm: 'RS256' });
  t.match(loadConfig({ JWT_PUBLIC_KEY: ec }).config.auth.jwt, { kind: 'public-key', algorithm: 'ES256' });
  t.match(errorOf({ JWT_PUBLIC_KEY: rsa, JWT_SECRET: SECRET }), /^JWT_PUBLIC_KEY: set only one/);
});

t.test('an empty value counts as unset', async (t) => {
  const { port, config } = loadConfig({ JWT_SECRET: SECRET, PORT: '', DATABASE_URL: '' });
  t.equal(port, 3000);
  t.equal(config.database.kind, 'pglite');
});

t.test('TRUST_PROXY: a flag, a hop count or the proxies’ addresses; required in production', async (t) => {
  t.equal(loadConfig({ JWT_SECRET: SECRET }).config.trustProxy, false, 'trusts no proxy by default');
  t.equal(loadConfig({ JWT_SECRET: SECRET, TRUST_PROXY: 'true' }).config.trustProxy, true);
  t.equal(loadConfig({ JWT_SECRET: SECRET, TRUST_PROXY: '2' }).config.trustProxy, 2);
  t.same(loadConfig({ JWT_SECRET: SECRET, TRUST_PROXY: '10.0.0.7, 10.1.0.0/16,::1' }).config.trustProxy, ['10.0.0.7', '10.1.0.0/16', '::1']);
  t.match(errorOf({ JWT_SECRET: SECRET, TRUST_PROXY: 'proxy.internal' }), /^TRUST_PROXY: must be true, false, a hop count, or comma-separated IP addresses/);
  t.match(errorOf({ JWT_SECRET: SECRET, TRUST_PROXY: '10.0.0.1/abc' }), /^TRUST_PROXY: /);
  t.match(errorOf({ JWT_SECRET: SECRET, NODE_ENV: 'production' }), /^TRUST_PROXY: must name the TLS-terminating proxy in production/);
  t.match(errorOf({ JWT_SECRET: SECRET, NODE_ENV: 'production', TRUST_PROXY: 'false' }), /^TRUST_PROXY: /);
  const production = loadConfig({ JWT_SECRET: SECRET, NODE_ENV: 'production', TRUST_PROXY: '1', JWT_ISSUER: 'any', JWT_AUDIENCE: 'any' }).config;
  t.equal(production.requireHttps, true, 'production refuses plain HTTP');
  t.equal(loadConfig({ JWT_SECRET: SECRET }).config.requireHttps, false);
});

t.test('JWT_ISSUER and JWT_AUDIENCE: lists or any; required in production (issue 14 item 7)', async (t) => {
  const listed = loadConfig({ JWT_SECRET: SECRET, JWT_ISSUER: 'https://crm.example, https://id.example', JWT_AUDIENCE: 'sw-dialer-api' }).config.auth;
  t.same(listed.issuers, ['https://crm.example', 'https://id.example']);
  t.same(listed.audiences, ['sw-dialer-api']);
  const unchecked = loadConfig({ JWT_SECRET: SECRET, JWT_ISSUER: 'any', JWT_AUDIENCE: 'any' }).config.auth;
  t.notOk('issuers' in unchecked || 'audiences' in unchecked, 'any: no check');
  t.notOk('issuers' in loadConfig({ JWT_SECRET: SECRET }).config.auth, 'unset outside production: no check');
  const production = { JWT_SECRET: SECRET, NODE_ENV: 'production', TRUST_PROXY: '1' };
  t.match(errorOf(production), /^JWT_ISSUER: must be set in production: the accepted value\(s\), comma-separated, or any/);
  t.match(errorOf({ ...production, JWT_ISSUER: 'https://crm.example' }), /^JWT_AUDIENCE: must be set in production/);
  t.same(loadConfig({ ...production, JWT_ISSUER: 'https://crm.example', JWT_AUDIENCE: 'any' }).config.auth.issuers, ['https://crm.example']);
  t.match(errorOf({ JWT_SECRET: SECRET, JWT_ISSUER: ' , ' }), /^JWT_ISSUER: must be a comma-separated list/);
  t.match(errorOf({ JWT_SECRET: SECRET, JWT_AUDIENCE: 'api,any' }), /^JWT_AUDIENCE: must be a comma-separated list/, 'any is not a value among others');
});

t.test('CALL_METADATA_KEY and CALL_METADATA_PREVIOUS_KEYS: 32-byte keys, hex or base64, never echoed', async (t) => {
  const hex = 'ab'.repeat(32);
  const base64 = Buffer.alloc(32, 7).toString('base64');
  const keys = loadConfig({ JWT_SECRET: SECRET, CALL_METADATA_KEY: hex, CALL_METADATA_PREVIOUS_KEYS: `${base64}, ${'cd'.repeat(32)}` }).config.metadataKeys;
  t.same(keys?.current, Buffer.from(hex, 'hex'));
  t.same(keys?.previous, [Buffer.alloc(32, 7), Buffer.from('cd'.repeat(32), 'hex')]);
  t.same(loadConfig({ JWT_SECRET: SECRET }).config.metadataKeys, { current: undefined, previous: [] }, 'off by default');
  const short = errorOf({ JWT_SECRET: SECRET, CALL_METADATA_KEY: 'ab'.repeat(16) });
  t.match(short, /^CALL_METADATA_KEY: must be 32 bytes as 64 hex digits or base64/);
  t.notMatch(short, /abab/, 'the key is not echoed');
  t.match(
    errorOf({ JWT_SECRET: SECRET, CALL_METADATA_PREVIOUS_KEYS: `${hex},not-a-key` }),
    /^CALL_METADATA_PREVIOUS_KEYS: each comma-separated key must be 32 bytes/
  );
});

t.test('dial mode, address, policy secret and the destination policy (ADR 65)', async (t) => {
  const signalwire = { SIGNALWIRE_PROJECT_ID: 'p', SIGNALWIRE_API_TOKEN: 'tok', SIGNALWIRE_SPACE_URL: 'https://x.signalwire.com' };
  const policySecret = 'p'.repeat(40);
  const defaults = loadConfig({ JWT_SECRET: SECRET, ...signalwire }).config;
  t.equal(defaults.signalwire?.dialMode, 'direct');
  t.equal(defaults.signalwire?.guestTokenTtlS, 300);
  t.same(defaults.dialPolicy, { allowedCountries: [], refusedTypes: ['PREMIUM_RATE'] });
  t.equal(defaults.bridgeRateLimitMax, 6);

  const address = loadConfig({
    JWT_SECRET: SECRET,
    ...signalwire,
    SIGNALWIRE_DIAL_MODE: 'address',
    SIGNALWIRE_DIAL_ADDRESS: '/public/sw-dialer-pstn',
    SIGNALWIRE_POLICY_SECRET: policySecret,
    DIAL_ALLOWED_COUNTRIES: '+1, gb',
    DIAL_REFUSED_NUMBER_TYPES: 'premium_rate,SHARED_COST'
  }).config;
  t.match(address.signalwire, { dialMode: 'address', dialAddress: '/public/sw-dialer-pstn', policySecret });
  t.same(address.dialPolicy, { allowedCountries: ['1', 'GB'], refusedTypes: ['PREMIUM_RATE', 'SHARED_COST'] });
  t.same(loadConfig({ JWT_SECRET: SECRET, DIAL_REFUSED_NUMBER_TYPES: 'none' }).config.dialPolicy?.refusedTypes, [], '"none" refuses no type');

  t.equal(
    errorOf({ JWT_SECRET: SECRET, ...signalwire, SIGNALWIRE_DIAL_MODE: 'address', SIGNALWIRE_POLICY_SECRET: policySecret }),
    'SIGNALWIRE_DIAL_ADDRESS: is required when SIGNALWIRE_DIAL_MODE=address'
  );
  t.equal(
    errorOf({ JWT_SECRET: SECRET, ...signalwire, SIGNALWIRE_DIAL_MODE: 'address', SIGNALWIRE_DIAL_ADDRESS: '/public/x' }),
    'SIGNALWIRE_POLICY_SECRET: is required when SIGNALWIRE_DIAL_MODE=address'
  );
  t.match(
    errorOf({ JWT_SECRET: SECRET, SIGNALWIRE_DIAL_MODE: 'address', SIGNALWIRE_DIAL_ADDRESS: '/public/x', SIGNALWIRE_POLICY_SECRET: policySecret }),
    /^SIGNALWIRE_PROJECT_ID: /
  );
  t.match(errorOf({ JWT_SECRET: SECRET, SIGNALWIRE_DIAL_ADDRESS: 'sw-dialer-pstn' }), /^SIGNALWIRE_DIAL_ADDRESS: must be a Fabric address/);
  const short = errorOf({ JWT_SECRET: SECRET, SIGNALWIRE_POLICY_SECRET: 'too-short-secret' });
  t.match(short, /^SIGNALWIRE_POLICY_SECRET: must be at least 32 characters/);
  t.notMatch(short, /too-short-secret/, 'never echoed');
  t.match(errorOf({ JWT_SECRET: SECRET, DIAL_ALLOWED_COUNTRIES: 'US,Britain' }), /^DIAL_ALLOWED_COUNTRIES: Britain is neither a calling code/);
  t.match(errorOf({ JWT_SECRET: SECRET, DIAL_REFUSED_NUMBER_TYPES: 'PREMIUM' }), /^DIAL_REFUSED_NUMBER_TYPES: PREMIUM is not one of PREMIUM_RATE/);
  t.match(errorOf({ JWT_SECRET: SECRET, BRIDGE_RATE_LIMIT_MAX: '0' }), /^BRIDGE_RATE_LIMIT_MAX: /);
});
