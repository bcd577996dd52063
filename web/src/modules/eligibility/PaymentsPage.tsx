import { PlayCircleOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Flex,
  Progress,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { Money, useLang } from '../funds/money.tsx';
import { addMonths, MonthPicker, thisMonth } from '../funds/months.tsx';
import {
  type BenefitBatchView,
  useBenefitBatches,
  usePayableProgrammes,
  useStartBenefitBatch,
} from './api.ts';
import { programmeName } from './labels.tsx';

const STATUS_COLORS: Record<BenefitBatchView['status'], string> = {
  running: 'blue',
  done: 'green',
  failed: 'red',
};

/**
 * processed / total, with a bar above it while the run is going. The bar takes the column's
 * width and the count sits under it, so the column stays narrow and the amount keeps its room.
 */
function BatchProgress({ batch }: { batch: BenefitBatchView }) {
  const { t } = useTranslation('eligibility');
  const text = t('payments.progress', { done: batch.processed, total: batch.total });
  if (batch.status !== 'running') return <span>{text}</span>;
  const percent = batch.total > 0 ? Math.floor((batch.processed * 100) / batch.total) : 0;
  return (
    <div>
      <Progress percent={percent} size="small" status="active" showInfo={false} style={{ margin: 0 }} />
      <span>{text}</span>
    </div>
  );
}

function StartCard() {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const { message } = App.useApp();
  // The last full month by default: the current one is paid once it has begun, but usually
  // the district pays a month when it is over.
  const [month, setMonth] = useState(() => addMonths(thisMonth(), -1));
  const [programme, setProgramme] = useState('all');
  const payable = usePayableProgrammes(month);
  const start = useStartBenefitBatch();
  const options = [
    { value: 'all', label: t('payments.all') },
    ...(payable.data?.items ?? []).map((p) => ({
      value: p.code,
      label: `${programmeName(p, lang)} · ${t(`payments.period.${p.period}`)}`,
    })),
  ];
  return (
    <Card size="small" title={t('payments.startTitle')} style={{ marginBottom: 12 }}>
      <Flex gap={16} wrap align="center">
        <span>
          <Typography.Text type="secondary">{t('payments.month')} </Typography.Text>
          <MonthPicker
            aria-label={t('payments.month')}
            value={month}
            maxMonth={thisMonth()}
            onChange={(m) => m && setMonth(m)}
          />
        </span>
        <Select
          aria-label={t('payments.programme')}
          style={{ width: 320 }}
          value={options.some((o) => o.value === programme) ? programme : 'all'}
          onChange={setProgramme}
          loading={payable.isLoading}
          options={options}
          optionFilterProp="label"
          showSearch
        />
        <Button
          type="primary"
          icon={<PlayCircleOutlined />}
          loading={start.isPending}
          onClick={() =>
            start.mutate(
              { programme, month },
              {
                onSuccess: (r) =>
                  void (r.items.length === 0
                    ? message.info(t('payments.nothing', { month }))
                    : message.success(t('payments.started', { count: r.items.length }))),
                onError: (e) => void message.error(e.message),
              },
            )
          }
        >
          {t('payments.start')}
        </Button>
      </Flex>
    </Card>
  );
}

/** 待遇发放: pay a month of the recurring benefits, and the runs so far (ADR 0020). */
export default function PaymentsPage() {
  const { t } = useTranslation('eligibility');
  const [page, setPage] = useState(1);
  const batches = useBenefitBatches({ page, pageSize: 20 });
  // The widths add up to about 1,020 px, which fits the content area of a 1366 px window beside
  // the open menu: every column, the amount included, shows without scrolling. Long programme names
  // end in an ellipsis (the whole name on hover), the count headers wrap, and a narrower window
  // scrolls the table sideways, the amount still ahead of the start time.
  const columns: TableColumnsType<BenefitBatchView> = [
    {
      title: t('payments.columns.programme'),
      dataIndex: 'programmeName',
      width: 170,
      ellipsis: { showTitle: false },
      render: (name: string, b) => {
        const period = t(`payments.period.${b.period}`);
        return (
          <Tooltip placement="topLeft" title={`${name} ${period}`}>
            <span>
              {name}{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {period}
              </Typography.Text>
            </span>
          </Tooltip>
        );
      },
    },
    { title: t('payments.columns.month'), dataIndex: 'month', width: 80 },
    {
      title: t('payments.columns.status'),
      dataIndex: 'status',
      width: 84,
      render: (s: BenefitBatchView['status'], b) => {
        const tag = <Tag color={STATUS_COLORS[s]}>{t(`payments.status.${s}`)}</Tag>;
        return b.report.error ? (
          <Tooltip title={t('payments.error', { error: b.report.error })}>{tag}</Tooltip>
        ) : (
          tag
        );
      },
    },
    {
      title: t('payments.columns.progress'),
      key: 'progress',
      width: 140,
      render: (_: unknown, b) => <BatchProgress batch={b} />,
    },
    {
      title: t('payments.columns.paidNow'),
      key: 'paidNow',
      width: 86,
      align: 'right',
      render: (_: unknown, b) => b.report.postedNow,
    },
    {
      title: t('payments.columns.paidBefore'),
      key: 'paidBefore',
      width: 86,
      align: 'right',
      render: (_: unknown, b) => b.report.alreadyDone,
    },
    {
      title: t('payments.columns.skipped'),
      key: 'skipped',
      width: 86,
      align: 'right',
      render: (_: unknown, b) => b.report.skipped,
    },
    {
      title: t('payments.columns.amount'),
      key: 'amount',
      width: 140,
      align: 'right',
      render: (_: unknown, b) => <Money value={b.report.amountNow} />,
    },
    {
      title: t('payments.columns.startedAt'),
      dataIndex: 'startedAt',
      width: 150,
      render: (at: string) => formatDateTime(at),
    },
  ];
  return (
    <>
      <PageHeader title={t('payments.title')} />
      <Typography.Paragraph type="secondary">{t('payments.note')}</Typography.Paragraph>
      <StartCard />
      <Card size="small" title={t('payments.batches')}>
        {batches.error && <QueryError error={batches.error} onRetry={() => void batches.refetch()} />}
        <Table<BenefitBatchView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={batches.data?.items}
          loading={batches.isLoading}
          pagination={{
            current: page,
            pageSize: 20,
            total: batches.data?.total ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: setPage,
          }}
          scroll={{ x: columns.reduce((n, c) => n + Number(c.width ?? 0), 0) }}
          locale={{ emptyText: t('payments.empty') }}
        />
      </Card>
    </>
  );
}
