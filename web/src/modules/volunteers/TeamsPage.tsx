import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  TEAM_LEVELS,
  TEAM_STATUSES,
  type TeamDetail,
  type TeamLevel,
  type TeamListItem,
  type TeamStatus,
  type VolunteerSkill,
} from '../../../../contracts/api/volunteers.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../app/format.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import {
  AreaFilter,
  CellNote,
  FilterBar,
  QueryTable,
  SearchFilter,
  SelectFilter,
} from '../../app/ListPage.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { AreaSelect } from '../areas/AreaSelect.tsx';
import { useServicePoints } from '../service-points/api.ts';
import { OrgSelect } from '../service-points/OrgSelect.tsx';
import { useCreateTeam, useTeam, useTeamActions, useTeams, useVolunteers } from './api.ts';
import { SkillTags, useVolunteerLabels, VolunteerStatusTag } from './labels.tsx';

const PAGE_SIZE = 20;
const URL_KEYS = ['q', 'area', 'level', 'status', 'team', 'creating'] as const;

/** Volunteer homes and V-stations, the bases a team may have. */
function BaseSelect({
  value,
  onChange,
  id,
}: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  id?: string;
}) {
  const { t } = useTranslation('volunteers');
  const homes = useServicePoints({ type: 'volunteer_home', pageSize: 200 });
  const stations = useServicePoints({ type: 'v_station', pageSize: 200 });
  const options = [...(stations.data?.items ?? []), ...(homes.data?.items ?? [])].map((p) => ({
    value: p.id,
    label: `${p.name} · ${p.areaName}`,
  }));
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      loading={homes.isLoading || stations.isLoading}
      options={options}
      placeholder={t('teams.basePlaceholder')}
    />
  );
}

