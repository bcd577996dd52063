import { CheckCircleFilled, SafetyCertificateOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, List, Row, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AccountView, PROGRAMME_LABELS } from '../../../../contracts/api/ledger.ts';
import { useAuth } from '../../app/auth.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { usePagination } from '../../app/pagination.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { FundsOverviewCard } from '../care-credits/FundsOverviewCard.tsx';
import { AccountDrawer } from './AccountDrawer.tsx';
import { type LedgerCheck, useLedgerAccounts, useLedgerCheck } from './api.ts';
import { Money, MoneyStat, pickLabel, useLang } from './money.tsx';

const PAGE_SIZE = 10;
const URL_KEYS = [] as const;

/** A programme fund is the issuer: it goes negative by what it has paid out, net of returns. */
function FundCard({ account, onOpen }: { account: AccountView; onOpen: () => void }) {
  const { t } = useTranslation('funds');
  const lang = useLang();
  return (
    <Card
      size="small"
      title={pickLabel(PROGRAMME_LABELS, account.ownerId, lang)}
      extra={
        <Button type="link" size="small" onClick={onOpen}>
          {t('entries.open')}
        </Button>
      }
    >
      <MoneyStat title={t('funds.issuedNet')} value={-account.balance} unit={account.unit} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('funds.transfers', { count: account.seq })}
      </Typography.Text>
    </Card>
  );
}

/** The district's payouts account opens with the first payment; until then it shows ¥0.00. */
function PayoutCard({ account, onOpen }: { account?: AccountView; onOpen: () => void }) {
  const { t } = useTranslation('funds');
  return (
    <Card
      size="small"
      title={t('funds.payouts')}
      extra={
        account && (
          <Button type="link" size="small" onClick={onOpen}>
            {t('entries.open')}
          </Button>
        )
      }
    >
      <MoneyStat title={t('funds.paidOut')} value={account?.balance ?? 0} tone="good" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {account ? t('funds.transfers', { count: account.seq }) : t('funds.noPayouts')}
      </Typography.Text>
    </Card>
  );
}

function CheckResult({ data }: { data: LedgerCheck }) {
  const { t } = useTranslation('funds');
  const units = data.units.map((u) =>
    t('check.unitLine', { unit: t(`units.${u.unit}`), accounts: u.accounts, transfers: u.transfers }),
  );
  if (data.ok)
    return (
      <Alert
        type="success"
        showIcon
        icon={<CheckCircleFilled />}
        title={t('check.ok')}
        description={units.join('；')}
      />
    );
  return (
    <Alert
      type="error"
      showIcon
      icon={<WarningFilled />}
      title={t('check.broken', { count: data.violations.length })}
      description={
        <List
          size="small"
          dataSource={data.violations}
          renderItem={(v) => (
            <List.Item>
              <Typography.Text code>{v.check}</Typography.Text> {v.detail}
            </List.Item>
          )}
        />
      }
    />
  );
}

function LedgerCheckCard() {
  const { t } = useTranslation('funds');
  const [asked, setAsked] = useState(false);
  const check = useLedgerCheck(asked);
  return (
    <Card
      size="small"
      title={t('check.title')}
      extra={
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={check.isFetching}
          onClick={() => (asked ? void check.refetch() : setAsked(true))}
        >
          {t('check.run')}
        </Button>
      }
    >
      {check.error && <QueryError error={check.error} onRetry={() => void check.refetch()} />}
      {check.data ? (
        <CheckResult data={check.data} />
      ) : (
        <Typography.Text type="secondary">{t('check.hint')}</Typography.Text>
      )}
    </Card>
  );
}

/**
 * Programme funds (district): what each fund has issued, what has been paid out to providers,
 * what providers are still owed, and the whole-ledger check.
 */
export default function FundsPage() {
  const { t } = useTranslation('funds');
  const { can } = useAuth();
  const { page, update } = useUrlState(URL_KEYS);
  const [open, setOpen] = useState<AccountView | null>(null);
  const funds = useLedgerAccounts({ ownerType: 'programme', pageSize: 50 });
  const payouts = useLedgerAccounts({ kind: 'payout', pageSize: 10 });
  const receivables = useLedgerAccounts({ kind: 'receivable', page, pageSize: PAGE_SIZE });
  const pagination = usePagination(receivables.data, page, PAGE_SIZE, (p) => update({ page: p }));
  const error = funds.error ?? payouts.error ?? receivables.error;

  const columns: TableColumnsType<AccountView> = [
    {
      title: t('receivables.provider'),
      dataIndex: 'ownerName',
      ellipsis: true,
      render: (name: string, a) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(a)}>
          {name}
        </Button>
      ),
    },
    {
      title: t('receivables.owed'),
      dataIndex: 'balance',
      width: 160,
      align: 'right',
      render: (v: number, a) => <Money value={v} unit={a.unit} strong />,
    },
    {
      title: t('receivables.transfers'),
      dataIndex: 'seq',
      width: 100,
      align: 'right',
    },
  ];

  const fundAccounts = funds.data?.items ?? [];
  const payout = payouts.data?.items[0];
  return (
    <>
      <PageHeader title={t('title')} />
      {error && <QueryError error={error} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {fundAccounts.map((a) => (
          <Col key={a.id} xs={24} md={12} xl={8}>
            <FundCard account={a} onOpen={() => setOpen(a)} />
          </Col>
        ))}
        {payouts.data && (
          <Col xs={24} md={12} xl={8}>
            <PayoutCard account={payout} onOpen={() => payout && setOpen(payout)} />
          </Col>
        )}
        {funds.data && fundAccounts.length === 0 && (
          <Col span={24}>
            <Card size="small">
              <Empty description={t('funds.none')} />
            </Card>
          </Col>
        )}
      </Row>
      {can('care_credit.grant') && <FundsOverviewCard />}
      <Row gutter={12}>
        <Col xs={24} xl={can('ledger.adjust') ? 15 : 24}>
          <Card
            size="small"
            title={t('receivables.title')}
            extra={<Typography.Text type="secondary">{t('receivables.note')}</Typography.Text>}
          >
            <Table<AccountView>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={receivables.data?.items}
              loading={receivables.isFetching}
              pagination={pagination}
            />
          </Card>
        </Col>
        {can('ledger.adjust') && (
          <Col xs={24} xl={9}>
            <LedgerCheckCard />
          </Col>
        )}
      </Row>
      {open && <AccountDrawer key={open.id} account={open} onClose={() => setOpen(null)} />}
    </>
  );
}
