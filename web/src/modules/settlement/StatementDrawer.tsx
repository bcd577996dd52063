import { CheckCircleOutlined, DownloadOutlined, PayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Flex,
  Popconfirm,
  Row,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  LINE_KIND_LABELS,
  type LineKind,
  type StatementLineView,
  type StatementStatus,
  type StatementView,
} from '../../../../contracts/api/settlement.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../app/format.ts';
import { PageSpinner } from '../../app/PageSpinner.tsx';
import { usePagination } from '../../app/pagination.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { formatMoney, Money, MoneyStat, pickLabel, useLang } from '../funds/money.tsx';
import { statementXlsxUrl, useStatement, useStatementAction } from './api.ts';

const LINES_PAGE = 50;
const STATUS_COLORS: Record<StatementStatus, string | undefined> = {
  draft: 'gold',
  approved: 'blue',
  paid: 'green',
};

export function StatementStatusTag({ status }: { status: StatementStatus }) {
  const { t } = useTranslation('settlement');
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`statuses.${status}`)}
    </Tag>
  );
}

/** Recompute, approve and pay, as the statement's state allows (district staff). */
function StatementActions({ s }: { s: StatementView }) {
  const { t } = useTranslation('settlement');
  const { message } = App.useApp();
  const lang = useLang();
  const recompute = useStatementAction(s.id, 'recompute');
  const approve = useStatementAction(s.id, 'approve');
  const pay = useStatementAction(s.id, 'pay');
  const onError = (e: Error) => message.error(e.message);
  const total = formatMoney(s.totalFen, 'fen', lang);
  return (
    <Space wrap>
      {s.status === 'draft' && (
        <>
          <Button
            icon={<ReloadOutlined />}
            loading={recompute.isPending}
            onClick={() =>
              recompute.mutate(s.version, {
                onSuccess: () => message.success(t('actions.recomputed')),
                onError,
              })
            }
          >
            {t('actions.recompute')}
          </Button>
          <Popconfirm
            title={t('actions.approveTitle')}
            description={t('actions.approveNote', { org: s.orgName, total })}
            okText={t('actions.approve')}
            cancelText={t('common:actions.cancel')}
            onConfirm={() =>
              approve.mutate(s.version, { onSuccess: () => message.success(t('actions.approved')), onError })
            }
          >
            <Button type="primary" icon={<CheckCircleOutlined />} loading={approve.isPending}>
              {t('actions.approve')}
            </Button>
          </Popconfirm>
        </>
      )}
      {s.status === 'approved' && (
        <Popconfirm
          title={t('actions.payTitle')}
          description={t('actions.payNote', { org: s.orgName, total })}
          okText={t('actions.pay')}
          cancelText={t('common:actions.cancel')}
          onConfirm={() =>
            pay.mutate(s.version, { onSuccess: () => message.success(t('actions.paid')), onError })
          }
        >
          <Button type="primary" icon={<PayCircleOutlined />} loading={pay.isPending}>
            {t('actions.pay')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

export function StatementDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation('settlement');
  const { can } = useAuth();
  const lang = useLang();
  const [page, setPage] = useState(1);
  const query = useStatement(id, page, LINES_PAGE);
  const s = query.data?.statement;
  const lines = query.data?.lines;
  const pagination = usePagination(lines, page, LINES_PAGE, setPage);
  const columns: TableColumnsType<StatementLineView> = [
    {
      title: t('lines.at'),
      dataIndex: 'at',
      width: 140,
      render: (at: string) => formatDateTime(at).slice(0, 16),
    },
    {
      title: t('lines.kind'),
      dataIndex: 'kind',
      width: 100,
      render: (k: LineKind) => (
        <Tag color={k === 'reversal' ? 'red' : undefined}>{pickLabel(LINE_KIND_LABELS, k, lang)}</Tag>
      ),
    },
    { title: t('lines.description'), dataIndex: 'description', ellipsis: true },
    {
      title: t('lines.copay'),
      dataIndex: 'copayFen',
      width: 110,
      align: 'right',
      render: (v: number) => <Money value={v} style={{ color: '#8c8c8c' }} />,
    },
    {
      title: t('lines.amount'),
      dataIndex: 'amountFen',
      width: 120,
      align: 'right',
      render: (v: number) => <Money value={v} strong />,
    },
  ];
  return (
    <Drawer
      open
      size={1000}
      onClose={onClose}
      title={
        s ? (
          <Space>
            {s.orgName}
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {t('detail.month', { month: s.month })}
            </Typography.Text>
            <StatementStatusTag status={s.status} />
          </Space>
        ) : (
          t('detail.title')
        )
      }
      extra={
        s && (
          <a href={statementXlsxUrl(s.id, lang)} download>
            <Button icon={<DownloadOutlined />}>{t('actions.export')}</Button>
          </a>
        )
      }
    >
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {!s && query.isLoading && <PageSpinner />}
      {s && (
        <>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Flex justify="space-between" align="center" wrap gap={12}>
              <MoneyStat title={t('detail.total')} value={s.totalFen} />
              {can('settlement.approve') && <StatementActions s={s} />}
            </Flex>
          </Card>
          <Row gutter={12} style={{ marginBottom: 12 }}>
            <Col span={12}>
              <Descriptions
                size="small"
                bordered
                column={1}
                items={[
                  {
                    key: 'orders',
                    label: t('detail.orders', { count: s.ordersCount }),
                    children: <Money value={s.ordersCreditsFen} strong />,
                  },
                  {
                    key: 'meals',
                    label: t('detail.meals', { count: s.mealsCount }),
                    children: <Money value={s.mealsSubsidyFen} strong />,
                  },
                  {
                    key: 'adjust',
                    label: t('detail.adjustments'),
                    children: <Money value={s.adjustmentsFen} />,
                  },
                  {
                    key: 'copay',
                    label: t('detail.copay'),
                    children: (
                      <Typography.Text type="secondary">
                        {t('detail.copayValue', {
                          orders: formatMoney(s.ordersCopayFen, 'fen', lang),
                          meals: formatMoney(s.mealsPaidFen, 'fen', lang),
                        })}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
            </Col>
            <Col span={12}>
              <Descriptions
                size="small"
                bordered
                column={1}
                items={[
                  { key: 'area', label: t('columns.area'), children: s.areaName },
                  { key: 'computed', label: t('detail.computedAt'), children: formatDateTime(s.computedAt) },
                  {
                    key: 'approved',
                    label: t('detail.approved'),
                    children: s.approvedAt
                      ? `${s.approvedByName ?? ''} ${formatDateTime(s.approvedAt)}`
                      : '—',
                  },
                  {
                    key: 'paid',
                    label: t('detail.paidAt'),
                    children: s.paidAt ? formatDateTime(s.paidAt) : '—',
                  },
                ]}
              />
            </Col>
          </Row>
          <Table<StatementLineView>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={lines?.items}
            loading={query.isFetching}
            locale={{ emptyText: t('lines.empty') }}
            pagination={pagination}
          />
        </>
      )}
    </Drawer>
  );
}
