import { createPublicKey } from 'node:crypto';
import { isIP } from 'node:net';
import { dispositionSchema, e164Schema } from '@sw-dialer/shared-types';
import { DEFAULT_DIAL_POLICY, isCountryEntry, NUMBER_TYPES, parseCountryList, type DialNumberType, type DialPolicy } from '@sw-dialer/shared-types/dial-policy';
import { z } from 'zod';
import type { AlertPolicy } from './alerts/failure-rate-alert.js';
import type { DatabaseConfig } from './db/database.js';
import { parseMetadataKey } from './security/metadata-cipher.js';

export interface SignalWireConfig {
  spaceUrl: string;
  projectId: string;
  apiToken: string;
  /** Lifetime of the browser's subscriber token (the widget refreshes it before expiry). */
  tokenTtlS: number;
  /** Only with an emulator, whose tokens carry no relay host: handed to the widget with each token. */
  relayHost?: string | undefined;
  /** Caller ID for the click-to-call fallback's calls to the agent's phone; unset: no fallback. */
  fromNumber?: string | undefined;
  timeoutMs: number;
  /**
   * `direct` (default): subscriber tokens, the SDK dials the number. `address`: guest tokens that reach only
   * `dialAddress`, whose SWML script asks the dial-policy endpoint before connecting (ADR 0065).
   */
  dialMode?: 'direct' | 'address' | undefined;
  /** The Fabric address the widget dials in address mode, e.g. `/public/sw-dialer-pstn`. */
  dialAddress?: string | undefined;
  /** Shared with the SWML script: authenticates its dial-policy requests and signs dial tickets. */
  policySecret?: string | undefined;
  /** Lifetime of an address-mode guest token; short, because the widget refreshes it. Default 300 s. */
  guestTokenTtlS?: number | undefined;
}

/** Everything `buildApp` needs, as data. `server.ts` builds it from the environment; tests write it out. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  database: DatabaseConfig;
  /** Apply pending migrations when the app starts. */
  migrate: boolean;
  redisUrl?: string | undefined;
  /** Token issuance and the click-to-call fallback; unset: those routes answer 503. */
  signalwire?: SignalWireConfig | undefined;
  /** Contacts and presence; unset: lookups answer "unknown" (degraded) and calls still work. */
  switchfree?: { baseUrl: string; apiKey: string; timeoutMs: number } | undefined;
  auth: {
    /** HS256 with a shared secret, or RS256/ES256 with the host application's public key. */
    jwt: { kind: 'secret'; secret: string } | { kind: 'public-key'; publicKeyPem: string; algorithm: 'RS256' | 'ES256' };
    devLogin: boolean;
    /** Accepted `iss` values; unset: any issuer (`JWT_ISSUER=any`, or unset outside production). */
    issuers?: string[] | undefined;
    /** Accepted `aud` values (a token naming any one of them passes); unset: any audience. */
    audiences?: string[] | undefined;
  };
  rateLimit: { max: number; timeWindowMs: number };
  corsOrigins: string[];
  /**
   * Which proxies' `X-Forwarded-*` headers to believe: true (any: only when nothing but the proxy can reach
   * the service), a hop count, or addresses/CIDR ranges. Unset: none, the client's own connection counts.
   */
  trustProxy?: boolean | number | string[] | undefined;
  /** Keys for call metadata at rest (AES-256-GCM): new writes use `current`; `previous` only decrypt. */
  metadataKeys?: { current?: Buffer | undefined; previous: Buffer[] } | undefined;
  /** Refuse plain-HTTP requests (403). Defaults to on in production, off otherwise. */
  requireHttps?: boolean | undefined;
  alerts: { webhookUrl?: string | undefined; policy: AlertPolicy };
  logLevel: string;
  /** Node's HTTP server timeouts (docs/deploy.md, "Timeouts"); unset: HTTP_TIMEOUT_DEFAULTS. */
  http?: HttpTimeouts | undefined;
  /** Set: `/metrics` is served on this port by server.ts, and not on the API's port. */
  metricsPort?: number | undefined;
  /** Wrap-ups (ADR 70); unset: editable for WRAP_UP_DEFAULTS.editWindowS, any well-formed disposition. */
  wrapUp?: WrapUpConfig | undefined;
  /** Which destinations users may call (ADR 0065); unset: premium-rate numbers refused, every country allowed. */
  dialPolicy?: DialPolicy | undefined;
  /** Click-to-call bridge calls per user and minute, counted apart from every other route. Default 6. */
  bridgeRateLimitMax?: number | undefined;
}