/** Finds an active volunteer by name or number within the user's area. */
function VolunteerSelect({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation('volunteers');
  const [q, setQ] = useState('');
  const query = useVolunteers({ q: q || undefined, status: 'active', pageSize: 10 }, !!q);
  return (
    <Select
      id={id}
      allowClear
      value={value}
      onChange={onChange}
      placeholder={t('teams.volunteerPlaceholder')}
      showSearch={{ filterOption: false, onSearch: (s) => setQ(s.trim()) }}
      loading={query.isFetching}
      notFoundContent={null}
      options={(q ? (query.data?.items ?? []) : []).map((v) => ({
        value: v.id,
        label: `${v.name} · ${v.volunteerNo} · ${v.areaName}`,
      }))}
      style={{ width: 320 }}
    />
  );
}

interface CreateValues {
  name: string;
  level: TeamLevel;
  areaCode: string;
  orgId: string;
  servicePointId?: string | null;
  skills: VolunteerSkill[];
  description?: string;
}
const CREATE_FIELDS = ['name', 'level', 'areaCode', 'orgId', 'servicePointId', 'skills', 'description'];

function CreateTeamDrawer({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (t: TeamDetail) => void;
}) {
  const { t } = useTranslation('volunteers');
  const { message } = App.useApp();
  const labels = useVolunteerLabels();
  const [form] = Form.useForm<CreateValues>();
  const errors = useFormErrors(form, CREATE_FIELDS);
  const create = useCreateTeam();
  const required = (field: string) => [{ required: true, message: t('form.required', { field }) }];
  return (
    <Drawer
      open
      title={t('teams.create')}
      size={520}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
            {t('common:actions.save')}
          </Button>
        </Space>
      }
    >
      <FormErrors messages={errors.messages} />
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ level: 'community', skills: [] }}
        onFinish={(v) => {
          errors.clear();
          create.mutate(
            {
              ...v,
              servicePointId: v.servicePointId ?? null,
              description: v.description?.trim() || undefined,
            },
            {
              onSuccess: (team) => {
                message.success(t('teams.created'));
                onCreated(team);
              },
              onError: errors.report,
            },
          );
        }}
      >
        <Form.Item name="name" label={t('teams.name')} rules={required(t('teams.name'))}>
          <Input maxLength={60} autoFocus />
        </Form.Item>
        <Form.Item name="level" label={t('teams.level')}>
          <Select options={TEAM_LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))} />
        </Form.Item>
        <Form.Item
          name="areaCode"
          label={t('teams.area')}
          extra={t('teams.areaHint')}
          rules={required(t('teams.area'))}
        >
          <AreaSelect />
        </Form.Item>
        <Form.Item name="orgId" label={t('teams.org')} rules={required(t('teams.org'))}>
          <OrgSelect placeholder={t('teams.orgPlaceholder')} />
        </Form.Item>
        <Form.Item name="servicePointId" label={t('teams.base')}>
          <BaseSelect />
        </Form.Item>
        <Form.Item name="skills" label={t('teams.skills')}>
          <Select mode="multiple" allowClear options={labels.skillOptions} />
        </Form.Item>
        <Form.Item name="description" label={t('teams.description')}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function TeamDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation('volunteers');
  const { message } = App.useApp();
  const query = useTeam(id);
  const team = query.data;
  const actions = useTeamActions(id);
  const [adding, setAdding] = useState<string>();
  const [renaming, setRenaming] = useState(false);
  const [form] = Form.useForm<{ name: string; servicePointId?: string | null; description?: string }>();
  const errors = useFormErrors(form, ['name', 'servicePointId', 'description']);
  const [closeReason, setCloseReason] = useState('');
  const fail = (err: unknown) => message.error(err instanceof Error ? err.message : String(err));

  const columns: TableColumnsType<TeamDetail['members'][number]> = [
    {
      title: t('teams.volunteer'),
      dataIndex: 'name',
      render: (name: string, m) => (
        <>
          <Link to={`/volunteers/${m.volunteerId}`}>{name}</Link>{' '}
          <Typography.Text type="secondary" className="ms-mono" style={{ fontSize: 12 }}>
            {m.volunteerNo}
          </Typography.Text>
          <CellNote>{m.areaName}</CellNote>
        </>
      ),
    },
    {
      title: t('teams.role'),
      dataIndex: 'role',
      width: 80,
      render: (r: string) => <Tag color={r === 'leader' ? 'blue' : undefined}>{t(`roles.${r}`)}</Tag>,
    },
    {
      title: t('columns.status'),
      dataIndex: 'status',
      width: 80,
      render: (s) => <VolunteerStatusTag status={s} />,
    },
    {
      title: t('teams.joinedAt'),
      dataIndex: 'joinedAt',
      width: 100,
      render: (v: string) => formatDateTime(v).slice(0, 10),
    },
    ...(team?.canWrite
      ? [
          {
            key: 'actions',
            width: 150,
            render: (_: unknown, m: TeamDetail['members'][number]) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  onClick={() =>
                    actions.setRole.mutate(
                      { volunteerId: m.volunteerId, role: m.role === 'leader' ? 'member' : 'leader' },
                      { onError: fail },
                    )
                  }
                >
                  {m.role === 'leader' ? t('teams.makeMember') : t('teams.makeLeader')}
                </Button>
                <Popconfirm
                  title={t('teams.removeConfirm', { name: m.name })}
                  onConfirm={() => actions.remove.mutate(m.volunteerId, { onError: fail })}
                >
                  <Button type="link" size="small" danger>
                    {t('teams.remove')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Drawer open title={team?.name ?? t('teams.title')} size={720} onClose={onClose} destroyOnHidden>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {team && (
        <>
          {renaming ? (
            <>
              <FormErrors messages={errors.messages} />
              <Form
                form={form}
                layout="vertical"
                initialValues={{
                  name: team.name,
                  servicePointId: team.servicePointId,
                  description: team.description ?? undefined,
                }}
                onFinish={(v) => {
                  errors.clear();
                  actions.update.mutate(
                    {
                      name: v.name,
                      servicePointId: v.servicePointId ?? null,
                      description: v.description?.trim() || null,
                      version: team.version,
                    },
                    {
                      onSuccess: () => {
                        message.success(t('teams.saved'));
                        setRenaming(false);
                      },
                      onError: errors.report,
                    },
                  );
                }}
              >
                <Form.Item name="name" label={t('teams.name')} rules={[{ required: true, whitespace: true }]}>
                  <Input maxLength={60} />
                </Form.Item>
                <Form.Item name="servicePointId" label={t('teams.base')}>
                  <BaseSelect />
                </Form.Item>
                <Form.Item name="description" label={t('teams.description')}>
                  <Input.TextArea rows={2} maxLength={500} />
                </Form.Item>
                <Space>
                  <Button onClick={() => setRenaming(false)}>{t('common:actions.cancel')}</Button>
                  <Button type="primary" htmlType="submit" loading={actions.update.isPending}>
                    {t('common:actions.save')}
                  </Button>
                </Space>
              </Form>
            </>
          ) : (
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'level', label: t('teams.level'), children: t(`levels.${team.level}`) },
                { key: 'area', label: t('teams.area'), children: team.areaName },
                { key: 'org', label: t('teams.org'), children: team.orgName },
                { key: 'base', label: t('teams.base'), children: team.servicePointName ?? t('teams.noBase') },
                { key: 'skills', label: t('teams.skills'), children: <SkillTags skills={team.skills} /> },
                {
                  key: 'status',
                  label: t('teams.status'),
                  children: <Tag>{t(`teamStatuses.${team.status}`)}</Tag>,
                },
                { key: 'desc', label: t('teams.description'), children: team.description ?? '—', span: 2 },
              ]}
            />
          )}
          {team.canWrite && !renaming && (
            <Flex gap={8} wrap style={{ margin: '12px 0' }}>
              <Button onClick={() => setRenaming(true)}>{t('teams.rename')}</Button>
              <Popconfirm
                title={t('teams.close')}
                description={
                  <Space direction="vertical">
                    {t('teams.closeConfirm')}
                    <Input
                      placeholder={t('teams.closeReason')}
                      value={closeReason}
                      maxLength={500}
                      onChange={(e) => setCloseReason(e.target.value)}
                    />
                  </Space>
                }
                onConfirm={() =>
                  actions.close.mutate(
                    { reason: closeReason.trim() || undefined, version: team.version },
                    { onError: fail },
                  )
                }
              >
                <Button danger>{t('teams.close')}</Button>
              </Popconfirm>
            </Flex>
          )}
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('teams.members')} ({team.memberCount})
          </Typography.Title>
          {team.canWrite && (
            <Space style={{ marginBottom: 8 }} wrap>
              <VolunteerSelect value={adding} onChange={setAdding} />
              <Button
                icon={<PlusOutlined />}
                disabled={!adding}
                loading={actions.addMember.isPending}
                onClick={() =>
                  adding &&
                  actions.addMember.mutate(
                    { volunteerId: adding, role: 'member' },
                    { onSuccess: () => setAdding(undefined), onError: fail },
                  )
                }
              >
                {t('teams.addMember')}
              </Button>
            </Space>
          )}
          <Table
            rowKey="volunteerId"
            size="small"
            columns={columns}
            dataSource={team.members}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: t('teams.noMembers') }}
            scroll={{ x: 560 }}
          />
        </>
      )}
    </Drawer>
  );
}

