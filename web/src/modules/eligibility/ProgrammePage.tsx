import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ProgrammeVersionView } from '../../../../contracts/api/eligibility.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime, todayInShanghai } from '../../app/format.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { PageSpinner } from '../../app/PageSpinner.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { useLang } from '../funds/money.tsx';
import { type ProgrammeDetail, useCreateDraft, useProgramme } from './api.ts';
import { KindTag, programmeName, useValidity, VersionStatusTag } from './labels.tsx';
import { RuleBlock } from './RuleText.tsx';

/** A new draft starts today, or the day after the version in force starts if that is today or later. */
function draftStart(currentFrom: string | undefined): string {
  const today = todayInShanghai();
  if (!currentFrom || currentFrom < today) return today;
  return new Date(Date.parse(`${currentFrom}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function NewDraftButton({ detail }: { detail: ProgrammeDetail }) {
  const { t } = useTranslation('eligibility');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateDraft(detail.programme.code);
  // The new draft starts from the rule in force, else from the latest version written.
  const base = detail.programme.current ?? [...detail.versions].sort((a, b) => b.version - a.version)[0];
  return (
    <Button
      type="primary"
      icon={<PlusOutlined />}
      loading={create.isPending}
      onClick={() =>
        create.mutate(
          {
            ruleText: base?.ruleText ?? '',
            validFrom: draftStart(detail.programme.current?.validFrom),
            note: undefined,
          },
          {
            onSuccess: (v) => {
              message.success(t('programme.draftCreated', { version: t('version', { n: v.version }) }));
              navigate(`/programmes/${detail.programme.code}/versions/${v.id}`);
            },
            onError: (e) => void message.error(e.message),
          },
        )
      }
    >
      {t('programme.newDraft')}
    </Button>
  );
}

/** A programme: the rule in force and every version, with a way to start a new draft. */
export default function ProgrammePage() {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const { can } = useAuth();
  const validity = useValidity();
  const query = useProgramme(code);
  const detail = query.data;
  const versionUrl = (v: ProgrammeVersionView) => `/programmes/${code}/versions/${v.id}`;
  const columns: TableColumnsType<ProgrammeVersionView> = [
    {
      title: t('programme.columns.version'),
      dataIndex: 'version',
      width: 80,
      render: (n: number, v) => (
        <Link to={versionUrl(v)} onClick={(e) => e.stopPropagation()}>
          {t('version', { n })}
        </Link>
      ),
    },
    {
      title: t('programme.columns.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: ProgrammeVersionView['status']) => <VersionStatusTag status={s} />,
    },
    {
      title: t('programme.columns.validity'),
      key: 'validity',
      width: 210,
      render: (_: unknown, v) => validity(v.validFrom, v.validTo),
    },
    {
      title: t('programme.columns.note'),
      dataIndex: 'note',
      ellipsis: true,
      render: (note: string | null, v) => (
        <>
          {note ?? '—'}
          {v.warnings.length > 0 && (
            <Tag color="orange" style={{ marginInlineStart: 6 }}>
              {t('programme.warnings', { count: v.warnings.length })}
            </Tag>
          )}
        </>
      ),
    },
    {
      title: t('programme.columns.created'),
      key: 'created',
      width: 220,
      render: (_: unknown, v) => t('programme.by', { who: v.createdBy, at: formatDateTime(v.createdAt) }),
    },
    {
      title: t('programme.columns.published'),
      key: 'published',
      width: 220,
      render: (_: unknown, v) =>
        v.publishedAt
          ? t('programme.by', { who: v.publishedBy ?? '—', at: formatDateTime(v.publishedAt) })
          : '—',
    },
  ];
  return (
    <>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        style={{ paddingInline: 0, marginBottom: 4 }}
        onClick={() => navigate('/programmes')}
      >
        {t('programme.back')}
      </Button>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {!detail && query.isLoading && <PageSpinner />}
      {detail && (
        <>
          <PageHeader
            title={programmeName(detail.programme, lang)}
            note={
              <Flex gap={4} align="center">
                <KindTag kind={detail.programme.kind} />
                <Tag>{t(`approver.${detail.programme.approver}`)}</Tag>
                <Typography.Text type="secondary" className="ms-mono">
                  {detail.programme.code}
                </Typography.Text>
              </Flex>
            }
            extra={can('programme.write') && <NewDraftButton detail={detail} />}
          />
          {detail.programme.descriptionZh && (
            <Typography.Paragraph type="secondary">{detail.programme.descriptionZh}</Typography.Paragraph>
          )}
          <Card
            size="small"
            title={
              detail.programme.current ? (
                <Flex gap={8} align="baseline">
                  {t('programme.currentRule')}
                  <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
                    {t('version', { n: detail.programme.current.version })} ·{' '}
                    {validity(detail.programme.current.validFrom, detail.programme.current.validTo)}
                  </Typography.Text>
                </Flex>
              ) : (
                t('programme.currentRule')
              )
            }
            style={{ marginBottom: 12 }}
          >
            {detail.programme.current ? (
              <RuleBlock text={detail.programme.current.ruleText} maxHeight={320} />
            ) : (
              <Typography.Text type="secondary">{t('programme.noCurrentRule')}</Typography.Text>
            )}
          </Card>
          <Card size="small" title={t('programme.versions')}>
            <Table<ProgrammeVersionView>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={[...detail.versions].sort((a, b) => b.version - a.version)}
              pagination={false}
              onRow={(v) => ({ onClick: () => navigate(versionUrl(v)), style: { cursor: 'pointer' } })}
            />
          </Card>
        </>
      )}
    </>
  );
}
