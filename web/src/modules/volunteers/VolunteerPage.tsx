import {
  ArrowLeftOutlined,
  EditOutlined,
  GiftOutlined,
  HistoryOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Flex, List, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { PointEntry, VolunteerDetail } from '../../../../contracts/api/volunteers.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../app/format.ts';
import { PageSpinner } from '../../app/PageSpinner.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { Money, MoneyStat } from '../funds/money.tsx';
import { useVolunteer, useVolunteerPoints } from './api.ts';
import { AvailabilityGrid, SkillTags, useVolunteerLabels, VolunteerStatusTag } from './labels.tsx';
import { DonateModal, EditVolunteerDrawer, StatusModal } from './VolunteerModals.tsx';

type Dialog = 'edit' | 'status' | 'donate' | null;

function Header({ v, onOpen }: { v: VolunteerDetail; onOpen: (d: Dialog) => void }) {
  const { t } = useTranslation('volunteers');
  const { can } = useAuth();
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Flex justify="space-between" align="start" gap={12} wrap>
        <div>
          <Space align="center" size={10} wrap style={{ marginBottom: 6 }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {v.person.name}
            </Typography.Title>
            <Typography.Text className="ms-mono" copyable>
              {v.volunteerNo}
            </Typography.Text>
            <VolunteerStatusTag status={v.status} />
            {v.partyMember && <Tag color="red">{t('detail.party')}</Tag>}
            {v.person.deceased && <Tag>{t('detail.deceased')}</Tag>}
          </Space>
          <Typography.Text type="secondary">
            {t(`common:sex.${v.person.sex}`)} · {v.person.age} · {v.streetName} {v.areaName}
          </Typography.Text>
          {v.statusReason && (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {t('detail.statusReason')}
              {t('common:colon')}
              {v.statusReason}
            </Typography.Paragraph>
          )}
        </div>
        <Space wrap>
          {can('audit.read') && (
            <Link to={`/audit?entityType=volunteer&entityId=${v.id}`}>
              <Button icon={<HistoryOutlined />}>{t('detail.history')}</Button>
            </Link>
          )}
          {v.canWrite && (
            <>
              <Button icon={<GiftOutlined />} onClick={() => onOpen('donate')}>
                {t('detail.donate')}
              </Button>
              <Button icon={<SwapOutlined />} onClick={() => onOpen('status')}>
                {t('detail.changeStatus')}
              </Button>
              <Button type="primary" icon={<EditOutlined />} onClick={() => onOpen('edit')}>
                {t('detail.edit')}
              </Button>
            </>
          )}
        </Space>
      </Flex>
    </Card>
  );
}

function PersonCard({ v }: { v: VolunteerDetail }) {
  const { t } = useTranslation('volunteers');
  const none = <Typography.Text type="secondary">{t('detail.noLogin')}</Typography.Text>;
  return (
    <Card size="small" title={t('detail.person')} style={{ marginBottom: 12 }}>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'id',
            label: t('detail.idMasked'),
            children: (
              <Link to={`/residents/${v.personId}`} className="ms-mono">
                {v.person.idMasked}
              </Link>
            ),
          },
          { key: 'phone', label: t('detail.phone'), children: v.person.phoneMasked ?? '—' },
          { key: 'residence', label: t('detail.residence'), children: v.person.areaName },
          { key: 'serving', label: t('detail.serving'), children: v.areaName },
          { key: 'login', label: t('detail.login'), children: v.username ?? none },
          { key: 'registered', label: t('detail.registeredAt'), children: formatDateTime(v.registeredAt) },
        ]}
      />
    </Card>
  );
}

function SkillsCard({ v }: { v: VolunteerDetail }) {
  const { t } = useTranslation('volunteers');
  const labels = useVolunteerLabels();
  return (
    <Card size="small" title={t('detail.skills')} style={{ marginBottom: 12 }}>
      {v.skills.length ? (
        <SkillTags skills={v.skills} />
      ) : (
        <Typography.Text type="secondary">{t('detail.noSkills')}</Typography.Text>
      )}
      {v.certificates.length > 0 && (
        <List
          size="small"
          style={{ marginTop: 8 }}
          dataSource={v.certificates}
          renderItem={(c) => (
            <List.Item>
              {c.name} <Typography.Text type="secondary">· {labels.skill(c.skill)}</Typography.Text>
              {c.number && (
                <Typography.Text type="secondary" className="ms-mono">
                  {' '}
                  · {c.number}
                </Typography.Text>
              )}
              {c.validTo && (
                <Typography.Text type="secondary">
                  {' '}
                  · {t('detail.validTo', { date: c.validTo })}
                </Typography.Text>
              )}
            </List.Item>
          )}
        />
      )}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('detail.availability')}
      </Typography.Title>
      <AvailabilityGrid value={v.availability} />
    </Card>
  );
}