/** Teams at district, street and community level (S5), their members and leaders. */
export default function TeamsPage() {
  const { t } = useTranslation('volunteers');
  const { can } = useAuth();
  const { values, page, update } = useUrlState(URL_KEYS);
  const query = useTeams({
    q: values.q,
    area: values.area,
    level: values.level as TeamLevel | undefined,
    status: values.status as TeamStatus | undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const columns: TableColumnsType<TeamListItem> = [
    {
      title: t('teams.name'),
      dataIndex: 'name',
      render: (name: string, team) => (
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          onClick={() => update({ team: team.id, page })}
        >
          {name}
        </Button>
      ),
    },
    { title: t('teams.level'), dataIndex: 'level', width: 90, render: (l: string) => t(`levels.${l}`) },
    { title: t('teams.area'), dataIndex: 'areaName', width: 130, ellipsis: true },
    { title: t('teams.org'), dataIndex: 'orgName', ellipsis: true },
    {
      title: t('teams.base'),
      dataIndex: 'servicePointName',
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    { title: t('teams.memberCount'), dataIndex: 'memberCount', width: 80, align: 'right' },
    {
      title: t('teams.status'),
      dataIndex: 'status',
      width: 80,
      render: (s: string) => <Tag color={s === 'active' ? 'green' : undefined}>{t(`teamStatuses.${s}`)}</Tag>,
    },
  ];
  return (
    <>
      <PageHeader
        title={t('teams.title')}
        extra={
          can('volunteer.write') && (
            <Button type="primary" icon={<TeamOutlined />} onClick={() => update({ creating: '1', page })}>
              {t('teams.create')}
            </Button>
          )
        }
      />
      <FilterBar>
        <SearchFilter label={t('teams.q')} value={values.q} onChange={(q) => update({ q })} width={180} />
        <AreaFilter
          label={t('teams.area')}
          value={values.area}
          onChange={(area) => update({ area })}
          width={180}
        />
        <SelectFilter
          label={t('teams.level')}
          value={values.level}
          onChange={(level) => update({ level })}
          width={110}
          options={TEAM_LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
        />
        <SelectFilter
          label={t('teams.status')}
          value={values.status}
          onChange={(status) => update({ status })}
          width={100}
          options={TEAM_STATUSES.map((s) => ({ value: s, label: t(`teamStatuses.${s}`) }))}
        />
      </FilterBar>
      <QueryTable<TeamListItem>
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => update({ page: p })}
        columns={columns}
        scroll={{ x: 800 }}
        onRow={(team) => ({ onDoubleClick: () => update({ team: team.id, page }) })}
        emptyText={t('teams.empty')}
      />
      {values.creating && (
        <CreateTeamDrawer
          onClose={() => update({ creating: undefined, page })}
          onCreated={(team) => update({ creating: undefined, team: team.id })}
        />
      )}
      {values.team && (
        <TeamDrawer key={values.team} id={values.team} onClose={() => update({ team: undefined, page })} />
      )}
    </>
  );
}