export interface WrapUpConfig {
  /** How long after a call ended its wrap-up may still be written or changed; later, 409. */
  editWindowS: number;
  /** The operator's list of dispositions; unset: any disposition of the right shape (the widget's host picks). */
  dispositions?: string[] | undefined;
}

export const WRAP_UP_DEFAULTS: WrapUpConfig = { editWindowS: 86_400 };

export interface HttpTimeouts {
  /** Receiving a whole request (headers and body); a slow client is cut off with 408. */
  requestTimeoutMs: number;
  /** Receiving a request's headers (slowloris). */
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open: longer than the proxy's own idle timeout. */
  keepAliveTimeoutMs: number;
}

/**
 * Behind a proxy that keeps connections to the API open (Caddy, nginx, a cloud load balancer, idle timeouts
 * of 60 s or less), the API must not close an idle connection first, or the proxy may send a request down a
 * socket that is closing and answer 502: keep-alive 72 s. Headers and bodies are small: 10 s and 30 s.
 */
export const HTTP_TIMEOUT_DEFAULTS: HttpTimeouts = { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 72_000 };

/** How a signal stops the server (docs/adr/0063). */
export interface ShutdownConfig {
  /** After the signal, /readyz answers 503 for this long while requests are still served, so a balancer drains us. */
  drainMs: number;
  /** In-flight requests get this long to finish before the process exits 1 anyway. */
  graceMs: number;
}

/** `TRUST_PROXY`: true|false, a hop count, or a comma-separated list of addresses and CIDR ranges. */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): boolean | number | string[] => {
    if (value === 'true' || value === 'false') return value === 'true';
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const bad = entries.find((entry) => {
      const [address = '', prefix] = entry.split('/');
      return isIP(address) === 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix));
    });
    if (entries.length === 0 || bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be true, false, a hop count, or comma-separated IP addresses / CIDR ranges of the proxies' });
      return z.NEVER;
    }
    return entries;
  });

const KEY_HINT = 'must be 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)';
const metadataKey = z.string().transform((value, ctx) => parseMetadataKey(value) ?? (ctx.addIssue({ code: 'custom', message: KEY_HINT }), z.NEVER));
const metadataKeyList = z.string().transform((value, ctx) => {
  const keys = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map(parseMetadataKey);
  if (keys.some((key) => key === undefined)) {
    ctx.addIssue({ code: 'custom', message: `each comma-separated key ${KEY_HINT}` });
    return z.NEVER;
  }
  return keys as Buffer[];
});

/** `WRAP_UP_DISPOSITIONS`: comma-separated, each a disposition the API itself would accept. */
const dispositionList = z.string().transform((value, ctx) => {
  const entries = [
    ...new Set(
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
    )
  ];
  const bad = entries.find((entry) => !dispositionSchema.safeParse(entry).success);
  if (entries.length === 0 || bad !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: "must be a comma-separated list of dispositions (letters, digits, spaces and _ . ' & ( ) / + -, at most 64 characters each)"
    });
    return z.NEVER;
  }
  return entries;
});

/**
 * `JWT_ISSUER` / `JWT_AUDIENCE`: comma-separated accepted values, or `any`, the explicit choice not to check
 * the claim (docs/adr/0048). `any` comes out as `'any'`, a list as the values.
 */
const claimList = z
  .string()
  .trim()
  .transform((value, ctx): string[] | 'any' => {
    if (value === 'any') return 'any';
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (entries.length === 0 || entries.includes('any')) {
      ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of accepted values, or any (no check)' });
      return z.NEVER;
    }
    return entries;
  });

