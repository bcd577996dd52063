import { DownloadOutlined, QuestionCircleOutlined, TrophyOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Progress,
  Row,
  Segmented,
  Statistic,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NEED_CATEGORY_LABELS } from '../../../../contracts/api/needs.ts';
import type {
  CategoryRow,
  FiguresResponse,
  UnitRow,
  VolunteerRankRow,
} from '../../../../contracts/api/volunteer-figures.ts';
import { ApiError } from '../../app/api.ts';
import { useAreaFilter } from '../../app/area-filter.ts';
import { fromDay, toDay, todayInShanghai } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import { pickLabel, useLang } from '../funds/money.tsx';
import { figuresXlsxUrl, useFigures } from './api.ts';
import { isPreset, PERIOD_PRESETS, presetPeriod } from './period.ts';

const URL_KEYS = ['period', 'from', 'to'] as const;
const TOP = 20;
const DASH = '—';
const num = { fontVariantNumeric: 'tabular-nums' as const };

const formatHours = (h: number) => h.toFixed(1);
/** A rate as a percentage with one decimal; no denominator reads "—", never 0 % or NaN. */
const formatRate = (r: number | null) => (r === null ? DASH : `${(r * 100).toFixed(1)}%`);

/** A time to claim for people: minutes under an hour, hours under two days, then days. */
function formatDuration(t: TFunction, minutes: number | null): string {
  if (minutes === null) return DASH;
  if (minutes < 60) return t('duration.minutes', { count: Math.round(minutes) });
  if (minutes < 48 * 60) return t('duration.hours', { value: (minutes / 60).toFixed(1) });
  return t('duration.days', { value: (minutes / 1440).toFixed(1) });
}

/** A caption with its definition behind a question mark. */
function Defined({ label, hint }: { label: ReactNode; hint: string }) {
  return (
    <Tooltip title={hint}>
      <span style={{ cursor: 'help' }}>
        {label} <QuestionCircleOutlined style={{ color: '#8c8c8c', fontSize: 12 }} />
      </span>
    </Tooltip>
  );
}

/** Bad dates or an area out of reach: the server's own, translated words for each field. */
function FiguresError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error instanceof ApiError && error.issues.length > 0)
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 12 }}
        title={error.issues.map((i) => i.message).join('；')}
      />
    );
  return <QueryError error={error} onRetry={onRetry} />;
}

function SummaryCards({ f }: { f: FiguresResponse }) {
  const { t } = useTranslation('volunteerFigures');
  const s = f.totals;
  const cards: { key: string; title: ReactNode; value: string | number; note?: ReactNode }[] = [
    {
      key: 'registered',
      title: <Defined label={t('cards.registered')} hint={t('cards.registeredHint')} />,
      value: s.registeredVolunteers,
      note: t('cards.teams') + t('common:colon') + s.teams,
    },
    {
      key: 'active',
      title: <Defined label={t('cards.active')} hint={t('cards.activeHint')} />,
      value: s.activeVolunteers,
    },
    {
      key: 'hours',
      title: <Defined label={t('cards.hours')} hint={t('cards.hoursHint')} />,
      value: `${formatHours(s.hours)} ${t('cards.hoursUnit')}`,
      note: t('cards.records', { count: s.records }),
    },
    {
      key: 'needs',
      title: t('cards.needs'),
      value: s.needsPosted,
      note: t('cards.needsFulfilled', { count: s.needsFulfilled }),
    },
    {
      key: 'rate',
      title: <Defined label={t('cards.rate')} hint={t('hints.rate')} />,
      value: formatRate(s.fulfilmentRate),
    },
    {
      key: 'claim',
      title: <Defined label={t('cards.claim')} hint={t('hints.claim')} />,
      value: formatDuration(t, s.claimMedianMinutes),
      note:
        s.claimP90Minutes === null
          ? undefined
          : t('cards.claimP90', { value: formatDuration(t, s.claimP90Minutes) }),
    },
    {
      key: 'people',
      title: <Defined label={t('cards.people')} hint={t('hints.people')} />,
      value: s.peopleServed,
    },
    { key: 'activities', title: t('cards.activities'), value: s.activitiesHeld },
  ];
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
      {cards.map((c) => (
        <Col key={c.key} xs={12} sm={8} lg={6} xxl={3}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic title={c.title} value={c.value} styles={{ content: { fontSize: 22, ...num } }} />
            {c.note && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c.note}
              </Typography.Text>
            )}
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function VolunteersCard({ f, loading }: { f: FiguresResponse; loading: boolean }) {
  const { t } = useTranslation('volunteerFigures');
  const columns: TableColumnsType<VolunteerRankRow> = [
    { title: t('volunteers.rank'), dataIndex: 'rank', width: 56, align: 'right' },
    { title: t('volunteers.no'), dataIndex: 'volunteerNo', width: 140, ellipsis: true },
    ...(f.names
      ? [{ title: t('volunteers.name'), dataIndex: 'name', width: 84, ellipsis: true } as const]
      : []),
    { title: t('volunteers.community'), dataIndex: 'areaName', ellipsis: true },
    {
      title: t('volunteers.hours'),
      dataIndex: 'hours',
      width: 84,
      align: 'right',
      render: (h: number) => <span style={num}>{formatHours(h)}</span>,
    },
    { title: t('volunteers.records'), dataIndex: 'records', width: 72, align: 'right' },
    { title: t('volunteers.people'), dataIndex: 'peopleServed', width: 84, align: 'right' },
  ];
  return (
    <Card
      size="small"
      title={<Defined label={t('volunteers.title')} hint={t('hints.volunteerHours')} />}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('volunteers.count', { count: f.totals.activeVolunteers })}
        </Typography.Text>
      }
      style={{ height: '100%' }}
    >
      {f.me && (
        <Alert
          type="success"
          icon={<TrophyOutlined />}
          showIcon
          style={{ marginBottom: 8 }}
          title={`${t('volunteers.me')}${t('common:colon')}${f.me.rank} · ${formatHours(f.me.hours)} ${t('cards.hoursUnit')}`}
        />
      )}
      <Table<VolunteerRankRow>
        rowKey="volunteerId"
        size="small"
        columns={columns}
        dataSource={f.volunteers}
        loading={loading}
        pagination={false}
        scroll={{ x: 560 }}
        locale={{ emptyText: t('volunteers.empty') }}
        onRow={(r) => ({
          style: r.volunteerId === f.me?.volunteerId ? { background: '#f6ffed' } : undefined,
        })}
      />
    </Card>
  );
}

