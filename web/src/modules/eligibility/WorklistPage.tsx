import { Flex, Select, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  WORKLIST_KINDS,
  WORKLIST_STATUSES,
  type WorklistItemView,
} from '../../../../contracts/api/eligibility.ts';
import { useAreaFilter } from '../../app/area-filter.ts';
import { FilterBar, QueryTable } from '../../app/ListPage.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AreaScopeTag } from '../areas/AreaScopeTag.tsx';
import { useWorklist } from './api.ts';
import { ProgrammeFilter, statusFilter, useCaseColumns } from './ListParts.tsx';
import { LevelTag, TierTag, WorklistKindTag, WorklistStatusTag } from './labels.tsx';

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
  const { area } = useAreaFilter();
  const { values, page, update } = useUrlState(URL_KEYS);
  const status = statusFilter(values.status, STATUS_FILTERS, 'active');
  const query = useWorklist({
    areaCode: area,
    kind: values.kind,
    programme: values.programme,
    status,
    page,
    pageSize: PAGE_SIZE,
  });
  const shared = useCaseColumns<WorklistItemView>('worklist', (w) => `/residents/${w.personId}`);
  const columns: TableColumnsType<WorklistItemView> = [
    shared.resident,
    shared.community,
    shared.programme,
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
    shared.created,
  ];
  return (
    <>
      <PageHeader title={t('worklist.title')} note={<AreaScopeTag />} />
      <FilterBar values={values} update={update}>
        <Select
          allowClear
          aria-label={t('worklist.kind')}
          placeholder={t('worklist.kind')}
          style={{ width: 130 }}
          value={values.kind}
          onChange={(kind) => update({ kind })}
          options={WORKLIST_KINDS.map((k) => ({ value: k, label: t(`worklistKind.${k}`) }))}
        />
        <ProgrammeFilter
          label={t('worklist.programme')}
          value={values.programme}
          onChange={(programme) => update({ programme })}
        />
        <Select
          aria-label={t('worklist.status')}
          style={{ width: 130 }}
          value={status}
          onChange={(s) => update({ status: s === 'active' ? undefined : s })}
          options={STATUS_FILTERS.map((s) => ({ value: s, label: t(`worklistStatus.${s}`) }))}
        />
      </FilterBar>
      <QueryTable<WorklistItemView>
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => update({ page: p })}
        columns={columns}
        rowHref={(w) => `/worklist/${w.id}`}
        emptyText={t('worklist.empty')}
      />
    </>
  );
}