const bool = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL' }).optional(),
    PGLITE_DATA_DIR: z.string().min(1).default('.data/pglite'),
    REDIS_URL: z.url({ protocol: /^rediss?$/, message: 'must be a redis:// URL' }).optional(),
    SIGNALWIRE_PROJECT_ID: z.string().min(1).optional(),
    SIGNALWIRE_API_TOKEN: z.string().min(1).optional(),
    SIGNALWIRE_SPACE_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://example.signalwire.com' }).optional(),
    SIGNALWIRE_RELAY_HOST: z.url({ protocol: /^wss?$/, message: 'must be a ws:// or wss:// URL' }).optional(),
    SIGNALWIRE_FROM_NUMBER: e164Schema.optional(),
    SIGNALWIRE_TOKEN_TTL_S: z.coerce.number().int().min(60).max(7200).default(900),
    SIGNALWIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
    SIGNALWIRE_DIAL_MODE: z.enum(['direct', 'address']).default('direct'),
    SIGNALWIRE_DIAL_ADDRESS: z
      .string()
      .regex(/^\/[a-z0-9_-]+\/[A-Za-z0-9._-]{1,100}$/, 'must be a Fabric address such as /public/sw-dialer-pstn')
      .optional(),
    SIGNALWIRE_POLICY_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)').optional(),
    SIGNALWIRE_GUEST_TOKEN_TTL_S: z.coerce.number().int().min(120).max(3600).default(300),
    DIAL_ALLOWED_COUNTRIES: z
      .string()
      .transform((value, ctx) => {
        const entries = parseCountryList(value);
        const bad = entries.find((entry) => !isCountryEntry(entry));
        if (bad !== undefined) {
          ctx.addIssue({ code: 'custom', message: `${bad} is neither a calling code (44) nor a region (GB)` });
          return z.NEVER;
        }
        return entries;
      })
      .optional(),
    DIAL_REFUSED_NUMBER_TYPES: z
      .string()
      .transform((value, ctx): DialNumberType[] => {
        if (value.trim().toLowerCase() === 'none') return [];
        const entries = value
          .split(',')
          .map((entry) => entry.trim().toUpperCase())
          .filter(Boolean);
        const bad = entries.find((entry) => !(NUMBER_TYPES as readonly string[]).includes(entry));
        if (bad !== undefined) {
          ctx.addIssue({ code: 'custom', message: `${bad} is not one of ${NUMBER_TYPES.join(', ')} (or none)` });
          return z.NEVER;
        }
        return entries as DialNumberType[];
      })
      .optional(),
    BRIDGE_RATE_LIMIT_MAX: z.coerce.number().int().min(1).max(120).default(6),
    SWITCHFREE_BASE_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    SWITCHFREE_API_KEY: z.string().min(1).optional(),
    SWITCHFREE_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1000),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_PUBLIC_KEY: z.string().optional(),
    JWT_ISSUER: claimList.optional(),
    JWT_AUDIENCE: claimList.optional(),
    AUTH_DEV_LOGIN: bool.default(false),
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean)
      ),
    TRUST_PROXY: trustProxy.optional(),
    CALL_METADATA_KEY: metadataKey.optional(),
    CALL_METADATA_PREVIOUS_KEYS: metadataKeyList.optional(),
    RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(300),
    ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    ALERT_FAILURE_RATE: z.coerce.number().gt(0).max(1).default(0.2),
    ALERT_MIN_CALLS: z.coerce.number().int().min(1).default(20),
    ALERT_WINDOW_S: z.coerce.number().int().min(10).max(86_400).default(300),
    ALERT_TOKEN_FAILURES: z.coerce.number().int().min(1).default(5),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MIGRATE_ON_START: bool.default(true),
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(HTTP_TIMEOUT_DEFAULTS.requestTimeoutMs),
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(HTTP_TIMEOUT_DEFAULTS.headersTimeoutMs),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(HTTP_TIMEOUT_DEFAULTS.keepAliveTimeoutMs),
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(60_000).default(0),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
    WRAP_UP_EDIT_WINDOW_S: z.coerce
      .number()
      .int()
      .min(60)
      .max(31 * 86_400)
      .default(WRAP_UP_DEFAULTS.editWindowS),
    WRAP_UP_DISPOSITIONS: dispositionList.optional()
  })
  .superRefine((env, ctx) => {
    if (!env.JWT_SECRET && !env.JWT_PUBLIC_KEY) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'set JWT_SECRET (HS256) or JWT_PUBLIC_KEY (RS256/ES256 PEM)' });
    }
    if (env.JWT_SECRET && env.JWT_PUBLIC_KEY) {
      ctx.addIssue({ code: 'custom', path: ['JWT_PUBLIC_KEY'], message: 'set only one of JWT_SECRET and JWT_PUBLIC_KEY' });
    }
    if (env.AUTH_DEV_LOGIN && env.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['AUTH_DEV_LOGIN'], message: 'is a demo feature and is refused when NODE_ENV=production' });
    }
    const signalwire = [env.SIGNALWIRE_PROJECT_ID, env.SIGNALWIRE_API_TOKEN, env.SIGNALWIRE_SPACE_URL];
    if (signalwire.some(Boolean) && !signalwire.every(Boolean)) {
      const missing = ['SIGNALWIRE_PROJECT_ID', 'SIGNALWIRE_API_TOKEN', 'SIGNALWIRE_SPACE_URL'][signalwire.findIndex((value) => !value)] as string;
      ctx.addIssue({ code: 'custom', path: [missing], message: 'set SIGNALWIRE_PROJECT_ID, SIGNALWIRE_API_TOKEN and SIGNALWIRE_SPACE_URL together' });
    }
    if (env.SIGNALWIRE_DIAL_MODE === 'address') {
      if (!env.SIGNALWIRE_DIAL_ADDRESS)
        ctx.addIssue({ code: 'custom', path: ['SIGNALWIRE_DIAL_ADDRESS'], message: 'is required when SIGNALWIRE_DIAL_MODE=address' });
      if (!env.SIGNALWIRE_POLICY_SECRET)
        ctx.addIssue({ code: 'custom', path: ['SIGNALWIRE_POLICY_SECRET'], message: 'is required when SIGNALWIRE_DIAL_MODE=address' });
      if (!env.SIGNALWIRE_PROJECT_ID)
        ctx.addIssue({ code: 'custom', path: ['SIGNALWIRE_PROJECT_ID'], message: 'SIGNALWIRE_DIAL_MODE=address needs SignalWire configured' });
    }
    if (Boolean(env.SWITCHFREE_BASE_URL) !== Boolean(env.SWITCHFREE_API_KEY)) {
      const missing = env.SWITCHFREE_BASE_URL ? 'SWITCHFREE_API_KEY' : 'SWITCHFREE_BASE_URL';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'set both SWITCHFREE_BASE_URL and SWITCHFREE_API_KEY, or neither' });
    }
    // Production refuses plain HTTP, and the API never terminates TLS: without a trusted proxy telling it the
    // original scheme, every request would look like plain HTTP and be refused.
    if (env.NODE_ENV === 'production' && (env.TRUST_PROXY === undefined || env.TRUST_PROXY === false)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TRUST_PROXY'],
        message:
          'must name the TLS-terminating proxy in production (its address, a hop count, or true), so X-Forwarded-Proto is believed; plain HTTP is refused'
      });
    }
    // Node refuses a headers timeout longer than the whole-request timeout.
    if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
      ctx.addIssue({ code: 'custom', path: ['HTTP_HEADERS_TIMEOUT_MS'], message: 'must not exceed HTTP_REQUEST_TIMEOUT_MS' });
    }
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: 'must differ from PORT (unset it to serve /metrics on the API port)' });
    }
    // A host that signs tokens for several services with one key would otherwise let each of them in here.
    if (env.NODE_ENV === 'production') {
      for (const name of ['JWT_ISSUER', 'JWT_AUDIENCE'] as const) {
        if (env[name] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'must be set in production: the accepted value(s), comma-separated, or any to accept every token the key verifies'
          });
        }
      }
    }
    if (env.AUTH_DEV_LOGIN && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_DEV_LOGIN'], message: 'needs JWT_SECRET to sign demo tokens' });
    }
  });

