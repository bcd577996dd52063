import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AddFactBody,
  CreatePersonBody,
  closeFactBody,
  listPersonsQuery,
  PersonDetail,
  personsPage,
  revealResponse,
  updatePersonBody,
} from '../../../../contracts/api/persons.ts';
import { get, patch, post, qs } from '../../app/api.ts';

export type PersonsPage = z.infer<typeof personsPage>;
export type ListPersonsParams = Partial<z.infer<typeof listPersonsQuery>>;
export type RevealResponse = z.infer<typeof revealResponse>;
export type UpdatePersonBody = z.input<typeof updatePersonBody>;

const keys = {
  all: ['persons'] as const,
  list: (p: ListPersonsParams) => ['persons', 'list', p] as const,
  detail: (id: string, asOf?: string) => ['persons', 'detail', id, asOf ?? ''] as const,
};

export function usePersons(params: ListPersonsParams) {
  return useQuery({
    queryKey: keys.list(params),
    queryFn: () => get<PersonsPage>(`/api/persons${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function usePerson(id: string, asOf?: string) {
  return useQuery({
    queryKey: keys.detail(id, asOf),
    queryFn: () => get<PersonDetail>(`/api/persons/${id}${qs({ asOf })}`),
    placeholderData: keepPreviousData,
  });
}

/** After a change the person's pages (every as-of view) and the lists are stale. */
function useRefreshPersons() {
  const qc = useQueryClient();
  return (person: PersonDetail) => {
    qc.setQueryData(keys.detail(person.id), person);
    void qc.invalidateQueries({ queryKey: keys.all });
  };
}

export function useCreatePerson() {
  const refresh = useRefreshPersons();
  return useMutation({
    mutationFn: (body: CreatePersonBody) => post<PersonDetail>('/api/persons', body),
    onSuccess: refresh,
  });
}

export function useUpdatePerson(id: string) {
  const refresh = useRefreshPersons();
  return useMutation({
    mutationFn: (body: UpdatePersonBody) => patch<PersonDetail>(`/api/persons/${id}`, body),
    onSuccess: refresh,
  });
}

export function useRevealPerson(id: string) {
  return useMutation({
    mutationFn: (reason: string) => post<RevealResponse>(`/api/persons/${id}/reveal`, { reason }),
  });
}

export function useAddFact(personId: string) {
  const refresh = useRefreshPersons();
  return useMutation({
    mutationFn: (body: AddFactBody) => post<PersonDetail>(`/api/persons/${personId}/facts`, body),
    onSuccess: refresh,
  });
}

export function useCloseFact(personId: string) {
  const refresh = useRefreshPersons();
  return useMutation({
    mutationFn: ({ factId, ...body }: z.input<typeof closeFactBody> & { factId: string }) =>
      post<PersonDetail>(`/api/persons/${personId}/facts/${factId}/close`, body),
    onSuccess: refresh,
  });
}
