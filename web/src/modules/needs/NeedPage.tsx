import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Popconfirm,
  Rate,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { NeedClaim, NeedDetail, NeedInvitation } from '../../../../contracts/api/needs.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../app/format.ts';
import { PageSpinner } from '../../app/PageSpinner.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { NeedCandidatesCard } from '../matching/NeedCandidatesCard.tsx';
import { useClaimAction, useInvitationAnswer, useNeed, useNeedAction } from './api.ts';
import { formatWindow, NeedStatusTag, useNeedLabels } from './labels.tsx';
import {
  CancelNeedModal,
  ClaimModal,
  ConfirmNeedModal,
  NameVolunteersModal,
  RateNeedModal,
  ScheduleDrawer,
} from './NeedDialogs.tsx';
import { NeedFormDrawer } from './NeedFormDrawer.tsx';
import { Seats } from './NeedsPage.tsx';

type Dialog =
  | { kind: 'edit' | 'cancel' | 'claim' | 'schedule' | 'confirm' | 'rate' }
  | { kind: 'name'; claim: NeedClaim }
  | null;

function Actions({ need, open }: { need: NeedDetail; open: (d: Dialog) => void }) {
  const { t } = useTranslation('needs');
  const { message } = App.useApp();
  const publish = useNeedAction(need.id, 'publish');
  const c = need.can;
  return (
    <Space wrap>
      {c.claim && (
        <Button type="primary" onClick={() => open({ kind: 'claim' })}>
          {t('actions.claim')}
        </Button>
      )}
      {c.publish && (
        <Button
          type="primary"
          loading={publish.isPending}
          onClick={() =>
            publish.mutate(
              { version: need.version },
              {
                onSuccess: () => void message.success(t('actions.published')),
                onError: (e) => void message.error(e.message),
              },
            )
          }
        >
          {t('actions.publish')}
        </Button>
      )}
      {c.schedule && (
        <Button type="primary" onClick={() => open({ kind: 'schedule' })}>
          {t('actions.schedule')}
        </Button>
      )}
      {c.confirm && (
        <Button type="primary" onClick={() => open({ kind: 'confirm' })}>
          {t('actions.confirm')}
        </Button>
      )}
      {c.rate && (
        <Button type="primary" onClick={() => open({ kind: 'rate' })}>
          {t('actions.rate')}
        </Button>
      )}
      {c.edit && <Button onClick={() => open({ kind: 'edit' })}>{t('actions.edit')}</Button>}
      {c.cancel && (
        <Button danger onClick={() => open({ kind: 'cancel' })}>
          {t('actions.cancel')}
        </Button>
      )}
    </Space>
  );
}