export type ServerEnv = z.infer<typeof envSchema>;

/** A configuration problem, reported as one line naming the variable. */
export class ConfigError extends Error {}

function publicKeyAlgorithm(pem: string): 'RS256' | 'ES256' {
  let type: string | undefined;
  try {
    type = createPublicKey(pem).asymmetricKeyType;
  } catch {
    throw new ConfigError('JWT_PUBLIC_KEY: is not a PEM public key');
  }
  if (type === 'rsa') return 'RS256';
  if (type === 'ec') return 'ES256';
  throw new ConfigError(`JWT_PUBLIC_KEY: ${type ?? 'this'} keys are not supported; use an RSA or P-256 key`);
}

/** Parses the process environment. Never echoes a value: secrets must not reach a terminal or log. */
export function loadConfig(environment: NodeJS.ProcessEnv): { config: AppConfig; port: number; host: string; shutdown: ShutdownConfig } {
  // `PORT=` in a shell or a .env file means "not set", not "the empty string" (which coerces to 0).
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join('.') ?? 'environment'}: ${issue?.message ?? 'invalid'}`);
  }
  const env = parsed.data;
  const jwt: AppConfig['auth']['jwt'] = env.JWT_SECRET
    ? { kind: 'secret', secret: env.JWT_SECRET }
    : { kind: 'public-key', publicKeyPem: env.JWT_PUBLIC_KEY as string, algorithm: publicKeyAlgorithm(env.JWT_PUBLIC_KEY as string) };
  return {
    port: env.PORT,
    host: env.HOST,
    shutdown: { drainMs: env.SHUTDOWN_DRAIN_MS, graceMs: env.SHUTDOWN_GRACE_MS },
    config: {
      env: env.NODE_ENV,
      database: env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dataDir: env.PGLITE_DATA_DIR },
      migrate: env.MIGRATE_ON_START,
      redisUrl: env.REDIS_URL,
      signalwire:
        env.SIGNALWIRE_PROJECT_ID && env.SIGNALWIRE_API_TOKEN && env.SIGNALWIRE_SPACE_URL
          ? {
              spaceUrl: env.SIGNALWIRE_SPACE_URL,
              projectId: env.SIGNALWIRE_PROJECT_ID,
              apiToken: env.SIGNALWIRE_API_TOKEN,
              tokenTtlS: env.SIGNALWIRE_TOKEN_TTL_S,
              relayHost: env.SIGNALWIRE_RELAY_HOST,
              fromNumber: env.SIGNALWIRE_FROM_NUMBER,
              timeoutMs: env.SIGNALWIRE_TIMEOUT_MS,
              dialMode: env.SIGNALWIRE_DIAL_MODE,
              dialAddress: env.SIGNALWIRE_DIAL_ADDRESS,
              policySecret: env.SIGNALWIRE_POLICY_SECRET,
              guestTokenTtlS: env.SIGNALWIRE_GUEST_TOKEN_TTL_S
            }
          : undefined,
      switchfree:
        env.SWITCHFREE_BASE_URL && env.SWITCHFREE_API_KEY
          ? { baseUrl: env.SWITCHFREE_BASE_URL, apiKey: env.SWITCHFREE_API_KEY, timeoutMs: env.SWITCHFREE_TIMEOUT_MS }
          : undefined,
      auth: {
        jwt,
        devLogin: env.AUTH_DEV_LOGIN,
        ...(env.JWT_ISSUER && env.JWT_ISSUER !== 'any' ? { issuers: env.JWT_ISSUER } : {}),
        ...(env.JWT_AUDIENCE && env.JWT_AUDIENCE !== 'any' ? { audiences: env.JWT_AUDIENCE } : {})
      },
      rateLimit: { max: env.RATE_LIMIT_MAX, timeWindowMs: 60_000 },
      corsOrigins: env.CORS_ORIGINS,
      trustProxy: env.TRUST_PROXY ?? false,
      metadataKeys: { current: env.CALL_METADATA_KEY, previous: env.CALL_METADATA_PREVIOUS_KEYS ?? [] },
      requireHttps: env.NODE_ENV === 'production',
      alerts: {
        webhookUrl: env.ALERT_WEBHOOK_URL,
        policy: {
          failureRate: env.ALERT_FAILURE_RATE,
          minCalls: env.ALERT_MIN_CALLS,
          windowMs: env.ALERT_WINDOW_S * 1000,
          tokenFailures: env.ALERT_TOKEN_FAILURES
        }
      },
      logLevel: env.LOG_LEVEL,
      http: {
        requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
        headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
        keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS
      },
      metricsPort: env.METRICS_PORT,
      wrapUp: { editWindowS: env.WRAP_UP_EDIT_WINDOW_S, dispositions: env.WRAP_UP_DISPOSITIONS },
      dialPolicy: {
        allowedCountries: env.DIAL_ALLOWED_COUNTRIES ?? DEFAULT_DIAL_POLICY.allowedCountries,
        refusedTypes: env.DIAL_REFUSED_NUMBER_TYPES ?? DEFAULT_DIAL_POLICY.refusedTypes
      },
      bridgeRateLimitMax: env.BRIDGE_RATE_LIMIT_MAX
    }
  };
}

/** Every variable the API reads, and whether it has a default: for `--check-config`'s table. */
export function configVariables(): Array<{ name: string; hasDefault: boolean }> {
  return Object.entries(envSchema.shape).map(([name, schema]) => ({ name, hasDefault: schema.def.type === 'default' }));
}
