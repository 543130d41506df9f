// Loading every source on its own: one failing service shows its own error and leaves the
// others' items in place; each can be retried alone.
import { useEffect, useState } from "preact/hooks";
import type { Claims } from "../../session";
import type { InboxItem, Source } from "./sources/types";

export interface SourceState {
  source: Source;
  loading: boolean;
  items: InboxItem[];
  error: unknown;
}

export function useInbox(sources: readonly Source[], me: Claims | undefined) {
  const [states, setStates] = useState<Record<string, SourceState>>({});
  const update = (id: string, next: Partial<SourceState>) =>
    setStates((current) => ({ ...current, [id]: { ...current[id]!, ...next } }));

  const load = (source: Source) => {
    if (!me) return;
    update(source.id, { source, loading: true, error: null });
    source
      .load(me)
      .then((items) => update(source.id, { items, loading: false }))
      .catch((error: unknown) => update(source.id, { error, loading: false }));
  };

  useEffect(() => {
    setStates(Object.fromEntries(sources.map((source) => [source.id, { source, loading: true, items: [], error: null }])));
    sources.forEach(load);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new session or role set reloads
  }, [me?.sub, me?.branch_id, sources.map((s) => s.id).join()]);

  const remove = (key: string) =>
    setStates((current) =>
      Object.fromEntries(
        Object.entries(current).map(([id, state]) => [id, { ...state, items: state.items.filter((i) => i.key !== key) }]),
      ),
    );

  return { states: sources.map((s) => states[s.id]).filter((s): s is SourceState => Boolean(s)), reload: load, remove };
}