function UnitsTable({ rows, street, loading }: { rows: UnitRow[]; street: boolean; loading: boolean }) {
  const { t } = useTranslation('volunteerFigures');
  const byNumber = (k: keyof UnitRow) => (a: UnitRow, b: UnitRow) =>
    ((a[k] as number | null) ?? -1) - ((b[k] as number | null) ?? -1);
  const columns: TableColumnsType<UnitRow> = [
    { title: t('units.rank'), dataIndex: 'rank', width: 80, align: 'right', sorter: byNumber('rank') },
    {
      title: street ? t('units.community') : t('units.street'),
      dataIndex: 'areaName',
      ellipsis: true,
      render: (name: string, u) => (
        <>
          {name}
          {street && u.level === 'street' && (
            <Tag style={{ marginInlineStart: 6 }} variant="outlined">
              {t('units.postsItself')}
            </Tag>
          )}
          {street && u.streetName && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} ellipsis>
              {u.streetName}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: t('units.posted'),
      dataIndex: 'needsPosted',
      width: 84,
      align: 'right',
      sorter: byNumber('needsPosted'),
    },
    {
      title: t('units.fulfilled'),
      dataIndex: 'needsFulfilled',
      width: 96,
      align: 'right',
      sorter: byNumber('needsFulfilled'),
    },
    { title: t('units.expired'), dataIndex: 'needsExpired', width: 84, align: 'right' },
    { title: t('units.cancelled'), dataIndex: 'needsCancelled', width: 90, align: 'right' },
    { title: t('units.open'), dataIndex: 'needsOpen', width: 84, align: 'right' },
    {
      title: <Defined label={t('units.rate')} hint={t('hints.rate')} />,
      dataIndex: 'fulfilmentRate',
      width: 104,
      align: 'right',
      sorter: byNumber('fulfilmentRate'),
      render: (r: number | null) => <span style={num}>{formatRate(r)}</span>,
    },
    {
      title: <Defined label={t('units.claim')} hint={t('hints.claim')} />,
      key: 'claim',
      width: 190,
      align: 'right',
      render: (_: unknown, u) =>
        u.claimMedianMinutes === null
          ? DASH
          : `${formatDuration(t, u.claimMedianMinutes)} / ${formatDuration(t, u.claimP90Minutes)}`,
    },
    {
      title: <Defined label={t('units.people')} hint={t('hints.people')} />,
      dataIndex: 'peopleServed',
      width: 120,
      align: 'right',
      sorter: byNumber('peopleServed'),
    },
    {
      title: <Defined label={t('units.serviceHours')} hint={t('hints.serviceHours')} />,
      dataIndex: 'hours',
      width: 160,
      align: 'right',
      sorter: byNumber('minutes'),
      render: (h: number) => <span style={num}>{formatHours(h)}</span>,
    },
  ];
  return (
    <Table<UnitRow>
      rowKey="areaCode"
      size="small"
      columns={columns}
      dataSource={rows}
      loading={loading}
      scroll={{ x: 1320 }}
      pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
    />
  );
}

function UnitsCard({ f, loading }: { f: FiguresResponse; loading: boolean }) {
  const { t } = useTranslation('volunteerFigures');
  const title = <Defined label={t('units.communities')} hint={t('hints.unitRank')} />;
  if (f.streets.length === 0)
    return (
      <Card size="small" title={title} style={{ marginBottom: 12 }}>
        <UnitsTable rows={f.communities} street loading={loading} />
      </Card>
    );
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Tabs
        size="small"
        items={[
          {
            key: 'streets',
            label: t('units.streets'),
            children: <UnitsTable rows={f.streets} street={false} loading={loading} />,
          },
          {
            key: 'communities',
            label: t('units.communities'),
            children: <UnitsTable rows={f.communities} street loading={loading} />,
          },
        ]}
        tabBarExtraContent={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('hints.unitRank')}
          </Typography.Text>
        }
      />
    </Card>
  );
}

