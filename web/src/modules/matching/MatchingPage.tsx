import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Popconfirm,
  Select,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ProposalDetail, ProposalItem, ProposalSummary } from '../../../../contracts/api/matching.ts';
import { NEED_CATEGORIES, NEED_CATEGORY_LABELS } from '../../../../contracts/api/needs.ts';
import { formatDateTime } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import {
  type ProposalParams,
  useCreateProposal,
  useDecideProposal,
  useProposal,
  useProposals,
} from './api.ts';
import { ReasonTags } from './ReasonTags.tsx';

const PAGE_SIZE = 50;
const URL_KEYS = ['area', 'proposal', 'community', 'category'] as const;
/** A proposal that takes longer than this shows a spinner with a word on what is happening. */
const SPINNER_AFTER_MS = 2000;

const STATUS_COLORS = { proposed: 'gold', accepted: 'green', discarded: 'default' } as const;

function StatusTag({ status }: { status: ProposalSummary['status'] }) {
  const { t } = useTranslation('matching');
  return <Tag color={STATUS_COLORS[status]}>{t(`proposal.statuses.${status}`)}</Tag>;
}

/** Cost and lower bound, with 最优 when they are equal (the solver's certificate). */
function Optimality({ p }: { p: ProposalSummary }) {
  const { t } = useTranslation('matching');
  if (p.optimal)
    return (
      <Tooltip title={t('proposal.optimalHint')}>
        <Tag color="green">{t('proposal.optimal')}</Tag>
      </Tooltip>
    );
  const pct = p.lowerBound > 0 ? (((p.cost - p.lowerBound) / p.lowerBound) * 100).toFixed(2) : '0';
  return <Tag color="blue">{t('proposal.gap', { pct })}</Tag>;
}

