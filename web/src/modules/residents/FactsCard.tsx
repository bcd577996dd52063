import { LockOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Empty, Flex, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Fact, PersonDetail } from '../../../../contracts/api/persons.ts';
import { EVENT_FACT_KINDS, FACT_KINDS } from '../../../../contracts/domain.ts';
import { formatDateTime, fromDay, toDay, todayInShanghai } from '../../app/format.ts';
import { AddFactDrawer } from './AddFactDrawer.tsx';
import { CloseFactModal } from './CloseFactModal.tsx';
import { describeFact } from './labels.ts';

/** An event (a payment on a day) happens and is done; it does not "end" like a state. */
function isEvent(f: Fact): boolean {
  return EVENT_FACT_KINDS.includes(f.kind);
}

function isEnded(f: Fact, today: string): boolean {
  return !isEvent(f) && f.validTo !== null && f.validTo < today;
}

function FactItem({
  fact,
  asOf,
  canEnd,
  onEnd,
}: {
  fact: Fact;
  asOf?: string;
  canEnd: boolean;
  onEnd: () => void;
}) {
  const { t } = useTranslation('residents');
  // Greyed when it no longer held on the day looked at; tagged when it has ended by now.
  const ended = isEnded(fact, todayInShanghai());
  const grey = isEnded(fact, asOf ?? todayInShanghai());
  return (
    <div className={grey ? 'ms-ended' : undefined}>
      <Flex justify="space-between" align="baseline" gap={8}>
        <span>
          {fact.value === null ? (
            <Typography.Text type="secondary">
              <LockOutlined /> {describeFact(t, fact)}
            </Typography.Text>
          ) : (
            <Typography.Text strong={!grey} type={grey ? 'secondary' : undefined}>
              {describeFact(t, fact)}
            </Typography.Text>
          )}
          {ended && (
            <Tag variant="filled" style={{ marginInlineStart: 8 }}>
              {t('facts.ended')}
            </Tag>
          )}
        </span>
        {canEnd && (
          <Button size="small" type="link" danger onClick={onEnd}>
            {t('facts.end')}
          </Button>
        )}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {isEvent(fact) ? t('facts.day') : t('facts.validity')}
        {t('common:colon')}
        {isEvent(fact) ? fact.validFrom : `${fact.validFrom} — ${fact.validTo ?? t('common:untilNow')}`}
        {' · '}
        {t('facts.source')}
        {t('common:colon')}
        {fact.source}
        {' · '}
        <Tooltip title={formatDateTime(fact.recordedAt)}>
          {t('facts.recorder')}
          {t('common:colon')}
          {fact.recordedBy}
        </Tooltip>
        {fact.closedBy && (
          <>
            {' · '}
            {t('facts.closedBy')}
            {t('common:colon')}
            {fact.closedBy}
          </>
        )}
      </Typography.Text>
    </div>
  );
}

/**
 * The resident's facts over time, one timeline per kind (newest first). With an as-of date the
 * server returns only the facts valid on that day.
 */
export function FactsCard({
  person,
  asOf,
  onAsOfChange,
}: {
  person: PersonDetail;
  asOf?: string;
  onAsOfChange: (d?: string) => void;
}) {
  const { t } = useTranslation('residents');
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<Fact | null>(null);
  const kinds = FACT_KINDS.filter((k) => person.facts.some((f) => f.kind === k));

  return (
    <Card
      size="small"
      title={t('facts.title')}
      extra={
        <Flex gap={8} align="center">
          <DatePicker
            size="small"
            placeholder={t('facts.asOfAll')}
            aria-label={t('facts.asOf')}
            value={toDay(asOf)}
            onChange={(d) => onAsOfChange(fromDay(d))}
            style={{ width: 130 }}
          />
          {person.canWrite && (
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('facts.add')}
            </Button>
          )}
        </Flex>
      }
    >
      {asOf && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('facts.asOfNote', { date: asOf })}
        </Typography.Paragraph>
      )}
      {kinds.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('facts.empty')} />
      ) : (
        kinds.map((kind) => {
          const facts = person.facts
            .filter((f) => f.kind === kind)
            .sort((a, b) => b.validFrom.localeCompare(a.validFrom));
          return (
            <section key={kind} style={{ marginBottom: 8 }}>
              <Typography.Title level={5} style={{ fontSize: 14, margin: '4px 0 12px' }}>
                {t(`factKinds.${kind}`)}
              </Typography.Title>
              <Timeline
                items={facts.map((f) => ({
                  key: f.id,
                  color: isEnded(f, asOf ?? todayInShanghai()) ? 'gray' : 'red',
                  content: (
                    <FactItem
                      fact={f}
                      asOf={asOf}
                      canEnd={person.canWrite && f.validTo === null && f.kind !== 'death'}
                      onEnd={() => setEnding(f)}
                    />
                  ),
                }))}
              />
            </section>
          );
        })
      )}
      {adding && <AddFactDrawer person={person} onClose={() => setAdding(false)} />}
      {ending && <CloseFactModal fact={ending} onClose={() => setEnding(null)} />}
    </Card>
  );
}
