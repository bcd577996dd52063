import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ApplicationView } from '../../../../contracts/api/eligibility.ts';
import { fenToYuan, yuanToFen } from '../../../../contracts/money.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../app/format.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { PageSpinner } from '../../app/PageSpinner.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { formatMoney, useLang, YuanInput, yuanRules } from '../funds/money.tsx';
import { useApplication, useDecideApplication } from './api.ts';
import { Explanation, useExplanationHeading } from './Explanation.tsx';
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
        <Form.Item
          name="note"
          label={t('application.decisionNote')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common:form.required', { field: t('application.decisionNote') }),
            },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={NOTE_MAX}
            showCount
            placeholder={t('application.decisionNotePlaceholder')}
            aria-label={t('application.decisionNote')}
          />
        </Form.Item>
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
  const navigate = useNavigate();
  const { can } = useAuth();
  const query = useApplication(id);
  const heading = useExplanationHeading();
  const amountText = useAmountText();
  const data = query.data;
  const a = data?.application;
  const decidedOn = a?.decidedAt ? formatDateTime(a.decidedAt).slice(0, 10) : '';
  return (
    <>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        style={{ paddingInline: 0, marginBottom: 4 }}
        onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/applications'))}
      >
        {t('application.back')}
      </Button>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {!data && query.isLoading && <PageSpinner />}
      {data && a && (
        <div className="ms-print-area">
          <Card
            size="small"
            style={{ marginBottom: 12 }}
            title={
              <Space size={8} wrap>
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {t('application.title', { name: a.personName, programme: a.programmeName })}
                </Typography.Title>
                <ApplicationStatusTag status={a.status} />
              </Space>
            }
            extra={
              <Button icon={<PrinterOutlined />} onClick={() => window.print()} className="ms-no-print">
                {t('item.print')}
              </Button>
            }
          >
            {a.status === 'enrolled' && (
              <Alert
                type="success"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('application.enrolledTitle')}
                description={t('application.enrolledText', {
                  date: decidedOn,
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
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                {
                  key: 'id',
                  label: t('item.idNumber'),
                  children: (
                    <Space size={8}>
                      <span className="ms-mono">{a.idMasked}</span>
                      {can('person.read') && (
                        <Link to={`/residents/${a.personId}`} className="ms-no-print">
                          {t('item.openResident')}
                        </Link>
                      )}
                    </Space>
                  ),
                },
                { key: 'community', label: t('item.community'), children: a.areaName },
                { key: 'programme', label: t('item.programme'), children: a.programmeName },
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
          </Card>
          {a.canDecide && <DecisionCard key={a.id} application={a} />}
          <Card size="small" title={`${t('explanation.title')} · ${heading(data.explanation)}`}>
            <Explanation explanation={data.explanation} />
            <Typography.Text type="secondary" className="ms-print-only" style={{ fontSize: 12 }}>
              {t('explanation.printedAt', { at: formatDateTime(new Date().toISOString()) })}
            </Typography.Text>
          </Card>
        </div>
      )}
    </>
  );
}
