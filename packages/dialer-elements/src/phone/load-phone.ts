type PhoneModule = typeof import('./phone.js');

let loading: Promise<PhoneModule> | undefined;
let loaded: PhoneModule | undefined;

/** Loads the phone-number module once per page. */
export function loadPhone(): Promise<PhoneModule> {
  loading ??= import('./phone.js').then((module) => (loaded = module));
  return loading;
}

/** The module if it is already here (so rendering can stay synchronous), else undefined. */
export function phoneIfLoaded(): PhoneModule | undefined {
  return loaded;
}
