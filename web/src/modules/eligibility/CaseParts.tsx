import { Card, Descriptions, type DescriptionsProps, Form, Input, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ExplanationView, WorklistItemView } from '../../../../contracts/api/eligibility.ts';
import { useAuth } from '../../app/auth.tsx';
import { useFieldRules } from '../../app/FormDialog.tsx';
import { formatDateTime } from '../../app/format.ts';
import { Explanation, useExplanationHeading } from './Explanation.tsx';

/** What an application and a worklist item both say of the resident they are about. */
type CasePerson = Pick<WorklistItemView, 'personId' | 'idMasked' | 'areaName' | 'programmeName'>;

/**
 * The head of a case page (an application, a worklist item): its title and tags, its actions,
 * and its facts, starting with the resident's masked ID, community and programme.
 */
export function CaseCard({
  title,
  tags,
  extra,
  alerts,
  person,
  items,
}: {
  title: string;
  tags: ReactNode;
  extra: ReactNode;
  alerts?: ReactNode;
  person: CasePerson;
  items: NonNullable<DescriptionsProps['items']>;
}) {
  const { t } = useTranslation('eligibility');
  const { can } = useAuth();
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={
        <Space size={8} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {tags}
        </Space>
      }
      extra={extra}
    >
      {alerts}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          {
            key: 'id',
            label: t('item.idNumber'),
            children: (
              <Space size={8}>
                <span className="ms-mono">{person.idMasked}</span>
                {can('person.read') && (
                  <Link to={`/residents/${person.personId}`} className="ms-no-print">
                    {t('item.openResident')}
                  </Link>
                )}
              </Space>
            ),
          },
          { key: 'community', label: t('item.community'), children: person.areaName },
          { key: 'programme', label: t('item.programme'), children: person.programmeName },
          ...items,
        ]}
      />
    </Card>
  );
}

/** Why the rule decided as it did, as a worker reads it out or prints it. */
export function ExplanationCard({ explanation }: { explanation: ExplanationView }) {
  const { t } = useTranslation('eligibility');
  const heading = useExplanationHeading();
  return (
    <Card size="small" title={`${t('explanation.title')} · ${heading(explanation)}`}>
      <Explanation explanation={explanation} />
      <Typography.Text type="secondary" className="ms-print-only" style={{ fontSize: 12 }}>
        {t('explanation.printedAt', { at: formatDateTime(new Date().toISOString()) })}
      </Typography.Text>
    </Card>
  );
}

/** A required free-text field of a case (a result, a reason, a decision note): blank text is refused. */
export function CaseTextField({
  name,
  label,
  placeholder,
  max,
}: {
  name: string;
  label: string;
  placeholder: string;
  max: number;
}) {
  const rules = useFieldRules();
  return (
    <Form.Item name={name} label={label} rules={rules.text(label)}>
      <Input.TextArea rows={3} maxLength={max} showCount placeholder={placeholder} aria-label={label} />
    </Form.Item>
  );
}
