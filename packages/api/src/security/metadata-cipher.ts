import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** How sealed metadata is stored in the `metadata` jsonb column. Plain metadata never has `$sealed`. */
export interface SealedMetadata {
  $sealed: 'aes-256-gcm';
  /** Which key sealed it: the first 8 hex digits of the key's SHA-256, so rotation can find old rows. */
  kid: string;
  iv: string;
  tag: string;
  data: string;
}

type Metadata = Record<string, unknown>;

/** Binds a sealed blob to its row's owner and session: copied onto another row, it no longer opens. */
export interface MetadataContext {
  userId: string;
  clientSessionId: string;
}

/** Thrown when stored metadata cannot be opened: the server lacks its key, or the blob was altered. */
export class MetadataKeyError extends Error {
  override name = 'MetadataKeyError';
}

export function isSealed(value: unknown): value is SealedMetadata {
  return typeof value === 'object' && value !== null && (value as { $sealed?: unknown }).$sealed === 'aes-256-gcm';
}

/** A 32-byte key given as 64 hex digits or as base64; anything else is refused (never echoed). */
export function parseMetadataKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(trimmed)) {
    const key = Buffer.from(trimmed, 'base64');
    if (key.length === 32) return key;
  }
  return undefined;
}

/** A stored `kid` as a message may show it: a key id, or a placeholder for anything else found in the row. */
const shownKid = (kid: unknown): string => (typeof kid === 'string' && /^[0-9a-f]{8}$/.test(kid) ? kid : '(not a key id)');

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);
const aad = (context: MetadataContext) => Buffer.from(`${context.userId}\n${context.clientSessionId}`);

/**
 * AES-256-GCM for call metadata at rest (`CALL_METADATA_KEY`). New writes use the current key; reads
 * open anything sealed by the current or a previous key (`CALL_METADATA_PREVIOUS_KEYS`) and pass
 * plain metadata written before encryption was turned on through as it is. Without a key the cipher
 * stores plain JSON but still refuses to pretend sealed rows are empty.
 */
export class MetadataCipher {
  private readonly current: { id: string; key: Buffer } | undefined;
  private readonly keys = new Map<string, Buffer>();

  constructor(current?: Buffer, previous: Buffer[] = []) {
    for (const key of [...previous, ...(current ? [current] : [])]) this.keys.set(keyId(key), key);
    this.current = current ? { id: keyId(current), key: current } : undefined;
  }

  /** The id of the key new writes use; undefined when encryption is off. */
  get currentKeyId(): string | undefined {
    return this.current?.id;
  }

  seal(value: Metadata, context: MetadataContext): Metadata | SealedMetadata {
    if (!this.current) return value;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv).setAAD(aad(context));
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return {
      $sealed: 'aes-256-gcm',
      kid: this.current.id,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64')
    };
  }

  open(stored: Metadata | SealedMetadata | null, context: MetadataContext): Metadata | null {
    if (!isSealed(stored)) return stored;
    const key = this.keys.get(stored.kid);
    // A loud failure, not an empty answer: a later merge would otherwise overwrite what we could not read.
    if (!key)
      throw new MetadataKeyError(`call metadata is sealed with key ${shownKid(stored.kid)}, which this server does not have (CALL_METADATA_PREVIOUS_KEYS)`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(stored.iv, 'base64')).setAAD(aad(context));
      decipher.setAuthTag(Buffer.from(stored.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(stored.data, 'base64')), decipher.final()]).toString('utf8');
      return JSON.parse(plain) as Metadata;
    } catch {
      throw new MetadataKeyError(`call metadata sealed with key ${shownKid(stored.kid)} failed its integrity check`);
    }
  }

  /** True when a stored value is not yet sealed with the current key (what key rotation rewrites). */
  isStale(stored: Metadata | SealedMetadata | null): boolean {
    if (!this.current || stored === null) return false;
    return !isSealed(stored) || stored.kid !== this.current.id;
  }
}
