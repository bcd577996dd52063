import { Button, Flex, Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { usePagination } from './pagination.ts';
import { QueryError } from './StatusPages.tsx';

/**
 * The filters above a list, kept in the URL (`useUrlState`): the controls, and once any of them
 * is set a reset button that clears them all.
 */
export function FilterBar<K extends string>({
  values,
  update,
  children,
}: {
  values: Record<K, string | undefined>;
  update: (patch: Partial<Record<K, undefined>>) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const keys = Object.keys(values) as K[];
  return (
    <Flex gap={8} wrap style={{ marginBottom: 12 }}>
      {children}
      {keys.some((k) => values[k]) && (
        <Button
          onClick={() => update(Object.fromEntries(keys.map((k) => [k, undefined])) as Record<K, undefined>)}
        >
          {t('common:actions.reset')}
        </Button>
      )}
    </Flex>
  );
}

interface PageQuery<T> {
  data: { items: T[]; total: number; totalIsLowerBound: boolean } | undefined;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

/**
 * One server-paged page of a list: the query's error (with retry), then its rows; a row opens
 * its own page when `rowHref` is given.
 */
export function QueryTable<T extends { id: string }>({
  query,
  page,
  pageSize,
  onPage,
  rowHref,
  emptyText,
  ...table
}: {
  query: PageQuery<T>;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  rowHref?: (row: T) => string;
  emptyText: ReactNode;
} & Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'rowKey' | 'locale'>) {
  const navigate = useNavigate();
  const pagination = usePagination(query.data, page, pageSize, onPage);
  return (
    <>
      {query.error ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      <Table<T>
        rowKey="id"
        size="small"
        dataSource={query.data?.items}
        loading={query.isFetching}
        pagination={pagination}
        onRow={
          rowHref && ((row) => ({ onClick: () => navigate(rowHref(row)), style: { cursor: 'pointer' } }))
        }
        locale={{ emptyText }}
        {...table}
      />
    </>
  );
}
