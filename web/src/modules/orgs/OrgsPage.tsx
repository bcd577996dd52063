import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Org } from '../../../../contracts/api/orgs.ts';
import { ORG_KINDS, type OrgKind } from '../../../../contracts/domain.ts';
import { useAreaFilter } from '../../app/area-filter.ts';
import { useAuth } from '../../app/auth.tsx';
import { FilterBar, QueryTable, SearchFilter, SelectFilter } from '../../app/ListPage.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
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
      <FilterBar>
        <SearchFilter
          label={t('search')}
          value={values.q}
          onChange={(q) => update({ q })}
          width={300}
          enterButton
        />
        <SelectFilter
          label={t('kind')}
          value={values.kind}
          onChange={(kind) => update({ kind })}
          width={150}
          options={ORG_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        />
      </FilterBar>
      <QueryTable<Org>
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => update({ page: p })}
        columns={columns}
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
