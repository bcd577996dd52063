import { FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Space, type TableColumnsType, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type Certificate,
  RECORD_SOURCES,
  RECORD_STATUSES,
  type ServiceRecord,
} from '../../../../contracts/api/activities.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { CellNote, FilterBar, QueryTable, SelectFilter } from '../../app/ListPage.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { certificatePdfUrl, useCertificateActions, useCertificates, useRecords } from './api.ts';
import { formatMinute, hoursOf } from './labels.tsx';
import { IssueCertificateModal } from './RecordModals.tsx';
import { useRecordReview } from './RecordReview.tsx';
import { VolunteerSelect } from './VolunteerSelect.tsx';

const PAGE_SIZE = 50;
const URL_KEYS = ['tab', 'status', 'source', 'volunteer'] as const;

/** Pending self-reports and attendance records across the reviewer's organisations and area; certificates. */
export default function RecordsReviewPage() {
  const { t } = useTranslation('activities');
  const { values, page, update } = useUrlState(URL_KEYS);
  const tab = values.tab ?? 'pending';
  return (
    <>
      <PageHeader title={t('review.title')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => update({ tab: k === 'pending' ? undefined : k })}
        items={[
          {
            key: 'pending',
            label: t('review.tabs.pending'),
            children: tab === 'pending' && <RecordList status="pending" page={page} update={update} />,
          },
          {
            key: 'all',
            label: t('review.tabs.all'),
            children: tab === 'all' && (
              <RecordList status={values.status} source={values.source} filters page={page} update={update} />
            ),
          },
          {
            key: 'certificates',
            label: t('review.tabs.certificates'),
            children: tab === 'certificates' && (
              <Certificates
                volunteerId={values.volunteer}
                onVolunteer={(volunteer) => update({ volunteer })}
              />
            ),
          },
        ]}
      />
    </>
  );
}

function RecordList({
  status,
  source,
  filters,
  page,
  update,
}: {
  status?: string;
  source?: string;
  filters?: boolean;
  page: number;
  update: (p: Record<string, string | number | undefined>) => void;
}) {
  const { t } = useTranslation('activities');
  const query = useRecords({ status, source, page, pageSize: PAGE_SIZE });
  const [selected, setSelected] = useState<string[]>([]);
  const review = useRecordReview({ onConfirmed: () => setSelected([]) });
  const columns: TableColumnsType<ServiceRecord> = [
    {
      title: t('detail.volunteer'),
      dataIndex: 'volunteerName',
      width: 130,
      render: (name: string, r) => (
        <>
          {name}
          <CellNote mono>{r.volunteerNo}</CellNote>
        </>
      ),
    },
    {
      title: t('review.activity'),
      key: 'activity',
      width: 240,
      render: (_: unknown, r) => (
        <>
          {r.activityId ? <Link to={`/activities/${r.activityId}`}>{r.activityTitle}</Link> : r.content}
          <CellNote>{r.content}</CellNote>
        </>
      ),
    },
    { title: t('review.org'), dataIndex: 'orgName', width: 160, ellipsis: true },
    review.columns.source,
    review.columns.span,
    review.columns.minutes,
    review.columns.status,
    {
      title: t('detail.actions'),
      key: 'actions',
      width: 180,
      render: (_: unknown, r) => <Space size={0}>{review.actions(r)}</Space>,
    },
  ];
  return (
    <>
      <FilterBar align="center">
        {filters && (
          <>
            <SelectFilter
              label={t('review.filters.status')}
              value={status}
              onChange={(v) => update({ status: v })}
              width={120}
              options={RECORD_STATUSES.map((s) => ({ value: s, label: t(`recordStatuses.${s}`) }))}
            />
            <SelectFilter
              label={t('review.filters.source')}
              value={source}
              onChange={(v) => update({ source: v })}
              width={120}
              options={RECORD_SOURCES.map((s) => ({ value: s, label: t(`recordSources.${s}`) }))}
            />
          </>
        )}
        {selected.length > 0 && (
          <>
            <Typography.Text>{t('review.selected', { count: selected.length })}</Typography.Text>
            <Button
              type="primary"
              loading={review.isConfirming}
              onClick={() => review.confirmRecords({ recordIds: selected })}
            >
              {t('review.confirmSelected')}
            </Button>
          </>
        )}
      </FilterBar>
      <QueryTable<ServiceRecord>
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => update({ page: p })}
        columns={columns}
        size="middle"
        emptyText={t('review.empty')}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys as string[]),
          getCheckboxProps: (r) => ({ disabled: r.status !== 'pending' }),
        }}
        scroll={{ x: 1250 }}
      />
      {review.modals}
    </>
  );
}

