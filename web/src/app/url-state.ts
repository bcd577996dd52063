import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

type Value = string | number | undefined | null;

/**
 * List filters kept in the URL, so that the back button returns to the same page of the same
 * search. Any change other than the page itself goes back to page 1.
 */
export function useUrlState<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const raw = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `raw` stands for `params`, which changes identity every render
  const values = useMemo(
    () =>
      Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Record<K, string | undefined>,
    [raw, keys],
  );
  const update = useCallback(
    (patch: Partial<Record<K | 'page', Value>>) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch) as [string, Value][]) {
          if (v === undefined || v === null || v === '') next.delete(k);
          else next.set(k, String(v));
        }
        if (!('page' in patch)) next.delete('page');
        return next;
      }),
    [setParams],
  );
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  return { values, page, update };
}
