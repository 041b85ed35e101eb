import type { Presence } from '@sw-dialer/shared-types';
import { presenceSchema } from '@sw-dialer/shared-types';
import { Redis } from 'ioredis';

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

  private constructor(url: string, private readonly channel: string, onError: (error: Error) => void) {
    const options = { connectTimeout: 500, maxRetriesPerRequest: 1, lazyConnect: true };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    this.publisher.on('error', onError);
    this.subscriber.on('error', onError);
    this.subscriber.on('message', (_channel: string, message: string) => {
      const parsed = presenceSchema.safeParse(safeJson(message));
      if (parsed.success) this.listener?.(parsed.data);
    });
  }

  static async connect(url: string, onError: (error: Error) => void, channel = PRESENCE_CHANNEL): Promise<RedisPresenceBus> {
    const bus = new RedisPresenceBus(url, channel, onError);
    await Promise.all([bus.publisher.connect(), bus.subscriber.connect()]);
    await bus.subscriber.subscribe(channel);
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
