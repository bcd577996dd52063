import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  accountsPage,
  entriesResponse,
  ledgerCheckResponse,
  listAccountsQuery,
} from '../../../../contracts/api/ledger.ts';
import { get, qs } from '../../app/api.ts';

export type AccountsPage = z.infer<typeof accountsPage>;
export type EntriesResponse = z.infer<typeof entriesResponse>;
export type LedgerCheck = z.infer<typeof ledgerCheckResponse>;
export type ListAccountsParams = Partial<z.infer<typeof listAccountsQuery>>;

export const ledgerKeys = {
  all: ['ledger'] as const,
  accounts: (p: ListAccountsParams) => ['ledger', 'accounts', p] as const,
  entries: (id: string, beforeSeq?: number) => ['ledger', 'entries', id, beforeSeq ?? 0] as const,
};

export function useLedgerAccounts(params: ListAccountsParams, enabled = true) {
  return useQuery({
    queryKey: ledgerKeys.accounts(params),
    queryFn: () => get<AccountsPage>(`/api/ledger/accounts${qs(params)}`),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A page of an account's statement, newest first; `beforeSeq` pages back in time. */
export function useAccountEntries(accountId: string | undefined, beforeSeq: number | undefined, limit = 20) {
  return useQuery({
    queryKey: [...ledgerKeys.entries(accountId ?? '', beforeSeq), limit],
    queryFn: () =>
      get<EntriesResponse>(`/api/ledger/accounts/${accountId}/entries${qs({ beforeSeq, limit })}`),
    placeholderData: keepPreviousData,
    enabled: !!accountId,
  });
}

/** The whole-ledger invariant check (district staff); run when asked, not on every visit. */
export function useLedgerCheck(enabled: boolean) {
  return useQuery({
    queryKey: ['ledger', 'check'],
    queryFn: () => get<LedgerCheck>('/api/ledger/check'),
    enabled,
    staleTime: 0,
  });
}
