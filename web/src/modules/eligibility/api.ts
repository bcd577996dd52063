import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ApplicationView,
  applicationDetail,
  applicationsPage,
  applicationsQuery,
  BenefitBatchView,
  benefitBatchesPage,
  benefitBatchesStarted,
  checkRuleBody,
  checkRuleResponse,
  createApplicationBody,
  createParamBody,
  DraftBody,
  decideBody,
  escalateBody,
  factViewSchema,
  ParamListItem,
  ProgrammeVersionView,
  paramsResponse,
  paramValueBody,
  paramViewSchema,
  payableProgrammesResponse,
  personEligibilityResponse,
  programmeDetailResponse,
  programmesResponse,
  runBenefitBatchBody,
  ScreeningRunView,
  SimulationView,
  screeningRunsResponse,
  startScreeningBody,
  visitBody,
  WorklistItemView,
  worklistItemDetail,
  worklistPage,
  worklistQuery,
  worklistUpdateBody,
} from '../../../../contracts/api/eligibility.ts';
import type { Lang } from '../../../../contracts/messages/index.ts';
import { api, get, patch, post, qs } from '../../app/api.ts';
import { useLang } from '../funds/money.tsx';

export type Programmes = z.infer<typeof programmesResponse>;
export type ProgrammeDetail = z.infer<typeof programmeDetailResponse>;
export type CheckRuleBody = z.input<typeof checkRuleBody>;
export type CheckResult = z.infer<typeof checkRuleResponse>;
export type FactView = z.infer<typeof factViewSchema>;
export type ParamView = z.infer<typeof paramViewSchema>;
export type Vocabulary = { facts: FactView[]; params: ParamView[] };
export type ParamValueBody = z.input<typeof paramValueBody>;
export type CreateParamBody = z.input<typeof createParamBody>;
export type ParamsList = z.infer<typeof paramsResponse>;
export type { ParamListItem };
export type ScreeningRuns = z.infer<typeof screeningRunsResponse>;
export type StartScreeningBody = z.input<typeof startScreeningBody>;
export type WorklistPage = z.infer<typeof worklistPage>;
export type WorklistParams = { [K in keyof z.output<typeof worklistQuery>]?: string | number };
export type WorklistItemDetail = z.infer<typeof worklistItemDetail>;
export type WorklistUpdateBody = z.input<typeof worklistUpdateBody>;
export type PersonEligibility = z.infer<typeof personEligibilityResponse>;
export type VisitBody = z.input<typeof visitBody>;
export type EscalateBody = z.input<typeof escalateBody>;
export type ApplicationsPage = z.infer<typeof applicationsPage>;
export type ApplicationsParams = { [K in keyof z.output<typeof applicationsQuery>]?: string | number };
export type ApplicationDetail = z.infer<typeof applicationDetail>;
export type CreateApplicationBody = z.input<typeof createApplicationBody>;
export type DecideBody = z.input<typeof decideBody>;
export type { ApplicationView };

const keys = {
  programmes: ['eligibility', 'programmes'] as const,
  programme: (code: string) => ['eligibility', 'programmes', code] as const,
  vocabulary: ['eligibility', 'vocabulary'] as const,
  params: ['eligibility', 'params'] as const,
  check: (body: CheckRuleBody) => ['eligibility', 'check', body] as const,
  runs: ['eligibility', 'runs'] as const,
  run: (id: string) => ['eligibility', 'runs', id] as const,
  // The server words explanations and programme names in the request's language: the language
  // is part of these keys, so switching it fetches them again.
  worklist: (p: WorklistParams, lang: Lang) => ['eligibility', 'worklist', p, lang] as const,
  item: (id: string, lang: Lang) => ['eligibility', 'worklist-item', id, lang] as const,
  // Under 'persons', so a fact recorded on the resident page (which refreshes 'persons') refreshes it too.
  person: (id: string, asOf: string | undefined, lang: Lang) =>
    ['persons', 'eligibility', id, asOf ?? '', lang] as const,
  applications: (p: ApplicationsParams, lang: Lang) => ['eligibility', 'applications', p, lang] as const,
  application: (id: string, lang: Lang) => ['eligibility', 'application', id, lang] as const,
};

// ── Programmes and versions ──

export function useProgrammes() {
  return useQuery({ queryKey: keys.programmes, queryFn: () => get<Programmes>('/api/programmes') });
}

export function useProgramme(code: string) {
  return useQuery({
    queryKey: keys.programme(code),
    queryFn: () => get<ProgrammeDetail>(`/api/programmes/${encodeURIComponent(code)}`),
  });
}

/** A new, changed or published version changes the programme's page and the list's counts. */
function useRefreshProgrammes() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: keys.programmes });
}

