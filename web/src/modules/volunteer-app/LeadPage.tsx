import { ArrowLeftOutlined } from '@ant-design/icons';
import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMyActivities } from '../activities/api.ts';
import { CodeScreen } from '../activities/CodeScreen.tsx';
import { PhoneQueryState } from './HomePage.tsx';

/** /v/lead/:activityId: the leader volunteer's code screen on their phone. */
export default function LeadPage() {
  const { t } = useTranslation('volunteerApp');
  const { activityId = '' } = useParams();
  const [params] = useSearchParams();
  const query = useMyActivities();
  if (query.isError) return <PhoneQueryState error={query.error} retry={() => void query.refetch()} />;
  if (!query.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const a = query.data.leading.find((x) => x.activityId === activityId);
  return (
    <>
      <Link to="/v">
        <ArrowLeftOutlined /> {t('lead.back')}
      </Link>
      {a && (
        <CodeScreen
          activityId={a.activityId}
          title={a.title}
          shifts={a.shifts}
          initialShiftId={params.get('shift') ?? undefined}
        />
      )}
    </>
  );
}