function TeamsCard({ v }: { v: VolunteerDetail }) {
  const { t } = useTranslation('volunteers');
  return (
    <Card size="small" title={t('detail.teams')} style={{ marginBottom: 12 }}>
      {v.teams.length === 0 ? (
        <Typography.Text type="secondary">{t('detail.noTeams')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={v.teams}
          renderItem={(team) => (
            <List.Item>
              <Link to={`/teams?team=${team.id}`}>{team.name}</Link>
              <Space size={4}>
                <Tag>{t(`levels.${team.level}`)}</Tag>
                <Tag color={team.role === 'leader' ? 'blue' : undefined}>{t(`roles.${team.role}`)}</Tag>
                {team.status === 'closed' && <Tag>{t('teamStatuses.closed')}</Tag>}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function BalancesCard({ v }: { v: VolunteerDetail }) {
  const { t } = useTranslation('volunteers');
  const rating = v.ratingCount ? (v.ratingSum / v.ratingCount).toFixed(1) : null;
  return (
    <Card size="small" title={t('detail.balances')} style={{ marginBottom: 12 }}>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <MoneyStat title={t('detail.points')} value={v.balances.points} unit="point" tone="good" />
        </Col>
        <Col xs={12} md={6}>
          <MoneyStat title={t('detail.redPoints')} value={v.balances.redPoints} unit="point" />
        </Col>
        <Col xs={12} md={6}>
          <MoneyStat title={t('detail.timeBank')} value={v.balances.timeBankMinutes} unit="minute" />
        </Col>
        <Col xs={12} md={6}>
          <MoneyStat title={t('detail.hours')} value={v.totalMinutes} unit="minute" tone="muted" />
        </Col>
      </Row>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginTop: 12 }}
        items={[
          {
            key: 'rating',
            label: t('detail.rating'),
            children: rating ? `${rating} ★ (${v.ratingCount})` : t('detail.ratingNone'),
          },
          { key: 'open', label: t('detail.commitments'), children: v.openCommitments },
          {
            key: 'last',
            label: t('detail.lastServed'),
            children: v.lastServedAt ? formatDateTime(v.lastServedAt).slice(0, 16) : t('detail.never'),
          },
        ]}
      />
    </Card>
  );
}

function HistoryCard({ id }: { id: string }) {
  const { t } = useTranslation('volunteers');
  const labels = useVolunteerLabels();
  const query = useVolunteerPoints(id);
  return (
    <Card size="small" title={t('detail.history')} style={{ marginBottom: 12 }}>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      <Table<PointEntry>
        rowKey={(e) => `${e.kind}:${e.transferId}`}
        size="small"
        loading={query.isLoading}
        dataSource={query.data?.entries}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.historyEmpty')} />,
        }}
        scroll={{ x: 600 }}
        columns={[
          {
            title: t('detail.at'),
            dataIndex: 'at',
            width: 150,
            render: (v: string) => (
              <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v).slice(0, 16)}</span>
            ),
          },
          { title: t('detail.kind'), dataIndex: 'kind', width: 110, render: (k: string) => labels.kind(k) },
          {
            title: t('detail.what'),
            dataIndex: 'code',
            render: (c: string, e) => (
              <>
                {labels.code(c)}
                {e.memo && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} ellipsis>
                    {e.memo}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t('detail.change'),
            dataIndex: 'delta',
            width: 110,
            align: 'right',
            render: (d: number, e) => <Money value={d} unit={e.unit} signed />,
          },
          {
            title: t('detail.balance'),
            dataIndex: 'balance',
            width: 110,
            align: 'right',
            render: (b: number, e) => <Money value={b} unit={e.unit} />,
          },
        ]}
      />
    </Card>
  );
}

/** One volunteer: the masked person, skills and week, teams, points and time, their history. */
export default function VolunteerPage() {
  const { t } = useTranslation('volunteers');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const query = useVolunteer(id);
  const v = query.data;
  const [dialog, setDialog] = useState<Dialog>(null);
  return (
    <>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        style={{ paddingInline: 0, marginBottom: 4 }}
        onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/volunteers'))}
      >
        {t('detail.back')}
      </Button>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {!v && query.isLoading && <PageSpinner />}
      {v && v.id === id && (
        <>
          <Header v={v} onOpen={setDialog} />
          <Row gutter={12}>
            <Col xs={24} lg={9}>
              <PersonCard v={v} />
              <SkillsCard v={v} />
              <TeamsCard v={v} />
            </Col>
            <Col xs={24} lg={15}>
              <BalancesCard v={v} />
              <HistoryCard id={v.id} />
            </Col>
          </Row>
          {dialog === 'edit' && <EditVolunteerDrawer volunteer={v} onClose={() => setDialog(null)} />}
          {dialog === 'status' && <StatusModal volunteer={v} onClose={() => setDialog(null)} />}
          {dialog === 'donate' && <DonateModal volunteer={v} onClose={() => setDialog(null)} />}
        </>
      )}
    </>
  );
}
