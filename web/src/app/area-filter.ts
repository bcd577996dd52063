import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The area chosen in the side tree lives in the URL (`?area=330102001000`), so a list can be
 * bookmarked, shared and restored with the browser's back button.
 */
export function useAreaFilter() {
  const [params, setParams] = useSearchParams();
  const area = params.get('area') ?? undefined;
  const setArea = useCallback(
    (code: string | undefined) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (code) next.set('area', code);
        else next.delete('area');
        next.delete('page');
        return next;
      }),
    [setParams],
  );
  return { area, setArea };
}

/** Routes whose lists the side tree filters. */
export const AREA_FILTERED_PATHS = [
  '/residents',
  '/orgs',
  '/service-points',
  '/volunteer-figures',
  '/volunteers',
  '/teams',
  '/worklist',
  '/screening',
  '/applications',
];

export function isAreaFiltered(pathname: string): boolean {
  return AREA_FILTERED_PATHS.includes(pathname);
}
