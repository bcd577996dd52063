import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { z } from 'zod';
import type {
  Area,
  areaNameHistorySchema,
  closeAreaBody,
  createAreaBody,
  renameAreaBody,
} from '../../../../contracts/api/areas.ts';
import { get, post, qs } from '../../app/api.ts';

export type AreaNode = Area & { children: AreaNode[] };
export type AreaDetail = Area & { names: z.infer<typeof areaNameHistorySchema>[] };

const keys = {
  tree: (includeClosed: boolean) => ['areas', 'tree', includeClosed] as const,
  detail: (code: string) => ['areas', 'detail', code] as const,
};

export function useAreaTree(includeClosed = false) {
  return useQuery({
    queryKey: keys.tree(includeClosed),
    queryFn: () => get<AreaNode[]>(`/api/areas/tree${qs({ includeClosed: includeClosed || undefined })}`),
    staleTime: 5 * 60_000,
  });
}

export interface AreaIndexEntry {
  node: AreaNode;
  /** Ancestors from the root down, not including the node itself. */
  path: AreaNode[];
}

export function indexAreas(roots: AreaNode[] | undefined): Map<string, AreaIndexEntry> {
  const out = new Map<string, AreaIndexEntry>();
  const walk = (n: AreaNode, path: AreaNode[]) => {
    out.set(n.code, { node: n, path });
    for (const c of n.children) walk(c, [...path, n]);
  };
  for (const r of roots ?? []) walk(r, []);
  return out;
}

/** The visible org tree and a code → node index. */
export function useAreaIndex() {
  const tree = useAreaTree();
  const index = useMemo(() => indexAreas(tree.data), [tree.data]);
  return { ...tree, index };
}

export function useAreaDetail(code: string | undefined) {
  return useQuery({
    queryKey: keys.detail(code ?? ''),
    queryFn: () => get<AreaDetail>(`/api/areas/${code}`),
    enabled: !!code,
  });
}

function useAreaMutation<B>(fn: (body: B) => Promise<AreaDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (detail) => {
      qc.setQueryData(keys.detail(detail.code), detail);
      void qc.invalidateQueries({ queryKey: ['areas'] });
    },
  });
}

export const useCreateArea = () =>
  useAreaMutation((body: z.input<typeof createAreaBody>) => post<AreaDetail>('/api/areas', body));
export const useRenameArea = (code: string) =>
  useAreaMutation((body: z.input<typeof renameAreaBody>) =>
    post<AreaDetail>(`/api/areas/${code}/rename`, body),
  );
export const useCloseArea = (code: string) =>
  useAreaMutation((body: z.input<typeof closeAreaBody>) =>
    post<AreaDetail>(`/api/areas/${code}/close`, body),
  );
