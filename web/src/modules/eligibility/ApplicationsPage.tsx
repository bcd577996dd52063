import { Select, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../../../contracts/api/eligibility.ts';
import { useAreaFilter } from '../../app/area-filter.ts';
import { FilterBar, QueryTable } from '../../app/ListPage.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AreaScopeTag } from '../areas/AreaScopeTag.tsx';
import { useApplications } from './api.ts';
import { ProgrammeFilter, statusFilter, useCaseColumns } from './ListParts.tsx';
import { ApplicationStatusTag, useAmountText } from './labels.tsx';

const PAGE_SIZE = 20;
const URL_KEYS = ['programme', 'status'] as const;
/** 待审批 / 已批准并享受 / 未批准 / 全部; the list opens on what waits for a decision. */
const STATUS_FILTERS = ['submitted', 'enrolled', 'rejected', 'all'] as const;

/** Applications for benefits in the area: who asked for what, who must decide, and where each stands. */
export default function ApplicationsPage() {
  const { t } = useTranslation('eligibility');
  const { area } = useAreaFilter();
  const { values, page, update } = useUrlState(URL_KEYS);
  const amountText = useAmountText();
  const status = statusFilter(values.status, STATUS_FILTERS, 'submitted');
  const query = useApplications({
    areaCode: area,
    programme: values.programme,
    status,
    page,
    pageSize: PAGE_SIZE,
  });
  const shared = useCaseColumns<ApplicationView>('applications', (a) => `/applications/${a.id}`);
  const columns: TableColumnsType<ApplicationView> = [
    shared.resident,
    shared.community,
    shared.programme,
    {
      title: t('applications.amount'),
      key: 'amount',
      width: 160,
      align: 'right',
      render: (_: unknown, a) =>
        a.amount > 0 ? (
          <Typography.Text style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
            {amountText(a.amount, a.period)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: t('applications.approverLevel'),
      dataIndex: 'approverLevel',
      width: 90,
      render: (level: ApplicationView['approverLevel']) => t(`approverLevel.${level}`),
    },
    {
      title: t('applications.status'),
      dataIndex: 'status',
      width: 130,
      render: (s: ApplicationView['status']) => <ApplicationStatusTag status={s} />,
    },
    shared.created,
  ];
  return (
    <>
      <PageHeader title={t('applications.title')} note={<AreaScopeTag />} />
      <FilterBar values={values} update={update}>
        <Select
          aria-label={t('applications.status')}
          style={{ width: 150 }}
          value={status}
          onChange={(s) => update({ status: s === 'submitted' ? undefined : s })}
          options={STATUS_FILTERS.map((s) => ({
            value: s,
            label: s === 'all' ? t('applications.all') : t(`applicationStatus.${s}`),
          }))}
        />
        <ProgrammeFilter
          label={t('applications.programme')}
          value={values.programme}
          onChange={(programme) => update({ programme })}
          benefitsOnly
        />
      </FilterBar>
      <QueryTable<ApplicationView>
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => update({ page: p })}
        columns={columns}
        rowHref={(a) => `/applications/${a.id}`}
        emptyText={t('applications.empty')}
      />
    </>
  );
}
