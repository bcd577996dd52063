import { ClockCircleOutlined, EnvironmentOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { NEED_CATEGORIES, type Need, type NeedCategory } from '../../../../contracts/api/needs.ts';
import { fromDay, toDay } from '../../app/format.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { useClaim, useClaimAction, useInvitationAnswer, useMyClaims, useOpenNeeds } from './api.ts';
import { formatWindow, NeedStatusTag, useNeedLabels } from './labels.tsx';
import { ClaimModal } from './NeedDialogs.tsx';

const URL_KEYS = ['view', 'category', 'from'] as const;

/** One need as a card that fits a phone: what, when, where, how many are still needed. */
function NeedCard({
  need,
  extra,
  children,
}: {
  need: Need;
  extra?: React.ReactNode;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation('needs');
  const labels = useNeedLabels();
  return (
    <Card size="small" styles={{ body: { padding: 12 } }}>
      <Flex justify="space-between" align="start" gap={8}>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {need.title}
        </Typography.Text>
        {extra ?? <NeedStatusTag status={need.status} />}
      </Flex>
      <Space size={4} wrap style={{ margin: '6px 0' }}>
        <Tag color="red">{labels.category(need.category)}</Tag>
        {need.skills.map((s) => (
          <Tag key={s}>{labels.skill(s)}</Tag>
        ))}
        {need.beneficiary?.flags.map((f) => (
          <Tag key={f} color="volcano">
            {labels.flag(f)}
          </Tag>
        ))}
      </Space>
      <Typography.Paragraph style={{ margin: 0 }} type="secondary">
        <ClockCircleOutlined /> <span className="ms-mono">{formatWindow(need.startsAt, need.endsAt)}</span>
      </Typography.Paragraph>
      <Typography.Paragraph style={{ margin: 0 }} type="secondary" ellipsis={{ rows: 2 }}>
        <EnvironmentOutlined /> {need.areaName} · {need.place}
      </Typography.Paragraph>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginTop: 8 }}>
        <Link to={`/needs/${need.id}`}>{t('claims.details')}</Link>
        {children}
      </Flex>
    </Card>
  );
}

function OpenNeeds({
  category,
  from,
  onFilter,
}: {
  category?: string;
  from?: string;
  onFilter: (p: Record<string, string | undefined>) => void;
}) {
  const { t } = useTranslation('needs');
  const labels = useNeedLabels();
  const { message } = App.useApp();
  const mine = useMyClaims();
  const claimAs = mine.data?.claimAs ?? [];
  const open = useOpenNeeds(
    { category: category as NeedCategory | undefined, from, pageSize: 50 },
    claimAs.length > 0,
  );
  const claim = useClaim();
  const [claiming, setClaiming] = useState<Need | null>(null);
  const onlySelf = claimAs.length === 1 && claimAs[0]!.type === 'volunteer';
  if (mine.isLoading) return <Spin />;
  if (claimAs.length === 0) return <Alert type="info" showIcon title={t('claims.notClaimant')} />;
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('filters.category')}
          aria-label={t('filters.category')}
          style={{ width: 140 }}
          value={category}
          onChange={(c) => onFilter({ category: c })}
          options={NEED_CATEGORIES.map((c) => ({ value: c, label: labels.category(c) }))}
        />
        <DatePicker
          placeholder={t('filters.from')}
          aria-label={t('filters.from')}
          style={{ width: 140 }}
          value={toDay(from) ?? null}
          onChange={(d) => onFilter({ from: fromDay(d) })}
        />
      </Flex>
      {open.error && <QueryError error={open.error} onRetry={() => void open.refetch()} />}
      {open.isLoading ? (
        <Spin />
      ) : (open.data?.items.length ?? 0) === 0 ? (
        <Empty description={t('claims.emptyOpen')} />
      ) : (
        <Flex vertical gap={10}>
          {open.data!.items.map((n) => (
            <NeedCard
              key={n.id}
              need={n}
              extra={<Tag color="gold">{t('claims.seatsLeft', { count: n.seatsLeft })}</Tag>}
            >
              <Button
                type="primary"
                loading={claim.isPending && claim.variables?.needId === n.id}
                onClick={() =>
                  onlySelf
                    ? claim.mutate(
                        { needId: n.id, claimantType: 'volunteer' },
                        {
                          onSuccess: () => void message.success(t('claim.done')),
                          onError: (e) => void message.error(e.message),
                        },
                      )
                    : setClaiming(n)
                }
              >
                {t('actions.claim')}
              </Button>
            </NeedCard>
          ))}
        </Flex>
      )}
      {claiming && (
        <ClaimModal
          needId={claiming.id}
          seatsLeft={claiming.seatsLeft}
          claimAs={claimAs}
          onClose={() => setClaiming(null)}
        />
      )}
    </>
  );
}

