import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  listServicePointsQuery,
  ServicePoint,
  servicePointBody,
  servicePointsPage,
  updateServicePointBody,
} from '../../../../contracts/api/orgs.ts';
import { get, patch, post, qs } from '../../app/api.ts';

export type ServicePointsPage = z.infer<typeof servicePointsPage>;
export type ServicePointBody = z.input<typeof servicePointBody>;
export type UpdateServicePointBody = z.input<typeof updateServicePointBody>;
export type ListServicePointsParams = Partial<z.infer<typeof listServicePointsQuery>>;

export function useServicePoints(params: ListServicePointsParams) {
  return useQuery({
    queryKey: ['service-points', 'list', params],
    queryFn: () => get<ServicePointsPage>(`/api/service-points${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

function useRefresh() {
  const qc = useQueryClient();
  return (sp: ServicePoint) => {
    qc.setQueryData(['service-points', 'detail', sp.id], sp);
    void qc.invalidateQueries({ queryKey: ['service-points', 'list'] });
  };
}

export function useSaveServicePoint(id?: string) {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (body: ServicePointBody | UpdateServicePointBody) =>
      id
        ? patch<ServicePoint>(`/api/service-points/${id}`, body)
        : post<ServicePoint>('/api/service-points', body),
    onSuccess,
  });
}

export function useCloseServicePoint(id: string) {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (body: { reason: string; closedOn?: string }) =>
      post<ServicePoint>(`/api/service-points/${id}/close`, body),
    onSuccess,
  });
}
