import type { ObjectStore } from '../lake/object-store.js';

/** An in-memory `ObjectStore` for tests; `objects` is the store's content, by key. */
export const memoryObjectStore = (location = 'memory://lake') => {
  const objects = new Map<string, Uint8Array>();
  const store: ObjectStore & { objects: Map<string, Uint8Array> } = {
    location,
    objects,
    put: async (key, body) => void objects.set(key, body),
    list: async (prefix) => [...objects.keys()].filter((k) => k.startsWith(prefix)).sort(),
    delete: async (keys) => keys.forEach((k) => objects.delete(k)),
  };
  return store;
};
