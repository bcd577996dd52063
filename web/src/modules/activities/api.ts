import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ActivityDetail,
  activitiesPage,
  Certificate,
  certificatesPage,
  checkInCodeSchema,
  createActivityBody,
  createHolidayPostsBody,
  createMarketBody,
  issueCertificateBody,
  listActivitiesQuery,
  listRecordsQuery,
  MyActivities,
  MySignup,
  OpenActivity,
  PublicCertificate,
  recordsPage,
  ServiceRecord,
} from '../../../../contracts/api/activities.ts';
import type {
  pointEntriesResponse,
  VolunteerDetail,
  volunteersPage,
} from '../../../../contracts/api/volunteers.ts';
import { get, post, qs } from '../../app/api.ts';

export type ActivitiesPage = z.infer<typeof activitiesPage>;
export type RecordsPage = z.infer<typeof recordsPage>;
export type CertificatesPage = z.infer<typeof certificatesPage>;
export type CheckInCode = z.infer<typeof checkInCodeSchema>;
export type PointEntries = z.infer<typeof pointEntriesResponse>;
export type VolunteersPage = z.infer<typeof volunteersPage>;
type Query<T> = { [K in keyof T]?: string | number };
export type ListActivitiesParams = Query<z.output<typeof listActivitiesQuery>>;
export type ListRecordsParams = Query<z.output<typeof listRecordsQuery>>;

export const activityKeys = {
  all: ['activities'] as const,
  list: (p: ListActivitiesParams) => ['activities', 'list', p] as const,
  one: (id: string) => ['activities', 'one', id] as const,
  code: (id: string, shiftId: string) => ['activities', 'code', id, shiftId] as const,
  records: (p: ListRecordsParams) => ['activities', 'records', p] as const,
  certificates: (p: Record<string, string | number | undefined>) =>
    ['activities', 'certificates', p] as const,
  mine: ['activities', 'me'] as const,
};

// --- organisers ------------------------------------------------------------------------------

export function useActivities(params: ListActivitiesParams) {
  return useQuery({
    queryKey: activityKeys.list(params),
    queryFn: () => get<ActivitiesPage>(`/api/activities${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useActivity(id: string) {
  return useQuery({
    queryKey: activityKeys.one(id),
    queryFn: () => get<ActivityDetail>(`/api/activities/${id}`),
  });
}

type Created = { id: string; activityNo: string };
export function useCreateActivity() {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: ['activities', 'list'] });
  return {
    manual: useMutation({
      mutationFn: (b: z.input<typeof createActivityBody>) => post<Created>('/api/activities', b),
      onSuccess: done,
    }),
    market: useMutation({
      mutationFn: (b: z.input<typeof createMarketBody>) => post<Created>('/api/activities/market', b),
      onSuccess: done,
    }),
    holiday: useMutation({
      mutationFn: (b: z.input<typeof createHolidayPostsBody>) =>
        post<Created>('/api/activities/holiday-posts', b),
      onSuccess: done,
    }),
  };
}

/** Every step on an activity answers with the activity as it now is. */
export function useActivityActions(id: string) {
  const qc = useQueryClient();
  const onSuccess = (a: ActivityDetail) => {
    qc.setQueryData(activityKeys.one(id), a);
    void qc.invalidateQueries({ queryKey: ['activities', 'list'] });
  };
  return {
    cancel: useMutation({
      mutationFn: (b: { version: number; reason: string }) =>
        post<ActivityDetail>(`/api/activities/${id}/cancel`, b),
      onSuccess,
    }),
    add: useMutation({
      mutationFn: (b: { shiftId: string; postId: string; volunteerIds: string[] }) =>
        post<ActivityDetail>(`/api/activities/${id}/signups`, b),
      onSuccess,
    }),
    cancelSignup: useMutation({
      mutationFn: (signupId: string) =>
        post<ActivityDetail>(`/api/activities/${id}/signups/${signupId}/cancel`, {}),
      onSuccess,
    }),
    noShow: useMutation({
      mutationFn: (signupId: string) =>
        post<ActivityDetail>(`/api/activities/${id}/signups/${signupId}/no-show`, {}),
      onSuccess,
    }),
  };
}

/** The leader's code, asked again when its window ends. */
export function useCheckInCode(activityId: string, shiftId: string | undefined) {
  return useQuery({
    queryKey: activityKeys.code(activityId, shiftId ?? ''),
    queryFn: () => get<CheckInCode>(`/api/activities/${activityId}/shifts/${shiftId}/code`),
    enabled: !!shiftId,
    gcTime: 0,
    refetchInterval: (q) => ((q.state.data?.secondsLeft ?? 5) + 0.3) * 1000,
    refetchIntervalInBackground: true,
  });
}

export function useRecords(params: ListRecordsParams, enabled = true) {
  return useQuery({
    queryKey: activityKeys.records(params),
    queryFn: () => get<RecordsPage>(`/api/records${qs(params)}`),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Confirming, rejecting or correcting a record changes the lists and the activity. */
export function useRecordActions() {
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: activityKeys.all });
  return {
    confirm: useMutation({
      mutationFn: (b: { recordIds?: string[]; activityId?: string }) =>
        post<ServiceRecord[]>('/api/records/confirm', b),
      onSuccess,
    }),
    reject: useMutation({
      mutationFn: ({ id, ...b }: { id: string; version: number; reason: string }) =>
        post<ServiceRecord>(`/api/records/${id}/reject`, b),
      onSuccess,
    }),
    correct: useMutation({
      mutationFn: ({
        id,
        ...b
      }: {
        id: string;
        version: number;
        startedAt: string;
        endedAt: string;
        minutes?: number;
        reason: string;
      }) => post<ServiceRecord>(`/api/records/${id}/correct`, b),
      onSuccess,
    }),
  };
}

export function useCertificates(params: {
  volunteerId?: string;
  orgId?: string;
  page?: number;
  pageSize?: number;
}) {
  return useQuery({
    queryKey: activityKeys.certificates(params),
    queryFn: () => get<CertificatesPage>(`/api/certificates${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useCertificateActions() {
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: ['activities', 'certificates'] });
  return {
    issue: useMutation({
      mutationFn: (b: z.input<typeof issueCertificateBody>) => post<Certificate>('/api/certificates', b),
      onSuccess,
    }),
    revoke: useMutation({
      mutationFn: ({ id, reason }: { id: string; reason: string }) =>
        post<Certificate>(`/api/certificates/${id}/revoke`, { reason }),
      onSuccess,
    }),
  };
}

/** Volunteers to add to a shift, searched by name or number. */
export function useVolunteerSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['activities', 'volunteer-search', q],
    queryFn: () =>
      get<VolunteersPage>(`/api/volunteers${qs({ q: q || undefined, status: 'active', pageSize: 20 })}`),
    enabled,
  });
}

