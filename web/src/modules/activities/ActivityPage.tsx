import { ArrowLeftOutlined, PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ActivityDetail, ServiceRecord, SignupStatus } from '../../../../contracts/api/activities.ts';
import { FormErrors, useFormErrors } from '../../app/forms.tsx';
import { CellNote } from '../../app/ListPage.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { recordsExportUrl, useActivity, useActivityActions } from './api.ts';
import { CodeScreen } from './CodeScreen.tsx';
import { formatMinute, formatWindow, SignupStatusTag, useCategoryLabel } from './labels.tsx';
import { IssueCertificateModal } from './RecordModals.tsx';
import { useRecordReview } from './RecordReview.tsx';
import { VolunteerSelect } from './VolunteerSelect.tsx';

type Signup = ActivityDetail['signups'][number];
type Slot = { shiftId: string; postId: string };

/** One activity for its organiser: slots, sign-ups and attendance, the code, the hours. */
export default function ActivityPage() {
  const { id = '' } = useParams();
  const query = useActivity(id);
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  return <ActivityView a={query.data} />;
}

function ActivityView({ a }: { a: ActivityDetail }) {
  const { t } = useTranslation('activities');
  const category = useCategoryLabel();
  const [showCode, setShowCode] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [adding, setAdding] = useState<Slot | null>(null);
  const shiftName = (shiftId: string) => {
    const s = a.shifts.find((x) => x.id === shiftId);
    return s ? s.label || formatWindow(s.startsAt, s.endsAt) : '';
  };
  const postName = (postId: string) => a.posts.find((p) => p.id === postId)?.name ?? '';
  const open = a.status === 'open';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space direction="vertical" size={0}>
          <Link to="/activities">
            <ArrowLeftOutlined /> {t('detail.back')}
          </Link>
          <Space align="baseline" wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {a.title}
            </Typography.Title>
            <Typography.Text type="secondary" className="ms-mono">
              {a.activityNo}
            </Typography.Text>
            <Tag color={open ? 'blue' : undefined}>{t(`statuses.${a.status}`)}</Tag>
            <Tag>{t(`kinds.${a.kind}`)}</Tag>
          </Space>
        </Space>
        <Space wrap>
          {a.canShowCode && (
            <Button type="primary" icon={<QrcodeOutlined />} onClick={() => setShowCode(true)}>
              {t('detail.showCode')}
            </Button>
          )}
          {a.canManage && open && a.counts.checkedIn === 0 && (
            <Button danger onClick={() => setCancelling(true)}>
              {t('detail.cancel')}
            </Button>
          )}
        </Space>
      </Flex>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('detail.org')}>{a.orgName}</Descriptions.Item>
        <Descriptions.Item label={t('detail.place')}>
          {a.areaName} · {a.place}
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.time')}>{formatWindow(a.startsAt, a.endsAt)}</Descriptions.Item>
        <Descriptions.Item label={t('detail.category')}>
          {category(a.category)} · {t('detail.tier')} {a.tier}
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.leader')}>{a.leaderName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('detail.signups')}>{t('detail.counts', a.counts)}</Descriptions.Item>
      </Descriptions>
      <SlotGrid a={a} onAdd={a.canManage && open ? setAdding : undefined} />
      <SignupTable a={a} shiftName={shiftName} postName={postName} />
      {a.canManage && <RecordsCard a={a} />}
      {showCode && (
        <Modal
          open
          footer={null}
          width="100%"
          style={{ top: 0, maxWidth: '100vw', paddingBottom: 0 }}
          styles={{ body: { minHeight: 'calc(100vh - 48px)' } }}
          onCancel={() => setShowCode(false)}
          title={t('code.title')}
        >
          <CodeScreen activityId={a.id} title={a.title} shifts={a.shifts} />
        </Modal>
      )}
      {cancelling && <CancelModal a={a} onClose={() => setCancelling(false)} />}
      {adding && (
        <AddModal
          a={a}
          slot={adding}
          title={t('detail.addTitle', { post: postName(adding.postId), shift: shiftName(adding.shiftId) })}
          onClose={() => setAdding(null)}
        />
      )}
    </Space>
  );
}

