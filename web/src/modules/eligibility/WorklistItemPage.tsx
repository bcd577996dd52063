import {
  CheckOutlined,
  EnvironmentOutlined,
  FileAddOutlined,
  PlayCircleOutlined,
  PrinterOutlined,
  RiseOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Radio, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { WorklistItemView } from '../../../../contracts/api/eligibility.ts';
import { useAuth } from '../../app/auth.tsx';
import { DetailPage } from '../../app/DetailPage.tsx';
import { FormModal } from '../../app/FormDialog.tsx';
import { formatDateTime } from '../../app/format.ts';
import { Money } from '../funds/money.tsx';
import { ApplyModal } from './ApplyModal.tsx';
import { useEscalateAlert, useRecordVisit, useUpdateWorklistItem, useWorklistItem } from './api.ts';
import { CaseCard, CaseTextField, ExplanationCard } from './CaseParts.tsx';
import { LevelTag, TierTag, WorklistKindTag, WorklistStatusTag } from './labels.tsx';
import { DueDate } from './WorklistPage.tsx';

const RESULT_MAX = 500;
const NOTE_MAX = 1000;

/** Closing an item: done or dismissed, always with what was found or done. */
function CloseModal({
  item,
  status,
  onClose,
}: {
  item: WorklistItemView;
  status: 'done' | 'dismissed';
  onClose: () => void;
}) {
  const { t } = useTranslation('eligibility');
  const update = useUpdateWorklistItem(item.id);
  const isDone = status === 'done';
  return (
    <FormModal<{ result: string; note?: string }>
      title={t(isDone ? 'item.doneTitle' : 'item.dismissTitle', { name: item.personName })}
      okText={t(isDone ? 'item.done' : 'item.dismiss')}
      okButtonProps={{ danger: !isDone, autoInsertSpace: false }}
      fields={['result', 'note']}
      initialValues={{ note: item.note ?? undefined }}
      onSubmit={(v) =>
        update.mutateAsync({ status, result: v.result.trim(), note: v.note?.trim() || undefined })
      }
      success={() => t(isDone ? 'item.doneOk' : 'item.dismissedOk')}
      onClose={onClose}
    >
      <CaseTextField
        name="result"
        label={t('item.result')}
        placeholder={t(isDone ? 'item.resultPlaceholder' : 'item.dismissPlaceholder')}
        max={RESULT_MAX}
      />
      <Form.Item name="note" label={t('item.note')}>
        <Input.TextArea rows={2} maxLength={NOTE_MAX} placeholder={t('item.notePlaceholder')} />
      </Form.Item>
    </FormModal>
  );
}

const LEVEL_ORDER = ['community', 'street', 'district'] as const;

/** The level an escalation moves an alert to, if any. */
function nextLevel(level: WorklistItemView['level']): WorklistItemView['level'] | undefined {
  return LEVEL_ORDER[LEVEL_ORDER.indexOf(level) + 1];
}

type Outcome = 'close' | 'escalate' | 'apply';

/** 登记走访: what the visit found and what follows — closed, escalated, or an application. */
function VisitModal({
  item,
  onClose,
  onApply,
}: {
  item: WorklistItemView;
  onClose: () => void;
  onApply: () => void;
}) {
  const { t } = useTranslation('eligibility');
  const visit = useRecordVisit(item.id);
  const next = nextLevel(item.level);
  return (
    <FormModal
      title={t('item.visitTitle', { name: item.personName })}
      okText={t('item.visitOk')}
      okButtonProps={{ autoInsertSpace: false }}
      fields={['result', 'outcome']}
      initialValues={{ outcome: 'close' }}
      onSubmit={(v: { result: string; outcome: Outcome }) =>
        visit.mutateAsync({ result: v.result.trim(), outcome: v.outcome })
      }
      success={(detail, v) =>
        v.outcome === 'escalate'
          ? t('item.escalatedOk', { level: t(`level.${detail.item.level}`) })
          : t('item.visited')
      }
      onDone={(_, v) => {
        onClose();
        if (v.outcome === 'apply') onApply();
      }}
      onClose={onClose}
    >
      <CaseTextField
        name="result"
        label={t('item.visitResult')}
        placeholder={t('item.visitPlaceholder')}
        max={RESULT_MAX}
      />
      <Form.Item name="outcome" label={t('item.outcome')} required>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: 'close', label: t('item.outcomes.close') },
            { value: 'escalate', label: t('item.outcomes.escalate'), disabled: !next },
            { value: 'apply', label: t('item.outcomes.apply') },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.outcome !== b.outcome}>
        {({ getFieldValue }) => {
          const outcome = getFieldValue('outcome') as Outcome;
          return (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {outcome === 'escalate' && next
                ? t('item.outcomeHints.escalate', { level: t(`level.${next}`) })
                : t(`item.outcomeHints.${outcome}`)}
            </Typography.Text>
          );
        }}
      </Form.Item>
    </FormModal>
  );
}

/** 上报: the alert moves up a level with a reason; the deadline starts again there. */
function EscalateModal({ item, onClose }: { item: WorklistItemView; onClose: () => void }) {
  const { t } = useTranslation('eligibility');
  const escalate = useEscalateAlert(item.id);
  const next = nextLevel(item.level);
  return (
    <FormModal
      title={t('item.escalateTitle', { name: item.personName })}
      okText={t('item.escalate')}
      okButtonProps={{ danger: true, autoInsertSpace: false }}
      fields={['reason']}
      intro={
        next && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('item.escalateTo', { level: t(`level.${next}`) })}
          />
        )
      }
      onSubmit={(v: { reason: string }) => escalate.mutateAsync({ reason: v.reason.trim() })}
      success={(detail) => t('item.escalatedOk', { level: t(`level.${detail.item.level}`) })}
      onClose={onClose}
    >
      <CaseTextField
        name="reason"
        label={t('item.reason')}
        placeholder={t('item.reasonPlaceholder')}
        max={RESULT_MAX}
      />
    </FormModal>
  );
}

