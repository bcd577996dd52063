import { Button, Flex, Select, Table, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  WORKLIST_KINDS,
  WORKLIST_STATUSES,
  type WorklistItemView,
} from '../../../../contracts/api/eligibility.ts';
import { useAreaFilter } from '../../app/area-filter.ts';
import { formatDateTime } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { usePagination } from '../../app/pagination.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AreaScopeTag } from '../areas/AreaScopeTag.tsx';
import { useLang } from '../funds/money.tsx';
import { useProgrammes, useWorklist } from './api.ts';
import { LevelTag, programmeName, TierTag, WorklistKindTag, WorklistStatusTag } from './labels.tsx';

const PAGE_SIZE = 20;
const URL_KEYS = ['kind', 'programme', 'status'] as const;
const STATUS_FILTERS = ['active', ...WORKLIST_STATUSES] as const;

/** Due date of an alert, red once it has passed. */
export function DueDate({ item }: { item: Pick<WorklistItemView, 'dueOn' | 'overdue'> }) {
  const { t } = useTranslation('eligibility');
  if (!item.dueOn) return null;
  return item.overdue ? (
    <Typography.Text type="danger" strong style={{ whiteSpace: 'nowrap' }}>
      {t('worklist.due', { date: item.dueOn })} · {t('worklist.overdue')}
    </Typography.Text>
  ) : (
    <Typography.Text style={{ whiteSpace: 'nowrap' }}>
      {t('worklist.due', { date: item.dueOn })}
    </Typography.Text>
  );
}

/** The community worker's list: residents a programme found (政策找人), enrolments to review, and alerts. */
export default function WorklistPage() {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const navigate = useNavigate();
  const { area } = useAreaFilter();
  const { values, page, update } = useUrlState(URL_KEYS);
  const programmes = useProgrammes();
  const status = (STATUS_FILTERS as readonly string[]).includes(values.status ?? '')
    ? values.status
    : 'active';
  const query = useWorklist({
    areaCode: area,
    kind: values.kind,
    programme: values.programme,
    status,
    page,
    pageSize: PAGE_SIZE,
  });
  const pagination = usePagination(query.data, page, PAGE_SIZE, (p) => update({ page: p }));
  const columns: TableColumnsType<WorklistItemView> = [
    {
      title: t('worklist.resident'),
      key: 'resident',
      width: 190,
      render: (_: unknown, w) => (
        <>
          <Link to={`/residents/${w.personId}`} onClick={(e) => e.stopPropagation()}>
            {w.personName}
          </Link>
          <Typography.Text type="secondary" className="ms-mono" style={{ display: 'block', fontSize: 12 }}>
            {w.idMasked}
          </Typography.Text>
        </>
      ),
    },
    { title: t('worklist.community'), dataIndex: 'areaName', width: 150, ellipsis: true },
    { title: t('worklist.programme'), dataIndex: 'programmeName', ellipsis: true },
    {
      title: t('worklist.kind'),
      dataIndex: 'kind',
      width: 96,
      render: (k: WorklistItemView['kind']) => <WorklistKindTag kind={k} />,
    },
    {
      title: t('worklist.tierDue'),
      key: 'tier',
      width: 250,
      render: (_: unknown, w) => (
        <Flex gap={4} align="center" wrap>
          {w.tier && <TierTag tier={w.tier} />}
          {w.kind === 'alert' && <LevelTag level={w.level} />}
          <DueDate item={w} />
        </Flex>
      ),
    },
    {
      title: t('worklist.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: WorklistItemView['status']) => <WorklistStatusTag status={s} />,
    },
    {
      title: t('worklist.created'),
      dataIndex: 'createdAt',
      width: 160,
      render: (at: string) => formatDateTime(at),
    },
  ];
  const hasFilters = !!(values.kind || values.programme || values.status);
  return (
    <>
      <PageHeader title={t('worklist.title')} note={<AreaScopeTag />} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          aria-label={t('worklist.kind')}
          placeholder={t('worklist.kind')}
          style={{ width: 130 }}
          value={values.kind}
          onChange={(kind) => update({ kind })}
          options={WORKLIST_KINDS.map((k) => ({ value: k, label: t(`worklistKind.${k}`) }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('worklist.programme')}
          placeholder={t('worklist.programme')}
          style={{ width: 220 }}
          value={values.programme}
          onChange={(programme) => update({ programme })}
          loading={programmes.isLoading}
          options={(programmes.data?.items ?? []).map((p) => ({
            value: p.code,
            label: programmeName(p, lang),
          }))}
        />
        <Select
          aria-label={t('worklist.status')}
          style={{ width: 130 }}
          value={status}
          onChange={(s) => update({ status: s === 'active' ? undefined : s })}
          options={STATUS_FILTERS.map((s) => ({ value: s, label: t(`worklistStatus.${s}`) }))}
        />
        {hasFilters && (
          <Button onClick={() => update({ kind: undefined, programme: undefined, status: undefined })}>
            {t('common:actions.reset')}
          </Button>
        )}
      </Flex>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <Table<WorklistItemView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={query.data?.items}
        loading={query.isFetching}
        pagination={pagination}
        onRow={(w) => ({ onClick: () => navigate(`/worklist/${w.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('worklist.empty') }}
      />
    </>
  );
}
