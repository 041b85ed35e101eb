import { loadConfig, type AppConfig } from './config.js';

/**
 * The configuration of a maintenance command (migrate, reseal-metadata): the API's own environment
 * rules, minus the JWT and proxy settings such a command never uses (placeholders stand in when unset).
 */
export function loadToolConfig(environment: NodeJS.ProcessEnv): AppConfig {
  const needsPlaceholder = !environment.JWT_SECRET && !environment.JWT_PUBLIC_KEY;
  return loadConfig({
    ...environment,
    ...(needsPlaceholder ? { JWT_SECRET: 'x'.repeat(32) } : {}),
    // A command serves no HTTP: production's proxy and token-claim requirements do not apply, so
    // placeholders meet them.
    ...(environment.TRUST_PROXY ? {} : { TRUST_PROXY: 'true' }),
    ...(environment.JWT_ISSUER ? {} : { JWT_ISSUER: 'any' }),
    ...(environment.JWT_AUDIENCE ? {} : { JWT_AUDIENCE: 'any' })
  }).config;
}
