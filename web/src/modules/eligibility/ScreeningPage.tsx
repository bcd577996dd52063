import { PlayCircleOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Progress,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ScreeningRunView } from '../../../../contracts/api/eligibility.ts';
import { useAreaFilter } from '../../app/area-filter.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime, fromDay, toDay, todayInShanghai } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { AreaScopeTag } from '../areas/AreaScopeTag.tsx';
import { useAreaIndex } from '../areas/api.ts';
import { useLang } from '../funds/money.tsx';
import { useProgrammes, useScreeningRuns, useStartScreening } from './api.ts';
import { programmeName } from './labels.tsx';

const STATUS_COLORS: Record<ScreeningRunView['status'], string> = {
  running: 'blue',
  done: 'green',
  failed: 'red',
};

export function RunStatusTag({ status }: { status: ScreeningRunView['status'] }) {
  const { t } = useTranslation('eligibility');
  return <Tag color={STATUS_COLORS[status]}>{t(`screening.status.${status}`)}</Tag>;
}

/** processed / total as a bar while the run is going, the count once it is over. */
export function RunProgress({ run }: { run: ScreeningRunView }) {
  const { t } = useTranslation('eligibility');
  if (run.status !== 'running')
    return <span>{t('screening.progress', { done: run.processed, total: run.total })}</span>;
  const percent = run.total > 0 ? Math.floor((run.processed * 100) / run.total) : 0;
  return (
    <Progress
      percent={percent}
      size="small"
      status="active"
      format={() => t('screening.progress', { done: run.processed, total: run.total })}
      style={{ margin: 0, minWidth: 180 }}
    />
  );
}

export function useDurationText() {
  const { t } = useTranslation('eligibility');
  return (ms: number | null) => (ms === null ? '—' : t('screening.seconds', { n: (ms / 1000).toFixed(1) }));
}

/** The area a run covered, by name where the tree knows it. */
export function useAreaName() {
  const { index } = useAreaIndex();
  return (code: string) => index.get(code)?.node.name ?? index.get(code.padEnd(12, '0'))?.node.name ?? code;
}

function StartCard() {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const { message } = App.useApp();
  const { area } = useAreaFilter();
  const areaName = useAreaName();
  const programmes = useProgrammes();
  const start = useStartScreening();
  const [asOf, setAsOf] = useState(todayInShanghai);
  const [codes, setCodes] = useState<string[]>([]);
  return (
    <Card size="small" title={t('screening.startTitle')} style={{ marginBottom: 12 }}>
      <Flex gap={16} wrap align="center">
        <span>
          <Typography.Text type="secondary">{t('screening.asOf')} </Typography.Text>
          <DatePicker
            aria-label={t('screening.asOf')}
            allowClear={false}
            value={toDay(asOf)}
            onChange={(d) => d && setAsOf(fromDay(d) ?? asOf)}
            style={{ width: 140 }}
          />
        </span>
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          aria-label={t('screening.programmes')}
          placeholder={t('screening.allProgrammes')}
          style={{ width: 340 }}
          value={codes}
          onChange={setCodes}
          loading={programmes.isLoading}
          options={(programmes.data?.items ?? []).map((p) => ({
            value: p.code,
            label: programmeName(p, lang),
          }))}
          optionFilterProp="label"
        />
        <span>
          <Typography.Text type="secondary">
            {t('screening.area')}
            {t('common:colon')}
          </Typography.Text>
          <Typography.Text strong>{area ? areaName(area) : t('common:areaPicker.all')}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
            {t('screening.areaHint')}
          </Typography.Text>
        </span>
        <Button
          type="primary"
          icon={<PlayCircleOutlined />}
          loading={start.isPending}
          onClick={() =>
            start.mutate(
              { asOf, programmes: codes, areaCode: area },
              {
                onSuccess: () => void message.success(t('screening.started')),
                onError: (e) => void message.error(e.message),
              },
            )
          }
        >
          {t('screening.start')}
        </Button>
      </Flex>
    </Card>
  );
}

/** Screening: run the rules in force over the area's residents, and the runs so far. */
export default function ScreeningPage() {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const navigate = useNavigate();
  const { can } = useAuth();
  const runs = useScreeningRuns();
  const programmes = useProgrammes();
  const areaName = useAreaName();
  const duration = useDurationText();
  const names = new Map((programmes.data?.items ?? []).map((p) => [p.code, programmeName(p, lang)]));
  const columns: TableColumnsType<ScreeningRunView> = [
    {
      title: t('screening.columns.startedAt'),
      dataIndex: 'startedAt',
      width: 170,
      render: (at: string, r) => (
        <Link to={`/screening/${r.id}`} onClick={(e) => e.stopPropagation()}>
          {formatDateTime(at)}
        </Link>
      ),
    },
    { title: t('screening.columns.asOf'), dataIndex: 'asOf', width: 110 },
    {
      title: t('screening.columns.area'),
      dataIndex: 'areaCode',
      width: 140,
      ellipsis: true,
      render: (code: string) => areaName(code),
    },
    {
      title: t('screening.columns.programmes'),
      dataIndex: 'programmes',
      ellipsis: true,
      render: (codes: string[]) =>
        codes.length === 0
          ? t('screening.allProgrammes')
          : codes.length <= 2
            ? codes.map((c) => names.get(c) ?? c).join(t('listSep'))
            : t('screening.programmeCount', { count: codes.length }),
    },
    {
      title: t('screening.columns.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: ScreeningRunView['status']) => <RunStatusTag status={s} />,
    },
    {
      title: t('screening.columns.progress'),
      key: 'progress',
      width: 230,
      render: (_: unknown, r) => <RunProgress run={r} />,
    },
    {
      title: t('screening.columns.duration'),
      dataIndex: 'durationMs',
      width: 90,
      align: 'right',
      render: (ms: number | null) => duration(ms),
    },
    { title: t('screening.columns.startedBy'), dataIndex: 'startedBy', width: 110, ellipsis: true },
  ];
  return (
    <>
      <PageHeader title={t('screening.title')} note={<AreaScopeTag />} />
      {can('screening.run') && <StartCard />}
      <Card size="small" title={t('screening.runs')}>
        {runs.error && <QueryError error={runs.error} onRetry={() => void runs.refetch()} />}
        <Table<ScreeningRunView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={runs.data?.items}
          loading={runs.isLoading}
          pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
          onRow={(r) => ({ onClick: () => navigate(`/screening/${r.id}`), style: { cursor: 'pointer' } })}
          locale={{ emptyText: t('screening.empty') }}
        />
      </Card>
    </>
  );
}