function Facts({ need }: { need: NeedDetail }) {
  const { t } = useTranslation('needs');
  const labels = useNeedLabels();
  const { can } = useAuth();
  const reason =
    need.status === 'expired' && need.statusReason === 'start_passed_unscheduled'
      ? t('detail.expiredReason')
      : need.statusReason;
  return (
    <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2 }}>
      <Descriptions.Item label={t('fields.category')}>{labels.category(need.category)}</Descriptions.Item>
      <Descriptions.Item label={t('fields.area')}>{need.areaName}</Descriptions.Item>
      <Descriptions.Item label={t('fields.window')}>
        <span className="ms-mono">{formatWindow(need.startsAt, need.endsAt)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('fields.place')}>{need.place}</Descriptions.Item>
      <Descriptions.Item label={t('fields.seats')}>
        <Flex gap={12} align="center" wrap>
          <Seats need={need} />
          <Typography.Text type="secondary">
            {t('detail.seats', { claimed: need.claimedSeats, headcount: need.headcount })}
          </Typography.Text>
        </Flex>
      </Descriptions.Item>
      <Descriptions.Item label={t('fields.skills')}>
        {need.skills.length ? need.skills.map((s) => <Tag key={s}>{labels.skill(s)}</Tag>) : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('fields.beneficiary')}>
        {need.beneficiary ? (
          <Space size={6} wrap>
            <span>
              {need.beneficiary.nameMasked}
              {need.beneficiary.age !== null ? ` · ${need.beneficiary.age}` : ''}
            </span>
            {need.beneficiary.flags.map((f) => (
              <Tag key={f} color="volcano">
                {labels.flag(f)}
              </Tag>
            ))}
            {can('person.read') && (
              <Link to={`/residents/${need.beneficiary.personId}`}>{t('detail.openResident')}</Link>
            )}
          </Space>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('fields.needNo')}>
        <span className="ms-mono">{need.needNo}</span>
      </Descriptions.Item>
      {need.description && (
        <Descriptions.Item label={t('fields.description')} span={2}>
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
            {need.description}
          </Typography.Paragraph>
        </Descriptions.Item>
      )}
      {reason && (
        <Descriptions.Item label={t('fields.statusReason')} span={2}>
          {reason}
        </Descriptions.Item>
      )}
      {need.activityId && (
        <Descriptions.Item label={t('fields.activity')} span={2}>
          {t('detail.activityCreated')}
          {can('activity.manage') && (
            <Link to={`/activities/${need.activityId}`} style={{ marginLeft: 12 }}>
              {t('detail.openActivity')}
            </Link>
          )}
        </Descriptions.Item>
      )}
      {need.peopleServed !== null && (
        <Descriptions.Item label={t('fields.peopleServed')}>{need.peopleServed}</Descriptions.Item>
      )}
      {need.rating !== null && (
        <Descriptions.Item label={t('fields.rating')}>
          <Rate disabled value={need.rating} style={{ fontSize: 14 }} /> {need.ratingComment}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

function Claims({ need, open }: { need: NeedDetail; open: (d: Dialog) => void }) {
  const { t } = useTranslation('needs');
  const labels = useNeedLabels();
  const { message } = App.useApp();
  const action = useClaimAction();
  const before = need.status === 'published' || need.status === 'claimed';
  const columns: TableColumnsType<NeedClaim> = [
    {
      title: t('claim.as'),
      key: 'claimant',
      render: (_: unknown, c) => (
        <Space size={4} wrap>
          <Tag>{labels.claimant(c.claimantType)}</Tag>
          {c.claimantName}
          {c.mine && <Tag color="blue">{t('detail.mine')}</Tag>}
        </Space>
      ),
    },
    { title: t('claim.seats'), dataIndex: 'seats', width: 80 },
    {
      title: t('detail.namedVolunteers'),
      key: 'volunteers',
      render: (_: unknown, c) =>
        c.volunteers.length ? (
          c.volunteers.map((v) => v.name).join('、')
        ) : (
          <Typography.Text type="secondary">{t('detail.notNamed')}</Typography.Text>
        ),
    },
    {
      title: t('detail.claimedAt'),
      dataIndex: 'claimedAt',
      width: 150,
      render: (v: string, c) => (
        <span className={c.status === 'withdrawn' ? 'ms-ended' : undefined}>
          {formatDateTime(v).slice(0, 16)}
        </span>
      ),
    },
    {
      key: 'actions',
      width: 190,
      render: (_: unknown, c) =>
        c.status === 'active' && before ? (
          <Space size={4}>
            {c.claimantType !== 'volunteer' && (c.mine || need.can.cancel) && (
              <Button size="small" onClick={() => open({ kind: 'name', claim: c })}>
                {t('actions.nameVolunteers')}
              </Button>
            )}
            {c.mine && (
              <Popconfirm
                title={t('withdraw.confirm')}
                onConfirm={() =>
                  action.mutate(
                    { needId: need.id, claimId: c.id, action: 'withdraw', body: {} },
                    {
                      onSuccess: () => void message.success(t('withdraw.done')),
                      onError: (e) => void message.error(e.message),
                    },
                  )
                }
              >
                <Button size="small" danger>
                  {t('actions.withdraw')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        ) : c.status === 'withdrawn' ? (
          <Typography.Text type="secondary">{labels.invitation('withdrawn')}</Typography.Text>
        ) : null,
    },
  ];
  return (
    <Table<NeedClaim>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={need.claims}
      pagination={false}
      scroll={{ x: 640 }}
      locale={{ emptyText: t('detail.noClaims') }}
    />
  );
}

function Invitations({ need }: { need: NeedDetail }) {
  const { t } = useTranslation('needs');
  const labels = useNeedLabels();
  const { message } = App.useApp();
  const answer = useInvitationAnswer();
  if (need.invitations.length === 0)
    return <Empty description={t('detail.noInvitations')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Flex vertical gap={6}>
      {need.invitations.map((i: NeedInvitation) => (
        <Flex key={i.id} gap={8} align="center" wrap>
          <Tag>{labels.claimant(i.inviteeType)}</Tag>
          <span>{i.inviteeName}</span>
          <Tag color={i.status === 'pending' ? 'gold' : undefined}>{labels.invitation(i.status)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(i.invitedAt).slice(0, 16)}
          </Typography.Text>
          {i.mine && i.status === 'pending' && (
            <Space size={4}>
              <Button
                size="small"
                type="primary"
                loading={answer.isPending}
                onClick={() =>
                  answer.mutate(
                    { id: i.id, answer: 'accept' },
                    {
                      onSuccess: () => void message.success(t('claims.accepted')),
                      onError: (e) => void message.error(e.message),
                    },
                  )
                }
              >
                {t('actions.accept')}
              </Button>
              <Button
                size="small"
                onClick={() =>
                  answer.mutate(
                    { id: i.id, answer: 'decline' },
                    {
                      onSuccess: () => void message.success(t('claims.declined')),
                      onError: (e) => void message.error(e.message),
                    },
                  )
                }
              >
                {t('actions.decline')}
              </Button>
            </Space>
          )}
        </Flex>
      ))}
    </Flex>
  );
}

function NeedTimeline({ need }: { need: NeedDetail }) {
  const { t, i18n } = useTranslation('needs');
  const color = (to: string) =>
    to === 'cancelled' || to === 'expired' ? 'gray' : to === 'confirmed' || to === 'rated' ? 'green' : 'blue';
  return (
    <Timeline
      items={need.events.map((e) => ({
        key: e.id,
        color: color(e.toStatus),
        content: (
          <>
            <Space size={6} wrap>
              <Typography.Text strong>
                {e.action && i18n.exists(`needs:timeline.${e.action}`) ? t(`timeline.${e.action}`) : e.action}
              </Typography.Text>
              {e.fromStatus !== e.toStatus && <NeedStatusTag status={e.toStatus} />}
              <Typography.Text>{e.actorName}</Typography.Text>
              <Typography.Text type="secondary" className="ms-mono" style={{ fontSize: 12 }}>
                {formatDateTime(e.at).slice(0, 16)}
              </Typography.Text>
            </Space>
            {e.note && (
              <Typography.Paragraph type="secondary" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                {e.note}
              </Typography.Paragraph>
            )}
          </>
        ),
      }))}
    />
  );
}

/** One need: its facts, claims, invitations and timeline, and what the user may do with it. */
export default function NeedPage() {
  const { t } = useTranslation('needs');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const query = useNeed(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  if (query.isLoading) return <PageSpinner />;
  if (query.error || !query.data)
    return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const need = query.data;
  return (
    <>
      <Button type="link" icon={<ArrowLeftOutlined />} style={{ padding: 0 }} onClick={() => navigate(-1)}>
        {t('detail.back')}
      </Button>
      <Flex align="center" justify="space-between" gap={12} wrap style={{ margin: '8px 0 12px' }}>
        <Space size={10} wrap align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {need.title}
          </Typography.Title>
          <NeedStatusTag status={need.status} />
        </Space>
        <Actions need={need} open={setDialog} />
      </Flex>
      <Flex vertical gap={12}>
        <Card size="small">
          <Facts need={need} />
        </Card>
        <Card size="small" title={t('detail.claims')}>
          <Claims need={need} open={setDialog} />
        </Card>
        {need.can.invite && <NeedCandidatesCard needId={need.id} />}
        <Card size="small" title={t('detail.invitations')}>
          <Invitations need={need} />
        </Card>
        <Card size="small" title={t('detail.timeline')}>
          <NeedTimeline need={need} />
        </Card>
      </Flex>
      {dialog?.kind === 'edit' && <NeedFormDrawer need={need} onClose={close} onSaved={close} />}
      {dialog?.kind === 'cancel' && <CancelNeedModal need={need} onClose={close} />}
      {dialog?.kind === 'claim' && (
        <ClaimModal needId={need.id} seatsLeft={need.seatsLeft} claimAs={need.claimAs} onClose={close} />
      )}
      {dialog?.kind === 'schedule' && <ScheduleDrawer need={need} onClose={close} />}
      {dialog?.kind === 'confirm' && <ConfirmNeedModal need={need} onClose={close} />}
      {dialog?.kind === 'rate' && <RateNeedModal need={need} onClose={close} />}
      {dialog?.kind === 'name' && <NameVolunteersModal need={need} claim={dialog.claim} onClose={close} />}
    </>
  );
}
