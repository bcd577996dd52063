import { Card, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { formatMoney, MoneyStat, useLang } from '../funds/money.tsx';
import { useFundsOverview } from './api.ts';

/** The 重阳分 programme's money at a glance (district staff): granted, spent, on accounts, lapsed. */
export function FundsOverviewCard() {
  const { t } = useTranslation('careCredits');
  const lang = useLang();
  const query = useFundsOverview();
  const d = query.data;
  return (
    <Card size="small" title={t('funds.title')} style={{ marginBottom: 12 }}>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {d && (
        <Row gutter={[16, 12]}>
          <Col span={6}>
            <MoneyStat title={t('funds.issued')} value={d.issued} />
          </Col>
          <Col span={6}>
            <MoneyStat title={t('funds.spent')} value={d.spent} tone="good" />
          </Col>
          <Col span={6}>
            <MoneyStat
              title={t('funds.outstanding')}
              value={d.outstanding}
              note={t('funds.heldNote', { held: formatMoney(d.held, 'fen', lang) })}
            />
          </Col>
          <Col span={6}>
            <MoneyStat title={t('funds.expired')} value={d.expired} tone="muted" />
          </Col>
          <Col span={24}>
            <Typography.Text type="secondary">
              {t('funds.counts', { accounts: d.elderAccounts, enrolled: d.enrolledThisMonth })}
              {d.lastGrant &&
                ` · ${t('funds.lastGrant', { month: d.lastGrant.month, at: formatDateTime(d.lastGrant.finishedAt ?? d.lastGrant.startedAt) })}`}
            </Typography.Text>
          </Col>
        </Row>
      )}
    </Card>
  );
}
