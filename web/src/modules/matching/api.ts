import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AcceptProposalResult,
  CandidatesResponse,
  CreateProposalBody,
  InviteCandidateBody,
  ProposalDetail,
  ProposalSummary,
} from '../../../../contracts/api/matching.ts';
import { get, post, qs } from '../../app/api.ts';
import { needKeys } from '../needs/api.ts';

export interface ProposalParams {
  page?: number;
  pageSize?: number;
  area?: string;
  category?: string;
}

const keys = {
  all: ['matching'] as const,
  candidates: (needId: string) => ['matching', 'candidates', needId] as const,
  proposals: (area?: string) => ['matching', 'proposals', area ?? ''] as const,
  proposal: (id: string, p: ProposalParams) => ['matching', 'proposal', id, p] as const,
};

/** The ranked volunteers, teams and organisations of one need. */
export function useCandidates(needId: string, enabled = true) {
  return useQuery({
    queryKey: keys.candidates(needId),
    queryFn: () => get<CandidatesResponse>(`/api/needs/${needId}/candidates`),
    enabled,
  });
}

export function useInviteCandidate(needId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: InviteCandidateBody) =>
      post<{ invitationId: string | null }>(`/api/needs/${needId}/candidates/invite`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.candidates(needId) });
      void qc.invalidateQueries({ queryKey: needKeys.need(needId) });
    },
  });
}

export function useProposals(area?: string) {
  return useQuery({
    queryKey: keys.proposals(area),
    queryFn: () => get<{ items: ProposalSummary[] }>(`/api/matching/proposals${qs({ area })}`),
  });
}

export function useProposal(id: string | undefined, params: ProposalParams) {
  return useQuery({
    queryKey: keys.proposal(id ?? '', params),
    queryFn: () => get<ProposalDetail>(`/api/matching/proposals/${id}${qs({ ...params })}`),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });
}

export function useCreateProposal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProposalBody) => post<ProposalDetail>('/api/matching/proposals', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['matching', 'proposals'] }),
  });
}

export function useDecideProposal(id: string) {
  const qc = useQueryClient();
  const done = () => {
    void qc.invalidateQueries({ queryKey: keys.all });
    void qc.invalidateQueries({ queryKey: needKeys.all });
  };
  return {
    accept: useMutation({
      mutationFn: () => post<AcceptProposalResult>(`/api/matching/proposals/${id}/accept`),
      onSuccess: done,
    }),
    discard: useMutation({
      mutationFn: () => post<ProposalDetail>(`/api/matching/proposals/${id}/discard`),
      onSuccess: done,
    }),
  };
}
