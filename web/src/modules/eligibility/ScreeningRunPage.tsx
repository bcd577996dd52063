import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Select,
  Table,
  type TableColumnsType,
  Tabs,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import type { screeningCountsSchema } from '../../../../contracts/api/eligibility.ts';
import { formatDateTime } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { PageSpinner } from '../../app/PageSpinner.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { Money, useLang } from '../funds/money.tsx';
import { useProgrammes, useScreeningRun } from './api.ts';
import { programmeName } from './labels.tsx';
import { RunProgress, RunStatusTag, useAreaName, useDurationText } from './ScreeningPage.tsx';

type Counts = z.infer<typeof screeningCountsSchema>;
interface CountsRow extends Counts {
  key: string;
  label: string;
}

const ALL = 'all';

function sumCounts(rows: Counts[]): Counts {
  const out: Counts = {
    screened: 0,
    entitled: 0,
    enrolled: 0,
    entitledNotEnrolled: 0,
    enrolledNotEntitled: 0,
    unknown: 0,
    newItems: 0,
    closedItems: 0,
    monthlyAmount: 0,
  };
  for (const r of rows) for (const k of Object.keys(out) as (keyof Counts)[]) out[k] += r[k];
  return out;
}

/** A programme's figures for the whole area: its 'all' row, else the sum of its streets. */
function totalOf(byStreet: Record<string, Counts>): Counts {
  return byStreet[ALL] ?? sumCounts(Object.entries(byStreet).map(([, c]) => c));
}

function useCountColumns(first: string): TableColumnsType<CountsRow> {
  const { t } = useTranslation('eligibility');
  const num = (
    key: keyof Counts,
    title: string,
    width = 84,
    strong = false,
  ): TableColumnsType<CountsRow>[number] => ({
    title,
    dataIndex: key,
    width,
    align: 'right',
    render: (n: number) => (strong && n > 0 ? <Typography.Text strong>{n}</Typography.Text> : n),
  });
  return [
    { title: first, dataIndex: 'label', ellipsis: true },
    num('screened', t('run.screened'), 90),
    num('entitled', t('run.entitled')),
    num('enrolled', t('run.enrolled')),
    num('entitledNotEnrolled', t('run.entitledNotEnrolled'), 90, true),
    num('enrolledNotEntitled', t('run.enrolledNotEntitled'), 84, true),
    num('unknown', t('run.unknown'), 84),
    num('newItems', t('run.newItems'), 84),
    num('closedItems', t('run.closedItems'), 84),
    {
      title: t('run.monthlyAmount'),
      dataIndex: 'monthlyAmount',
      width: 140,
      align: 'right',
      render: (v: number) => <Money value={Math.round(v)} />,
    },
  ];
}

function StreetTable({ byStreet }: { byStreet: Record<string, Counts> }) {
  const { t } = useTranslation('eligibility');
  const areaName = useAreaName();
  const columns = useCountColumns(t('run.street'));
  const rows: CountsRow[] = Object.entries(byStreet)
    .filter(([code]) => code !== ALL)
    .map(([code, c]) => ({ ...c, key: code, label: areaName(code) }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return (
    <Table<CountsRow>
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: t('run.noCounts') }}
    />
  );
}

/** One screening run: how many residents each programme found, by programme and by street. */
export default function ScreeningRunPage() {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const query = useScreeningRun(id);
  const programmes = useProgrammes();
  const areaName = useAreaName();
  const duration = useDurationText();
  const columns = useCountColumns(t('run.programme'));
  const [tab, setTab] = useState('programme');
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const run = query.data;
  const names = new Map((programmes.data?.items ?? []).map((p) => [p.code, programmeName(p, lang)]));
  const codes = run ? Object.keys(run.counts) : [];
  const rows: CountsRow[] = run
    ? codes.map((code) => ({ ...totalOf(run.counts[code] ?? {}), key: code, label: names.get(code) ?? code }))
    : [];
  const streetProgramme = chosen && codes.includes(chosen) ? chosen : codes[0];
  return (
    <>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        style={{ paddingInline: 0, marginBottom: 4 }}
        onClick={() => navigate('/screening')}
      >
        {t('run.back')}
      </Button>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {!run && query.isLoading && <PageSpinner />}
      {run && (
        <>
          <PageHeader
            title={t('run.title', { asOf: run.asOf })}
            note={<RunStatusTag status={run.status} />}
          />
          <Card size="small" style={{ marginBottom: 12 }}>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'area', label: t('screening.columns.area'), children: areaName(run.areaCode) },
                { key: 'by', label: t('screening.columns.startedBy'), children: run.startedBy },
                {
                  key: 'at',
                  label: t('screening.columns.startedAt'),
                  children: formatDateTime(run.startedAt),
                },
                {
                  key: 'progress',
                  label: t('screening.columns.progress'),
                  children: <RunProgress run={run} />,
                },
                {
                  key: 'duration',
                  label: t('screening.columns.duration'),
                  children: duration(run.durationMs),
                },
                { key: 'asOf', label: t('screening.columns.asOf'), children: run.asOf },
                {
                  key: 'programmes',
                  label: t('screening.columns.programmes'),
                  span: 3,
                  children:
                    run.programmes.length === 0
                      ? t('screening.allProgrammes')
                      : run.programmes.map((c) => names.get(c) ?? c).join(t('listSep')),
                },
              ]}
            />
            {run.error && (
              <Alert
                type="error"
                showIcon
                style={{ marginTop: 8 }}
                title={`${t('run.error')}${t('common:colon')}${run.error}`}
              />
            )}
          </Card>
          <Card size="small">
            {codes.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('run.noCounts')} />
            ) : (
              <Tabs
                size="small"
                activeKey={tab}
                onChange={setTab}
                items={[
                  {
                    key: 'programme',
                    label: t('run.byProgramme'),
                    children: (
                      <>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('run.expandHint')}
                        </Typography.Text>
                        <Table<CountsRow>
                          size="small"
                          columns={columns}
                          dataSource={rows}
                          pagination={false}
                          expandable={{
                            expandedRowRender: (r) => <StreetTable byStreet={run.counts[r.key] ?? {}} />,
                          }}
                        />
                      </>
                    ),
                  },
                  {
                    key: 'street',
                    label: t('run.byStreet'),
                    children: (
                      <>
                        <Select
                          aria-label={t('run.programme')}
                          value={streetProgramme}
                          onChange={setChosen}
                          style={{ width: 260, marginBottom: 8 }}
                          options={codes.map((c) => ({ value: c, label: names.get(c) ?? c }))}
                        />
                        {streetProgramme && <StreetTable byStreet={run.counts[streetProgramme] ?? {}} />}
                      </>
                    ),
                  },
                ]}
              />
            )}
          </Card>
        </>
      )}
    </>
  );
}
