import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { EndReason } from '@sw-dialer/shared-types';
import { AlertState, type AlertEvent } from '../alerts/failure-rate-alert.js';
import type { AppConfig } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    alerts: { recordCall(endReason: EndReason | null): void; recordTokenIssuance(ok: boolean): void };
  }
}

/**
 * Sends each alert event (firing, resolved) as one JSON POST to ALERT_WEBHOOK_URL and logs it. Without a
 * webhook, alerts are logged only. A webhook that fails is logged, never retried in a loop.
 */
async function alertsPlugin(app: FastifyInstance, config: Pick<AppConfig, 'alerts'>) {
  const state = new AlertState(config.alerts.policy);
  const pending = new Set<Promise<void>>();
  const notify = (event: AlertEvent | undefined) => {
    if (!event) return;
    app.log[event.kind === 'firing' ? 'error' : 'info']({ action: 'alert', outcome: event.kind, alertEvent: event }, `alert ${event.alert} ${event.kind}`);
    const url = config.alerts.webhookUrl;
    if (!url) return;
    const delivery = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'sw-dialer-api', at: new Date().toISOString(), ...event }),
      signal: AbortSignal.timeout(5000)
    })
      .then((response) => {
        if (!response.ok) app.log.warn({ action: 'alert.deliver', outcome: 'rejected', statusCode: response.status }, 'alert webhook refused the alert');
      })
      .catch((error: unknown) => app.log.warn({ action: 'alert.deliver', outcome: 'error', err: error }, 'alert webhook unreachable'))
      .finally(() => pending.delete(delivery));
    pending.add(delivery);
  };
  app.decorate('alerts', {
    recordCall: (endReason: EndReason | null) => notify(state.recordCall(endReason, Date.now())),
    recordTokenIssuance: (ok: boolean) => notify(state.recordTokenIssuance(ok))
  });
  // Let alerts in flight reach the webhook before the process exits.
  app.addHook('onClose', async () => {
    await Promise.allSettled([...pending]);
  });
}

export default fp(alertsPlugin, { name: 'alerts', fastify: '5.x' });
