import { Button, Flex, Select, Table, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ApplicationView } from '../../../../contracts/api/eligibility.ts';
import { useAreaFilter } from '../../app/area-filter.ts';
import { formatDateTime } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { usePagination } from '../../app/pagination.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AreaScopeTag } from '../areas/AreaScopeTag.tsx';
import { useLang } from '../funds/money.tsx';
import { useApplications, useProgrammes } from './api.ts';
import { ApplicationStatusTag, programmeName, useAmountText } from './labels.tsx';

const PAGE_SIZE = 20;
const URL_KEYS = ['programme', 'status'] as const;
/** 待审批 / 已批准并享受 / 未批准 / 全部; the list opens on what waits for a decision. */
const STATUS_FILTERS = ['submitted', 'enrolled', 'rejected', 'all'] as const;

/** Applications for benefits in the area: who asked for what, who must decide, and where each stands. */
export default function ApplicationsPage() {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const navigate = useNavigate();
  const { area } = useAreaFilter();
  const { values, page, update } = useUrlState(URL_KEYS);
  const programmes = useProgrammes();
  const amountText = useAmountText();
  const status = (STATUS_FILTERS as readonly string[]).includes(values.status ?? '')
    ? values.status
    : 'submitted';
  const query = useApplications({
    areaCode: area,
    programme: values.programme,
    status,
    page,
    pageSize: PAGE_SIZE,
  });
  const pagination = usePagination(query.data, page, PAGE_SIZE, (p) => update({ page: p }));
  const columns: TableColumnsType<ApplicationView> = [
    {
      title: t('applications.resident'),
      key: 'resident',
      width: 190,
      render: (_: unknown, a) => (
        <>
          <Link to={`/applications/${a.id}`} onClick={(e) => e.stopPropagation()}>
            {a.personName}
          </Link>
          <Typography.Text type="secondary" className="ms-mono" style={{ display: 'block', fontSize: 12 }}>
            {a.idMasked}
          </Typography.Text>
        </>
      ),
    },
    { title: t('applications.community'), dataIndex: 'areaName', width: 150, ellipsis: true },
    { title: t('applications.programme'), dataIndex: 'programmeName', ellipsis: true },
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
    {
      title: t('applications.created'),
      dataIndex: 'createdAt',
      width: 160,
      render: (at: string) => formatDateTime(at),
    },
  ];
  const hasFilters = !!(values.programme || values.status);
  return (
    <>
      <PageHeader title={t('applications.title')} note={<AreaScopeTag />} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
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
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('applications.programme')}
          placeholder={t('applications.programme')}
          style={{ width: 220 }}
          value={values.programme}
          onChange={(programme) => update({ programme })}
          loading={programmes.isLoading}
          options={(programmes.data?.items ?? [])
            .filter((p) => p.kind === 'benefit')
            .map((p) => ({ value: p.code, label: programmeName(p, lang) }))}
        />
        {hasFilters && (
          <Button onClick={() => update({ programme: undefined, status: undefined })}>
            {t('common:actions.reset')}
          </Button>
        )}
      </Flex>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <Table<ApplicationView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={query.data?.items}
        loading={query.isFetching}
        pagination={pagination}
        onRow={(a) => ({ onClick: () => navigate(`/applications/${a.id}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('applications.empty') }}
      />
    </>
  );
}
