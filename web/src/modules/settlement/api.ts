import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  generateResponse,
  listStatementsQuery,
  Reconciliation,
  statementDetail,
  statementsPage,
} from '../../../../contracts/api/settlement.ts';
import { get, post, qs } from '../../app/api.ts';

export type StatementsPage = z.infer<typeof statementsPage>;
export type StatementDetail = z.infer<typeof statementDetail>;
export type ListStatementsParams = Partial<z.infer<typeof listStatementsQuery>>;
export type GenerateResult = z.infer<typeof generateResponse>;

const keys = {
  all: ['settlement'] as const,
  list: (p: ListStatementsParams) => ['settlement', 'list', p] as const,
  detail: (id: string, page: number) => ['settlement', 'detail', id, page] as const,
  reconciliation: (month: string) => ['settlement', 'reconciliation', month] as const,
};

export function useStatements(params: ListStatementsParams) {
  return useQuery({
    queryKey: keys.list(params),
    queryFn: () => get<StatementsPage>(`/api/settlement/statements${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useStatement(id: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...keys.detail(id, page), pageSize],
    queryFn: () => get<StatementDetail>(`/api/settlement/statements/${id}${qs({ page, pageSize })}`),
    placeholderData: keepPreviousData,
  });
}

export function useReconciliation(month: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.reconciliation(month),
    queryFn: () => get<Reconciliation>(`/api/settlement/months/${month}/reconciliation`),
    enabled,
  });
}

/** Statements move money in the ledger when paid: every settlement view and the funds are stale. */
function useInvalidate() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: keys.all });
    void qc.invalidateQueries({ queryKey: ['ledger'] });
  };
}

export function useGenerate() {
  const onSuccess = useInvalidate();
  return useMutation({
    mutationFn: (body: { month: string; orgId?: string }) =>
      post<GenerateResult>('/api/settlement/statements/generate', body),
    onSuccess,
  });
}

export function useStatementAction(id: string, action: 'approve' | 'pay' | 'recompute') {
  const onSuccess = useInvalidate();
  return useMutation({
    mutationFn: (version: number) =>
      post<StatementDetail>(
        `/api/settlement/statements/${id}/${action}`,
        action === 'recompute' ? undefined : { version },
      ),
    onSuccess,
  });
}

/** Spreadsheets are plain links: the session cookie authorises the download. */
export function statementXlsxUrl(id: string, lang: string): string {
  return `/api/settlement/statements/${id}/export.xlsx${qs({ lang })}`;
}
export function monthXlsxUrl(month: string, lang: string): string {
  return `/api/settlement/months/${month}/export.xlsx${qs({ lang })}`;
}
