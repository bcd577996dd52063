import { CheckOutlined, CloseOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ApplicationView } from '../../../../contracts/api/eligibility.ts';
import { fenToYuan, yuanToFen } from '../../../../contracts/money.ts';
import { useAuth } from '../../app/auth.tsx';
import { DetailPage } from '../../app/DetailPage.tsx';
import { formatDateTime } from '../../app/format.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { formatMoney, useLang, YuanInput, yuanRules } from '../funds/money.tsx';
import { useApplication, useDecideApplication } from './api.ts';
import { CaseCard, CaseTextField, ExplanationCard } from './CaseParts.tsx';
import { ApplicationStatusTag, useAmountText } from './labels.tsx';

const NOTE_MAX = 1000;

type Values = { amount?: string; note: string };

/**
 * 批准 / 不予批准, for a user who holds the approving level: always with a note; for one-off aid
 * the amount, which may be lowered but never raised. A refusal (outside the delegation, no longer
 * entitled) shows the server's reason and changes nothing.
 */
function DecisionCard({ application: a }: { application: ApplicationView }) {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, ['amount', 'note']);
  const decide = useDecideApplication(a.id);
  const [pending, setPending] = useState<'approve' | 'reject' | null>(null);
  const once = a.period === 'once' && a.amount > 0;

  const submit = async (decision: 'approve' | 'reject') => {
    errors.clear();
    let v: Values;
    try {
      v = await form.validateFields(decision === 'approve' ? undefined : ['note']);
    } catch {
      return;
    }
    const amount = decision === 'approve' && once && v.amount ? yuanToFen(v.amount) : null;
    setPending(decision);
    decide.mutate(
      { decision, note: v.note.trim(), amount: amount ?? undefined },
      {
        onSuccess: () =>
          void message.success(
            t(decision === 'approve' ? 'application.approvedOk' : 'application.rejectedOk'),
          ),
        onError: errors.report,
        onSettled: () => setPending(null),
      },
    );
  };

  return (
    <Card size="small" title={t('application.decide')} style={{ marginBottom: 12 }} className="ms-no-print">
      <FormErrors messages={errors.messages} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ amount: once ? fenToYuan(a.amount) : undefined }}
      >
        {once && (
          <Form.Item
            name="amount"
            label={t('application.decideAmount')}
            extra={t('application.decideAmountHint', { amount: formatMoney(a.amount, 'fen', lang) })}
            rules={[
              ...yuanRules(t, t('application.decideAmount')),
              {
                validator: async (_, v: string | undefined) => {
                  const fen = v ? yuanToFen(v) : null;
                  if (fen !== null && fen > a.amount)
                    throw new Error(
                      t('application.decideAmountAbove', { amount: formatMoney(a.amount, 'fen', lang) }),
                    );
                },
              },
            ]}
          >
            <YuanInput aria-label={t('application.decideAmount')} style={{ width: 220 }} />
          </Form.Item>
        )}
        <CaseTextField
          name="note"
          label={t('application.decisionNote')}
          placeholder={t('application.decisionNotePlaceholder')}
          max={NOTE_MAX}
        />
        <Space>
          <Button
            type="primary"
            icon={<CheckOutlined />}
            loading={pending === 'approve'}
            disabled={pending === 'reject'}
            onClick={() => void submit('approve')}
          >
            {t('application.approve')}
          </Button>
          <Button
            danger
            icon={<CloseOutlined />}
            loading={pending === 'reject'}
            disabled={pending === 'approve'}
            onClick={() => void submit('reject')}
          >
            {t('application.reject')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

/** One application: the resident, what was asked, the rule's explanation, and its decision. */
export default function ApplicationPage() {
  const { t } = useTranslation('eligibility');
  const { id = '' } = useParams();
  const { can } = useAuth();
  const query = useApplication(id);
  const amountText = useAmountText();
  return (
    <DetailPage back={t('application.back')} backTo="/applications" query={query}>
      {({ application: a, explanation }) => (
        <div className="ms-print-area">
          <CaseCard
            title={t('application.title', { name: a.personName, programme: a.programmeName })}
            tags={<ApplicationStatusTag status={a.status} />}
            extra={
              <Button icon={<PrinterOutlined />} onClick={() => window.print()} className="ms-no-print">
                {t('item.print')}
              </Button>
            }
            alerts={
              <>
                {a.status === 'enrolled' && (
                  <Alert
                    type="success"
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={t('application.enrolledTitle')}
                    description={t('application.enrolledText', {
                      date: a.decidedAt ? formatDateTime(a.decidedAt).slice(0, 10) : '',
                      amount: a.amount > 0 ? amountText(a.amount, a.period) : t('apply.noAmount'),
                      id: a.enrolmentId ?? '—',
                    })}
                  />
                )}
                {a.status === 'rejected' && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={t('application.rejectedTitle')}
                    description={a.decisionNote}
                  />
                )}
                {a.status === 'submitted' && !a.canDecide && (
                  <Alert
                    type="info"
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={t('application.waiting', { level: t(`approverLevel.${a.approverLevel}`) })}
                  />
                )}
              </>
            }
            person={a}
            items={[
              {
                key: 'amount',
                label: t('application.amount'),
                children: a.amount > 0 ? amountText(a.amount, a.period) : t('apply.noAmount'),
              },
              ...(a.ruleAmount !== a.amount
                ? [
                    {
                      key: 'ruleAmount',
                      label: t('application.ruleAmount'),
                      children: amountText(a.ruleAmount, a.period),
                    },
                  ]
                : []),
              {
                key: 'level',
                label: t('applications.approverLevel'),
                children: t(`approverLevel.${a.approverLevel}`),
              },
              {
                key: 'source',
                label: t('application.source'),
                children: (
                  <Space size={8}>
                    {t(`applicationSource.${a.source}`)}
                    {a.worklistItemId && can('worklist.read') && (
                      <Link to={`/worklist/${a.worklistItemId}`} className="ms-no-print">
                        {t('application.openItem')}
                      </Link>
                    )}
                  </Space>
                ),
              },
              {
                key: 'created',
                label: t('application.created'),
                children: t('application.by', { who: a.createdBy, at: formatDateTime(a.createdAt) }),
              },
              ...(a.decidedAt
                ? [
                    {
                      key: 'decided',
                      label: t('application.decided'),
                      children: t('application.by', {
                        who: a.decidedBy ?? '—',
                        at: formatDateTime(a.decidedAt),
                      }),
                    },
                  ]
                : []),
              ...(a.note ? [{ key: 'note', label: t('application.note'), children: a.note, span: 3 }] : []),
              ...(a.decisionNote
                ? [
                    {
                      key: 'decisionNote',
                      label: t('application.decisionNote'),
                      children: a.decisionNote,
                      span: 3,
                    },
                  ]
                : []),
            ]}
          />
          {a.canDecide && <DecisionCard key={a.id} application={a} />}
          <ExplanationCard explanation={explanation} />
        </div>
      )}
    </DetailPage>
  );
}
