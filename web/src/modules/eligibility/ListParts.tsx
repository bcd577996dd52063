import { Select, type TableColumnType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { WorklistItemView } from '../../../../contracts/api/eligibility.ts';
import { formatDateTime } from '../../app/format.ts';
import { useLang } from '../funds/money.tsx';
import { useProgrammes } from './api.ts';
import { programmeName } from './labels.tsx';

/** The status filter as the URL has it, or the list's default when it names no status the list knows. */
export function statusFilter<S extends string>(
  value: string | undefined,
  known: readonly S[],
  fallback: S,
): S {
  return (known as readonly string[]).includes(value ?? '') ? (value as S) : fallback;
}

/** Filters a list by programme (benefits only where alerts have no place). */
export function ProgrammeFilter({
  label,
  value,
  onChange,
  benefitsOnly = false,
}: {
  label: string;
  value: string | undefined;
  onChange: (programme: string | undefined) => void;
  benefitsOnly?: boolean;
}) {
  const lang = useLang();
  const programmes = useProgrammes();
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      aria-label={label}
      placeholder={label}
      style={{ width: 220 }}
      value={value}
      onChange={onChange}
      loading={programmes.isLoading}
      options={(programmes.data?.items ?? [])
        .filter((p) => !benefitsOnly || p.kind === 'benefit')
        .map((p) => ({ value: p.code, label: programmeName(p, lang) }))}
    />
  );
}

/** What an application and a worklist item both show in a list row. */
type CaseRow = Pick<WorklistItemView, 'personName' | 'idMasked' | 'areaName' | 'programmeName' | 'createdAt'>;

/**
 * The columns the applications and the worklist share, titled from the list's own keys
 * (`applications.*`, `worklist.*`): the resident (linked, masked ID under the name), community,
 * programme, and when the row was created.
 */
export function useCaseColumns<T extends CaseRow>(
  list: 'applications' | 'worklist',
  residentHref: (row: T) => string,
) {
  const { t } = useTranslation('eligibility');
  const resident: TableColumnType<T> = {
    title: t(`${list}.resident`),
    key: 'resident',
    width: 190,
    render: (_: unknown, row) => (
      <>
        <Link to={residentHref(row)} onClick={(e) => e.stopPropagation()}>
          {row.personName}
        </Link>
        <Typography.Text type="secondary" className="ms-mono" style={{ display: 'block', fontSize: 12 }}>
          {row.idMasked}
        </Typography.Text>
      </>
    ),
  };
  const community: TableColumnType<T> = {
    title: t(`${list}.community`),
    dataIndex: 'areaName',
    width: 150,
    ellipsis: true,
  };
  const programme: TableColumnType<T> = {
    title: t(`${list}.programme`),
    dataIndex: 'programmeName',
    ellipsis: true,
  };
  const created: TableColumnType<T> = {
    title: t(`${list}.created`),
    dataIndex: 'createdAt',
    width: 160,
    render: (at: string) => formatDateTime(at),
  };
  return { resident, community, programme, created };
}
