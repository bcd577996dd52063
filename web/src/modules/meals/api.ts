import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  MealMenuItem,
  MealPreview,
  MealRule,
  MealRuleBody,
  MealSale,
  MealSitting,
  mealCanteensResponse,
  mealMenuItemBody,
  mealMenuResponse,
  mealRulesResponse,
  mealSettingsSchema,
  mealSummarySchema,
  SellMealBody,
  Till,
  tillDetailSchema,
  updateMealMenuItemBody,
} from '../../../../contracts/api/meals.ts';
import { get, patch, post, qs } from '../../app/api.ts';

export type Canteens = z.infer<typeof mealCanteensResponse>;
export type TillDetail = z.infer<typeof tillDetailSchema>;
export type MealSummary = z.infer<typeof mealSummarySchema>;
export type MealSettings = z.infer<typeof mealSettingsSchema>;
export type Identify = { cardNo?: string; idNumber?: string };

const keys = {
  all: ['meals'] as const,
  canteens: ['meals', 'canteens'] as const,
  menu: (id: string) => ['meals', 'menu', id] as const,
  till: (id: string) => ['meals', 'till', id] as const,
  rules: ['meals', 'rules'] as const,
  settings: ['meals', 'settings'] as const,
  summary: (day?: string, area?: string) => ['meals', 'summary', day ?? '', area ?? ''] as const,
};

export function useCanteens() {
  return useQuery({ queryKey: keys.canteens, queryFn: () => get<Canteens>('/api/meals/canteens') });
}

export function useMenu(canteenId: string | undefined) {
  return useQuery({
    queryKey: keys.menu(canteenId ?? ''),
    queryFn: () => get<z.infer<typeof mealMenuResponse>>(`/api/meals/canteens/${canteenId}/menu`),
    enabled: !!canteenId,
  });
}

export function useAddMenuItem(canteenId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof mealMenuItemBody>) =>
      post<MealMenuItem>(`/api/meals/canteens/${canteenId}/menu`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.menu(canteenId) }),
  });
}

export function useUpdateMenuItem(canteenId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: z.input<typeof updateMealMenuItemBody> & { id: string }) =>
      patch<MealMenuItem>(`/api/meals/menu/${id}`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.menu(canteenId) }),
  });
}

export function useTill(id: string | undefined) {
  return useQuery({
    queryKey: keys.till(id ?? ''),
    queryFn: () => get<TillDetail>(`/api/meals/tills/${id}`),
    enabled: !!id,
  });
}

/** A till's change alters the canteen list (its open till) and the day's figures. */
function useRefreshTill() {
  const qc = useQueryClient();
  return (tillId: string) => {
    void qc.invalidateQueries({ queryKey: keys.till(tillId) });
    void qc.invalidateQueries({ queryKey: keys.canteens });
    void qc.invalidateQueries({ queryKey: ['meals', 'summary'] });
  };
}

export function useOpenTill() {
  const refresh = useRefreshTill();
  return useMutation({
    mutationFn: ({ canteenId, sitting }: { canteenId: string; sitting: MealSitting }) =>
      post<Till>(`/api/meals/canteens/${canteenId}/tills`, { sitting }),
    onSuccess: (till) => refresh(till.id),
  });
}

export function useCloseTill(tillId: string) {
  const refresh = useRefreshTill();
  return useMutation({
    mutationFn: () => post<Till>(`/api/meals/tills/${tillId}/close`),
    onSuccess: () => refresh(tillId),
  });
}

/** The ID number travels in a POST body, never in a URL (the server's rule). */
export function usePreview(tillId: string) {
  return useMutation({
    mutationFn: (body: Identify & { menuItemId?: string }) =>
      post<MealPreview>(`/api/meals/tills/${tillId}/preview`, body),
  });
}

export function useSell(tillId: string) {
  const refresh = useRefreshTill();
  return useMutation({
    mutationFn: (body: SellMealBody) => post<MealSale>(`/api/meals/tills/${tillId}/sales`, body),
    onSuccess: () => refresh(tillId),
  });
}

export function useVoidSale(tillId: string) {
  const refresh = useRefreshTill();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      post<MealSale>(`/api/meals/sales/${id}/void`, { reason }),
    onSuccess: () => refresh(tillId),
  });
}

export function useMealRules() {
  return useQuery({
    queryKey: keys.rules,
    queryFn: () => get<z.infer<typeof mealRulesResponse>>('/api/meals/rules'),
  });
}

export function useAddMealRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: MealRuleBody) => post<MealRule>('/api/meals/rules', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.rules }),
  });
}

export function useEndMealRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, validTo }: { id: string; validTo: string }) =>
      post<MealRule>(`/api/meals/rules/${id}/end`, { validTo }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.rules }),
  });
}

export function useMealSettings() {
  return useQuery({ queryKey: keys.settings, queryFn: () => get<MealSettings>('/api/meals/settings') });
}

export function useUpdateMealSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: MealSettings) => patch<MealSettings>('/api/meals/settings', body),
    onSuccess: (s) => qc.setQueryData(keys.settings, s),
  });
}

export function useMealSummary(day?: string, area?: string) {
  return useQuery({
    queryKey: keys.summary(day, area),
    queryFn: () => get<MealSummary>(`/api/meals/summary${qs({ day, area })}`),
    placeholderData: keepPreviousData,
  });
}