/** The categories as bars of hours, with the needs beside them (no chart library needed). */
function CategoriesCard({ rows }: { rows: CategoryRow[] }) {
  const { t } = useTranslation('volunteerFigures');
  const lang = useLang();
  const max = Math.max(0, ...rows.map((c) => c.minutes));
  const any = rows.some((c) => c.minutes > 0 || c.needsPosted > 0);
  return (
    <Card size="small" title={t('categories.title')} style={{ height: '100%' }}>
      {!any ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('categories.empty')} />
      ) : (
        <Flex vertical gap={6}>
          {rows.map((c) => (
            <div key={c.category}>
              <Flex justify="space-between" gap={8}>
                <Typography.Text strong>{pickLabel(NEED_CATEGORY_LABELS, c.category, lang)}</Typography.Text>
                <Typography.Text style={num}>
                  {t('categories.hours', { hours: formatHours(c.hours) })}
                </Typography.Text>
              </Flex>
              <Progress
                percent={max > 0 ? (c.minutes / max) * 100 : 0}
                showInfo={false}
                size="small"
                strokeColor="#cf1322"
                aria-label={pickLabel(NEED_CATEGORY_LABELS, c.category, lang)}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('categories.needs', {
                  posted: c.needsPosted,
                  fulfilled: c.needsFulfilled,
                  rate: formatRate(c.fulfilmentRate),
                })}
              </Typography.Text>
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
}

/** 志愿服务统计: volunteers by hours and communities by needs, for an area and a period. */
export default function VolunteerFiguresPage() {
  const { t } = useTranslation('volunteerFigures');
  const lang = useLang();
  const { values, update } = useUrlState(URL_KEYS);
  const { area, setArea } = useAreaFilter();
  const preset = isPreset(values.period) ? values.period : 'year';
  const period = presetPeriod(preset, todayInShanghai(), { from: values.from, to: values.to });
  const query = useFigures({ area, ...period, top: TOP });
  const f = query.data;
  const loading = query.isFetching;
  return (
    <>
      <PageHeader
        title={t('title')}
        note={
          f && (
            <Typography.Text type="secondary">
              {t('note', { area: f.area.name, from: f.from, to: f.to })}
            </Typography.Text>
          )
        }
        extra={
          <Tooltip title={t('actions.exportNote')}>
            <a
              href={query.error ? undefined : figuresXlsxUrl({ area, ...period }, lang)}
              download
              aria-disabled={!!query.error}
            >
              <Button icon={<DownloadOutlined />} disabled={!!query.error || !f}>
                {t('actions.export')}
              </Button>
            </a>
          </Tooltip>
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <div style={{ width: 240 }}>
          <AreaSelect
            value={area}
            onChange={(code) => setArea(code)}
            placeholder={t('filters.areaDefault')}
          />
        </div>
        <Segmented
          aria-label={t('filters.period')}
          value={preset}
          options={PERIOD_PRESETS.map((p) => ({ value: p, label: t(`presets.${p}`) }))}
          onChange={(p) =>
            update(
              p === 'custom'
                ? { period: p, ...period }
                : { period: p === 'year' ? undefined : p, from: null, to: null },
            )
          }
        />
        {preset === 'custom' && (
          <DatePicker.RangePicker
            aria-label={t('filters.range')}
            allowClear={false}
            value={[toDay(period.from) ?? null, toDay(period.to) ?? null]}
            onChange={(range) =>
              update({ period: 'custom', from: fromDay(range?.[0]), to: fromDay(range?.[1]) })
            }
          />
        )}
      </Flex>
      {query.error && <FiguresError error={query.error} onRetry={() => void query.refetch()} />}
      {f && (
        <>
          <SummaryCards f={f} />
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={24} xl={15}>
              <VolunteersCard f={f} loading={loading} />
            </Col>
            <Col xs={24} xl={9}>
              <CategoriesCard rows={f.categories} />
            </Col>
          </Row>
          <UnitsCard f={f} loading={loading} />
        </>
      )}
    </>
  );
}
