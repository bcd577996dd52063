import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Progress, Select, type TableColumnsType, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  NEED_CATEGORIES,
  NEED_STATUSES,
  type Need,
  type NeedStatus,
} from '../../../../contracts/api/needs.ts';
import { VOLUNTEER_SKILLS } from '../../../../contracts/api/volunteers.ts';
import { useAuth } from '../../app/auth.tsx';
import {
  AreaFilter,
  CellNote,
  DateRangeFilter,
  FilterBar,
  QueryTable,
  SearchFilter,
  SelectFilter,
} from '../../app/ListPage.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { useNeeds } from './api.ts';
import { formatWindow, NeedStatusTag, useNeedLabels } from './labels.tsx';
import { NeedFormDrawer } from './NeedFormDrawer.tsx';

const PAGE_SIZE = 20;
const FILTER_KEYS = ['category', 'skills', 'area', 'from', 'to', 'q'] as const;
const URL_KEYS = ['status', ...FILTER_KEYS, 'posting'] as const;
type Values = Record<(typeof URL_KEYS)[number], string | undefined>;
type Update = ReturnType<typeof useUrlState<(typeof URL_KEYS)[number]>>['update'];

function Filters({ values, update }: { values: Values; update: Update }) {
  const { t } = useTranslation('needs');
  const labels = useNeedLabels();
  return (
    <FilterBar values={values} keys={FILTER_KEYS} update={update}>
      <SearchFilter label={t('filters.q')} value={values.q} onChange={(q) => update({ q })} width={190} />
      <SelectFilter
        label={t('filters.category')}
        value={values.category}
        onChange={(category) => update({ category })}
        width={120}
        options={NEED_CATEGORIES.map((c) => ({ value: c, label: labels.category(c) }))}
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('filters.skills')}
        aria-label={t('filters.skills')}
        style={{ width: 200 }}
        value={values.skills ? values.skills.split(',') : []}
        onChange={(s: string[]) => update({ skills: s.length ? s.join(',') : undefined })}
        options={VOLUNTEER_SKILLS.map((s) => ({ value: s, label: labels.skill(s) }))}
      />
      <AreaFilter
        label={t('filters.area')}
        value={values.area}
        onChange={(area) => update({ area })}
        width={180}
      />
      <DateRangeFilter
        label={t('filters.dates')}
        placeholder={[t('filters.from'), t('filters.to')]}
        value={values}
        onChange={update}
      />
    </FilterBar>
  );
}

/** Claimed seats against the headcount. */
export function Seats({ need }: { need: Pick<Need, 'claimedSeats' | 'headcount'> }) {
  return (
    <Flex align="center" gap={8}>
      <Progress
        percent={Math.round((need.claimedSeats / need.headcount) * 100)}
        showInfo={false}
        size="small"
        style={{ width: 60, margin: 0 }}
      />
      <span className="ms-mono">
        {need.claimedSeats}/{need.headcount}
      </span>
    </Flex>
  );
}

/** The community worker's board: every need of the area by state, and posting a new one. */
export default function NeedsPage() {
  const { t } = useTranslation('needs');
  const labels = useNeedLabels();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { values, page, update } = useUrlState(URL_KEYS);
  const query = useNeeds({
    status: values.status as NeedStatus | undefined,
    category: values.category as Need['category'] | undefined,
    skills: values.skills,
    area: values.area,
    from: values.from,
    to: values.to,
    q: values.q,
    page,
    pageSize: PAGE_SIZE,
  });
  const columns: TableColumnsType<Need> = [
    {
      title: t('columns.needNo'),
      dataIndex: 'needNo',
      width: 150,
      render: (no: string, n) => (
        <Link to={`/needs/${n.id}`} className="ms-mono">
          {no}
        </Link>
      ),
    },
    {
      title: t('columns.title'),
      dataIndex: 'title',
      render: (title: string, n) => (
        <>
          {title}
          <CellNote ellipsis>
            {labels.category(n.category)}
            {n.beneficiary ? ` · ${n.beneficiary.nameMasked}` : ''}
            {n.skills.length ? ` · ${n.skills.map(labels.skill).join('、')}` : ''}
          </CellNote>
        </>
      ),
    },
    { title: t('columns.area'), dataIndex: 'areaName', width: 130, ellipsis: true },
    {
      title: t('columns.window'),
      key: 'window',
      width: 220,
      render: (_: unknown, n) => (
        <span className="ms-mono" style={{ whiteSpace: 'nowrap' }}>
          {formatWindow(n.startsAt, n.endsAt)}
        </span>
      ),
    },
    { title: t('columns.seats'), key: 'seats', width: 120, render: (_: unknown, n) => <Seats need={n} /> },
    {
      title: t('columns.status'),
      dataIndex: 'status',
      width: 120,
      render: (s: NeedStatus) => <NeedStatusTag status={s} />,
    },
  ];
  return (
    <>
      <PageHeader
        title={t('board.title')}
        extra={
          can('need.post') && (
            <Button
              type="primary"
              size="large"
              icon={<PlusOutlined />}
              onClick={() => update({ posting: '1', page })}
            >
              {t('board.post')}
            </Button>
          )
        }
      />
      <Tabs
        activeKey={values.status ?? 'all'}
        onChange={(k) => update({ status: k === 'all' ? undefined : k })}
        items={[
          { key: 'all', label: t('board.all') },
          ...NEED_STATUSES.map((s) => ({ key: s, label: labels.status(s) })),
        ]}
      />
      <Filters values={values} update={update} />
      <QueryTable<Need>
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => update({ page: p })}
        columns={columns}
        onRow={(n) => ({ onDoubleClick: () => navigate(`/needs/${n.id}`) })}
        emptyText={t('board.empty')}
      />
      {values.posting && (
        <NeedFormDrawer
          onClose={() => update({ posting: undefined, page })}
          onSaved={(n) => navigate(`/needs/${n.id}`)}
        />
      )}
    </>
  );
}