export function useCreateDraft(code: string) {
  const onSuccess = useRefreshProgrammes();
  return useMutation({
    mutationFn: (body: DraftBody) =>
      post<ProgrammeVersionView>(`/api/programmes/${encodeURIComponent(code)}/versions`, body),
    onSuccess,
  });
}

export function useUpdateDraft(id: string) {
  const qc = useQueryClient();
  const refresh = useRefreshProgrammes();
  return useMutation({
    mutationFn: (body: DraftBody) => api<ProgrammeVersionView>('PUT', `/api/programme-versions/${id}`, body),
    onSuccess: (version) => {
      // The editor compares its text with the saved version: put the saved one in place at once.
      qc.setQueryData<ProgrammeDetail>(keys.programme(version.programmeCode), (old) =>
        old ? { ...old, versions: old.versions.map((v) => (v.id === version.id ? version : v)) } : old,
      );
      refresh();
    },
  });
}

export function usePublishVersion(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<ProgrammeVersionView>(`/api/programme-versions/${id}/publish`),
    // A published version changes every explanation and the worklist's reasons.
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['eligibility'] }),
  });
}

export function useSimulate(id: string) {
  return useMutation({
    mutationFn: (body: { asOf?: string }) =>
      post<SimulationView>(`/api/programme-versions/${id}/simulate`, body),
  });
}

// ── The rule checker and its vocabulary ──

/** Checks the rule as typed; `body` is the debounced text (null: nothing to check). */
export function useRuleCheck(body: CheckRuleBody | null) {
  return useQuery({
    queryKey: keys.check(body ?? { kind: 'benefit', ruleText: '', validFrom: '' }),
    queryFn: () => post<CheckResult>('/api/rules/check', body),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

export function useVocabulary() {
  return useQuery({
    queryKey: keys.vocabulary,
    queryFn: () => get<Vocabulary>('/api/rules/vocabulary'),
    staleTime: 5 * 60_000,
  });
}

export function useAddParamValue(code: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ParamValueBody) =>
      post<ParamView>(`/api/rule-params/${encodeURIComponent(code)}/values`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.vocabulary });
      void qc.invalidateQueries({ queryKey: keys.params });
      void qc.invalidateQueries({ queryKey: ['eligibility', 'check'] });
    },
  });
}

// ── Rule parameters (the parameters page) ──

export function useRuleParams() {
  return useQuery({ queryKey: keys.params, queryFn: () => get<ParamsList>('/api/rule-params') });
}

/** A new parameter is a new word of the rule language: the palette and the checks see it at once. */
export function useCreateRuleParam() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateParamBody) => post<ParamListItem>('/api/rule-params', body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.params });
      void qc.invalidateQueries({ queryKey: keys.vocabulary });
      void qc.invalidateQueries({ queryKey: ['eligibility', 'check'] });
    },
  });
}

// ── Screening ──

/** The runs; refreshed every second while one of them is still running. */
export function useScreeningRuns() {
  return useQuery({
    queryKey: keys.runs,
    queryFn: () => get<ScreeningRuns>('/api/screening-runs'),
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === 'running') ? 1000 : false),
  });
}

export function useScreeningRun(id: string) {
  return useQuery({
    queryKey: keys.run(id),
    queryFn: () => get<ScreeningRunView>(`/api/screening-runs/${id}`),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });
}

export function useStartScreening() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: StartScreeningBody) => post<ScreeningRunView>('/api/screening-runs', body),
    onSuccess: (run) => {
      qc.setQueryData(keys.run(run.id), run);
      qc.setQueryData<ScreeningRuns>(keys.runs, (old) => ({
        items: [run, ...(old?.items ?? []).filter((r) => r.id !== run.id)],
      }));
      void qc.invalidateQueries({ queryKey: keys.runs });
    },
  });
}

// ── Worklist ──

