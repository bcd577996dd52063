import { UserAddOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { PersonDetail } from '../../../../contracts/api/persons.ts';
import { ResidentFormDrawer } from './ResidentFormDrawer.tsx';

export function HouseholdCard({ person }: { person: PersonDetail }) {
  const { t } = useTranslation('residents');
  const navigate = useNavigate();
  const [adding, setAdding] = useState(false);
  const hasOthers = person.household.some((m) => m.id !== person.id);
  const members = [...person.household].sort((a, b) =>
    a.relation === 'head' ? -1 : b.relation === 'head' ? 1 : 0,
  );

  return (
    <Card
      size="small"
      title={t('household.title')}
      extra={
        person.canWrite &&
        person.householdId && (
          <Button size="small" icon={<UserAddOutlined />} onClick={() => setAdding(true)}>
            {t('household.addMember')}
          </Button>
        )
      }
    >
      {!hasOthers && (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('household.alone')}
          style={{ margin: '8px 0' }}
        />
      )}
      {hasOthers &&
        members.map((m) => (
          <Flex
            key={m.id}
            justify="space-between"
            align="center"
            gap={8}
            style={{ padding: '6px 0', borderBottom: '1px solid #f5f5f5' }}
          >
            <span>
              {m.id === person.id ? (
                <Typography.Text strong>{m.name}</Typography.Text>
              ) : (
                <Link to={`/residents/${m.id}`}>{m.name}</Link>
              )}
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {t(`common:sex.${m.sex}`)} · {t('detail.ageValue', { age: m.age })}
              </Typography.Text>
              {m.deceased && (
                <Tag variant="filled" style={{ marginInlineStart: 8 }}>
                  {t('list.deceased')}
                </Tag>
              )}
            </span>
            <span>
              {m.relation && (
                <Tag color={m.relation === 'head' ? 'red' : undefined}>{t(`relations.${m.relation}`)}</Tag>
              )}
              {m.id === person.id && <Tag variant="filled">{t('household.self')}</Tag>}
            </span>
          </Flex>
        ))}
      {adding && person.householdId && (
        <ResidentFormDrawer
          household={{ id: person.householdId, areaCode: person.areaCode, address: person.address }}
          onClose={() => setAdding(false)}
          onCreated={(p) => navigate(`/residents/${p.id}`)}
        />
      )}
    </Card>
  );
}
