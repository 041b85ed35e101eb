import type { Presence } from '@sw-dialer/shared-types';
import { presenceSchema } from '@sw-dialer/shared-types';
import { Redis } from 'ioredis';
import { SILENT_REDIS_BOUNDS } from '../redis/silent-redis.js';

/**
 * How a presence change seen by one API instance reaches the widgets connected to every instance:
 * in memory for a single instance, Redis pub/sub for several.
 */
export interface PresenceBus {
  publish(presence: Presence): Promise<void>;
  onMessage(listener: (presence: Presence) => void): void;
  close(): Promise<void>;
}

export class MemoryPresenceBus implements PresenceBus {
  private listener: ((presence: Presence) => void) | undefined;

  async publish(presence: Presence): Promise<void> {
    this.listener?.(presence);
  }

  onMessage(listener: (presence: Presence) => void): void {
    this.listener = listener;
  }

  async close(): Promise<void> {}
}

export const PRESENCE_CHANNEL = 'sw-dialer:presence';

export class RedisPresenceBus implements PresenceBus {
  // A subscribed ioredis connection can do nothing else: one to publish, one to listen.
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private listener: ((presence: Presence) => void) | undefined;
  private subscribed: Promise<unknown> = Promise.resolve();

  private constructor(
    url: string,
    private readonly channel: string,
    onError: (error: Error) => void
  ) {
    // No offline queue: a publish while Redis is away fails at once, and the hub delivers the change on this
    // instance instead of holding it for a Redis that may not come back soon.
    const options = { ...SILENT_REDIS_BOUNDS, maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true, autoResubscribe: false };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    this.publisher.on('error', onError);
    this.subscriber.on('error', onError);
    // Subscribed on every (re)connection: ioredis resubscribes only what once succeeded, and a bus that
    // started while Redis was silent has nothing yet.
    this.subscriber.on('ready', () => {
      this.subscribed = this.subscriber.subscribe(channel).catch(onError);
    });
    this.subscriber.on('message', (_channel: string, message: string) => {
      const parsed = presenceSchema.safeParse(safeJson(message));
      if (parsed.success) this.listener?.(parsed.data);
    });
  }

  /**
   * Connects and subscribes before returning, so changes are shared from the first one, but waits at most
   * SILENT_REDIS_BOUNDS: a Redis that is down or silent is reported to `onError` and the bus is returned
   * anyway, to carry changes between instances once its clients, which keep reconnecting, get through.
   */
  static async connect(url: string, onError: (error: Error) => void, channel = PRESENCE_CHANNEL): Promise<RedisPresenceBus> {
    const bus = new RedisPresenceBus(url, channel, onError);
    try {
      await Promise.all([bus.publisher.connect(), bus.subscriber.connect()]);
      await bus.subscribed;
    } catch (error) {
      onError(new Error(`Redis did not answer at start-up (${(error as Error).message}): presence changes stay on this instance until it does`));
    }
    return bus;
  }

  async publish(presence: Presence): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(presence));
  }

  onMessage(listener: (presence: Presence) => void): void {
    this.listener = listener;
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
