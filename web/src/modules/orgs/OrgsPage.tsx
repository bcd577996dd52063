import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Org } from '../../../../contracts/api/orgs.ts';
import { ORG_KINDS, type OrgKind } from '../../../../contracts/domain.ts';
import { useAreaFilter } from '../../app/area-filter.ts';
import { useAuth } from '../../app/auth.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { usePagination } from '../../app/pagination.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AreaScopeTag } from '../areas/AreaScopeTag.tsx';
import { useOrgs } from './api.ts';
import { OrgFormDrawer } from './OrgFormDrawer.tsx';

const PAGE_SIZE = 20;
const URL_KEYS = ['q', 'kind'] as const;

export default function OrgsPage() {
  const { t } = useTranslation('orgs');
  const { can } = useAuth();
  const { area } = useAreaFilter();
  const { values, page, update } = useUrlState(URL_KEYS);
  const [editing, setEditing] = useState<Org | 'new' | null>(null);
  const query = useOrgs({
    q: values.q,
    kind: values.kind as OrgKind | undefined,
    area,
    page,
    pageSize: PAGE_SIZE,
  });
  const data = query.data;
  const canWrite = can('org.write');

  const columns: TableColumnsType<Org> = [
    {
      title: t('fields.name'),
      dataIndex: 'name',
      ellipsis: true,
      render: (name: string, o) => (
        <>
          {name}
          {o.closedOn && (
            <Tag variant="filled" style={{ marginInlineStart: 6 }}>
              {t('closed')}
            </Tag>
          )}
        </>
      ),
    },
    { title: t('fields.kind'), dataIndex: 'kind', width: 120, render: (k: OrgKind) => t(`kinds.${k}`) },
    {
      title: t('fields.creditCode'),
      dataIndex: 'creditCode',
      width: 190,
      render: (v: string) => <span className="ms-mono">{v}</span>,
    },
    { title: t('fields.area'), dataIndex: 'areaName', width: 170, ellipsis: true },
    {
      title: t('fields.contactName'),
      dataIndex: 'contactName',
      width: 90,
      ellipsis: true,
      render: (v) => v ?? '—',
    },
    {
      title: t('fields.contactPhone'),
      dataIndex: 'contactPhone',
      width: 130,
      render: (v: string | null) => (v ? <span className="ms-mono">{v}</span> : '—'),
    },
    ...(canWrite
      ? [
          {
            title: t('actions'),
            key: 'actions',
            width: 80,
            render: (_: unknown, o: Org) => (
              <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(o)}>
                {t('common:actions.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const pagination = usePagination(data, page, PAGE_SIZE, (p) => update({ page: p }));
  return (
    <>
      <PageHeader
        title={t('title')}
        note={<AreaScopeTag />}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('create')}
            </Button>
          )
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          key={values.q ?? ''}
          defaultValue={values.q}
          placeholder={t('search')}
          aria-label={t('search')}
          allowClear
          enterButton
          maxLength={40}
          style={{ width: 300 }}
          onSearch={(q) => update({ q: q.trim() || undefined })}
        />
        <Select
          allowClear
          placeholder={t('kind')}
          aria-label={t('kind')}
          style={{ width: 150 }}
          value={values.kind}
          options={ORG_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          onChange={(kind) => update({ kind })}
        />
      </Flex>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <Table<Org>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items}
        loading={query.isFetching}
        pagination={pagination}
      />
      {editing && (
        <OrgFormDrawer
          org={editing === 'new' ? undefined : editing}
          defaultAreaCode={area}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
