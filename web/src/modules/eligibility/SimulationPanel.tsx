import {
  Alert,
  Card,
  Col,
  Empty,
  Flex,
  Row,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SimulationView } from '../../../../contracts/api/eligibility.ts';
import { TotalsRow } from '../../app/TotalsRow.tsx';
import { formatMoney, Money, useLang } from '../funds/money.tsx';

type SimRow = SimulationView['total'];

/** Monthly costs may carry a fraction of a fen (a yearly amount over 12): shown to the fen. */
const fen = (v: number) => Math.round(v);

function Stat({ title, value, color }: { title: string; value: string | number; color?: string }) {
  return (
    <Statistic
      title={title}
      value={value}
      styles={{ content: { fontSize: 22, fontWeight: 600, color, fontVariantNumeric: 'tabular-nums' } }}
    />
  );
}

/** What-if: the draft against the version in force, by street, with a few people to check by hand. */
export function SimulationPanel({ result }: { result: SimulationView }) {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const total = result.total;
  const diff = fen(total.monthlyCostAfter) - fen(total.monthlyCostBefore);
  const columns: TableColumnsType<SimRow> = [
    { title: t('simulation.street'), dataIndex: 'areaName', ellipsis: true },
    { title: t('simulation.screened'), dataIndex: 'screened', width: 90, align: 'right' },
    { title: t('simulation.before'), dataIndex: 'entitledBefore', width: 80, align: 'right' },
    { title: t('simulation.after'), dataIndex: 'entitledAfter', width: 80, align: 'right' },
    {
      title: t('simulation.gain'),
      dataIndex: 'gain',
      width: 70,
      align: 'right',
      render: (n: number) =>
        n > 0 ? <Typography.Text style={{ color: '#237804' }}>+{n}</Typography.Text> : n,
    },
    {
      title: t('simulation.lose'),
      dataIndex: 'lose',
      width: 70,
      align: 'right',
      render: (n: number) =>
        n > 0 ? <Typography.Text style={{ color: '#a8071a' }}>-{n}</Typography.Text> : n,
    },
    {
      title: t('simulation.costBefore'),
      dataIndex: 'monthlyCostBefore',
      width: 140,
      align: 'right',
      render: (v: number) => <Money value={fen(v)} />,
    },
    {
      title: t('simulation.costAfter'),
      dataIndex: 'monthlyCostAfter',
      width: 140,
      align: 'right',
      render: (v: number) => <Money value={fen(v)} />,
    },
    {
      title: t('simulation.costDiff'),
      key: 'diff',
      width: 130,
      align: 'right',
      render: (_: unknown, r) => <Money value={fen(r.monthlyCostAfter) - fen(r.monthlyCostBefore)} signed />,
    },
  ];
  return (
    <Card
      size="small"
      title={t('simulation.title')}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('simulation.note', { asOf: result.asOf, seconds: (result.durationMs / 1000).toFixed(1) })}
        </Typography.Text>
      }
      style={{ marginTop: 12 }}
      data-testid="simulation-result"
    >
      {!result.baseVersionId && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('simulation.noBase')} />
      )}
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col span={4}>
          <Stat title={t('simulation.screened')} value={total.screened} />
        </Col>
        <Col span={3}>
          <Stat title={t('simulation.before')} value={total.entitledBefore} />
        </Col>
        <Col span={3}>
          <Stat title={t('simulation.after')} value={total.entitledAfter} />
        </Col>
        <Col span={3}>
          <div data-testid="simulation-gain" data-value={total.gain}>
            <Stat
              title={t('simulation.gain')}
              value={total.gain > 0 ? `+${total.gain}` : 0}
              color={total.gain > 0 ? '#237804' : undefined}
            />
          </div>
        </Col>
        <Col span={3}>
          <Stat
            title={t('simulation.lose')}
            value={total.lose > 0 ? `-${total.lose}` : 0}
            color={total.lose > 0 ? '#a8071a' : undefined}
          />
        </Col>
        <Col span={8}>
          <Stat
            title={t('simulation.costAfter')}
            value={formatMoney(fen(total.monthlyCostAfter), 'fen', lang)}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('simulation.costBefore')} {formatMoney(fen(total.monthlyCostBefore), 'fen', lang)} ·{' '}
            {t('simulation.costDiff')} <Money value={diff} signed style={{ fontSize: 12 }} />
          </Typography.Text>
        </Col>
      </Row>
      <Table<SimRow>
        rowKey="areaCode"
        size="small"
        columns={columns}
        dataSource={result.byStreet}
        pagination={false}
        scroll={{ y: 320 }}
        summary={() => (
          <Table.Summary fixed>
            <TotalsRow
              style={{ fontWeight: 600 }}
              label={t('simulation.total')}
              values={[
                total.screened,
                total.entitledBefore,
                total.entitledAfter,
                total.gain,
                total.lose,
                <Money key="before" value={fen(total.monthlyCostBefore)} strong />,
                <Money key="after" value={fen(total.monthlyCostAfter)} strong />,
                <Money key="diff" value={diff} signed strong />,
              ]}
            />
          </Table.Summary>
        )}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('simulation.examples')}
      </Typography.Title>
      {result.examples.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('simulation.noExamples')} />
      ) : (
        <Flex gap={8} wrap>
          {result.examples.map((e) => (
            <Tag
              key={e.personId}
              color={e.change === 'gain' ? 'green' : 'red'}
              style={{ padding: '2px 8px' }}
            >
              {t(`simulation.change.${e.change}`)} · <Link to={`/residents/${e.personId}`}>{e.name}</Link> ·{' '}
              {e.areaName}
            </Tag>
          ))}
        </Flex>
      )}
    </Card>
  );
}
