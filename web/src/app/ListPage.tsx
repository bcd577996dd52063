import {
  Button,
  DatePicker,
  Flex,
  type FlexProps,
  Input,
  Select,
  type SelectProps,
  Table,
  type TableProps,
  Typography,
} from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AreaSelect } from '../modules/areas/AreaSelect.tsx';
import { fromDay, toDay } from './format.ts';
import { usePagination } from './pagination.ts';
import { QueryError } from './StatusPages.tsx';

/**
 * The filters above a list, kept in the URL (`useUrlState`): the controls, and once any of them
 * is set a reset button that clears them all. `keys` names the filters among `values` when the
 * URL also keeps other things (the tab, an open drawer); without `values` the bar has no reset.
 */
export function FilterBar<K extends string>({
  values,
  keys = values && (Object.keys(values) as K[]),
  update,
  align,
  children,
}: {
  values?: Record<K, string | undefined>;
  keys?: readonly NoInfer<K>[];
  update?: (patch: Partial<Record<NoInfer<K>, undefined>>) => void;
  align?: FlexProps['align'];
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const isFiltered = !!values && !!keys?.some((k) => values[k]);
  return (
    <Flex gap={8} wrap align={align} style={{ marginBottom: 12 }}>
      {children}
      {isFiltered && keys && update && (
        <Button
          onClick={() => update(Object.fromEntries(keys.map((k) => [k, undefined])) as Record<K, undefined>)}
        >
          {t('common:actions.reset')}
        </Button>
      )}
    </Flex>
  );
}

/**
 * Free-text search of a list, kept in the URL: searched on Enter (or the button), trimmed, and
 * shown again from the URL after back and forward.
 */
export function SearchFilter({
  label,
  value,
  onChange,
  width,
  maxLength = 40,
  enterButton,
}: {
  label: string;
  value: string | undefined;
  onChange: (q: string | undefined) => void;
  width: number;
  maxLength?: number;
  enterButton?: boolean;
}) {
  return (
    <Input.Search
      key={value ?? ''}
      defaultValue={value}
      placeholder={label}
      aria-label={label}
      allowClear
      enterButton={enterButton}
      maxLength={maxLength}
      style={{ width }}
      onSearch={(q) => onChange(q.trim() || undefined)}
    />
  );
}

/** Filters a list by one of a few values (a status, a kind), or by none once cleared. */
export function SelectFilter({
  label,
  value,
  onChange,
  width,
  ...select
}: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  width: number;
} & Pick<SelectProps<string>, 'options' | 'showSearch' | 'popupMatchSelectWidth'>) {
  return (
    <Select<string>
      allowClear
      placeholder={label}
      aria-label={label}
      style={{ width }}
      value={value}
      onChange={onChange}
      {...select}
    />
  );
}

/** Filters a list by a unit of the org tree the user may see. */
export function AreaFilter({
  label,
  value,
  onChange,
  width,
}: {
  label: string;
  value: string | undefined;
  onChange: (area: string | undefined) => void;
  width: number;
}) {
  return (
    <div style={{ width }}>
      <AreaSelect value={value} onChange={onChange} placeholder={label} />
    </div>
  );
}

/** Filters a list by a span of days, kept in the URL as `from` and `to` (YYYY-MM-DD). */
export function DateRangeFilter({
  label,
  placeholder,
  value,
  onChange,
  width = 230,
}: {
  label?: string;
  placeholder: [from: string, to: string];
  value: { from?: string | undefined; to?: string | undefined };
  onChange: (range: { from: string | undefined; to: string | undefined }) => void;
  width?: number;
}) {
  return (
    <DatePicker.RangePicker
      style={{ width }}
      aria-label={label}
      placeholder={placeholder}
      value={[toDay(value.from) ?? null, toDay(value.to) ?? null]}
      onChange={(r) => onChange({ from: fromDay(r?.[0]), to: fromDay(r?.[1]) })}
    />
  );
}

/** A table cell's second line, small and grey under its main text (a number, an area, a place). */
export function CellNote({
  mono,
  ellipsis,
  children,
}: {
  mono?: boolean;
  ellipsis?: boolean;
  children: ReactNode;
}) {
  return (
    <Typography.Text
      type="secondary"
      className={mono ? 'ms-mono' : undefined}
      style={{ display: 'block', fontSize: 12 }}
      ellipsis={ellipsis}
    >
      {children}
    </Typography.Text>
  );
}

interface PageQuery<T> {
  data: { items: T[]; total: number; totalIsLowerBound: boolean } | undefined;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

/** Which page of the list is shown; without it the table shows every row the query returned. */
type Paging =
  | { page: number; pageSize: number; onPage: (page: number) => void }
  | { page?: undefined; pageSize?: undefined; onPage?: undefined };

/**
 * One server-paged page of a list (or, without `page`, all the query returned): the query's error
 * (with retry), then its rows; a row opens its own page when `rowHref` is given (an `onRow` of the
 * page's own replaces that, e.g. a double click that opens a drawer).
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
  rowHref?: (row: T) => string;
  emptyText?: ReactNode;
} & Paging &
  Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'rowKey' | 'locale'>) {
  const navigate = useNavigate();
  const pagination = usePagination(query.data, page ?? 1, pageSize ?? 0, onPage ?? (() => undefined));
  return (
    <>
      {query.error ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      <Table<T>
        rowKey="id"
        size="small"
        dataSource={query.data?.items}
        loading={query.isFetching}
        pagination={page === undefined ? false : pagination}
        onRow={
          rowHref && ((row) => ({ onClick: () => navigate(rowHref(row)), style: { cursor: 'pointer' } }))
        }
        locale={{ emptyText }}
        {...table}
      />
    </>
  );
}
