import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { listOrgsQuery, Org, orgBody, orgsPage, updateOrgBody } from '../../../../contracts/api/orgs.ts';
import { get, patch, post, qs } from '../../app/api.ts';

export type OrgsPage = z.infer<typeof orgsPage>;
export type OrgBody = z.input<typeof orgBody>;
export type UpdateOrgBody = z.input<typeof updateOrgBody>;
export type ListOrgsParams = Partial<z.infer<typeof listOrgsQuery>>;

export function useOrgs(params: ListOrgsParams) {
  return useQuery({
    queryKey: ['orgs', 'list', params],
    queryFn: () => get<OrgsPage>(`/api/orgs${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useSaveOrg(id?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OrgBody | UpdateOrgBody) =>
      id ? patch<Org>(`/api/orgs/${id}`, body) : post<Org>('/api/orgs', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['orgs', 'list'] }),
  });
}
