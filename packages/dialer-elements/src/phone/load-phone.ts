type PhoneModule = typeof import('./phone.js');

let loading: Promise<PhoneModule> | undefined;
let loaded: PhoneModule | undefined;

/**
 * Loads the phone-number module once per page and, given a text, the metadata that text needs (with this
 * default country). Rejects only when a chunk could not be fetched.
 */
export async function loadPhone(text?: string, defaultCountry?: string): Promise<PhoneModule> {
  loading ??= import('./phone.js').then((module) => (loaded = module));
  const phone = await loading;
  if (text !== undefined) await phone.preparePhone(text, defaultCountry);
  return phone;
}

/**
 * The module if it is here and, given a text, ready to parse it (so rendering can stay synchronous);
 * else undefined, and the caller loads it with `loadPhone()`.
 */
export function phoneIfLoaded(text?: string, defaultCountry?: string): PhoneModule | undefined {
  if (!loaded) return undefined;
  if (text !== undefined && !loaded.phoneReady(text, defaultCountry)) return undefined;
  return loaded;
}
