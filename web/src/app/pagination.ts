import type { TablePaginationConfig } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Server-side paging for a list page: the current page, a fixed page size, and a total that
 * reads "N+" when the server stopped counting (`totalIsLowerBound`).
 */
export function usePagination(
  data: { total: number; totalIsLowerBound: boolean } | undefined,
  page: number,
  pageSize: number,
  onChange: (page: number) => void,
): TablePaginationConfig {
  const { t } = useTranslation();
  return {
    current: page,
    pageSize,
    total: data?.total ?? 0,
    showSizeChanger: false,
    showTotal: (total) =>
      data?.totalIsLowerBound
        ? t('common:table.totalLowerBound', { count: total })
        : t('common:table.total', { count: total }),
    onChange,
  };
}