type Dialog = 'done' | 'dismissed' | 'visit' | 'escalate' | 'apply';

function Actions({ item, programmeCode }: { item: WorklistItemView; programmeCode?: string }) {
  const { t } = useTranslation('eligibility');
  const { message } = App.useApp();
  const { can } = useAuth();
  const update = useUpdateWorklistItem(item.id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const isOpen = item.status === 'open' || item.status === 'in_progress';
  const isAlert = item.kind === 'alert';
  const work = can('worklist.work') && isOpen;
  const apply = can('application.submit') && isOpen && (item.kind === 'outreach' || isAlert);
  const next = nextLevel(item.level);
  return (
    <Space wrap className="ms-no-print">
      <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
        {t('item.print')}
      </Button>
      {work && item.status === 'open' && !isAlert && (
        <Button
          icon={<PlayCircleOutlined />}
          loading={update.isPending}
          onClick={() =>
            update.mutate(
              { status: 'in_progress' },
              {
                onSuccess: () => void message.success(t('item.started')),
                onError: (e) => void message.error(e.message),
              },
            )
          }
        >
          {t('item.start')}
        </Button>
      )}
      {work && isAlert && (
        <>
          <Button type="primary" icon={<EnvironmentOutlined />} onClick={() => setDialog('visit')}>
            {t('item.visit')}
          </Button>
          <Tooltip title={next ? undefined : t('item.topLevel')}>
            <Button danger icon={<RiseOutlined />} disabled={!next} onClick={() => setDialog('escalate')}>
              {t('item.escalate')}
            </Button>
          </Tooltip>
        </>
      )}
      {apply && (
        <Button
          type={isAlert ? 'default' : 'primary'}
          icon={<FileAddOutlined />}
          onClick={() => setDialog('apply')}
        >
          {t('item.apply')}
        </Button>
      )}
      {work && !isAlert && (
        <>
          <Button icon={<CheckOutlined />} onClick={() => setDialog('done')}>
            {t('item.done')}
          </Button>
          <Button danger icon={<StopOutlined />} onClick={() => setDialog('dismissed')}>
            {t('item.dismiss')}
          </Button>
        </>
      )}
      {(dialog === 'done' || dialog === 'dismissed') && (
        <CloseModal item={item} status={dialog} onClose={() => setDialog(null)} />
      )}
      {dialog === 'visit' && (
        <VisitModal item={item} onClose={() => setDialog(null)} onApply={() => setDialog('apply')} />
      )}
      {dialog === 'escalate' && <EscalateModal item={item} onClose={() => setDialog(null)} />}
      {dialog === 'apply' && (
        <ApplyModal
          personId={item.personId}
          personName={item.personName}
          programmeCode={programmeCode}
          source={isAlert ? 'alert' : 'outreach'}
          worklistItemId={item.id}
          onClose={() => setDialog(null)}
        />
      )}
    </Space>
  );
}

/** One worklist item: who, why (the explanation a worker can read out or print), and its handling. */
export default function WorklistItemPage() {
  const { t } = useTranslation('eligibility');
  const { id = '' } = useParams();
  const query = useWorklistItem(id);
  return (
    <DetailPage back={t('item.back')} backTo="/worklist" query={query}>
      {({ item, explanation }) => (
        <div className="ms-print-area">
          <CaseCard
            title={t('item.title', { name: item.personName, programme: item.programmeName })}
            tags={
              <>
                <WorklistKindTag kind={item.kind} />
                <WorklistStatusTag status={item.status} />
              </>
            }
            extra={
              <Actions item={item} programmeCode={item.kind === 'alert' ? undefined : item.programmeCode} />
            }
            person={item}
            items={[
              ...(item.tier
                ? [{ key: 'tier', label: t('item.tier'), children: <TierTag tier={item.tier} /> }]
                : []),
              ...(item.dueOn
                ? [{ key: 'due', label: t('item.due'), children: <DueDate item={item} /> }]
                : []),
              ...(item.kind === 'alert'
                ? [
                    { key: 'level', label: t('item.level'), children: <LevelTag level={item.level} /> },
                    {
                      key: 'visited',
                      label: t('item.visitedAt'),
                      children: item.visitedAt ? formatDateTime(item.visitedAt) : t('item.notVisited'),
                    },
                  ]
                : []),
              ...(item.amount > 0
                ? [{ key: 'amount', label: t('item.amount'), children: <Money value={item.amount} strong /> }]
                : []),
              { key: 'asOf', label: t('item.asOf'), children: item.asOf },
              { key: 'created', label: t('item.created'), children: formatDateTime(item.createdAt) },
              { key: 'updated', label: t('item.updated'), children: formatDateTime(item.updatedAt) },
              ...(item.result
                ? [{ key: 'result', label: t('item.result'), children: item.result, span: 3 }]
                : []),
              ...(item.note ? [{ key: 'note', label: t('item.note'), children: item.note, span: 3 }] : []),
            ]}
          />
          <ExplanationCard explanation={explanation} />
        </div>
      )}
    </DetailPage>
  );
}
