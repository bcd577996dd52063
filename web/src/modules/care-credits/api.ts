import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AddSettingBody,
  Batch,
  batchesPage,
  careCreditSettingsResponse,
  ElderCard,
  EndEnrolmentBody,
  EnrolBody,
  Enrolment,
  elderAccountsResponse,
  elderEntriesResponse,
  enrolmentsPage,
  fundsOverviewResponse,
  listBatchesQuery,
  listEnrolmentsQuery,
} from '../../../../contracts/api/care-credits.ts';
import { get, patch, post, qs } from '../../app/api.ts';

export type ElderAccounts = z.infer<typeof elderAccountsResponse>;
export type ElderEntries = z.infer<typeof elderEntriesResponse>;
export type EnrolmentsPage = z.infer<typeof enrolmentsPage>;
export type ListEnrolmentsParams = Partial<z.infer<typeof listEnrolmentsQuery>>;
export type SettingsResponse = z.infer<typeof careCreditSettingsResponse>;
export type FundsOverview = z.infer<typeof fundsOverviewResponse>;
export type BatchesPage = z.infer<typeof batchesPage>;
export type ListBatchesParams = Partial<z.infer<typeof listBatchesQuery>>;

const keys = {
  all: ['care-credits'] as const,
  accounts: (personId: string) => ['care-credits', 'accounts', personId] as const,
  entries: (personId: string, beforeSeq?: number) =>
    ['care-credits', 'entries', personId, beforeSeq ?? 0] as const,
  enrolments: (p: ListEnrolmentsParams) => ['care-credits', 'enrolments', p] as const,
  settings: ['care-credits', 'settings'] as const,
  funds: ['care-credits', 'funds'] as const,
  batches: (p: ListBatchesParams) => ['care-credits', 'batches', p] as const,
};

export function useElderAccounts(personId: string, enabled = true) {
  return useQuery({
    queryKey: keys.accounts(personId),
    queryFn: () => get<ElderAccounts>(`/api/persons/${personId}/accounts`),
    enabled,
  });
}

export function useElderEntries(personId: string, beforeSeq: number | undefined, limit = 10) {
  return useQuery({
    queryKey: [...keys.entries(personId, beforeSeq), limit],
    queryFn: () => get<ElderEntries>(`/api/persons/${personId}/accounts/entries${qs({ beforeSeq, limit })}`),
    placeholderData: keepPreviousData,
  });
}

export function useEnrolments(params: ListEnrolmentsParams) {
  return useQuery({
    queryKey: keys.enrolments(params),
    queryFn: () => get<EnrolmentsPage>(`/api/care-credits/enrolments${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

/** Enrolments, accounts and the programme's figures all change together. */
function useInvalidateAll() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: keys.all });
}

export function useEnrol() {
  const onSuccess = useInvalidateAll();
  return useMutation({
    mutationFn: (body: EnrolBody) => post<Enrolment>('/api/care-credits/enrolments', body),
    onSuccess,
  });
}

export function useEndEnrolment() {
  const onSuccess = useInvalidateAll();
  return useMutation({
    mutationFn: ({ id, ...body }: EndEnrolmentBody & { id: string }) =>
      patch<Enrolment>(`/api/care-credits/enrolments/${id}`, body),
    onSuccess,
  });
}

export function useIssueCard(personId: string) {
  const onSuccess = useInvalidateAll();
  return useMutation({
    mutationFn: (body: { cardNo: string }) => post<ElderCard>(`/api/persons/${personId}/cards`, body),
    onSuccess,
  });
}

export function useCareCreditSettings() {
  return useQuery({
    queryKey: keys.settings,
    queryFn: () => get<SettingsResponse>('/api/care-credits/settings'),
  });
}

export function useAddSetting() {
  const onSuccess = useInvalidateAll();
  return useMutation({
    mutationFn: (body: AddSettingBody) => post<SettingsResponse>('/api/care-credits/settings', body),
    onSuccess,
  });
}

export function useFundsOverview(enabled = true) {
  return useQuery({
    queryKey: keys.funds,
    queryFn: () => get<FundsOverview>('/api/care-credits/funds'),
    enabled,
  });
}

/** The batches of a month; `polling` refreshes them every second while a run is under way. */
export function useBatches(params: ListBatchesParams, opts: { enabled?: boolean; polling?: boolean } = {}) {
  return useQuery({
    queryKey: keys.batches(params),
    queryFn: () => get<BatchesPage>(`/api/care-credits/batches${qs(params)}`),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
    refetchInterval: opts.polling ? 1000 : false,
  });
}

/** The server runs the whole grant before it answers; the batch list shows its progress meanwhile. */
export function useRunGrant() {
  const onSuccess = useInvalidateAll();
  return useMutation({
    mutationFn: (body: { month: string }) => post<Batch>('/api/care-credits/batches', body),
    onSuccess,
  });
}
