import { ArrowLeftOutlined, ExperimentOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Input,
  Row,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type {
  DraftBody,
  ProgrammeVersionView,
  ProgrammeView,
} from '../../../../contracts/api/eligibility.ts';
import { ApiError } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { fromDay, toDay } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { PageSpinner } from '../../app/PageSpinner.tsx';
import { NotFound, QueryError } from '../../app/StatusPages.tsx';
import { useLang } from '../funds/money.tsx';
import { useProgramme, usePublishVersion, useRuleCheck, useSimulate, useUpdateDraft } from './api.ts';
import { programmeName, VersionStatusTag } from './labels.tsx';
import { type LineMarks, RuleBlock, RuleEditor, type RuleEditorHandle } from './RuleText.tsx';
import { SimulationPanel } from './SimulationPanel.tsx';
import { VocabularyPalette } from './VocabularyPalette.tsx';

const EDITOR_HEIGHT = 330;
const PANEL_HEIGHT = EDITOR_HEIGHT + 170;
const CHECK_DELAY_MS = 400;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The calendar day before an ISO date. */
function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

function marksOf(issues: { line?: number; severity?: 'error' | 'warning' }[]): LineMarks {
  const marks: LineMarks = new Map();
  for (const i of issues) {
    if (!i.line) continue;
    if (i.severity === 'warning' && marks.get(i.line) === 'error') continue;
    marks.set(i.line, i.severity ?? 'error');
  }
  return marks;
}

/** A server-side refusal's issues (RULE_INVALID carries one per checker error, with its line). */
interface SaveIssue {
  line?: number;
  message: string;
}

function issuesOf(err: unknown): SaveIssue[] {
  if (err instanceof ApiError && err.issues.length > 0)
    return err.issues.map((i) => ({ line: i.line, message: i.message }));
  return [{ message: err instanceof Error ? err.message : String(err) }];
}

/** Checker findings (their translated messages already name line and column); a click goes to the line. */
function IssueList({
  issues,
  onPick,
}: {
  issues: { message: string; line?: number; col?: number; severity?: 'error' | 'warning' }[];
  onPick: (line: number, col?: number) => void;
}) {
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {issues.map((i, n) => {
        const color = i.severity === 'warning' ? '#d46b08' : '#a8071a';
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: issues come in the checker's order and may repeat
          <li key={n} style={{ padding: '2px 0' }}>
            {i.line ? (
              <Button
                type="link"
                size="small"
                style={{ color, padding: 0, height: 'auto', textAlign: 'left', whiteSpace: 'normal' }}
                onClick={() => i.line && onPick(i.line, i.col)}
              >
                {i.message}
              </Button>
            ) : (
              <Typography.Text style={{ color }}>{i.message}</Typography.Text>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function Editor({ programme, version }: { programme: ProgrammeView; version: ProgrammeVersionView }) {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const editor = useRef<RuleEditorHandle>(null);
  const [text, setText] = useState(version.ruleText);
  const [validFrom, setValidFrom] = useState(version.validFrom);
  const [validTo, setValidTo] = useState<string | null>(version.validTo);
  const [note, setNote] = useState(version.note ?? '');
  const [failure, setFailure] = useState<{
    action: 'save' | 'simulate' | 'publish';
    issues: SaveIssue[];
  } | null>(null);
  const saveIssues = failure?.issues ?? [];
  const update = useUpdateDraft(version.id);
  const publish = usePublishVersion(version.id);
  const simulate = useSimulate(version.id);

  const body: DraftBody = {
    ruleText: text,
    validFrom,
    validTo,
    // An emptied note is sent empty, so that it clears; a note never written stays absent.
    note: note.trim() || (version.note ? '' : undefined),
  };
  const dirty =
    text !== version.ruleText ||
    validFrom !== version.validFrom ||
    validTo !== version.validTo ||
    note.trim() !== (version.note ?? '');

  const debouncedText = useDebounced(text, CHECK_DELAY_MS);
  const checkBody = useMemo(
    () => ({ kind: programme.kind, ruleText: debouncedText, validFrom }),
    [programme.kind, debouncedText, validFrom],
  );
  const check = useRuleCheck(checkBody);
  const checkPending = debouncedText !== text || check.isFetching || check.isPlaceholderData;
  const errors = check.data?.errors ?? [];
  const warnings = check.data?.warnings ?? [];
  const marks = useMemo(
    () =>
      marksOf([
        ...saveIssues,
        ...warnings.map((w) => ({ line: w.line, severity: 'warning' as const })),
        ...errors.map((e) => ({ line: e.line, severity: 'error' as const })),
      ]),
    [errors, warnings, saveIssues],
  );
  const canPublish = !checkPending && errors.length === 0 && !!check.data;

  const save = async (): Promise<boolean> => {
    setFailure(null);
    try {
      await update.mutateAsync(body);
      return true;
    } catch (err) {
      setFailure({ action: 'save', issues: issuesOf(err) });
      return false;
    }
  };

  const onSave = async () => {
    if (await save()) message.success(t('editor.saved'));
  };

  const onSimulate = async () => {
    if (dirty && !(await save())) return;
    simulate.mutate({}, { onError: (err) => setFailure({ action: 'simulate', issues: issuesOf(err) }) });
  };

  // Publishing ends the open-ended version in force the day before the new one starts.
  const current = programme.current;
  const closes =
    current && current.validTo === null && validTo === null && current.validFrom < validFrom ? current : null;

  const onPublish = () =>
    modal.confirm({
      title: t('editor.publishTitle', { version: t('version', { n: version.version }) }),
      content: (
        <>
          <p style={{ margin: 0 }}>{t('editor.publishContent', { from: validFrom })}</p>
          {closes && (
            <p style={{ margin: '8px 0 0' }}>
              {t('editor.publishCloses', {
                version: t('version', { n: closes.version }),
                to: dayBefore(validFrom),
              })}
            </p>
          )}
        </>
      ),
      okText: t('editor.publishOk'),
      cancelText: t('common:actions.cancel'),
      onOk: async () => {
        if (dirty && !(await save())) return;
        try {
          await publish.mutateAsync();
          message.success(t('editor.published', { version: t('version', { n: version.version }) }));
          navigate(`/programmes/${programme.code}`);
        } catch (err) {
          setFailure({ action: 'publish', issues: issuesOf(err) });
        }
      },
    });

  const goTo = (line: number, col?: number) => editor.current?.goTo(line, col);
  const busy = update.isPending || publish.isPending || simulate.isPending;

  return (
    <>
      <PageHeader
        title={t('editor.title', {
          name: programmeName(programme, lang),
          version: t('version', { n: version.version }),
        })}
        note={
          <Space size={4}>
            <VersionStatusTag status={version.status} />
            {dirty && <Tag color="orange">{t('editor.unsaved')}</Tag>}
          </Space>
        }
        extra={
          <Space>
            <Button
              icon={<SaveOutlined />}
              onClick={onSave}
              loading={update.isPending}
              disabled={busy && !update.isPending}
            >
              {t('editor.save')}
            </Button>
            <Button
              icon={<ExperimentOutlined />}
              onClick={onSimulate}
              loading={simulate.isPending}
              disabled={busy && !simulate.isPending}
            >
              {t('editor.simulate')}
            </Button>
            <Tooltip title={!canPublish && errors.length > 0 ? t('editor.publishBlocked') : undefined}>
              <Button
                type="primary"
                icon={<SendOutlined />}
                onClick={onPublish}
                loading={publish.isPending}
                disabled={!canPublish || (busy && !publish.isPending)}
              >
                {t('editor.publish')}
              </Button>
            </Tooltip>
          </Space>
        }
      />
      <Row gutter={12}>
        <Col xs={24} lg={16}>
          <Card size="small" styles={{ body: { padding: 12 } }} style={{ minHeight: PANEL_HEIGHT }}>
            <Flex gap={12} wrap align="center" style={{ marginBottom: 10 }}>
              <span>
                <Typography.Text type="secondary">{t('editor.validFrom')} </Typography.Text>
                <DatePicker
                  aria-label={t('editor.validFrom')}
                  allowClear={false}
                  value={toDay(validFrom)}
                  onChange={(d) => d && setValidFrom(fromDay(d) ?? validFrom)}
                  style={{ width: 135 }}
                />
              </span>
              <span>
                <Typography.Text type="secondary">{t('editor.validTo')} </Typography.Text>
                <DatePicker
                  aria-label={t('editor.validTo')}
                  placeholder={t('editor.validToPlaceholder')}
                  value={toDay(validTo)}
                  onChange={(d) => setValidTo(fromDay(d) ?? null)}
                  style={{ width: 135 }}
                />
              </span>
              <Input
                aria-label={t('editor.note')}
                placeholder={`${t('editor.note')}${t('common:colon')}${t('editor.notePlaceholder')}`}
                value={note}
                maxLength={500}
                onChange={(e) => setNote(e.target.value)}
                style={{ flex: 1, minWidth: 180 }}
              />
            </Flex>
            <RuleEditor
              ref={editor}
              value={text}
              onChange={setText}
              marks={marks}
              height={EDITOR_HEIGHT}
              label={t('editor.ruleLabel')}
            />
            <div
              style={{ marginTop: 8, maxHeight: 120, overflow: 'auto' }}
              aria-live="polite"
              data-testid="rule-check"
            >
              {check.error ? (
                <Typography.Text type="danger">{check.error.message}</Typography.Text>
              ) : checkPending && !check.data ? (
                <Typography.Text type="secondary">{t('editor.checking')}</Typography.Text>
              ) : check.data ? (
                <>
                  <Flex gap={8} align="baseline" wrap>
                    {errors.length === 0 && warnings.length === 0 ? (
                      <Typography.Text style={{ color: '#237804' }}>✓ {t('editor.checkOk')}</Typography.Text>
                    ) : (
                      <Typography.Text strong>
                        {t('editor.checkSummary', { errors: errors.length, warnings: warnings.length })}
                      </Typography.Text>
                    )}
                    {checkPending && (
                      <Typography.Text type="secondary">{t('editor.checking')}</Typography.Text>
                    )}
                    {check.data.facts.length > 0 && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('editor.factsRead')}
                        {check.data.facts.join(t('listSep'))}
                      </Typography.Text>
                    )}
                  </Flex>
                  <IssueList
                    issues={[...errors, ...warnings].sort((a, b) => a.line - b.line || a.col - b.col)}
                    onPick={goTo}
                  />
                </>
              ) : null}
            </div>
            {failure && (
              <Alert
                type="error"
                showIcon
                style={{ marginTop: 8 }}
                title={t(`editor.failed.${failure.action}`)}
                description={<IssueList issues={failure.issues} onPick={goTo} />}
                closable={{ onClose: () => setFailure(null) }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <VocabularyPalette
            kind={programme.kind}
            asOf={validFrom}
            height={PANEL_HEIGHT}
            onInsert={(word) => editor.current?.insert(word)}
          />
        </Col>
      </Row>
      {simulate.data && <SimulationPanel result={simulate.data} />}
    </>
  );
}

/** A version that cannot change here (published, retired, or the user may not write rules). */
function ReadOnlyVersion({ version, reason }: { version: ProgrammeVersionView; reason: string }) {
  const { t } = useTranslation('eligibility');
  const marks = marksOf(version.warnings);
  return (
    <Card size="small">
      <Alert type="info" showIcon title={reason} style={{ marginBottom: 12 }} />
      <Typography.Paragraph type="secondary">
        {t('editor.validFrom')}
        {t('common:colon')}
        {version.validFrom} · {t('editor.validTo')}
        {t('common:colon')}
        {version.validTo ?? t('untilFurther')}
        {version.note ? ` · ${version.note}` : ''}
      </Typography.Paragraph>
      <RuleBlock text={version.ruleText} marks={marks} />
      {version.warnings.length > 0 && (
        <div style={{ marginTop: 8 }}>
          <IssueList issues={version.warnings} onPick={() => undefined} />
        </div>
      )}
    </Card>
  );
}

/** The rule editor: a draft's text with live checking, the vocabulary, what-if and publishing. */
export default function RuleEditorPage() {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const { code = '', id = '' } = useParams();
  const navigate = useNavigate();
  const { can } = useAuth();
  const query = useProgramme(code);
  const detail = query.data;
  const version = detail?.versions.find((v) => v.id === id);
  const name = detail ? programmeName(detail.programme, lang) : code;
  const editable = version?.status === 'draft' && can('programme.write');
  return (
    <>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        style={{ paddingInline: 0, marginBottom: 4 }}
        onClick={() => navigate(`/programmes/${code}`)}
      >
        {t('editor.back', { name })}
      </Button>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {!detail && query.isLoading && <PageSpinner />}
      {detail && !version && <NotFound />}
      {detail && version && editable && (
        <Editor key={version.id} programme={detail.programme} version={version} />
      )}
      {detail && version && !editable && (
        <>
          <PageHeader
            title={t('editor.title', { name, version: t('version', { n: version.version }) })}
            note={<VersionStatusTag status={version.status} />}
          />
          <ReadOnlyVersion
            version={version}
            reason={
              version.status === 'published'
                ? t('editor.readOnlyPublished')
                : version.status === 'retired'
                  ? t('editor.readOnlyRetired')
                  : t('editor.readOnlyNoRight')
            }
          />
        </>
      )}
    </>
  );
}
