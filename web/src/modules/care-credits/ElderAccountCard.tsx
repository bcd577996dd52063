import { CreditCardOutlined, StopOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_KIND_LABELS, PROGRAMME_LABELS } from '../../../../contracts/api/ledger.ts';
import type { PersonDetail } from '../../../../contracts/api/persons.ts';
import type { Lang } from '../../../../contracts/messages/index.ts';
import { useAuth } from '../../app/auth.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { MoneyStat, pickLabel, useLang } from '../funds/money.tsx';
import { type StatementRow, StatementTable, useSeqPager } from '../funds/StatementTable.tsx';
import { type ElderEntries, useElderAccounts, useElderEntries } from './api.ts';
import { EndEnrolmentModal, EnrolModal, IssueCardModal } from './EnrolmentModals.tsx';

/** 重阳分 are for elders: 60周岁以上 (R4). */
const MIN_AGE = 60;
const LIMIT = 10;

type Entry = ElderEntries['entries'][number];

/** Programme and district accounts have no name of their own: the programme or kind names them. */
function counterpartyName(e: Entry, lang: Lang): string {
  const c = e.counterparty;
  if (c.name) return c.name;
  if (c.ownerType === 'programme') return pickLabel(PROGRAMME_LABELS, c.ownerId, lang);
  return pickLabel(ACCOUNT_KIND_LABELS, c.kind, lang);
}

function History({ personId }: { personId: string }) {
  const lang = useLang();
  const pager = useSeqPager();
  const query = useElderEntries(personId, pager.beforeSeq, LIMIT);
  const rows: StatementRow[] | undefined = query.data?.entries.map((e) => ({
    seq: e.seq,
    at: e.at,
    code: e.code,
    flag: e.flag,
    amount: e.amount,
    gross: e.gross,
    balanceAfter: e.balanceAfter,
    counterparty: counterpartyName(e, lang),
    memo: e.memo,
  }));
  return (
    <>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <StatementTable
        rows={rows}
        loading={query.isFetching}
        pager={pager}
        nextBeforeSeq={query.data?.nextBeforeSeq}
      />
    </>
  );
}

/**
 * The elder's 养老服务专户 on the resident page: enrolled or not, balance in large figures, the
 * card, and the numbered history of the account.
 */
export function ElderAccountCard({ person }: { person: PersonDetail }) {
  const { t } = useTranslation('careCredits');
  const { can } = useAuth();
  const show = can('ledger.read') && person.age >= MIN_AGE;
  const query = useElderAccounts(person.id, show);
  const [dialog, setDialog] = useState<'enrol' | 'end' | 'card' | null>(null);
  const [issuedCard, setIssuedCard] = useState<string | null>(null);
  if (!show) return null;
  const data = query.data;
  const account = data?.accounts.find((a) => a.kind === 'elder_care' && a.unit === 'fen');
  const open = data?.enrolments.find((e) => e.toMonth === null);
  const canEnrol = can('care_credit.enrol') && !person.deceased;

  return (
    <Card
      size="small"
      title={t('card.heading')}
      style={{ marginBottom: 12 }}
      extra={
        canEnrol &&
        data && (
          <Space size={4}>
            <Button size="small" icon={<CreditCardOutlined />} onClick={() => setDialog('card')}>
              {t('card.issue')}
            </Button>
            {open ? (
              <Button size="small" danger icon={<StopOutlined />} onClick={() => setDialog('end')}>
                {t('end.action')}
              </Button>
            ) : (
              <Button
                size="small"
                type="primary"
                icon={<UserAddOutlined />}
                onClick={() => setDialog('enrol')}
              >
                {t('enrol.action')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {data && (
        <>
          <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
            {data.enrolled ? (
              <Tag color="green">{t('status.enrolled')}</Tag>
            ) : (
              <Tag>{t('status.notEnrolled')}</Tag>
            )}
            {data.enrolments.map((e) => (
              <Typography.Text key={e.id} type="secondary">
                {t('status.span', { from: e.fromMonth, to: e.toMonth ?? t('common:untilNow') })}
                {e.endReason ? `（${e.endReason}）` : ''}
              </Typography.Text>
            ))}
            {issuedCard && (
              <Typography.Text>
                {t('card.cardNo')}
                {t('common:colon')}
                <span className="ms-mono">{issuedCard}</span>
              </Typography.Text>
            )}
          </Flex>
          {account ? (
            <>
              <Row gutter={16} style={{ marginBottom: 12 }}>
                <Col span={8}>
                  <MoneyStat title={t('account.balance')} value={account.balance} />
                </Col>
                <Col span={8}>
                  <MoneyStat title={t('account.available')} value={account.available} tone="good" />
                </Col>
                <Col span={8}>
                  <MoneyStat
                    title={t('account.held')}
                    value={account.held}
                    tone="muted"
                    note={t('account.heldNote')}
                  />
                </Col>
              </Row>
              <History personId={person.id} />
            </>
          ) : (
            <Typography.Text type="secondary">{t('account.none')}</Typography.Text>
          )}
        </>
      )}
      {dialog === 'enrol' && (
        <EnrolModal personId={person.id} name={person.name} onClose={() => setDialog(null)} />
      )}
      {dialog === 'end' && open && (
        <EndEnrolmentModal
          enrolmentId={open.id}
          name={person.name}
          fromMonth={open.fromMonth}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'card' && (
        <IssueCardModal
          personId={person.id}
          name={person.name}
          onClose={() => setDialog(null)}
          onIssued={setIssuedCard}
        />
      )}
    </Card>
  );
}
