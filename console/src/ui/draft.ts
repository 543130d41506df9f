// What a user types survives an error, an expired session or a reload: each form keeps a
// draft in sessionStorage (this tab only) until it is submitted. Tokens never go there.
import { useEffect, useState } from "preact/hooks";

const PREFIX = "cs-console.draft.";

export function useDraft<T extends object>(key: string, initial: T): [T, (next: Partial<T>) => void, () => void] {
  const storageKey = PREFIX + key;
  const [value, setValue] = useState<T>(() => {
    const saved = sessionStorage.getItem(storageKey);
    if (!saved) return initial;
    try {
      return { ...initial, ...(JSON.parse(saved) as Partial<T>) };
    } catch {
      return initial;
    }
  });
  useEffect(() => {
    sessionStorage.setItem(storageKey, JSON.stringify(value));
  }, [storageKey, value]);
  const update = (next: Partial<T>) => setValue((current) => ({ ...current, ...next }));
  const clear = () => {
    sessionStorage.removeItem(storageKey);
    setValue(initial);
  };
  return [value, update, clear];
}
