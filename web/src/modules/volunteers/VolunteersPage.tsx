import { UserAddOutlined } from '@ant-design/icons';
import { Button, type TableColumnsType, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  VOLUNTEER_STATUSES,
  type VolunteerListItem,
  type VolunteerStatus,
} from '../../../../contracts/api/volunteers.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../app/format.ts';
import {
  AreaFilter,
  CellNote,
  FilterBar,
  QueryTable,
  SearchFilter,
  SelectFilter,
} from '../../app/ListPage.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { Money } from '../funds/money.tsx';
import { useVolunteers } from './api.ts';
import { SkillTags, useVolunteerLabels, VolunteerStatusTag } from './labels.tsx';
import { RegisterVolunteerDrawer } from './RegisterVolunteerDrawer.tsx';

const PAGE_SIZE = 20;
const FILTER_KEYS = ['q', 'area', 'skill', 'party', 'status'] as const;
const URL_KEYS = [...FILTER_KEYS, 'registering'] as const;

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
          <CellNote mono>{v.idMasked}</CellNote>
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
      <FilterBar values={values} keys={FILTER_KEYS} update={update}>
        <SearchFilter label={t('list.q')} value={values.q} onChange={(q) => update({ q })} width={200} />
        <AreaFilter
          label={t('list.area')}
          value={values.area}
          onChange={(area) => update({ area })}
          width={180}
        />
        <SelectFilter
          label={t('list.skill')}
          value={values.skill}
          onChange={(skill) => update({ skill })}
          width={140}
          showSearch={{ optionFilterProp: 'label' }}
          options={labels.skillOptions}
        />
        <SelectFilter
          label={t('list.party')}
          value={values.party}
          onChange={(party) => update({ party })}
          width={120}
          options={[
            { value: 'true', label: t('list.partyYes') },
            { value: 'false', label: t('list.partyNo') },
          ]}
        />
        <SelectFilter
          label={t('list.status')}
          value={values.status}
          onChange={(status) => update({ status })}
          width={110}
          options={VOLUNTEER_STATUSES.map((s) => ({ value: s, label: labels.status(s) }))}
        />
      </FilterBar>
      <QueryTable<VolunteerListItem>
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => update({ page: p })}
        columns={columns}
        scroll={{ x: 900 }}
        onRow={(v) => ({ onDoubleClick: () => open(v) })}
        emptyText={t('list.empty')}
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
