import { UserAddOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  VOLUNTEER_STATUSES,
  type VolunteerListItem,
  type VolunteerStatus,
} from '../../../../contracts/api/volunteers.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { usePagination } from '../../app/pagination.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import { Money } from '../funds/money.tsx';
import { useVolunteers } from './api.ts';
import { SkillTags, useVolunteerLabels, VolunteerStatusTag } from './labels.tsx';
import { RegisterVolunteerDrawer } from './RegisterVolunteerDrawer.tsx';

const PAGE_SIZE = 20;
const URL_KEYS = ['q', 'area', 'skill', 'party', 'status', 'registering'] as const;

/** Volunteers of the user's area: filters, the list, and registration. */
export default function VolunteersPage() {
  const { t } = useTranslation('volunteers');
  const { can } = useAuth();
  const navigate = useNavigate();
  const labels = useVolunteerLabels();
  const { values, page, update } = useUrlState(URL_KEYS);
  const query = useVolunteers({
    q: values.q,
    area: values.area,
    skill: values.skill as never,
    partyMember: values.party as 'true' | 'false' | undefined,
    status: values.status as VolunteerStatus | undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const pagination = usePagination(query.data, page, PAGE_SIZE, (p) => update({ page: p }));
  const hasFilters = !!(values.q || values.area || values.skill || values.party || values.status);
  const open = (v: VolunteerListItem) => navigate(`/volunteers/${v.id}`);

  const columns: TableColumnsType<VolunteerListItem> = [
    {
      title: t('columns.no'),
      dataIndex: 'volunteerNo',
      width: 160,
      render: (no: string, v) => (
        <Button type="link" size="small" className="ms-mono" style={{ padding: 0 }} onClick={() => open(v)}>
          {no}
        </Button>
      ),
    },
    {
      title: t('columns.name'),
      dataIndex: 'name',
      width: 160,
      render: (name: string, v) => (
        <>
          {name} {v.partyMember && <Tag color="red">{t('list.partyYes')}</Tag>}
          <Typography.Text type="secondary" className="ms-mono" style={{ display: 'block', fontSize: 12 }}>
            {v.idMasked}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('columns.age'),
      dataIndex: 'age',
      width: 80,
      render: (age: number, v) => `${t(`common:sex.${v.sex}`)} · ${age}`,
    },
    { title: t('columns.area'), dataIndex: 'areaName', width: 130, ellipsis: true },
    { title: t('columns.skills'), dataIndex: 'skills', render: (s: string[]) => <SkillTags skills={s} /> },
    {
      title: t('columns.hours'),
      dataIndex: 'totalMinutes',
      width: 110,
      align: 'right',
      render: (m: number) => <Money value={m} unit="minute" />,
    },
    {
      title: t('columns.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: VolunteerStatus) => <VolunteerStatusTag status={s} />,
    },
    {
      title: t('columns.registeredAt'),
      dataIndex: 'registeredAt',
      width: 110,
      render: (v: string) => formatDateTime(v).slice(0, 10),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('title')}
        extra={
          can('volunteer.write') && (
            <Button
              type="primary"
              icon={<UserAddOutlined />}
              onClick={() => update({ registering: '1', page })}
            >
              {t('list.register')}
            </Button>
          )
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          key={values.q ?? ''}
          defaultValue={values.q}
          placeholder={t('list.q')}
          aria-label={t('list.q')}
          allowClear
          maxLength={40}
          style={{ width: 200 }}
          onSearch={(q) => update({ q: q.trim() || undefined })}
        />
        <div style={{ width: 180 }}>
          <AreaSelect
            value={values.area}
            onChange={(area) => update({ area })}
            placeholder={t('list.area')}
          />
        </div>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('list.skill')}
          aria-label={t('list.skill')}
          style={{ width: 140 }}
          value={values.skill}
          onChange={(skill) => update({ skill })}
          options={labels.skillOptions}
        />
        <Select
          allowClear
          placeholder={t('list.party')}
          aria-label={t('list.party')}
          style={{ width: 120 }}
          value={values.party}
          onChange={(party) => update({ party })}
          options={[
            { value: 'true', label: t('list.partyYes') },
            { value: 'false', label: t('list.partyNo') },
          ]}
        />
        <Select
          allowClear
          placeholder={t('list.status')}
          aria-label={t('list.status')}
          style={{ width: 110 }}
          value={values.status}
          onChange={(status) => update({ status })}
          options={VOLUNTEER_STATUSES.map((s) => ({ value: s, label: labels.status(s) }))}
        />
        {hasFilters && (
          <Button
            onClick={() =>
              update({ q: undefined, area: undefined, skill: undefined, party: undefined, status: undefined })
            }
          >
            {t('list.reset')}
          </Button>
        )}
      </Flex>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <Table<VolunteerListItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={query.data?.items}
        loading={query.isFetching}
        pagination={pagination}
        scroll={{ x: 900 }}
        onRow={(v) => ({ onDoubleClick: () => open(v) })}
        locale={{ emptyText: t('list.empty') }}
      />
      {values.registering && (
        <RegisterVolunteerDrawer
          onClose={() => update({ registering: undefined, page })}
          onRegistered={(v) => navigate(`/volunteers/${v.id}`)}
        />
      )}
    </>
  );
}
