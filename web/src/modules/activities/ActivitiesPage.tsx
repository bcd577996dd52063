import { CalendarOutlined, FlagOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Space, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  ACTIVITY_KINDS,
  ACTIVITY_STATUSES,
  type Activity,
  type ActivityKind,
  type ActivityStatus,
} from '../../../../contracts/api/activities.ts';
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
import { CreateActivityDrawer } from './ActivityForms.tsx';
import { useActivities } from './api.ts';
import { formatWindow, useCategoryLabel } from './labels.tsx';

const PAGE_SIZE = 20;
const URL_KEYS = ['kind', 'status', 'area', 'from', 'to', 'q'] as const;
const STATUS_COLORS: Record<ActivityStatus, string | undefined> = {
  open: 'blue',
  closed: undefined,
  cancelled: 'default',
};

/** The organiser's activities: the list, and new ones by hand, as a market or as holiday posts. */
export default function ActivitiesPage() {
  const { t } = useTranslation('activities');
  const navigate = useNavigate();
  const category = useCategoryLabel();
  const { values, page, update } = useUrlState(URL_KEYS);
  const [creating, setCreating] = useState<'manual' | 'market' | 'holiday' | null>(null);
  const query = useActivities({
    kind: values.kind,
    status: values.status,
    area: values.area,
    from: values.from,
    to: values.to,
    q: values.q,
    page,
    pageSize: PAGE_SIZE,
  });
  const columns: TableColumnsType<Activity> = [
    {
      title: t('columns.title'),
      dataIndex: 'title',
      render: (title: string, a) => (
        <>
          <Link to={`/activities/${a.id}`}>{title}</Link>
          <CellNote mono>{a.activityNo}</CellNote>
        </>
      ),
    },
    {
      title: t('columns.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (k: ActivityKind, a) => (
        <>
          {t(`kinds.${k}`)}
          <CellNote>{category(a.category)}</CellNote>
        </>
      ),
    },
    {
      title: t('columns.org'),
      dataIndex: 'orgName',
      ellipsis: true,
      render: (org: string, a) => (
        <>
          {org}
          <CellNote ellipsis>
            {a.areaName} · {a.place}
          </CellNote>
        </>
      ),
    },
    {
      title: t('columns.time'),
      key: 'time',
      width: 210,
      render: (_: unknown, a) => formatWindow(a.startsAt, a.endsAt),
    },
    {
      title: t('columns.signups'),
      key: 'signups',
      width: 90,
      align: 'right',
      render: (_: unknown, a) => `${a.filled}/${a.capacity}`,
    },
    {
      title: t('columns.pending'),
      dataIndex: 'pendingRecords',
      width: 90,
      align: 'right',
      render: (n: number) => (n ? <Tag color="gold">{n}</Tag> : '—'),
    },
    {
      title: t('columns.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: ActivityStatus) => <Tag color={STATUS_COLORS[s]}>{t(`statuses.${s}`)}</Tag>,
    },
  ];
  return (
    <>
      <PageHeader
        title={t('title')}
        extra={
          <Space wrap>
            <Button icon={<FlagOutlined />} onClick={() => setCreating('holiday')}>
              {t('create.holiday')}
            </Button>
            <Button icon={<CalendarOutlined />} onClick={() => setCreating('market')}>
              {t('create.market')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating('manual')}>
              {t('create.button')}
            </Button>
          </Space>
        }
      />
      <FilterBar values={values} update={update}>
        <SearchFilter
          label={t('filters.q')}
          value={values.q}
          onChange={(q) => update({ q })}
          width={200}
          maxLength={60}
        />
        <SelectFilter
          label={t('filters.kind')}
          value={values.kind}
          onChange={(kind) => update({ kind })}
          width={130}
          options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        />
        <SelectFilter
          label={t('filters.status')}
          value={values.status}
          onChange={(status) => update({ status })}
          width={110}
          options={ACTIVITY_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
        />
        <AreaFilter
          label={t('filters.area')}
          value={values.area}
          onChange={(area) => update({ area })}
          width={200}
        />
        <DateRangeFilter
          placeholder={[t('filters.from'), t('filters.to')]}
          value={values}
          onChange={update}
          width={240}
        />
      </FilterBar>
      <QueryTable<Activity>
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => update({ page: p })}
        columns={columns}
        size="middle"
        scroll={{ x: 900 }}
        emptyText={t('list.empty')}
      />
      {creating && (
        <CreateActivityDrawer
          mode={creating}
          onClose={() => setCreating(null)}
          onCreated={(id) => {
            setCreating(null);
            navigate(`/activities/${id}`);
          }}
        />
      )}
    </>
  );
}
