import { InfoCircleOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  CandidateType,
  OrgCandidate,
  TeamCandidate,
  VolunteerCandidate,
} from '../../../../contracts/api/matching.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { useCandidates, useInviteCandidate } from './api.ts';
import { ReasonTags } from './ReasonTags.tsx';

function InviteButton({
  needId,
  type,
  id,
  invited,
}: {
  needId: string;
  type: CandidateType;
  id: string;
  invited: boolean;
}) {
  const { t } = useTranslation('matching');
  const { message } = App.useApp();
  const invite = useInviteCandidate(needId);
  if (invited) return <Tag color="blue">{t('candidates.invited')}</Tag>;
  return (
    <Button
      size="small"
      type="primary"
      ghost
      loading={invite.isPending}
      onClick={() =>
        invite.mutate(
          { type, id },
          {
            onSuccess: (r) =>
              void message.success(t(r.invitationId ? 'candidates.invitedOk' : 'candidates.alreadyEngaged')),
            onError: (e) => void message.error(e.message),
          },
        )
      }
    >
      {t('candidates.invite')}
    </Button>
  );
}

/**
 * The need's ranked candidates with their reasons and a one-click invitation: volunteers first,
 * then teams and organisations of the street. Shown to those who may invite to the need.
 */
export function NeedCandidatesCard({ needId }: { needId: string }) {
  const { t } = useTranslation('matching');
  const query = useCandidates(needId);
  const data = query.data;

  const rank = (cost: number, i: number) => (
    <Tooltip title={t('candidates.cost', { cost })}>
      <Typography.Text type="secondary" className="ms-mono">
        {i + 1}
      </Typography.Text>
    </Tooltip>
  );
  const volunteerColumns: TableColumnsType<VolunteerCandidate> = [
    { key: 'rank', width: 40, render: (_, v, i) => rank(v.cost, i) },
    {
      key: 'who',
      width: 210,
      render: (_, v) => (
        <Flex vertical>
          <span>{v.name || v.volunteerNo}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {v.volunteerNo} · {v.areaName}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'reasons', render: (_, v) => <ReasonTags reasons={v.reasons} /> },
    {
      key: 'invite',
      width: 90,
      align: 'right',
      render: (_, v) => (
        <InviteButton needId={needId} type="volunteer" id={v.volunteerId} invited={v.invited} />
      ),
    },
  ];
  const teamColumns: TableColumnsType<TeamCandidate> = [
    { key: 'rank', width: 40, render: (_, x, i) => rank(x.cost, i) },
    {
      key: 'who',
      width: 180,
      render: (_, x) => (
        <Flex vertical>
          <span>{x.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {x.areaName}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'reasons', render: (_, x) => <ReasonTags reasons={x.reasons} /> },
    {
      key: 'invite',
      width: 90,
      align: 'right',
      render: (_, x) => <InviteButton needId={needId} type="team" id={x.teamId} invited={x.invited} />,
    },
  ];
  const orgColumns: TableColumnsType<OrgCandidate> = [
    { key: 'rank', width: 40, render: (_, x, i) => rank(x.cost, i) },
    {
      key: 'who',
      width: 180,
      render: (_, x) => (
        <Flex vertical>
          <span>{x.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {x.areaName}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'reasons', render: (_, x) => <ReasonTags reasons={x.reasons} /> },
    {
      key: 'invite',
      width: 90,
      align: 'right',
      render: (_, x) => <InviteButton needId={needId} type="org" id={x.orgId} invited={x.invited} />,
    },
  ];
  const table = <T extends object>(
    rows: T[],
    columns: TableColumnsType<T>,
    rowKey: keyof T,
    empty: string,
  ) => (
    <Table<T>
      size="small"
      rowKey={rowKey as string}
      showHeader={false}
      pagination={false}
      columns={columns}
      dataSource={rows}
      scroll={{ x: 560 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
    />
  );

  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          {t('candidates.title')}
          <Tooltip title={t('candidates.hint')}>
            <InfoCircleOutlined style={{ color: 'var(--ant-color-text-tertiary)' }} />
          </Tooltip>
        </Flex>
      }
      extra={
        data && data.seatsLeft > 0 ? <Tag>{t('candidates.seatsLeft', { count: data.seatsLeft })}</Tag> : null
      }
      loading={query.isLoading}
    >
      {query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : data ? (
        <Tabs
          size="small"
          items={[
            {
              key: 'volunteers',
              label: t('candidates.volunteers', { count: data.volunteers.length }),
              children: table(
                data.volunteers,
                volunteerColumns,
                'volunteerId',
                t('candidates.empty', { km: data.radiusM / 1000 }),
              ),
            },
            {
              key: 'teams',
              label: t('candidates.teams', { count: data.teams.length }),
              children: table(data.teams, teamColumns, 'teamId', t('candidates.emptyTeams')),
            },
            {
              key: 'orgs',
              label: t('candidates.orgs', { count: data.orgs.length }),
              children: table(data.orgs, orgColumns, 'orgId', t('candidates.emptyOrgs')),
            },
          ]}
        />
      ) : null}
    </Card>
  );
}
