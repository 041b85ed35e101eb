import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DEFAULT_DIAL_POLICY, type DialPolicy } from '@sw-dialer/shared-types/dial-policy';
import type { AppConfig } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The operator's destination policy (ADR 0065), enforced by the calls service and the dial-policy route. */
    dialPolicy: DialPolicy;
  }
}

async function dialPolicyPlugin(app: FastifyInstance, config: Pick<AppConfig, 'dialPolicy'>) {
  app.decorate('dialPolicy', config.dialPolicy ?? DEFAULT_DIAL_POLICY);
}

export default fp(dialPolicyPlugin, { name: 'dial-policy', fastify: '5.x' });