export function useWorklist(params: WorklistParams) {
  const lang = useLang();
  return useQuery({
    queryKey: keys.worklist(params, lang),
    queryFn: () => get<WorklistPage>(`/api/worklist${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useWorklistItem(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: keys.item(id, lang),
    queryFn: () => get<WorklistItemDetail>(`/api/worklist/${id}`),
  });
}

export function useUpdateWorklistItem(id: string) {
  const qc = useQueryClient();
  const lang = useLang();
  return useMutation({
    mutationFn: (body: WorklistUpdateBody) => patch<WorklistItemView>(`/api/worklist/${id}`, body),
    onSuccess: (item) => {
      qc.setQueryData<WorklistItemDetail>(keys.item(id, lang), (old) => (old ? { ...old, item } : old));
      void qc.invalidateQueries({ queryKey: ['eligibility', 'worklist'] });
      void qc.invalidateQueries({ queryKey: keys.programmes });
    },
  });
}

/** A visit or an escalation answers with the item and its explanation: put them in place. */
function useAlertCommand<B>(id: string, path: 'visit' | 'escalate') {
  const qc = useQueryClient();
  const lang = useLang();
  return useMutation({
    mutationFn: (body: B) => post<WorklistItemDetail>(`/api/worklist/${id}/${path}`, body),
    onSuccess: (detail) => {
      qc.setQueryData(keys.item(id, lang), detail);
      void qc.invalidateQueries({ queryKey: ['eligibility', 'worklist'] });
      void qc.invalidateQueries({ queryKey: keys.programmes });
    },
  });
}

/** 登记走访: what the visit found, then close, escalate or go on to an application. */
export function useRecordVisit(id: string) {
  return useAlertCommand<VisitBody>(id, 'visit');
}

/** 上报: the alert moves up a level (community → street → district) with a new deadline. */
export function useEscalateAlert(id: string) {
  return useAlertCommand<EscalateBody>(id, 'escalate');
}

// ── Applications and approval ──

export function useApplications(params: ApplicationsParams) {
  const lang = useLang();
  return useQuery({
    queryKey: keys.applications(params, lang),
    queryFn: () => get<ApplicationsPage>(`/api/applications${qs(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useApplication(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: keys.application(id, lang),
    queryFn: () => get<ApplicationDetail>(`/api/applications/${id}`),
  });
}

/** An application or a decision changes the lists, the worklist item it came from and the resident's card. */
function useRefreshAfterApplication() {
  const qc = useQueryClient();
  const lang = useLang();
  return (detail: ApplicationDetail) => {
    qc.setQueryData(keys.application(detail.application.id, lang), detail);
    void qc.invalidateQueries({ queryKey: ['eligibility', 'applications'] });
    void qc.invalidateQueries({ queryKey: ['eligibility', 'worklist'] });
    void qc.invalidateQueries({ queryKey: ['eligibility', 'worklist-item'] });
    void qc.invalidateQueries({ queryKey: keys.programmes });
    void qc.invalidateQueries({ queryKey: ['persons', 'eligibility', detail.application.personId] });
  };
}

export function useCreateApplication() {
  const onSuccess = useRefreshAfterApplication();
  return useMutation({
    mutationFn: (body: CreateApplicationBody) => post<ApplicationDetail>('/api/applications', body),
    onSuccess,
  });
}

export function useDecideApplication(id: string) {
  const onSuccess = useRefreshAfterApplication();
  return useMutation({
    mutationFn: (body: DecideBody) => post<ApplicationDetail>(`/api/applications/${id}/decision`, body),
    onSuccess,
  });
}

// ── One resident ──

export function usePersonEligibility(personId: string, asOf: string | undefined, enabled: boolean) {
  const lang = useLang();
  return useQuery({
    queryKey: keys.person(personId, asOf, lang),
    queryFn: () => get<PersonEligibility>(`/api/persons/${personId}/eligibility${qs({ asOf })}`),
    enabled,
    placeholderData: keepPreviousData,
  });
}

// ── Benefit payments (待遇发放, ADR 0020) ──

export type BenefitBatchesPage = z.infer<typeof benefitBatchesPage>;
export type BenefitBatchesStarted = z.infer<typeof benefitBatchesStarted>;
export type PayableProgrammes = z.infer<typeof payableProgrammesResponse>;
export type RunBenefitBatchBody = z.input<typeof runBenefitBatchBody>;
export type { BenefitBatchView };

/** The payment runs, newest first; refreshed every second while one of them is still running. */
export function useBenefitBatches(params: { page?: number; pageSize?: number; programme?: string }) {
  const lang = useLang();
  return useQuery({
    queryKey: ['eligibility', 'benefit-batches', params, lang] as const,
    queryFn: () => get<BenefitBatchesPage>(`/api/benefit-batches${qs(params)}`),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((b) => b.status === 'running') ? 1000 : false),
  });
}

/** The programmes the batch pays in a month, with their period (monthly or yearly). */
export function usePayableProgrammes(month: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['eligibility', 'payable-programmes', month, lang] as const,
    queryFn: () => get<PayableProgrammes>(`/api/benefit-programmes${qs({ month })}`),
    placeholderData: keepPreviousData,
  });
}

/** Starts the month's payment of one programme or of all; the runs go on in the background. */
export function useStartBenefitBatch() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RunBenefitBatchBody) => post<BenefitBatchesStarted>('/api/benefit-batches', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['eligibility', 'benefit-batches'] }),
  });
}
