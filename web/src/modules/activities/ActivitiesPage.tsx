import { CalendarOutlined, FlagOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  DatePicker,
  Flex,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
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
import { fromDay, toDay } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { usePagination } from '../../app/pagination.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AreaSelect } from '../areas/AreaSelect.tsx';
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
  const pagination = usePagination(query.data, page, PAGE_SIZE, (p) => update({ page: p }));
  const columns: TableColumnsType<Activity> = [
    {
      title: t('columns.title'),
      dataIndex: 'title',
      render: (title: string, a) => (
        <>
          <Link to={`/activities/${a.id}`}>{title}</Link>
          <Typography.Text type="secondary" className="ms-mono" style={{ display: 'block', fontSize: 12 }}>
            {a.activityNo}
          </Typography.Text>
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
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {category(a.category)}
          </Typography.Text>
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
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} ellipsis>
            {a.areaName} · {a.place}
          </Typography.Text>
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
  const hasFilters = URL_KEYS.some((k) => values[k]);
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
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          key={values.q ?? ''}
          defaultValue={values.q}
          placeholder={t('filters.q')}
          aria-label={t('filters.q')}
          allowClear
          maxLength={60}
          style={{ width: 200 }}
          onSearch={(q) => update({ q: q.trim() || undefined })}
        />
        <Select
          allowClear
          placeholder={t('filters.kind')}
          aria-label={t('filters.kind')}
          style={{ width: 130 }}
          value={values.kind}
          onChange={(kind) => update({ kind })}
          options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        />
        <Select
          allowClear
          placeholder={t('filters.status')}
          aria-label={t('filters.status')}
          style={{ width: 110 }}
          value={values.status}
          onChange={(status) => update({ status })}
          options={ACTIVITY_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
        />
        <div style={{ width: 200 }}>
          <AreaSelect
            value={values.area}
            onChange={(area) => update({ area })}
            placeholder={t('filters.area')}
          />
        </div>
        <DatePicker.RangePicker
          style={{ width: 240 }}
          placeholder={[t('filters.from'), t('filters.to')]}
          value={[toDay(values.from) ?? null, toDay(values.to) ?? null]}
          onChange={(r) => update({ from: fromDay(r?.[0]), to: fromDay(r?.[1]) })}
        />
        {hasFilters && (
          <Button onClick={() => update(Object.fromEntries(URL_KEYS.map((k) => [k, undefined])))}>
            {t('common:actions.reset')}
          </Button>
        )}
      </Flex>
      {query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<Activity>
          rowKey="id"
          size="middle"
          loading={query.isFetching}
          columns={columns}
          dataSource={query.data?.items ?? []}
          pagination={pagination}
          locale={{ emptyText: t('list.empty') }}
          scroll={{ x: 900 }}
        />
      )}
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
