import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationsPage } from '../../../../contracts/api/notifications.ts';
import { get, post, qs } from '../../app/api.ts';

const KEY = ['notifications'] as const;

/** The user's notifications, refreshed every minute so the badge follows what happens. */
export function useNotifications(pageSize: number) {
  return useQuery({
    queryKey: [...KEY, pageSize],
    queryFn: () => get<NotificationsPage>(`/api/notifications${qs({ pageSize })}`),
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => post<{ ok: true; unread: number }>(`/api/notifications/${id}/read`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<{ updated: number; unread: number }>('/api/notifications/read-all'),
    onSuccess: () => void qc.invalidateQueries({ queryKey: KEY }),
  });
}
