import { FilePdfOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { certificatePdfUrl, useMyCertificates } from '../activities/api.ts';
import { formatMinute, hoursOf } from '../activities/labels.tsx';
import { PhoneQueryState } from './HomePage.tsx';

/** /v/certificates: the volunteer's certificates, each a PDF and a public check. */
export default function CertificatesPage() {
  const { t } = useTranslation('volunteerApp');
  const { t: ta } = useTranslation('activities');
  const query = useMyCertificates();
  if (query.isError) return <PhoneQueryState error={query.error} retry={() => void query.refetch()} />;
  if (!query.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('certificates.title')}
      </Typography.Title>
      {query.data.length === 0 ? (
        <Empty description={t('certificates.none')} />
      ) : (
        query.data.map((c) => (
          <Card key={c.id} size="small" style={{ borderRadius: 10 }}>
            <Flex justify="space-between" gap={8}>
              <Typography.Text strong className="ms-mono">
                {c.certNo}
              </Typography.Text>
              {c.revokedAt && <Tag color="red">{t('certificates.revoked')}</Tag>}
            </Flex>
            <Typography.Paragraph style={{ margin: '4px 0 0' }}>
              {c.issuerName} · {ta('hours', { h: hoursOf(c.totalMinutes) })}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
              {t('certificates.period', { from: c.periodFrom, to: c.periodTo })} ·{' '}
              {formatMinute(c.issuedAt).slice(0, 10)}
            </Typography.Paragraph>
            <Flex gap={8} style={{ marginTop: 10 }}>
              <Button
                type="primary"
                size="large"
                icon={<FilePdfOutlined />}
                href={certificatePdfUrl(c.id)}
                target="_blank"
                style={{ flex: 1 }}
              >
                {t('certificates.download')}
              </Button>
              <Link to={`/verify/${c.certNo}`} style={{ flex: 1 }}>
                <Button size="large" block>
                  {t('certificates.verify')}
                </Button>
              </Link>
            </Flex>
          </Card>
        ))
      )}
    </Space>
  );
}
