import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TRANSFER_CODE_LABELS, type TRANSFER_FLAGS } from '../../../../contracts/api/ledger.ts';
import type { Unit } from '../../../../contracts/money.ts';
import { formatDateTime } from '../../app/format.ts';
import { Money, pickLabel, useLang } from './money.tsx';

/** One line of an account's statement, whatever API it came from. */
export interface StatementRow {
  seq: number;
  at: string;
  code: string;
  flag: (typeof TRANSFER_FLAGS)[number];
  /** Signed effect on the posted balance (0 for a hold and its release). */
  amount: number;
  /** The transfer's size (what a hold holds). */
  gross: number;
  balanceAfter: number;
  counterparty: string;
  memo: string | null;
}

/**
 * Statements page back by `seq` (the account's own numbering), not by offset: a new transfer
 * arriving while someone reads does not shift the page they are on.
 */
export function useSeqPager() {
  const [cursors, setCursors] = useState<number[]>([]);
  return {
    beforeSeq: cursors[cursors.length - 1],
    page: cursors.length + 1,
    older: (beforeSeq: number) => setCursors((c) => [...c, beforeSeq]),
    newer: () => setCursors((c) => c.slice(0, -1)),
    reset: () => setCursors([]),
  };
}
export type SeqPager = ReturnType<typeof useSeqPager>;

export function StatementTable({
  rows,
  unit = 'fen',
  loading,
  pager,
  nextBeforeSeq,
}: {
  rows: StatementRow[] | undefined;
  unit?: Unit;
  loading?: boolean;
  pager: SeqPager;
  /** Where the next older page starts; null or undefined at the first transfer. */
  nextBeforeSeq: number | null | undefined;
}) {
  const { t } = useTranslation('funds');
  const lang = useLang();
  const columns: TableColumnsType<StatementRow> = [
    { title: t('entries.seq'), dataIndex: 'seq', width: 48, align: 'right' },
    {
      title: t('entries.at'),
      dataIndex: 'at',
      width: 140,
      render: (at: string) => formatDateTime(at).slice(0, 16),
    },
    {
      title: t('entries.what'),
      dataIndex: 'code',
      render: (code: string, r) => (
        <>
          {pickLabel(TRANSFER_CODE_LABELS, code, lang)}
          {r.flag !== 'posted' && (
            <Tag style={{ marginInlineStart: 6 }} color={r.flag === 'pending' ? 'gold' : undefined}>
              {t(`flags.${r.flag}`)}
            </Tag>
          )}
          {r.memo && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} ellipsis>
              {r.memo}
            </Typography.Text>
          )}
        </>
      ),
    },
    { title: t('entries.counterparty'), dataIndex: 'counterparty', width: 130, ellipsis: true },
    {
      title: t('entries.amount'),
      dataIndex: 'amount',
      width: 100,
      align: 'right',
      render: (amount: number, r) =>
        r.flag === 'pending' || r.flag === 'void' ? (
          <Typography.Text type="secondary">
            (<Money value={r.gross} unit={unit} style={{ color: 'inherit' }} />)
          </Typography.Text>
        ) : (
          <Money value={amount} unit={unit} signed strong />
        ),
    },
    {
      title: t('entries.balance'),
      dataIndex: 'balanceAfter',
      width: 100,
      align: 'right',
      render: (b: number) => <Money value={b} unit={unit} />,
    },
  ];
  return (
    <>
      <Table<StatementRow>
        rowKey="seq"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        locale={{ emptyText: t('entries.empty') }}
      />
      {(pager.page > 1 || nextBeforeSeq) && (
        <Flex justify="end" align="center" gap={8} style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('entries.page', { page: pager.page })}</Typography.Text>
          <Button size="small" icon={<LeftOutlined />} disabled={pager.page === 1} onClick={pager.newer}>
            {t('entries.newer')}
          </Button>
          <Button
            size="small"
            disabled={!nextBeforeSeq}
            onClick={() => nextBeforeSeq && pager.older(nextBeforeSeq)}
          >
            {t('entries.older')} <RightOutlined />
          </Button>
        </Flex>
      )}
    </>
  );
}
