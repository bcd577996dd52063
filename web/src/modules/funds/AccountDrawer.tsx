import { Col, Drawer, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_KIND_LABELS, type AccountView } from '../../../../contracts/api/ledger.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { useAccountEntries } from './api.ts';
import { MoneyStat, pickLabel, useLang } from './money.tsx';
import { type StatementRow, StatementTable, useSeqPager } from './StatementTable.tsx';

const LIMIT = 20;

/** An account's balances and its numbered statement, newest first. */
export function AccountDrawer({ account, onClose }: { account: AccountView; onClose: () => void }) {
  const { t } = useTranslation('funds');
  const lang = useLang();
  const pager = useSeqPager();
  const query = useAccountEntries(account.id, pager.beforeSeq, LIMIT);
  const current = query.data?.account ?? account;
  const entries = query.data?.entries;
  const rows: StatementRow[] | undefined = entries?.map((e) => ({
    seq: e.seq,
    at: e.transfer.at,
    code: e.transfer.code,
    flag: e.transfer.flag,
    amount: e.delta,
    gross: e.transfer.amount,
    balanceAfter: e.balance,
    counterparty: e.counterpartyName,
    memo: e.transfer.memo,
  }));
  const lowest = entries?.[entries.length - 1]?.seq;
  const nextBeforeSeq = entries && entries.length === LIMIT && lowest && lowest > 1 ? lowest : null;

  return (
    <Drawer
      open
      size={960}
      onClose={onClose}
      title={
        <>
          {current.ownerName}
          <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontWeight: 'normal' }}>
            {pickLabel(ACCOUNT_KIND_LABELS, current.kind, lang)}
          </Typography.Text>
        </>
      }
    >
      <Row gutter={24} style={{ marginBottom: 16 }}>
        <Col span={8}>
          <MoneyStat title={t('account.balance')} value={current.balance} unit={current.unit} />
        </Col>
        <Col span={8}>
          <MoneyStat title={t('account.available')} value={current.available} unit={current.unit} />
        </Col>
        <Col span={8}>
          <MoneyStat title={t('account.held')} value={current.held} unit={current.unit} tone="muted" />
        </Col>
      </Row>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <StatementTable
        rows={rows}
        unit={current.unit}
        loading={query.isFetching}
        pager={pager}
        nextBeforeSeq={nextBeforeSeq}
      />
    </Drawer>
  );
}
