import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { FiguresResponse } from '../../../../contracts/api/volunteer-figures.ts';
import { get, qs } from '../../app/api.ts';

export interface FiguresParams {
  area?: string;
  from: string;
  to: string;
  top?: number;
}

export function useFigures(params: FiguresParams) {
  return useQuery({
    queryKey: ['volunteer-figures', params],
    queryFn: () => get<FiguresResponse>(`/api/volunteer-figures${qs({ ...params })}`),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** The workbook is a plain link: the session cookie authorises the download (which is audited). */
export function figuresXlsxUrl(params: Omit<FiguresParams, 'top'>, lang: string): string {
  return `/api/volunteer-figures/export.xlsx${qs({ area: params.area, from: params.from, to: params.to, lang })}`;
}
