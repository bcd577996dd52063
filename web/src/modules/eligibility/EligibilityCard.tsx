import { Button, Card, Modal, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { todayInShanghai } from '../../app/format.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { ApplyModal } from './ApplyModal.tsx';
import { type PersonEligibility, usePersonEligibility } from './api.ts';
import { Explanation, useExplanationHeading } from './Explanation.tsx';
import { KindTag, useAmountText, VerdictTag } from './labels.tsx';

type Item = PersonEligibility['items'][number];

/**
 * 待遇资格 on the resident page: each programme's verdict on the day (today unless the page looks
 * at another date), the amount, and the full "why (not)" a click away.
 */
export function EligibilityCard({ personId, asOf }: { personId: string; asOf?: string }) {
  const { t } = useTranslation('eligibility');
  const { can } = useAuth();
  const show = can('programme.read');
  const query = usePersonEligibility(personId, asOf, show);
  const amountText = useAmountText();
  const heading = useExplanationHeading();
  const [open, setOpen] = useState<Item | null>(null);
  const [applying, setApplying] = useState<Item | null>(null);
  // An application is decided by the rule in force today: offered only when the card shows today.
  const canApply =
    can('application.submit') && (query.data?.asOf ?? asOf ?? todayInShanghai()) === todayInShanghai();
  if (!show) return null;
  const columns: TableColumnsType<Item> = [
    {
      title: t('card.programme'),
      dataIndex: 'programmeName',
      ellipsis: true,
    },
    {
      title: t('card.verdict'),
      key: 'verdict',
      width: 190,
      render: (_: unknown, x) => (
        <Space size={2} wrap>
          <VerdictTag verdict={x.verdict} />
          {x.enrolled && x.verdict === 'not_entitled' && <Tag color="orange">{t('card.review')}</Tag>}
          {x.enrolled && x.verdict !== 'not_entitled' && <Tag color="cyan">{t('card.enrolled')}</Tag>}
          {!x.enrolled && x.verdict === 'entitled' && <Tag color="gold">{t('card.notEnrolled')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('card.amount'),
      key: 'amount',
      width: 130,
      align: 'right',
      render: (_: unknown, x) =>
        x.verdict === 'entitled' && x.amount > 0 ? (
          <Typography.Text style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
            {amountText(x.amount, x.period)}
          </Typography.Text>
        ) : x.verdict === 'alert' && (x.tier === 'red' || x.tier === 'yellow') ? (
          t(`tier.${x.tier}`)
        ) : (
          '—'
        ),
    },
    {
      title: '',
      key: 'why',
      width: 140,
      render: (_: unknown, x) => (
        <Space size={0}>
          <Button size="small" type="link" onClick={() => setOpen(x)}>
            {t('card.why')}
          </Button>
          {canApply && x.verdict === 'entitled' && !x.enrolled && (
            <Button size="small" type="link" onClick={() => setApplying(x)}>
              {t('card.apply')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('card.title')}
      extra={
        <Typography.Text type="secondary">
          {t('card.asOf', { date: query.data?.asOf ?? asOf ?? todayInShanghai() })}
        </Typography.Text>
      }
      style={{ marginBottom: 12 }}
    >
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <Table<Item>
        rowKey="programmeCode"
        size="small"
        columns={columns}
        dataSource={query.data?.items}
        loading={query.isFetching}
        pagination={false}
        locale={{ emptyText: t('card.empty') }}
      />
      {open && (
        <Modal
          open
          width={760}
          title={
            <Space size={8}>
              {heading(open)}
              {open.verdict === 'alert' || open.verdict === 'no_alert' ? <KindTag kind="alert" /> : null}
            </Space>
          }
          onCancel={() => setOpen(null)}
          footer={<Button onClick={() => setOpen(null)}>{t('card.close')}</Button>}
        >
          <Explanation explanation={open} />
        </Modal>
      )}
      {applying && query.data && (
        <ApplyModal
          personId={personId}
          personName={query.data.personName}
          programmeCode={applying.programmeCode}
          source="walk_in"
          onClose={() => setApplying(null)}
        />
      )}
    </Card>
  );
}
