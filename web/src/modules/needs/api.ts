import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  acceptInvitationBody,
  ClaimBody,
  CreateNeedBody,
  cancelNeedBody,
  confirmNeedBody,
  inviteBody,
  listNeedsQuery,
  MyClaims,
  NeedDetail,
  needsPage,
  openNeedsQuery,
  rateNeedBody,
  ScheduleBody,
  UpdateNeedBody,
  versionBody,
  withdrawBody,
} from '../../../../contracts/api/needs.ts';
import type { volunteersPage } from '../../../../contracts/api/volunteers.ts';
import { get, patch, post, qs } from '../../app/api.ts';

export type NeedsPage = z.infer<typeof needsPage>;
type Query<T> = { [K in keyof T]?: string | number };
/** Filters as the query string carries them (skills comma-separated). */
export type ListNeedsParams = Query<Omit<z.output<typeof listNeedsQuery>, 'skills'>> & { skills?: string };
export type OpenNeedsParams = Query<Omit<z.output<typeof openNeedsQuery>, 'skills'>> & { skills?: string };
export type VolunteersPage = z.infer<typeof volunteersPage>;

export const needKeys = {
  all: ['needs'] as const,
  list: (p: ListNeedsParams) => ['needs', 'list', p] as const,
  open: (p: OpenNeedsParams) => ['needs', 'open', p] as const,
  mine: ['needs', 'mine'] as const,
  need: (id: string) => ['needs', 'need', id] as const,
};

export function useNeeds(params: ListNeedsParams) {
  return useQuery({
    queryKey: needKeys.list(params),
    queryFn: () => get<NeedsPage>(`/api/needs${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useOpenNeeds(params: OpenNeedsParams, enabled = true) {
  return useQuery({
    queryKey: needKeys.open(params),
    queryFn: () => get<NeedsPage>(`/api/needs/open${qs(params)}`),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMyClaims() {
  return useQuery({ queryKey: needKeys.mine, queryFn: () => get<MyClaims>('/api/needs/mine') });
}

export function useNeed(id: string) {
  return useQuery({ queryKey: needKeys.need(id), queryFn: () => get<NeedDetail>(`/api/needs/${id}`) });
}

/** Volunteers to name for an organisation's seats (searched by name or number). */
export function useVolunteerSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['needs', 'volunteer-search', q],
    queryFn: () =>
      get<VolunteersPage>(`/api/volunteers${qs({ q: q || undefined, status: 'active', pageSize: 20 })}`),
    enabled,
  });
}

/** Every step changes the need, the lists and the user's claims and invitations. */
function useRefresh() {
  const qc = useQueryClient();
  return (need: NeedDetail) => {
    qc.setQueryData(needKeys.need(need.id), need);
    void qc.invalidateQueries({ queryKey: ['needs', 'list'] });
    void qc.invalidateQueries({ queryKey: ['needs', 'open'] });
    void qc.invalidateQueries({ queryKey: needKeys.mine });
    void qc.invalidateQueries({ queryKey: ['notifications'] });
  };
}

export function useCreateNeed() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (body: CreateNeedBody) => post<NeedDetail>('/api/needs', body),
    onSuccess,
  });
}

export function useUpdateNeed(id: string) {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (body: UpdateNeedBody) => patch<NeedDetail>(`/api/needs/${id}`, body),
    onSuccess,
  });
}

type Bodies = {
  publish: z.input<typeof versionBody>;
  cancel: z.input<typeof cancelNeedBody>;
  claims: ClaimBody;
  schedule: ScheduleBody;
  confirm: z.input<typeof confirmNeedBody>;
  rate: z.input<typeof rateNeedBody>;
  invitations: z.input<typeof inviteBody>;
};
export type NeedActionPath = keyof Bodies;

export function useNeedAction<A extends NeedActionPath>(id: string, action: A) {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (body: Bodies[A]) => post<NeedDetail>(`/api/needs/${id}/${action}`, body),
    onSuccess,
  });
}

/** Claims from a list: the need's id comes with the call. */
export function useClaim() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: ({ needId, ...body }: ClaimBody & { needId: string }) =>
      post<NeedDetail>(`/api/needs/${needId}/claims`, body),
    onSuccess,
  });
}

export function useClaimAction() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (
      v:
        | { needId: string; claimId: string; action: 'withdraw'; body: z.input<typeof withdrawBody> }
        | { needId: string; claimId: string; action: 'volunteers'; body: { volunteerIds: string[] } },
    ) => post<NeedDetail>(`/api/needs/${v.needId}/claims/${v.claimId}/${v.action}`, v.body),
    onSuccess,
  });
}

export function useInvitationAnswer() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (v: {
      id: string;
      answer: 'accept' | 'decline';
      body?: z.input<typeof acceptInvitationBody>;
    }) => post<NeedDetail>(`/api/need-invitations/${v.id}/${v.answer}`, v.body ?? {}),
    onSuccess,
  });
}
