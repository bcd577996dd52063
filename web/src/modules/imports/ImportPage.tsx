import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Flex,
  Progress,
  Radio,
  Result,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportDuplicateView, ImportIssueView } from '../../../../contracts/api/imports.ts';
import { ApiError } from '../../app/api.ts';
import { formatDateTime } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import {
  type DuplicateAction,
  type ImportSummary,
  type ImportView,
  useCommitImport,
  useImport,
  useRecentImports,
  useUploadImport,
} from './api.ts';

const STATUS_COLOR: Record<ImportSummary['status'], string> = {
  validating: 'processing',
  validated: 'warning',
  invalid: 'error',
  committed: 'success',
  failed: 'error',
};

/** An error from the upload or the commit: its translated message and, for headers, every issue. */
function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <Alert
      type="error"
      showIcon
      title={title ?? message}
      description={
        title || issues.length > 1 ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {title && <li>{message}</li>}
            {issues.length > 1 &&
              issues.map((i) => (
                <li key={`${i.code}-${String(i.params?.column ?? i.field)}`}>{i.message}</li>
              ))}
          </ul>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}

function IssuesTable({ view }: { view: ImportView }) {
  const { t } = useTranslation('imports');
  const issues = view.report?.issues ?? [];
  const columns: TableColumnsType<ImportIssueView> = [
    { title: t('report.columns.line'), dataIndex: 'line', width: 80 },
    { title: t('report.columns.column'), dataIndex: 'columnLabel', width: 140 },
    {
      title: t('report.columns.value'),
      dataIndex: 'value',
      width: 220,
      ellipsis: true,
      render: (v: string) => <span className="ms-mono">{v || '—'}</span>,
    },
    { title: t('report.columns.reason'), dataIndex: 'message' },
  ];
  return (
    <>
      <Alert
        type="error"
        showIcon
        title={t('report.bad', { rows: view.badRows })}
        description={t('report.badNote')}
        style={{ marginBottom: 12 }}
      />
      <Table
        rowKey={(i) => `${i.line}-${i.column}-${i.code}`}
        size="small"
        columns={columns}
        dataSource={issues}
        pagination={issues.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      />
      {view.report?.issuesTruncated && (
        <Typography.Text type="secondary">{t('report.truncated', { shown: issues.length })}</Typography.Text>
      )}
    </>
  );
}

function DuplicatesCard({
  view,
  action,
  onAction,
}: {
  view: ImportView;
  action: DuplicateAction;
  onAction: (a: DuplicateAction) => void;
}) {
  const { t } = useTranslation('imports');
  const rows = view.report?.duplicates ?? [];
  const columns: TableColumnsType<ImportDuplicateView> = [
    { title: t('duplicates.columns.line'), dataIndex: 'line', width: 80 },
    { title: t('duplicates.columns.name'), dataIndex: 'name', width: 140 },
    {
      title: t('duplicates.columns.idMasked'),
      dataIndex: 'idMasked',
      width: 200,
      render: (v: string) => <span className="ms-mono">{v}</span>,
    },
    {
      title: t('duplicates.columns.area'),
      dataIndex: 'areaName',
      render: (name: string, d) => (
        <>
          {name} {!d.inScope && <Tag color="default">{t('duplicates.outOfScope')}</Tag>}
        </>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('duplicates.title', { rows: view.duplicateRows })}
      style={{ marginBottom: 16 }}
    >
      <Flex align="center" gap={12} wrap style={{ marginBottom: 8 }}>
        <span>{t('duplicates.choose')}</span>
        <Radio.Group
          optionType="button"
          value={action}
          onChange={(e) => onAction(e.target.value as DuplicateAction)}
          options={[
            { value: 'skip', label: t('duplicates.skip') },
            { value: 'update', label: t('duplicates.update') },
          ]}
        />
        <Typography.Text type="secondary">
          {action === 'update' ? t('duplicates.updateNote') : t('duplicates.skipNote')}
        </Typography.Text>
      </Flex>
      <Table
        rowKey="line"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      />
      {view.report?.duplicatesTruncated && (
        <Typography.Text type="secondary">
          {t('duplicates.truncated', { shown: rows.length })}
        </Typography.Text>
      )}
    </Card>
  );
}

function ImportReport({ view, onReset }: { view: ImportView; onReset: () => void }) {
  const { t } = useTranslation('imports');
  const [action, setAction] = useState<DuplicateAction>('skip');
  const commit = useCommitImport();

  if (view.status === 'validating') {
    const percent = view.totalRows ? Math.floor((view.processedRows * 100) / view.totalRows) : 0;
    return (
      <Card size="small" title={`${t('progress.validating')} · ${view.fileName}`}>
        <Progress percent={percent} status="active" />
        <Typography.Text type="secondary">
          {t('progress.counter', { done: view.processedRows, total: view.totalRows })}
        </Typography.Text>
      </Card>
    );
  }
  if (view.status === 'committed')
    return (
      <Result
        status="success"
        title={t('result.title')}
        subTitle={t('result.summary', {
          inserted: view.insertedRows,
          updated: view.updatedRows,
          skipped: view.skippedRows,
        })}
        extra={
          <Button type="primary" onClick={onReset}>
            {t('again')}
          </Button>
        }
      />
    );
  if (view.status === 'failed')
    return (
      <>
        <Alert
          type="error"
          showIcon
          title={t('failed')}
          description={view.error?.message}
          style={{ marginBottom: 16 }}
        />
        <Button onClick={onReset}>{t('again')}</Button>
      </>
    );
  if (view.status === 'invalid')
    return (
      <>
        <IssuesTable view={view} />
        <Button style={{ marginTop: 12 }} onClick={onReset}>
          {t('again')}
        </Button>
      </>
    );
  // validated: a clean file waiting for the user's confirmation
  return (
    <Spin spinning={commit.isPending} description={t('progress.committing')}>
      <Alert
        type="success"
        showIcon
        title={t('report.clean', { total: view.totalRows })}
        description={t('report.cleanNote')}
        style={{ marginBottom: 16 }}
      />
      {view.duplicateRows > 0 && <DuplicatesCard view={view} action={action} onAction={setAction} />}
      {commit.isError && <ErrorAlert error={commit.error} />}
      <Flex gap={8}>
        <Button
          type="primary"
          disabled={!view.canCommit || view.badRows > 0}
          loading={commit.isPending}
          onClick={() => commit.mutate({ id: view.id, onDuplicate: action })}
        >
          {t('commit')}
        </Button>
        <Button onClick={onReset} disabled={commit.isPending}>
          {t('again')}
        </Button>
      </Flex>
    </Spin>
  );
}

function RecentImports({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation('imports');
  const query = useRecentImports();
  const columns: TableColumnsType<ImportSummary> = [
    {
      title: t('recent.columns.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
    { title: t('recent.columns.fileName'), dataIndex: 'fileName', ellipsis: true },
    {
      title: t('recent.columns.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: ImportSummary['status']) => <Tag color={STATUS_COLOR[s]}>{t(`status.${s}`)}</Tag>,
    },
    { title: t('recent.columns.rows'), dataIndex: 'totalRows', width: 90 },
    {
      title: t('recent.columns.result'),
      key: 'result',
      width: 150,
      render: (_: unknown, r) =>
        r.status === 'committed' ? `${r.insertedRows} / ${r.updatedRows} / ${r.skippedRows}` : '—',
    },
    {
      key: 'open',
      width: 80,
      render: (_: unknown, r) => (
        <Button type="link" size="small" onClick={() => onOpen(r.id)}>
          {t('recent.open')}
        </Button>
      ),
    },
  ];
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Card size="small" title={t('recent.title')} style={{ marginTop: 16 }}>
      <Table
        rowKey="id"
        size="small"
        loading={query.isLoading}
        columns={columns}
        dataSource={query.data?.items ?? []}
        locale={{ emptyText: t('recent.empty') }}
        pagination={false}
      />
    </Card>
  );
}

export default function ImportPage() {
  const { t, i18n } = useTranslation('imports');
  const [importId, setImportId] = useState<string | null>(null);
  const upload = useUploadImport();
  const current = useImport(importId);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';

  const reset = () => {
    upload.reset();
    setImportId(null);
  };

  return (
    <>
      <PageHeader
        title={t('title')}
        note={<Typography.Text type="secondary">{t('note')}</Typography.Text>}
        extra={
          <Button icon={<DownloadOutlined />} href={`/api/imports/template.csv?lang=${lang}`} download>
            {t('template')}
          </Button>
        }
      />
      {importId === null ? (
        <>
          {upload.isError && <ErrorAlert error={upload.error} />}
          <Upload.Dragger
            accept=".csv,.xlsx"
            multiple={false}
            showUploadList={false}
            disabled={upload.isPending}
            customRequest={({ file, onSuccess, onError }) => {
              upload.mutate(file as File, {
                onSuccess: (view) => {
                  setImportId(view.id);
                  onSuccess?.(view);
                },
                onError: (err) => onError?.(err as Error),
              });
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{upload.isPending ? t('upload.uploading') : t('upload.hint')}</p>
            <p className="ant-upload-hint">{t('upload.types')}</p>
          </Upload.Dragger>
          <Card size="small" title={t('help.title')} style={{ marginTop: 16 }}>
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              <li>{t('help.required')}</li>
              <li>{t('help.hukou')}</li>
              <li>{t('help.community')}</li>
              <li>{t('help.household')}</li>
            </ul>
          </Card>
        </>
      ) : current.isError ? (
        <QueryError error={current.error} onRetry={() => void current.refetch()} />
      ) : current.data ? (
        <ImportReport key={current.data.id} view={current.data} onReset={reset} />
      ) : (
        <Spin />
      )}
      <RecentImports onOpen={(id) => setImportId(id)} />
    </>
  );
}
