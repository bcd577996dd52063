import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Select,
  Space,
  Spin,
  Statistic,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { useMyActions, useMyActivities, useMyRecords } from '../activities/api.ts';
import { formatWindow, hoursOf, RecordStatusTag } from '../activities/labels.tsx';
import { PhoneQueryState } from './HomePage.tsx';

/** /v/hours: the volunteer's records and their status, and the self-report form. */
export default function HoursPage() {
  const { t } = useTranslation('volunteerApp');
  const { t: ta } = useTranslation('activities');
  const query = useMyRecords();
  const [reporting, setReporting] = useState(false);
  if (query.isError) return <PhoneQueryState error={query.error} retry={() => void query.refetch()} />;
  if (!query.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const live = query.data.filter((r) => r.status !== 'superseded');
  const sum = (status: string) => live.filter((r) => r.status === status).reduce((s, r) => s + r.minutes, 0);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('hours.title')}
        </Typography.Title>
        <Button icon={<DownloadOutlined />} href="/api/me/records/export.xlsx">
          {t('hours.export')}
        </Button>
      </Flex>
      <Card style={{ borderRadius: 10 }}>
        <Flex justify="space-around">
          <Statistic
            title={t('hours.confirmed')}
            value={hoursOf(sum('confirmed'))}
            suffix={t('hours.unit')}
          />
          <Statistic title={t('hours.pending')} value={hoursOf(sum('pending'))} suffix={t('hours.unit')} />
        </Flex>
      </Card>
      <Button
        type="primary"
        size="large"
        block
        icon={<EditOutlined />}
        style={{ height: 48 }}
        onClick={() => setReporting(true)}
      >
        {t('hours.report')}
      </Button>
      {live.length === 0 ? (
        <Empty description={t('hours.none')} />
      ) : (
        live.map((r) => (
          <Card key={r.id} size="small" style={{ borderRadius: 10 }}>
            <Flex justify="space-between" gap={8}>
              <Typography.Text strong>{r.activityTitle ?? r.content}</Typography.Text>
              <RecordStatusTag status={r.status} />
            </Flex>
            <Typography.Paragraph style={{ margin: '4px 0 0' }}>
              {formatWindow(r.startedAt, r.endedAt)} · {ta('hours', { h: hoursOf(r.minutes) })}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
              {ta(`recordSources.${r.source}`)} · {r.content} · {r.orgName}
            </Typography.Paragraph>
            {r.status === 'rejected' && r.reviewNote && (
              <Typography.Text type="danger">{t('hours.rejected', { reason: r.reviewNote })}</Typography.Text>
            )}
          </Card>
        ))
      )}
      {reporting && <ReportDrawer onClose={() => setReporting(false)} />}
    </Space>
  );
}

interface ReportValues {
  activityId: string;
  span: [Dayjs, Dayjs];
  content?: string;
}

function ReportDrawer({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('volunteerApp');
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const errors = useFormErrors(form, ['activityId', 'span', 'content']);
  const mine = useMyActivities();
  const { report } = useMyActions();
  // The activities the volunteer took part in or signed up for.
  const seen = new Map<string, string>();
  for (const s of [...(mine.data?.recent ?? []), ...(mine.data?.upcoming ?? [])])
    if (!seen.has(s.activityId))
      seen.set(s.activityId, `${s.activityTitle}（${formatWindow(s.startsAt, s.endsAt)}）`);
  const submit = (v: ReportValues) =>
    report.mutate(
      {
        activityId: v.activityId,
        startedAt: v.span[0].second(0).millisecond(0).toISOString(),
        endedAt: v.span[1].second(0).millisecond(0).toISOString(),
        content: v.content?.trim() || undefined,
      },
      {
        onSuccess: () => {
          message.success(t('hours.reported'));
          onClose();
        },
        onError: (err) => {
          errors.report(err);
          const issues = (err as { issues?: { field: string; message: string }[] }).issues ?? [];
          const onSpan = issues
            .filter((i) => i.field === 'startedAt' || i.field === 'endedAt')
            .map((i) => i.message);
          if (onSpan.length) form.setFields([{ name: 'span', errors: onSpan }]);
        },
      },
    );
  const selected = (field: string) => [
    { required: true, message: t('common:form.selectRequired', { field }) },
  ];
  return (
    <Drawer
      open
      placement="bottom"
      height="auto"
      title={t('hours.reportTitle')}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Button
          type="primary"
          size="large"
          block
          loading={report.isPending}
          onClick={() => void form.validateFields().then(submit, () => undefined)}
        >
          {t('hours.submit')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('hours.reportNote')}</Typography.Paragraph>
      <FormErrors messages={errors.messages} />
      <Form<ReportValues> form={form} layout="vertical">
        <Form.Item name="activityId" label={t('hours.activity')} rules={selected(t('hours.activity'))}>
          <Select
            size="large"
            placeholder={t('hours.chooseActivity')}
            options={[...seen].map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="span" label={t('hours.span')} rules={selected(t('hours.span'))}>
          <DatePicker.RangePicker
            size="large"
            showTime={{ format: 'HH:mm' }}
            format="MM-DD HH:mm"
            inputReadOnly
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item name="content" label={t('hours.content')}>
          <Input size="large" placeholder={t('hours.contentPlaceholder')} maxLength={500} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