export const certificatePdfUrl = (id: string) => `/api/certificates/${id}/pdf`;
export const recordsExportUrl = (p: { volunteerId: string; from?: string; to?: string }) =>
  `/api/records/export.xlsx${qs(p)}`;

// --- the volunteer's own pages ---------------------------------------------------------------

export function useMyActivities() {
  return useQuery({ queryKey: activityKeys.mine, queryFn: () => get<MyActivities>('/api/me/activities') });
}

export function useOpenActivities(near: 'street' | 'district') {
  return useQuery({
    queryKey: ['activities', 'me', 'open', near],
    queryFn: () => get<OpenActivity[]>(`/api/me/activities/open${qs({ near })}`),
  });
}

/** Sign-ups, cancellations, check-ins and check-outs change every list of the volunteer's. */
export function useMyActions() {
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: activityKeys.mine });
  return {
    signUp: useMutation({
      mutationFn: (b: { shiftId: string; postId: string }) => post<MySignup>('/api/me/signups', b),
      onSuccess,
    }),
    cancel: useMutation({
      mutationFn: (signupId: string) => post<MySignup>(`/api/me/signups/${signupId}/cancel`, {}),
      onSuccess,
    }),
    checkIn: useMutation({
      mutationFn: (b: { code: string; shiftId?: string }) => post<MySignup>('/api/me/check-in', b),
      onSuccess,
    }),
    checkOut: useMutation({
      mutationFn: (b: { code: string; shiftId?: string }) => post<MySignup>('/api/me/check-out', b),
      onSuccess,
    }),
    report: useMutation({
      mutationFn: (b: { activityId: string; startedAt: string; endedAt: string; content?: string }) =>
        post<ServiceRecord>('/api/me/records', b),
      onSuccess,
    }),
  };
}

export function useMyRecords() {
  return useQuery({
    queryKey: ['activities', 'me', 'records'],
    queryFn: () => get<ServiceRecord[]>('/api/me/records'),
  });
}

export function useMyCertificates() {
  return useQuery({
    queryKey: ['activities', 'me', 'certificates'],
    queryFn: () => get<Certificate[]>('/api/me/certificates'),
  });
}

/** The volunteers module's own pages: the record, the balances and their history. */
export function useMyVolunteer() {
  return useQuery({
    queryKey: ['activities', 'me', 'volunteer'],
    queryFn: () => get<VolunteerDetail>('/api/me/volunteer'),
    retry: false,
  });
}
export function useMyPoints() {
  return useQuery({
    queryKey: ['activities', 'me', 'points'],
    queryFn: () => get<PointEntries>('/api/me/volunteer/points?limit=50'),
    retry: false,
  });
}

export function usePublicCertificate(certNo: string) {
  return useQuery({
    queryKey: ['public-certificate', certNo],
    queryFn: () => get<PublicCertificate>(`/api/public/certificates/${encodeURIComponent(certNo)}`),
    retry: false,
  });
}
