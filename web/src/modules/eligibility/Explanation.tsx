import { Alert, Descriptions, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExplanationView, TraceNodeView } from '../../../../contracts/api/eligibility.ts';
import { TRUTH_COLORS, TruthMark, useAmountText, VerdictTag } from './labels.tsx';
import './print.css';

/** One condition, or a group of them, as a tree: ✓ 是 / ✗ 否 / ？未知, with the values the rule saw. */
function TraceTree({ node }: { node: TraceNodeView }) {
  const { t } = useTranslation('eligibility');
  if (node.k === 'leaf')
    return (
      <div>
        <Flex gap={8} align="baseline" wrap>
          <TruthMark truth={node.truth} />
          <span>{node.text}</span>
        </Flex>
        {node.seen.length > 0 && (
          <Typography.Text type="secondary" style={{ display: 'block', paddingLeft: 44, fontSize: 13 }}>
            {t('explanation.seen')}
            {node.seen.join(t('clauseSep'))}
          </Typography.Text>
        )}
      </div>
    );
  return (
    <div>
      <Flex gap={8} align="baseline">
        <TruthMark truth={node.truth} />
        <Typography.Text type="secondary">{t(`explanation.${node.k}`)}</Typography.Text>
      </Flex>
      <ul className="ms-trace">
        {node.items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a rule's conditions keep their order
          <li key={i}>
            <TraceTree node={item} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * "Why (not)": the verdict and amount, the summary a worker can read out, then each branch the
 * rule looked at, condition by condition, with its source.
 */
export function Explanation({ explanation: x }: { explanation: ExplanationView }) {
  const { t } = useTranslation('eligibility');
  const amountText = useAmountText();
  const showAmount = x.amount > 0 && (x.verdict === 'entitled' || x.verdict === 'alert');
  return (
    <div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        style={{ marginBottom: 12 }}
        items={[
          {
            key: 'verdict',
            label: t('explanation.verdict'),
            children: (
              <Flex gap={6} align="center">
                <VerdictTag verdict={x.verdict} />
                {x.tier === 'red' || x.tier === 'yellow' ? (
                  <Typography.Text>{t(`tier.${x.tier}`)}</Typography.Text>
                ) : null}
              </Flex>
            ),
          },
          ...(showAmount
            ? [{ key: 'amount', label: t('explanation.amount'), children: amountText(x.amount, x.period) }]
            : []),
        ]}
      />
      <Typography.Paragraph style={{ fontSize: 15, lineHeight: 1.8, marginBottom: 12 }}>
        {x.summary}
      </Typography.Paragraph>
      {x.missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <>
              {t('explanation.missing')}
              {x.missing.join(t('listSep'))}
            </>
          }
        />
      )}
      {x.branches.map((b) => {
        const decided = b.branch === x.decision;
        return (
          <section
            key={b.branch}
            className="ms-branch"
            style={{
              border: `1px solid ${decided ? TRUTH_COLORS[b.truth] : '#f0f0f0'}`,
              borderRadius: 4,
              padding: '8px 12px',
              marginBottom: 8,
            }}
          >
            <Flex gap={10} align="baseline" wrap style={{ marginBottom: 4 }}>
              <Typography.Text strong>{t('explanation.branch', { n: b.branch })}</Typography.Text>
              <TruthMark truth={b.truth} />
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {b.cite ? t('explanation.source', { cite: b.cite }) : t('explanation.noSource')}
              </Typography.Text>
            </Flex>
            <TraceTree node={b.node} />
          </section>
        );
      })}
    </div>
  );
}

/** The heading of an explanation: programme, version and date. */
export function useExplanationHeading() {
  const { t } = useTranslation('eligibility');
  return (x: ExplanationView) =>
    t('explanation.heading', {
      programme: x.programmeName,
      version: t('version', { n: x.version }),
      asOf: x.asOf,
    });
}
