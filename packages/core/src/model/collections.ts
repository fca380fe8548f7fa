/**
 * Adds `value` to the list kept under `key`, starting the list when there is none. In place:
 * building a group by copying the list on every addition costs quadratic time.
 */
export const appendTo = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};