function Summary({ p }: { p: ProposalDetail }) {
  const { t } = useTranslation('matching');
  const { message } = App.useApp();
  const decide = useDecideProposal(p.id);
  const n = (v: number) => v.toLocaleString();
  return (
    <Card
      size="small"
      title={
        <Space>
          {t('proposal.title')}
          <StatusTag status={p.status} />
        </Space>
      }
      extra={
        p.status === 'proposed' && (
          <Space wrap>
            <Popconfirm
              title={t('proposal.acceptConfirm', { count: p.assignedSeats })}
              onConfirm={() =>
                decide.accept.mutate(undefined, {
                  onSuccess: (r) =>
                    void message.success(
                      r.skippedNeedIds.length
                        ? t('proposal.acceptedSkipped', {
                            count: r.invited,
                            skipped: r.skippedNeedIds.length,
                          })
                        : t('proposal.accepted', { count: r.invited }),
                    ),
                  onError: (e) => void message.error(e.message),
                })
              }
            >
              <Button type="primary" loading={decide.accept.isPending} disabled={p.assignedSeats === 0}>
                {t('proposal.accept')}
              </Button>
            </Popconfirm>
            <Popconfirm
              title={t('proposal.discardConfirm')}
              onConfirm={() =>
                decide.discard.mutate(undefined, {
                  onSuccess: () => void message.success(t('proposal.discarded')),
                  onError: (e) => void message.error(e.message),
                })
              }
            >
              <Button loading={decide.discard.isPending}>{t('proposal.discard')}</Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
        <Descriptions.Item label={t('proposal.area')}>{p.areaName}</Descriptions.Item>
        <Descriptions.Item label={t('proposal.needs')}>{n(p.needCount)}</Descriptions.Item>
        <Descriptions.Item label={t('proposal.seats')}>{n(p.seatCount)}</Descriptions.Item>
        <Descriptions.Item label={t('proposal.assigned')}>{n(p.assignedSeats)}</Descriptions.Item>
        <Descriptions.Item label={t('proposal.unfilled')}>
          {n(p.seatCount - p.assignedSeats)}
        </Descriptions.Item>
        <Descriptions.Item label={t('proposal.cost')}>
          <Tooltip title={t('proposal.unfilledPenalty', { penalty: n(p.unfilledPenalty) })}>
            <span className="ms-mono">{n(p.cost)}</span>
          </Tooltip>
        </Descriptions.Item>
        <Descriptions.Item label={t('proposal.lowerBound')}>
          <Space size={6}>
            <span className="ms-mono">{n(p.lowerBound)}</span>
            <Optimality p={p} />
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('proposal.solveMs')}>
          {t('proposal.ms', { ms: n(p.solveMs) })}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Items({
  p,
  params,
  onPage,
  loading,
}: {
  p: ProposalDetail;
  params: ProposalParams;
  onPage: (page: number) => void;
  loading: boolean;
}) {
  const { t, i18n } = useTranslation('matching');
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const category = (c: string) => NEED_CATEGORY_LABELS[c as keyof typeof NEED_CATEGORY_LABELS]?.[lang] ?? c;
  const columns: TableColumnsType<ProposalItem> = [
    {
      title: t('columns.need'),
      key: 'need',
      width: 220,
      render: (_, i) => (
        <Flex vertical>
          <Link to={`/needs/${i.needId}`}>{i.needTitle}</Link>
          <Typography.Text type="secondary" className="ms-mono" style={{ fontSize: 12 }}>
            {i.needNo} · {category(i.category)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('columns.startsAt'),
      key: 'startsAt',
      width: 130,
      render: (_, i) => <span className="ms-mono">{formatDateTime(i.startsAt).slice(0, 16)}</span>,
    },
    { title: t('columns.community'), dataIndex: 'needAreaName', width: 120 },
    {
      title: t('columns.volunteer'),
      key: 'volunteer',
      width: 130,
      render: (_, i) => (
        <Flex vertical>
          <span>{i.volunteerName || i.volunteerNo}</span>
          <Typography.Text type="secondary" className="ms-mono" style={{ fontSize: 12 }}>
            {i.volunteerNo}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('columns.cost'), dataIndex: 'cost', width: 70, align: 'right', className: 'ms-mono' },
    { title: t('columns.reasons'), key: 'reasons', render: (_, i) => <ReasonTags reasons={i.reasons} /> },
  ];
  return (
    <Table<ProposalItem>
      size="small"
      rowKey={(i) => `${i.needId}:${i.volunteerId}`}
      loading={loading}
      columns={columns}
      dataSource={p.items}
      scroll={{ x: 900 }}
      pagination={{
        current: params.page ?? 1,
        pageSize: PAGE_SIZE,
        total: p.total,
        showSizeChanger: false,
        onChange: onPage,
      }}
    />
  );
}

function Unfilled({ p }: { p: ProposalDetail }) {
  const { t } = useTranslation('matching');
  if (p.status !== 'proposed' || p.unfilledNeeds === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      message={t('proposal.unfilledTitle', { count: p.unfilledNeeds })}
      description={
        <Space size={[8, 4]} wrap>
          {p.unfilled.map((u) => (
            <Link key={u.needId} to={`/needs/${u.needId}`}>
              {u.needTitle}
              {t('proposal.unfilledSeats', { count: u.seats })}
            </Link>
          ))}
        </Space>
      }
    />
  );
}

function Recent({
  area,
  onOpen,
  current,
}: {
  area?: string;
  onOpen: (id: string) => void;
  current?: string;
}) {
  const { t } = useTranslation('matching');
  const query = useProposals(area);
  const columns: TableColumnsType<ProposalSummary> = [
    {
      title: t('columns.createdAt'),
      key: 'createdAt',
      width: 140,
      render: (_, p) => <span className="ms-mono">{formatDateTime(p.createdAt).slice(0, 16)}</span>,
    },
    { title: t('columns.area'), dataIndex: 'areaName', width: 140 },
    {
      title: t('proposal.assigned'),
      key: 'assigned',
      width: 110,
      render: (_, p) => `${p.assignedSeats}/${p.seatCount}`,
    },
    {
      title: t('proposal.cost'),
      key: 'cost',
      width: 160,
      render: (_, p) => (
        <Space size={6}>
          <span className="ms-mono">{p.cost.toLocaleString()}</span>
          {p.optimal && <Tag color="green">{t('proposal.optimal')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('columns.status'),
      key: 'status',
      width: 90,
      render: (_, p) => <StatusTag status={p.status} />,
    },
    {
      key: 'open',
      width: 70,
      render: (_, p) =>
        p.id === current ? null : (
          <Button size="small" type="link" onClick={() => onOpen(p.id)}>
            {t('page.open')}
          </Button>
        ),
    },
  ];
  if (query.error) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Table<ProposalSummary>
      size="small"
      rowKey="id"
      loading={query.isLoading}
      columns={columns}
      dataSource={query.data?.items ?? []}
      pagination={false}
      scroll={{ x: 700 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('page.noRecent')} /> }}
    />
  );
}

/** /matching: choose an area, propose assignments for its open needs, review, accept. */
export default function MatchingPage() {
  const { t, i18n } = useTranslation('matching');
  const { message } = App.useApp();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { values, page, update } = useUrlState(URL_KEYS);
  const create = useCreateProposal();
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!create.isPending) return setSlow(false);
    const timer = setTimeout(() => setSlow(true), SPINNER_AFTER_MS);
    return () => clearTimeout(timer);
  }, [create.isPending]);
  const params: ProposalParams = {
    page,
    pageSize: PAGE_SIZE,
    area: values.community,
    category: values.category,
  };
  const proposal = useProposal(values.proposal, params);
  const run = () =>
    values.area &&
    create.mutate(
      { areaCode: values.area },
      {
        onSuccess: (p) => {
          void message.success(t('page.created'));
          update({ proposal: p.id, community: undefined, category: undefined });
        },
        onError: (e) => void message.error(e.message),
      },
    );
  return (
    <>
      <PageHeader
        title={t('page.title')}
        note={<Typography.Text type="secondary">{t('page.note')}</Typography.Text>}
      />
      <Flex vertical gap={12}>
        <Card size="small">
          <Flex gap={12} wrap align="center">
            <Typography.Text>{t('page.area')}</Typography.Text>
            <div style={{ width: 260 }}>
              <AreaSelect
                value={values.area}
                onChange={(area) => update({ area })}
                levels={['district', 'street', 'community', 'village']}
                placeholder={t('page.areaPlaceholder')}
              />
            </div>
            <Button type="primary" disabled={!values.area} loading={create.isPending} onClick={run}>
              {t('page.run')}
            </Button>
          </Flex>
          {slow && (
            <Flex gap={8} align="center" style={{ marginTop: 12 }}>
              <Spin size="small" />
              <Typography.Text type="secondary">{t('page.running')}</Typography.Text>
            </Flex>
          )}
        </Card>
        {values.proposal &&
          (proposal.error ? (
            <QueryError error={proposal.error} onRetry={() => void proposal.refetch()} />
          ) : proposal.data ? (
            <>
              <Summary p={proposal.data} />
              <Unfilled p={proposal.data} />
              <Card size="small">
                <Flex gap={12} wrap style={{ marginBottom: 12 }}>
                  <div style={{ width: 220 }}>
                    <AreaSelect
                      value={values.community}
                      onChange={(community) => update({ community })}
                      placeholder={t('proposal.filterArea')}
                    />
                  </div>
                  <Select
                    allowClear
                    style={{ width: 160 }}
                    placeholder={t('proposal.filterCategory')}
                    value={values.category}
                    onChange={(category) => update({ category })}
                    options={NEED_CATEGORIES.map((c) => ({ value: c, label: NEED_CATEGORY_LABELS[c][lang] }))}
                  />
                </Flex>
                <Items
                  p={proposal.data}
                  params={params}
                  loading={proposal.isFetching}
                  onPage={(p) => update({ page: p })}
                />
              </Card>
            </>
          ) : (
            <Card size="small" loading />
          ))}
        <Card size="small" title={t('page.recent')}>
          <Recent area={values.area} current={values.proposal} onOpen={(id) => update({ proposal: id })} />
        </Card>
      </Flex>
    </>
  );
}
