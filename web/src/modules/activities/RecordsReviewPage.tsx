import { FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type Certificate,
  RECORD_SOURCES,
  RECORD_STATUSES,
  type RecordSource,
  type ServiceRecord,
} from '../../../../contracts/api/activities.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { usePagination } from '../../app/pagination.ts';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import {
  certificatePdfUrl,
  useCertificateActions,
  useCertificates,
  useRecordActions,
  useRecords,
} from './api.ts';
import { formatMinute, formatWindow, hoursOf, RecordStatusTag } from './labels.tsx';
import { CorrectModal, IssueCertificateModal, RejectModal } from './RecordModals.tsx';
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
  const { message } = App.useApp();
  const query = useRecords({ status, source, page, pageSize: PAGE_SIZE });
  const pagination = usePagination(query.data, page, PAGE_SIZE, (p) => update({ page: p }));
  const { confirm } = useRecordActions();
  const [selected, setSelected] = useState<string[]>([]);
  const [rejecting, setRejecting] = useState<ServiceRecord | null>(null);
  const [correcting, setCorrecting] = useState<ServiceRecord | null>(null);
  const doConfirm = (recordIds: string[]) =>
    confirm.mutate(
      { recordIds },
      {
        onSuccess: (rs) => {
          message.success(t('detail.confirmed', { count: rs.length }));
          setSelected([]);
        },
        onError: (err) => message.error(err.message),
      },
    );
  const columns: TableColumnsType<ServiceRecord> = [
    {
      title: t('detail.volunteer'),
      dataIndex: 'volunteerName',
      width: 130,
      render: (name: string, r) => (
        <>
          {name}
          <Typography.Text type="secondary" className="ms-mono" style={{ display: 'block', fontSize: 12 }}>
            {r.volunteerNo}
          </Typography.Text>
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
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {r.content}
          </Typography.Text>
        </>
      ),
    },
    { title: t('review.org'), dataIndex: 'orgName', width: 160, ellipsis: true },
    {
      title: t('detail.source'),
      dataIndex: 'source',
      width: 90,
      render: (s: RecordSource) => t(`recordSources.${s}`),
    },
    {
      title: t('detail.span'),
      key: 'span',
      width: 200,
      render: (_: unknown, r) => formatWindow(r.startedAt, r.endedAt),
    },
    {
      title: t('detail.minutes'),
      dataIndex: 'minutes',
      width: 140,
      align: 'right',
      render: (m: number) => `${m}（${t('hours', { h: hoursOf(m) })}）`,
    },
    {
      title: t('detail.status'),
      dataIndex: 'status',
      width: 90,
      render: (_: unknown, r) => <RecordStatusTag status={r.status} />,
    },
    {
      title: t('detail.actions'),
      key: 'actions',
      width: 180,
      render: (_: unknown, r) => (
        <Space size={0}>
          {r.status === 'pending' && (
            <>
              <Button type="link" size="small" onClick={() => doConfirm([r.id])}>
                {t('detail.confirm')}
              </Button>
              <Button type="link" size="small" danger onClick={() => setRejecting(r)}>
                {t('detail.reject')}
              </Button>
            </>
          )}
          {(r.status === 'pending' || r.status === 'confirmed') && (
            <Button type="link" size="small" onClick={() => setCorrecting(r)}>
              {t('detail.correct')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        {filters && (
          <>
            <Select
              allowClear
              placeholder={t('review.filters.status')}
              style={{ width: 120 }}
              value={status}
              onChange={(v) => update({ status: v })}
              options={RECORD_STATUSES.map((s) => ({ value: s, label: t(`recordStatuses.${s}`) }))}
            />
            <Select
              allowClear
              placeholder={t('review.filters.source')}
              style={{ width: 120 }}
              value={source}
              onChange={(v) => update({ source: v })}
              options={RECORD_SOURCES.map((s) => ({ value: s, label: t(`recordSources.${s}`) }))}
            />
          </>
        )}
        {selected.length > 0 && (
          <>
            <Typography.Text>{t('review.selected', { count: selected.length })}</Typography.Text>
            <Button type="primary" loading={confirm.isPending} onClick={() => doConfirm(selected)}>
              {t('review.confirmSelected')}
            </Button>
          </>
        )}
      </Flex>
      {query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<ServiceRecord>
          rowKey="id"
          size="middle"
          loading={query.isFetching}
          columns={columns}
          dataSource={query.data?.items ?? []}
          pagination={pagination}
          locale={{ emptyText: t('review.empty') }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys as string[]),
            getCheckboxProps: (r) => ({ disabled: r.status !== 'pending' }),
          }}
          scroll={{ x: 1250 }}
        />
      )}
      {rejecting && <RejectModal record={rejecting} onClose={() => setRejecting(null)} />}
      {correcting && <CorrectModal record={correcting} onClose={() => setCorrecting(null)} />}
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
          <Typography.Text type="secondary" className="ms-mono" style={{ display: 'block', fontSize: 12 }}>
            {c.volunteerNo}
          </Typography.Text>
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
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <div style={{ width: 320 }}>
          <VolunteerSelect
            value={volunteerId}
            onChange={(v) => onVolunteer(typeof v === 'string' ? v : undefined)}
          />
        </div>
        <Button type="primary" icon={<SafetyCertificateOutlined />} onClick={() => setIssuing(true)}>
          {t('certificates.issue')}
        </Button>
      </Flex>
      {query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<Certificate>
          rowKey="id"
          size="middle"
          loading={query.isFetching}
          columns={columns}
          dataSource={query.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('certificates.none') }}
          scroll={{ x: 1000 }}
        />
      )}
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