function MyClaimsList() {
  const { t } = useTranslation('needs');
  const labels = useNeedLabels();
  const { message } = App.useApp();
  const mine = useMyClaims();
  const action = useClaimAction();
  if (mine.isLoading) return <Spin />;
  if (mine.error) return <QueryError error={mine.error} onRetry={() => void mine.refetch()} />;
  const claims = mine.data?.claims ?? [];
  if (claims.length === 0) return <Empty description={t('claims.emptyMine')} />;
  return (
    <Flex vertical gap={10}>
      {claims.map((c) => (
        <NeedCard key={c.id} need={c.need}>
          <Typography.Text
            type={c.status === 'withdrawn' ? 'secondary' : undefined}
            delete={c.status === 'withdrawn'}
          >
            {labels.claimant(c.claimantType)} ·{' '}
            {t('claims.claimedAs', { name: c.claimantName, seats: c.seats })}
          </Typography.Text>
          {c.status === 'active' && (c.need.status === 'published' || c.need.status === 'claimed') && (
            <Popconfirm
              title={t('withdraw.confirm')}
              onConfirm={() =>
                action.mutate(
                  { needId: c.needId, claimId: c.id, action: 'withdraw', body: {} },
                  {
                    onSuccess: () => void message.success(t('withdraw.done')),
                    onError: (e) => void message.error(e.message),
                  },
                )
              }
            >
              <Button danger size="small">
                {t('actions.withdraw')}
              </Button>
            </Popconfirm>
          )}
        </NeedCard>
      ))}
    </Flex>
  );
}

function InvitationsList() {
  const { t } = useTranslation('needs');
  const labels = useNeedLabels();
  const { message } = App.useApp();
  const mine = useMyClaims();
  const answer = useInvitationAnswer();
  if (mine.isLoading) return <Spin />;
  if (mine.error) return <QueryError error={mine.error} onRetry={() => void mine.refetch()} />;
  const list = mine.data?.invitations ?? [];
  if (list.length === 0) return <Empty description={t('claims.emptyInvitations')} />;
  const reply = (id: string, a: 'accept' | 'decline') =>
    answer.mutate(
      { id, answer: a },
      {
        onSuccess: () => void message.success(t(a === 'accept' ? 'claims.accepted' : 'claims.declined')),
        onError: (e) => void message.error(e.message),
      },
    );
  return (
    <Flex vertical gap={10}>
      {list.map((i) => (
        <NeedCard
          key={i.id}
          need={i.need}
          extra={<Tag color={i.status === 'pending' ? 'gold' : undefined}>{labels.invitation(i.status)}</Tag>}
        >
          <Typography.Text type="secondary">
            {labels.claimant(i.inviteeType)} · {i.inviteeName}
          </Typography.Text>
          {i.status === 'pending' && (
            <Space>
              <Button size="small" onClick={() => reply(i.id, 'decline')}>
                {t('actions.decline')}
              </Button>
              <Button
                size="small"
                type="primary"
                loading={answer.isPending}
                onClick={() => reply(i.id, 'accept')}
              >
                {t('actions.accept')}
              </Button>
            </Space>
          )}
        </NeedCard>
      ))}
    </Flex>
  );
}

/**
 * For organisations and volunteers (phone width): needs open to claim in their area, one-click
 * claiming, their claims and their invitations.
 */
export default function ClaimsPage() {
  const { t } = useTranslation('needs');
  const { values, update } = useUrlState(URL_KEYS);
  const mine = useMyClaims();
  const pending = mine.data?.invitations.filter((i) => i.status === 'pending').length ?? 0;
  const view = values.view ?? 'open';
  return (
    <div style={{ maxWidth: 720 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('claims.title')}
      </Typography.Title>
      <Segmented
        block
        value={view}
        onChange={(v) => update({ view: v === 'open' ? undefined : String(v) })}
        options={[
          { value: 'open', label: t('claims.open') },
          { value: 'mine', label: t('claims.mine') },
          {
            value: 'invitations',
            label: pending ? `${t('claims.invitations')} (${pending})` : t('claims.invitations'),
          },
        ]}
        style={{ marginBottom: 12 }}
      />
      {view === 'open' && (
        <OpenNeeds category={values.category} from={values.from} onFilter={(p) => update(p)} />
      )}
      {view === 'mine' && <MyClaimsList />}
      {view === 'invitations' && <InvitationsList />}
    </div>
  );
}
