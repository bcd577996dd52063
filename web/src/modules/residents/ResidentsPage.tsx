import { PlusOutlined } from '@ant-design/icons';
import { Button, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { PersonSummary } from '../../../../contracts/api/persons.ts';
import type { AgeBand, FactKind } from '../../../../contracts/domain.ts';
import { useAreaFilter } from '../../app/area-filter.ts';
import { useAuth } from '../../app/auth.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { usePagination } from '../../app/pagination.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AreaScopeTag } from '../areas/AreaScopeTag.tsx';
import { usePersons } from './api.ts';
import { ResidentFilters } from './ResidentFilters.tsx';
import { ResidentFormDrawer } from './ResidentFormDrawer.tsx';

const PAGE_SIZE = 20;
const FILTER_KEYS = ['q', 'ageBand', 'fact', 'factValue', 'asOf'] as const;

export default function ResidentsPage() {
  const { t } = useTranslation('residents');
  const { can } = useAuth();
  const navigate = useNavigate();
  const { area } = useAreaFilter();
  const { values, page, update } = useUrlState(FILTER_KEYS);
  const [creating, setCreating] = useState(false);
  const query = usePersons({
    q: values.q,
    area,
    ageBand: values.ageBand as AgeBand | undefined,
    fact: values.fact as FactKind | undefined,
    factValue: values.factValue,
    asOf: values.asOf,
    page,
    pageSize: PAGE_SIZE,
  });
  const data = query.data;

  const columns: TableColumnsType<PersonSummary> = [
    {
      title: t('columns.name'),
      dataIndex: 'name',
      width: 150,
      render: (name: string, p) => (
        <>
          <Link to={`/residents/${p.id}`}>{name}</Link>
          {p.deceased && (
            <Tag variant="filled" style={{ marginInlineStart: 6 }}>
              {t('list.deceased')}
            </Tag>
          )}
        </>
      ),
    },
    { title: t('columns.sex'), dataIndex: 'sex', width: 64, render: (s: 'M' | 'F') => t(`common:sex.${s}`) },
    { title: t('columns.age'), dataIndex: 'age', width: 64, align: 'right' },
    {
      title: t('columns.idNumber'),
      dataIndex: 'idMasked',
      width: 190,
      render: (v: string) => <span className="ms-mono">{v}</span>,
    },
    {
      title: t('columns.phone'),
      dataIndex: 'phoneMasked',
      width: 130,
      render: (v: string | null) => (v ? <span className="ms-mono">{v}</span> : '—'),
    },
    { title: t('columns.community'), dataIndex: 'areaName', ellipsis: true },
    { title: t('columns.street'), dataIndex: 'streetName', width: 130, ellipsis: true },
  ];

  const pagination = usePagination(data, page, PAGE_SIZE, (p) => update({ page: p }));
  return (
    <>
      <PageHeader
        title={t('title')}
        note={<AreaScopeTag />}
        extra={
          can('person.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('list.create')}
            </Button>
          )
        }
      />
      <ResidentFilters values={values} onChange={update} />
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <Table<PersonSummary>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items}
        loading={query.isFetching}
        onRow={(p) => ({ onDoubleClick: () => navigate(`/residents/${p.id}`) })}
        pagination={pagination}
      />
      {creating && (
        <ResidentFormDrawer
          defaultAreaCode={area}
          onClose={() => setCreating(false)}
          onCreated={(p) => navigate(`/residents/${p.id}`)}
        />
      )}
    </>
  );
}
