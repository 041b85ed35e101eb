/**
 * The custom-element "upgrade property" pattern. A page may set properties on an element before its class
 * is defined (a script that ran before the bundle, an element made with `document.createElement` first):
 * the values then sit on the instance itself, where they hide the class's accessors and would be lost.
 * Called from the constructor, this takes each one off the instance and sets it again through the
 * accessor. Lit does the same for its reactive properties (on the first update); this is for the
 * accessors Lit does not manage (`authToken`, `getAuthHeaders`, `transport`).
 */
export function upgradeProperties(element: object, names: readonly string[]): void {
  const own = element as Record<string, unknown>;
  for (const name of names) {
    if (Object.hasOwn(own, name)) {
      const value = own[name];
      delete own[name];
      own[name] = value;
    }
  }
}