function Certificates({
  volunteerId,
  onVolunteer,
}: {
  volunteerId?: string;
  onVolunteer: (id: string | undefined) => void;
}) {
  const { t } = useTranslation('activities');
  const query = useCertificates({ volunteerId, pageSize: 100 });
  const [issuing, setIssuing] = useState(false);
  const [revoking, setRevoking] = useState<Certificate | null>(null);
  const columns: TableColumnsType<Certificate> = [
    { title: t('certificates.certNo'), dataIndex: 'certNo', width: 190, className: 'ms-mono' },
    {
      title: t('certificates.volunteer'),
      dataIndex: 'volunteerName',
      width: 130,
      render: (n: string, c) => (
        <>
          {n}
          <CellNote mono>{c.volunteerNo}</CellNote>
        </>
      ),
    },
    { title: t('certificates.org'), dataIndex: 'issuerName', ellipsis: true },
    {
      title: t('certificates.period'),
      key: 'period',
      width: 200,
      render: (_: unknown, c) => `${c.periodFrom} ~ ${c.periodTo}`,
    },
    {
      title: t('certificates.hours'),
      dataIndex: 'totalMinutes',
      width: 100,
      align: 'right',
      render: (m: number) => t('hours', { h: hoursOf(m) }),
    },
    {
      title: t('certificates.issuedAt'),
      dataIndex: 'issuedAt',
      width: 110,
      render: (v: string, c) =>
        c.revokedAt ? <Tag color="red">{t('certificates.revoked')}</Tag> : formatMinute(v).slice(0, 10),
    },
    {
      title: t('detail.actions'),
      key: 'actions',
      width: 170,
      render: (_: unknown, c) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<FilePdfOutlined />}
            href={certificatePdfUrl(c.id)}
            target="_blank"
          >
            {t('certificates.pdf')}
          </Button>
          {!c.revokedAt && (
            <Button type="link" size="small" danger onClick={() => setRevoking(c)}>
              {t('certificates.revoke')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <>
      <FilterBar>
        <div style={{ width: 320 }}>
          <VolunteerSelect
            value={volunteerId}
            onChange={(v) => onVolunteer(typeof v === 'string' ? v : undefined)}
          />
        </div>
        <Button type="primary" icon={<SafetyCertificateOutlined />} onClick={() => setIssuing(true)}>
          {t('certificates.issue')}
        </Button>
      </FilterBar>
      <QueryTable<Certificate>
        query={query}
        columns={columns}
        size="middle"
        emptyText={t('certificates.none')}
        scroll={{ x: 1000 }}
      />
      {issuing && <IssueCertificateModal volunteerId={volunteerId} onClose={() => setIssuing(false)} />}
      {revoking && <RevokeModal certificate={revoking} onClose={() => setRevoking(null)} />}
    </>
  );
}

function RevokeModal({ certificate, onClose }: { certificate: Certificate; onClose: () => void }) {
  const { t } = useTranslation('activities');
  const [form] = Form.useForm<{ reason: string }>();
  const errors = useFormErrors(form, ['reason']);
  const { revoke } = useCertificateActions();
  return (
    <Modal
      open
      title={t('certificates.revokeTitle', { no: certificate.certNo })}
      okText={t('certificates.revoke')}
      okButtonProps={{ danger: true, loading: revoke.isPending }}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then(
          ({ reason }) =>
            revoke.mutate(
              { id: certificate.id, reason: reason.trim() },
              { onSuccess: onClose, onError: errors.report },
            ),
          () => undefined,
        )
      }
    >
      <FormErrors messages={errors.messages} />
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('detail.reason')}
          rules={[{ required: true, message: t('common:form.required', { field: t('detail.reason') }) }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
