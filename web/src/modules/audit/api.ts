import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { auditEntrySchema, auditPage, listAuditQuery } from '../../../../contracts/api/audit.ts';
import { get, qs } from '../../app/api.ts';

export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditPage = z.infer<typeof auditPage>;
export type ListAuditParams = Partial<z.infer<typeof listAuditQuery>>;

export function useAudit(params: ListAuditParams) {
  return useQuery({
    queryKey: ['audit', params],
    queryFn: () => get<AuditPage>(`/api/audit${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}
