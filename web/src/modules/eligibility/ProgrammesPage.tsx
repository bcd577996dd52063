import { Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ProgrammeView } from '../../../../contracts/api/eligibility.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { useLang } from '../funds/money.tsx';
import { useProgrammes } from './api.ts';
import { KindTag, programmeName, useValidity } from './labels.tsx';

/** The district's benefits and alerts, each a rule with versions. */
export default function ProgrammesPage() {
  const { t } = useTranslation('eligibility');
  const lang = useLang();
  const navigate = useNavigate();
  const validity = useValidity();
  const query = useProgrammes();
  const columns: TableColumnsType<ProgrammeView> = [
    {
      title: t('programmes.name'),
      key: 'name',
      render: (_: unknown, p) => (
        <>
          <Link to={`/programmes/${p.code}`} onClick={(e) => e.stopPropagation()}>
            {programmeName(p, lang)}
          </Link>
          <Typography.Text type="secondary" className="ms-mono" style={{ display: 'block', fontSize: 12 }}>
            {p.code}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('programmes.kind'),
      dataIndex: 'kind',
      width: 80,
      render: (k: ProgrammeView['kind']) => <KindTag kind={k} />,
    },
    {
      title: t('programmes.current'),
      key: 'current',
      width: 260,
      render: (_: unknown, p) =>
        p.current ? (
          <>
            <Typography.Text strong>{t('version', { n: p.current.version })}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
              {validity(p.current.validFrom, p.current.validTo)}
            </Typography.Text>
          </>
        ) : (
          <Typography.Text type="secondary">{t('programmes.noCurrent')}</Typography.Text>
        ),
    },
    {
      title: t('programmes.drafts'),
      dataIndex: 'drafts',
      width: 80,
      align: 'right',
      render: (n: number) =>
        n > 0 ? <Tag color="blue">{n}</Tag> : <Typography.Text type="secondary">0</Typography.Text>,
    },
    { title: t('programmes.enrolled'), dataIndex: 'enrolled', width: 100, align: 'right' },
    {
      title: t('programmes.openItems'),
      dataIndex: 'openItems',
      width: 90,
      align: 'right',
      render: (n: number) => (n > 0 ? <Typography.Text strong>{n}</Typography.Text> : n),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('programmes.title')}
        note={
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('programmes.note')}
          </Typography.Text>
        }
      />
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <Table<ProgrammeView>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={query.data?.items}
        loading={query.isFetching}
        pagination={false}
        onRow={(p) => ({ onClick: () => navigate(`/programmes/${p.code}`), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('programmes.empty') }}
      />
    </>
  );
}
