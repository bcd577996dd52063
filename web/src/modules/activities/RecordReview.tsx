import { App, Button, type TableColumnType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordSource, ServiceRecord } from '../../../../contracts/api/activities.ts';
import { useRecordActions } from './api.ts';
import { formatWindow, hoursOf, RecordStatusTag } from './labels.tsx';
import { CorrectModal, RejectModal } from './RecordModals.tsx';

/**
 * Reviewing service records, as an activity's records and the review page both do it: confirm
 * (some records, or all of an activity's pending ones), reject or correct one, and the columns
 * that show a record alike in both lists. `modals` goes once into the page.
 */
export function useRecordReview({ onConfirmed }: { onConfirmed?: () => void } = {}) {
  const { t } = useTranslation('activities');
  const { message } = App.useApp();
  const { confirm } = useRecordActions();
  const [rejecting, setRejecting] = useState<ServiceRecord | null>(null);
  const [correcting, setCorrecting] = useState<ServiceRecord | null>(null);
  const confirmRecords = (body: { recordIds?: string[]; activityId?: string }) =>
    confirm.mutate(body, {
      onSuccess: (rs) => {
        message.success(t('detail.confirmed', { count: rs.length }));
        onConfirmed?.();
      },
      onError: (err) => message.error(err.message),
    });
  const columns: Record<'source' | 'span' | 'minutes' | 'status', TableColumnType<ServiceRecord>> = {
    source: {
      title: t('detail.source'),
      dataIndex: 'source',
      width: 90,
      render: (s: RecordSource) => t(`recordSources.${s}`),
    },
    span: {
      title: t('detail.span'),
      key: 'span',
      width: 200,
      render: (_: unknown, r) => formatWindow(r.startedAt, r.endedAt),
    },
    minutes: {
      title: t('detail.minutes'),
      dataIndex: 'minutes',
      width: 140,
      align: 'right',
      render: (m: number) => `${m}（${t('hours', { h: hoursOf(m) })}）`,
    },
    status: {
      title: t('detail.status'),
      dataIndex: 'status',
      width: 90,
      render: (_: unknown, r) => <RecordStatusTag status={r.status} />,
    },
  };
  /** Confirm and reject while a record waits; correct until it is rejected. */
  const actions = (r: ServiceRecord) => (
    <>
      {r.status === 'pending' && (
        <>
          <Button type="link" size="small" onClick={() => confirmRecords({ recordIds: [r.id] })}>
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
    </>
  );
  const modals = (
    <>
      {rejecting && <RejectModal record={rejecting} onClose={() => setRejecting(null)} />}
      {correcting && <CorrectModal record={correcting} onClose={() => setCorrecting(null)} />}
    </>
  );
  return { confirmRecords, isConfirming: confirm.isPending, columns, actions, modals };
}