/** Posts down, shifts across: who is in each slot, and the seats taken. */
function SlotGrid({ a, onAdd }: { a: ActivityDetail; onAdd?: (s: Slot) => void }) {
  const { t } = useTranslation('activities');
  const live = a.signups.filter((s) => s.status !== 'cancelled');
  const columns: TableColumnsType<ActivityDetail['posts'][number]> = [
    { title: t('detail.post'), dataIndex: 'name', fixed: 'left', width: 140 },
    ...a.shifts.map((s) => ({
      key: s.id,
      title: s.label || formatWindow(s.startsAt, s.endsAt),
      width: 200,
      render: (_: unknown, p: ActivityDetail['posts'][number]) => {
        const slot = a.slots.find((x) => x.shiftId === s.id && x.postId === p.id);
        const here = live.filter((x) => x.shiftId === s.id && x.postId === p.id);
        const full = !!slot && slot.filled >= slot.capacity;
        return (
          <Space direction="vertical" size={4}>
            <Typography.Text type={full ? 'danger' : undefined}>
              {slot?.filled ?? 0}/{slot?.capacity ?? p.capacity}
            </Typography.Text>
            <Space size={[4, 4]} wrap>
              {here.map((x) => (
                <Tag
                  key={x.id}
                  color={
                    x.status === 'checked_out' ? 'green' : x.status === 'checked_in' ? 'cyan' : undefined
                  }
                >
                  {x.volunteerName}
                </Tag>
              ))}
            </Space>
            {onAdd && !full && Date.parse(s.endsAt) > Date.now() && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => onAdd({ shiftId: s.id, postId: p.id })}
              >
                {t('detail.add')}
              </Button>
            )}
          </Space>
        );
      },
    })),
  ];
  return (
    <Card size="small" title={t('detail.grid')}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={a.posts}
        scroll={{ x: 140 + a.shifts.length * 200 }}
      />
    </Card>
  );
}

