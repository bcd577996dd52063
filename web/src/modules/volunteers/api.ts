import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AddPointSettingBody,
  addMemberBody,
  createTeamBody,
  donateTimeBody,
  donationResponse,
  listTeamsQuery,
  listVolunteersQuery,
  pointEntriesResponse,
  pointSettingsResponse,
  Redemption,
  RegisterVolunteerBody,
  redeemBody,
  redemptionResult,
  redemptionsResponse,
  TeamDetail,
  TeamRole,
  teamsPage,
  tillResponse,
  tillVolunteer,
  UpdateVolunteerBody,
  updateTeamBody,
  VolunteerDetail,
  VolunteerStatus,
  volunteersPage,
} from '../../../../contracts/api/volunteers.ts';
import { get, patch, post, qs } from '../../app/api.ts';

export type VolunteersPage = z.infer<typeof volunteersPage>;
export type ListVolunteersParams = Partial<z.infer<typeof listVolunteersQuery>>;
export type TeamsPage = z.infer<typeof teamsPage>;
export type ListTeamsParams = Partial<z.infer<typeof listTeamsQuery>>;
export type PointEntries = z.infer<typeof pointEntriesResponse>;
export type PointSettings = z.infer<typeof pointSettingsResponse>;
export type Till = z.infer<typeof tillResponse>;
export type TillVolunteer = z.infer<typeof tillVolunteer>;
export type RedemptionResult = z.infer<typeof redemptionResult>;

const keys = {
  all: ['volunteers'] as const,
  list: (p: ListVolunteersParams) => ['volunteers', 'list', p] as const,
  detail: (id: string) => ['volunteers', 'detail', id] as const,
  points: (id: string) => ['volunteers', 'points', id] as const,
  teams: ['volunteer-teams'] as const,
  teamList: (p: ListTeamsParams) => ['volunteer-teams', 'list', p] as const,
  team: (id: string) => ['volunteer-teams', 'detail', id] as const,
  settings: ['points', 'settings'] as const,
  till: ['points', 'till'] as const,
  redemptions: (orgId: string) => ['points', 'redemptions', orgId] as const,
};

// ---- volunteers ----

export function useVolunteers(params: ListVolunteersParams, enabled = true) {
  return useQuery({
    queryKey: keys.list(params),
    queryFn: () => get<VolunteersPage>(`/api/volunteers${qs(params)}`),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useVolunteer(id: string) {
  return useQuery({
    queryKey: keys.detail(id),
    queryFn: () => get<VolunteerDetail>(`/api/volunteers/${id}`),
  });
}

export function useVolunteerPoints(id: string) {
  return useQuery({
    queryKey: keys.points(id),
    queryFn: () => get<PointEntries>(`/api/volunteers/${id}/points?limit=100`),
  });
}

function useRefreshVolunteer() {
  const qc = useQueryClient();
  return (v: VolunteerDetail) => {
    qc.setQueryData(keys.detail(v.id), v);
    void qc.invalidateQueries({ queryKey: keys.all });
    void qc.invalidateQueries({ queryKey: keys.teams });
  };
}

export function useRegisterVolunteer() {
  const refresh = useRefreshVolunteer();
  return useMutation({
    mutationFn: (body: RegisterVolunteerBody) => post<VolunteerDetail>('/api/volunteers', body),
    onSuccess: refresh,
  });
}

export function useUpdateVolunteer(id: string) {
  const refresh = useRefreshVolunteer();
  return useMutation({
    mutationFn: (body: UpdateVolunteerBody) => patch<VolunteerDetail>(`/api/volunteers/${id}`, body),
    onSuccess: refresh,
  });
}

export function useVolunteerStatus(id: string) {
  const refresh = useRefreshVolunteer();
  return useMutation({
    mutationFn: (body: { status: VolunteerStatus; reason?: string; version: number }) =>
      post<VolunteerDetail>(`/api/volunteers/${id}/status`, body),
    onSuccess: refresh,
  });
}

export function useDonateTime(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof donateTimeBody>) =>
      post<z.infer<typeof donationResponse>>(`/api/volunteers/${id}/donations`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.detail(id) });
      void qc.invalidateQueries({ queryKey: keys.points(id) });
    },
  });
}

