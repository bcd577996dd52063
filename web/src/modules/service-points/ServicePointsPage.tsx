import { EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Checkbox, Space, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServicePoint } from '../../../../contracts/api/orgs.ts';
import { SERVICE_POINT_TYPES, type ServicePointType } from '../../../../contracts/domain.ts';
import { useAreaFilter } from '../../app/area-filter.ts';
import { useAuth } from '../../app/auth.tsx';
import { CellNote, FilterBar, QueryTable, SearchFilter, SelectFilter } from '../../app/ListPage.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AreaScopeTag } from '../areas/AreaScopeTag.tsx';
import { useServicePoints } from './api.ts';
import { CloseServicePointModal } from './CloseServicePointModal.tsx';
import { formatHours } from './hours.ts';
import { ServicePointFormDrawer } from './ServicePointFormDrawer.tsx';

const PAGE_SIZE = 20;
const URL_KEYS = ['q', 'type', 'closed'] as const;

export default function ServicePointsPage() {
  const { t } = useTranslation('servicePoints');
  const { can } = useAuth();
  const { area } = useAreaFilter();
  const { values, page, update } = useUrlState(URL_KEYS);
  const [editing, setEditing] = useState<ServicePoint | 'new' | null>(null);
  const [closing, setClosing] = useState<ServicePoint | null>(null);
  const query = useServicePoints({
    q: values.q,
    type: values.type as ServicePointType | undefined,
    includeClosed: values.closed === '1' || undefined,
    area,
    page,
    pageSize: PAGE_SIZE,
  });
  const canWrite = can('service_point.write');

  const columns: TableColumnsType<ServicePoint> = [
    {
      title: t('fields.name'),
      dataIndex: 'name',
      ellipsis: true,
      render: (name: string, p) => (
        <span className={p.closedOn ? 'ms-ended' : undefined}>
          {name}
          {p.closedOn && (
            <Tag variant="filled" style={{ marginInlineStart: 6 }}>
              {t('closedTag', { date: p.closedOn })}
            </Tag>
          )}
          {p.orgName && <CellNote ellipsis>{p.orgName}</CellNote>}
        </span>
      ),
    },
    {
      title: t('fields.type'),
      dataIndex: 'type',
      width: 140,
      ellipsis: true,
      render: (k: ServicePointType) => t(`types.${k}`),
    },
    {
      title: t('fields.area'),
      dataIndex: 'areaName',
      width: 150,
      ellipsis: true,
      render: (name: string, p) => (
        <>
          {name}
          <CellNote ellipsis>{p.address}</CellNote>
        </>
      ),
    },
    {
      title: t('fields.openingHours'),
      dataIndex: 'openingHours',
      width: 190,
      render: (h: ServicePoint['openingHours']) => <span style={{ fontSize: 12 }}>{formatHours(t, h)}</span>,
    },
    {
      title: t('fields.coordinates'),
      key: 'coords',
      width: 100,
      render: (_: unknown, p) =>
        p.lat !== null && p.lng !== null ? (
          <span className="ms-mono" style={{ fontSize: 12, lineHeight: 1.4, display: 'block' }}>
            {p.lat.toFixed(5)}
            <br />
            {p.lng.toFixed(5)}
          </span>
        ) : (
          '—'
        ),
    },
    ...(canWrite
      ? [
          {
            title: t('actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, p: ServicePoint) =>
              p.closedOn ? null : (
                <Space size={0}>
                  <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(p)}>
                    {t('common:actions.edit')}
                  </Button>
                  <Button
                    size="small"
                    type="link"
                    danger
                    icon={<StopOutlined />}
                    onClick={() => setClosing(p)}
                  >
                    {t('close')}
                  </Button>
                </Space>
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
      <FilterBar align="center">
        <SearchFilter
          label={t('search')}
          value={values.q}
          onChange={(q) => update({ q })}
          width={280}
          enterButton
        />
        <SelectFilter
          label={t('type')}
          value={values.type}
          onChange={(type) => update({ type })}
          width={190}
          popupMatchSelectWidth={false}
          options={SERVICE_POINT_TYPES.map((k) => ({ value: k, label: t(`types.${k}`) }))}
        />
        <Checkbox
          checked={values.closed === '1'}
          onChange={(e) => update({ closed: e.target.checked ? '1' : undefined })}
        >
          {t('includeClosed')}
        </Checkbox>
      </FilterBar>
      <QueryTable<ServicePoint>
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => update({ page: p })}
        columns={columns}
      />
      {editing && (
        <ServicePointFormDrawer
          point={editing === 'new' ? undefined : editing}
          defaultAreaCode={area}
          onClose={() => setEditing(null)}
        />
      )}
      {closing && <CloseServicePointModal point={closing} onClose={() => setClosing(null)} />}
    </>
  );
}