function SignupTable({
  a,
  shiftName,
  postName,
}: {
  a: ActivityDetail;
  shiftName: (id: string) => string;
  postName: (id: string) => string;
}) {
  const { t } = useTranslation('activities');
  const { message } = App.useApp();
  const actions = useActivityActions(a.id);
  const onError = (err: Error) => message.error(err.message);
  const columns: TableColumnsType<Signup> = [
    {
      title: t('detail.volunteer'),
      dataIndex: 'volunteerName',
      render: (name: string, s) => (
        <>
          {name}
          <CellNote mono>{s.volunteerNo}</CellNote>
        </>
      ),
    },
    {
      title: t('detail.shift'),
      key: 'shift',
      render: (_: unknown, s) => `${shiftName(s.shiftId)} · ${postName(s.postId)}`,
    },
    {
      title: t('detail.status'),
      dataIndex: 'status',
      width: 90,
      render: (st: SignupStatus) => <SignupStatusTag status={st} />,
    },
    {
      title: t('detail.checkIn'),
      dataIndex: 'checkInAt',
      width: 130,
      render: (v: string | null) => (v ? formatMinute(v).slice(5) : '—'),
    },
    {
      title: t('detail.checkOut'),
      dataIndex: 'checkOutAt',
      width: 130,
      render: (v: string | null) => (v ? formatMinute(v).slice(5) : '—'),
    },
    {
      title: t('detail.minutes'),
      dataIndex: 'minutes',
      width: 70,
      align: 'right',
      render: (m: number | null) => m ?? '—',
    },
    ...(a.canManage
      ? [
          {
            title: t('detail.actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, s: Signup) =>
              s.status === 'signed_up' && (
                <Space size={0}>
                  <Popconfirm
                    title={t('detail.cancelSignupConfirm')}
                    onConfirm={() => actions.cancelSignup.mutateAsync(s.id).catch(onError)}
                  >
                    <Button type="link" size="small">
                      {t('detail.cancelSignup')}
                    </Button>
                  </Popconfirm>
                  <Popconfirm
                    title={t('detail.noShowConfirm')}
                    onConfirm={() => actions.noShow.mutateAsync(s.id).catch(onError)}
                  >
                    <Button type="link" size="small" danger>
                      {t('detail.noShow')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]
      : []),
  ];
  return (
    <Card size="small" title={t('detail.signups')}>
      <Table<Signup>
        rowKey="id"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={a.signups.filter((s) => s.status !== 'cancelled')}
        scroll={{ x: 800 }}
      />
    </Card>
  );
}

function RecordsCard({ a }: { a: ActivityDetail }) {
  const { t } = useTranslation('activities');
  const { modal } = App.useApp();
  const review = useRecordReview();
  const [certifying, setCertifying] = useState<ServiceRecord | null>(null);
  const pending = a.records.filter((r) => r.status === 'pending');
  const columns: TableColumnsType<ServiceRecord> = [
    { title: t('detail.volunteer'), dataIndex: 'volunteerName' },
    review.columns.source,
    review.columns.span,
    review.columns.minutes,
    review.columns.status,
    {
      title: t('detail.actions'),
      key: 'actions',
      width: 260,
      render: (_: unknown, r) => (
        <Space size={0} wrap>
          {review.actions(r)}
          {r.status === 'confirmed' && (
            <Button type="link" size="small" onClick={() => setCertifying(r)}>
              {t('detail.certificate')}
            </Button>
          )}
          <Button type="link" size="small" href={recordsExportUrl({ volunteerId: r.volunteerId })}>
            {t('detail.export')}
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('detail.records')}
      extra={
        pending.length > 0 && (
          <Button
            type="primary"
            loading={review.isConfirming}
            onClick={() =>
              modal.confirm({
                title: t('detail.confirmAllTitle', { count: pending.length }),
                onOk: () => review.confirmRecords({ activityId: a.id }),
              })
            }
          >
            {t('detail.confirmAll', { count: pending.length })}
          </Button>
        )
      }
    >
      <Table<ServiceRecord>
        rowKey="id"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={a.records}
        locale={{ emptyText: t('detail.noRecords') }}
        scroll={{ x: 900 }}
      />
      {review.modals}
      {certifying && (
        <IssueCertificateModal
          volunteerId={certifying.volunteerId}
          volunteerName={certifying.volunteerName}
          orgId={a.orgId}
          orgName={a.orgName}
          onClose={() => setCertifying(null)}
        />
      )}
    </Card>
  );
}

function CancelModal({ a, onClose }: { a: ActivityDetail; onClose: () => void }) {
  const { t } = useTranslation('activities');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const errors = useFormErrors(form, ['reason']);
  const { cancel } = useActivityActions(a.id);
  return (
    <Modal
      open
      title={t('detail.cancelTitle', { title: a.title })}
      okButtonProps={{ danger: true, loading: cancel.isPending }}
      okText={t('detail.cancel')}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then(
          ({ reason }) =>
            cancel.mutate(
              { version: a.version, reason: reason.trim() },
              {
                onSuccess: () => {
                  message.success(t('detail.cancelled'));
                  onClose();
                },
                onError: errors.report,
              },
            ),
          () => undefined,
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('detail.cancelNote')}</Typography.Paragraph>
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

function AddModal({
  a,
  slot,
  title,
  onClose,
}: {
  a: ActivityDetail;
  slot: Slot;
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('activities');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ volunteerIds: string[] }>();
  const errors = useFormErrors(form, ['volunteerIds']);
  const { add } = useActivityActions(a.id);
  return (
    <Modal
      open
      title={title}
      okText={t('detail.add')}
      okButtonProps={{ loading: add.isPending }}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then(
          ({ volunteerIds }) =>
            add.mutate(
              { ...slot, volunteerIds },
              {
                onSuccess: () => {
                  message.success(t('detail.added'));
                  onClose();
                },
                onError: errors.report,
              },
            ),
          () => undefined,
        )
      }
    >
      <FormErrors messages={errors.messages} />
      <Form form={form} layout="vertical">
        <Form.Item
          name="volunteerIds"
          label={t('detail.volunteers')}
          rules={[
            { required: true, message: t('common:form.selectRequired', { field: t('detail.volunteers') }) },
          ]}
        >
          <VolunteerSelect multiple />
        </Form.Item>
      </Form>
    </Modal>
  );
}