// ---- teams ----

export function useTeams(params: ListTeamsParams) {
  return useQuery({
    queryKey: keys.teamList(params),
    queryFn: () => get<TeamsPage>(`/api/volunteer-teams${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useTeam(id: string | undefined) {
  return useQuery({
    queryKey: keys.team(id ?? ''),
    queryFn: () => get<TeamDetail>(`/api/volunteer-teams/${id}`),
    enabled: !!id,
  });
}

function useRefreshTeam() {
  const qc = useQueryClient();
  return (t: TeamDetail) => {
    qc.setQueryData(keys.team(t.id), t);
    void qc.invalidateQueries({ queryKey: keys.teams });
    void qc.invalidateQueries({ queryKey: keys.all });
  };
}

export function useCreateTeam() {
  const refresh = useRefreshTeam();
  return useMutation({
    mutationFn: (body: z.input<typeof createTeamBody>) => post<TeamDetail>('/api/volunteer-teams', body),
    onSuccess: refresh,
  });
}

export function useTeamActions(id: string) {
  const refresh = useRefreshTeam();
  const opts = { onSuccess: refresh };
  return {
    update: useMutation({
      mutationFn: (body: z.input<typeof updateTeamBody>) =>
        patch<TeamDetail>(`/api/volunteer-teams/${id}`, body),
      ...opts,
    }),
    close: useMutation({
      mutationFn: (body: { reason?: string; version: number }) =>
        post<TeamDetail>(`/api/volunteer-teams/${id}/close`, body),
      ...opts,
    }),
    addMember: useMutation({
      mutationFn: (body: z.input<typeof addMemberBody>) =>
        post<TeamDetail>(`/api/volunteer-teams/${id}/members`, body),
      ...opts,
    }),
    setRole: useMutation({
      mutationFn: ({ volunteerId, role }: { volunteerId: string; role: TeamRole }) =>
        post<TeamDetail>(`/api/volunteer-teams/${id}/members/${volunteerId}/role`, { role }),
      ...opts,
    }),
    remove: useMutation({
      mutationFn: (volunteerId: string) =>
        post<TeamDetail>(`/api/volunteer-teams/${id}/members/${volunteerId}/remove`),
      ...opts,
    }),
  };
}

// ---- points ----

export function usePointSettings() {
  return useQuery({ queryKey: keys.settings, queryFn: () => get<PointSettings>('/api/points/settings') });
}

export function useAddPointSetting() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AddPointSettingBody) => post<PointSettings>('/api/points/settings', body),
    onSuccess: (data) => qc.setQueryData(keys.settings, data),
  });
}

export function useTill() {
  return useQuery({ queryKey: keys.till, queryFn: () => get<Till>('/api/points/till') });
}

export function useTillLookup() {
  return useMutation({
    mutationFn: (no: string) => get<TillVolunteer>(`/api/points/till/volunteer${qs({ no })}`),
  });
}

export function useRedemptions(orgId: string | undefined) {
  return useQuery({
    queryKey: keys.redemptions(orgId ?? ''),
    queryFn: () =>
      get<z.infer<typeof redemptionsResponse>>(`/api/points/redemptions${qs({ orgId, limit: 30 })}`),
    enabled: !!orgId,
  });
}

export function useRedeem(orgId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof redeemBody>) => post<RedemptionResult>('/api/points/redemptions', body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.redemptions(orgId) });
      void qc.invalidateQueries({ queryKey: keys.till });
    },
  });
}

export function useVoidRedemption(orgId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ transferId, reason }: { transferId: string; reason: string }) =>
      post<Redemption>(`/api/points/redemptions/${transferId}/void`, { reason }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.redemptions(orgId) });
      void qc.invalidateQueries({ queryKey: keys.till });
    },
  });
}
