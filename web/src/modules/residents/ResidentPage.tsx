import { ArrowLeftOutlined, EditOutlined, HistoryOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Flex, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { PersonDetail } from '../../../../contracts/api/persons.ts';
import { useAuth } from '../../app/auth.tsx';
import { formatDateTime } from '../../app/format.ts';
import { PageSpinner } from '../../app/PageSpinner.tsx';
import { QueryError } from '../../app/StatusPages.tsx';
import { useUrlState } from '../../app/url-state.ts';
import { ElderAccountCard } from '../care-credits/ElderAccountCard.tsx';
import { EligibilityCard } from '../eligibility/EligibilityCard.tsx';
import { usePerson } from './api.ts';
import { EditResidentDrawer } from './EditResidentDrawer.tsx';
import { FactsCard } from './FactsCard.tsx';
import { HouseholdCard } from './HouseholdCard.tsx';
import { RevealId } from './RevealId.tsx';

const URL_KEYS = ['asOf'] as const;

function ResidentHeader({ person, asOf }: { person: PersonDetail; asOf?: string }) {
  const { t } = useTranslation('residents');
  const { can } = useAuth();
  const [editing, setEditing] = useState(false);
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Flex justify="space-between" align="start" gap={12} wrap>
        <div>
          <Space align="center" size={10} style={{ marginBottom: 6, display: 'flex' }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {person.name}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t(`common:sex.${person.sex}`)} ·{' '}
              {asOf
                ? t('detail.ageOn', { age: person.age, date: asOf })
                : t('detail.ageValue', { age: person.age })}
            </Typography.Text>
            {person.deceased && <Tag>{t('list.deceased')}</Tag>}
            <Tag color={person.hukouLocal ? 'red' : undefined} variant="outlined">
              {person.hukouLocal ? t('hukou.local') : t('hukou.other')}
            </Tag>
          </Space>
          <div>
            <RevealId key={person.id} person={person} />
          </div>
        </div>
        <Space>
          {can('audit.read') && (
            <Link to={`/audit?entityType=person&entityId=${person.id}`}>
              <Button icon={<HistoryOutlined />}>{t('detail.history')}</Button>
            </Link>
          )}
          {person.canWrite && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('detail.edit')}
            </Button>
          )}
        </Space>
      </Flex>
      {editing && <EditResidentDrawer person={person} onClose={() => setEditing(false)} />}
    </Card>
  );
}

function BasicInfo({ person }: { person: PersonDetail }) {
  const { t } = useTranslation('residents');
  const none = <Typography.Text type="secondary">{t('detail.none')}</Typography.Text>;
  return (
    <Card size="small" title={t('detail.basic')} style={{ marginBottom: 12 }}>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'birth', label: t('detail.birthDate'), children: person.birthDate },
          { key: 'street', label: t('columns.street'), children: person.streetName || none },
          { key: 'area', label: t('columns.community'), children: person.areaName },
          { key: 'address', label: t('detail.address'), children: person.address ?? none },
          {
            key: 'relation',
            label: t('detail.relation'),
            children: person.relation ? t(`relations.${person.relation}`) : none,
          },
          { key: 'created', label: t('detail.createdAt'), children: formatDateTime(person.createdAt) },
          { key: 'updated', label: t('detail.updatedAt'), children: formatDateTime(person.updatedAt) },
        ]}
      />
    </Card>
  );
}

export default function ResidentPage() {
  const { t } = useTranslation('residents');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { values, update } = useUrlState(URL_KEYS);
  const query = usePerson(id, values.asOf);
  const person = query.data;

  return (
    <>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        style={{ paddingInline: 0, marginBottom: 4 }}
        onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/residents'))}
      >
        {t('detail.back')}
      </Button>
      {query.error && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {!person && query.isLoading && <PageSpinner />}
      {person && person.id === id && (
        <>
          <ResidentHeader person={person} asOf={values.asOf} />
          <Row gutter={12}>
            <Col xs={24} lg={9}>
              <BasicInfo person={person} />
              <HouseholdCard person={person} />
            </Col>
            <Col xs={24} lg={15}>
              <ElderAccountCard person={person} />
              <FactsCard person={person} asOf={values.asOf} onAsOfChange={(asOf) => update({ asOf })} />
              <EligibilityCard personId={person.id} asOf={values.asOf} />
            </Col>
          </Row>
        </>
      )}
    </>
  );
}
