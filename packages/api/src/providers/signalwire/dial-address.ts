import { UpstreamError } from '../upstream-error.js';
import type { ResourceAddress, SignalWireRestClient, SwmlScriptResource } from './signalwire-rest-client.js';

/** `/public/sw-dialer-pstn` → `sw-dialer-pstn`: the resource name `pnpm signalwire:setup` gives the script. */
export function resourceNameOf(address: string): string {
  return address.slice(address.lastIndexOf('/') + 1);
}

/** True when a resource address's audio channel (`/public/x?channel=audio`) is `address`. */
export function isAudioChannelOf(entry: ResourceAddress, address: string): boolean {
  const audio = entry.channels?.audio;
  return audio !== undefined && audio.split('?')[0] === address;
}

/**
 * Finds the SWML script resource named after `address` and the id of the address itself. Guest tokens name
 * addresses by UUID (`allowed_addresses`), while operators configure the path the SDK dials, so the path is
 * resolved through the resource's own addresses, never guessed.
 */
export async function findDialAddress(
  client: SignalWireRestClient,
  address: string
): Promise<{ resource: SwmlScriptResource; addressId: string } | { resource: SwmlScriptResource | undefined; addressId: undefined }> {
  const name = resourceNameOf(address);
  const resource = (await client.listSwmlScripts()).find((entry) => entry.display_name === name);
  if (!resource) return { resource: undefined, addressId: undefined };
  const match = (await client.listResourceAddresses(resource.id)).find((entry) => isAudioChannelOf(entry, address));
  return match ? { resource, addressId: match.id } : { resource, addressId: undefined };
}

/**
 * The address id for the token route, looked up once and remembered: it changes only when an operator
 * deletes and recreates the resource, and then a restart picks up the new one. Concurrent first requests
 * share one lookup; a failed lookup is not remembered.
 */
export class DialAddressCache {
  private pending: Promise<string> | null = null;

  constructor(
    private readonly client: SignalWireRestClient,
    private readonly address: string
  ) {}

  get(): Promise<string> {
    this.pending ??= findDialAddress(this.client, this.address).then(
      ({ addressId }) => {
        if (!addressId) {
          this.pending = null;
          throw new UpstreamError('rejected', `SignalWire has no resource at ${this.address}: run pnpm signalwire:setup`);
        }
        return addressId;
      },
      (error: unknown) => {
        this.pending = null;
        throw error;
      }
    );
    return this.pending;
  }
}
