import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DuplicateAction, ImportSummary, ImportView } from '../../../../contracts/api/imports.ts';
import { api, get, post } from '../../app/api.ts';

export type { DuplicateAction, ImportSummary, ImportView };

/** Polls while the server validates; stops once the import has a verdict. */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: ['imports', 'one', id],
    queryFn: () => get<ImportView>(`/api/imports/${id}`),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.status === 'validating' ? 500 : false),
  });
}

export function useRecentImports() {
  return useQuery({
    queryKey: ['imports', 'recent'],
    queryFn: () => get<{ items: ImportSummary[] }>('/api/imports'),
  });
}

export function useUploadImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api<ImportView>('POST', '/api/imports/residents', form);
    },
    onSuccess: (view) => {
      qc.setQueryData(['imports', 'one', view.id], view);
      void qc.invalidateQueries({ queryKey: ['imports', 'recent'] });
    },
  });
}

export function useCommitImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, onDuplicate }: { id: string; onDuplicate: DuplicateAction }) =>
      post<ImportView>(`/api/imports/${id}/commit`, { onDuplicate }),
    onSuccess: (view) => {
      qc.setQueryData(['imports', 'one', view.id], view);
      void qc.invalidateQueries({ queryKey: ['imports', 'recent'] });
      void qc.invalidateQueries({ queryKey: ['persons'] });
    },
  });
}
