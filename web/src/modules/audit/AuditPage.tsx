import { Button, DatePicker, Flex, Input, Select, Table, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, fromDay, toDay } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { usePagination } from '../../app/pagination.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AuditDiff } from './AuditDiff.tsx';
import { type AuditEntry, useAudit } from './api.ts';
import { auditLocales } from './locales.ts';

const PAGE_SIZE = 20;
const URL_KEYS = ['actor', 'entityType', 'entityId', 'action', 'from', 'to'] as const;
const KNOWN_ACTIONS = Object.entries(auditLocales['zh-CN'].actions).flatMap(([group, names]) =>
  Object.keys(names).map((name) => `${group}.${name}`),
);
const ENTITY_TYPES = Object.keys(auditLocales['zh-CN'].entityTypes);

function EntityCell({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation('audit');
  const type = t(`entityTypes.${entry.entityType}`, { defaultValue: entry.entityType });
  const link =
    entry.entityType === 'person'
      ? `/residents/${entry.entityId}`
      : entry.entityType === 'area'
        ? `/areas?unit=${entry.entityId}`
        : undefined;
  return (
    <span>
      <Typography.Text type="secondary">{type} </Typography.Text>
      {link ? (
        <Link to={link} className="ms-mono" style={{ fontSize: 12 }}>
          {entry.entityId}
        </Link>
      ) : (
        <span className="ms-mono" style={{ fontSize: 12 }}>
          {entry.entityId}
        </span>
      )}
    </span>
  );
}

export default function AuditPage() {
  const { t } = useTranslation('audit');
  const { values, page, update } = useUrlState(URL_KEYS);
  const query = useAudit({ ...values, page, pageSize: PAGE_SIZE });
  const data = query.data;
  const hasFilters = Object.values(values).some(Boolean);

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('columns.at'), dataIndex: 'at', width: 160, render: (at: string) => formatDateTime(at) },
    { title: t('columns.actor'), dataIndex: 'actorName', width: 110, ellipsis: true },
    {
      title: t('columns.action'),
      dataIndex: 'action',
      width: 150,
      render: (a: string) => t(`actions.${a}`, { defaultValue: a }),
    },
    {
      title: t('columns.entity'),
      key: 'entity',
      ellipsis: true,
      render: (_: unknown, e) => <EntityCell entry={e} />,
    },
    {
      title: t('columns.reason'),
      dataIndex: 'reason',
      ellipsis: true,
      render: (r: string | null) => r ?? '—',
    },
  ];

  const pagination = usePagination(data, page, PAGE_SIZE, (p) => update({ page: p }));
  return (
    <>
      <PageHeader title={t('title')} note={<Typography.Text type="secondary">{t('note')}</Typography.Text>} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          key={`actor-${values.actor ?? ''}`}
          defaultValue={values.actor}
          placeholder={t('filters.actor')}
          aria-label={t('filters.actor')}
          allowClear
          maxLength={64}
          style={{ width: 160 }}
          onSearch={(actor) => update({ actor: actor.trim() || undefined })}
        />
        <Select
          allowClear
          placeholder={t('filters.entityType')}
          aria-label={t('filters.entityType')}
          style={{ width: 130 }}
          value={values.entityType}
          options={ENTITY_TYPES.map((k) => ({ value: k, label: t(`entityTypes.${k}`) }))}
          onChange={(entityType) => update({ entityType })}
        />
        <Input.Search
          key={`entity-${values.entityId ?? ''}`}
          defaultValue={values.entityId}
          placeholder={t('filters.entityId')}
          aria-label={t('filters.entityId')}
          allowClear
          maxLength={64}
          style={{ width: 200 }}
          onSearch={(entityId) => update({ entityId: entityId.trim() || undefined })}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('filters.action')}
          aria-label={t('filters.action')}
          style={{ width: 170 }}
          popupMatchSelectWidth={false}
          value={values.action}
          options={KNOWN_ACTIONS.map((a) => ({ value: a, label: t(`actions.${a}`) }))}
          onChange={(action) => update({ action })}
        />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          placeholder={[t('filters.from'), t('filters.to')]}
          style={{ width: 250 }}
          value={[toDay(values.from) ?? null, toDay(values.to) ?? null]}
          onChange={(range) => update({ from: fromDay(range?.[0]), to: fromDay(range?.[1]) })}
        />
        {hasFilters && (
          <Button
            onClick={() =>
              update({ actor: null, entityType: null, entityId: null, action: null, from: null, to: null })
            }
          >
            {t('common:actions.reset')}
          </Button>
        )}
      </Flex>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items}
        loading={query.isFetching}
        expandable={{
          expandedRowRender: (e) => <AuditDiff entry={e} />,
          rowExpandable: (e) => e.before !== null || e.after !== null,
        }}
        pagination={pagination}
      />
    </>
  );
}
