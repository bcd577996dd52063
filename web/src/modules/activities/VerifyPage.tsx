import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Card, Descriptions, Flex, Input, Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { usePublicCertificate } from './api.ts';
import { hoursOf } from './labels.tsx';

/** Public check of a 志愿服务证明 by its number: no login, the name masked. */
export default function VerifyPage() {
  const { t } = useTranslation('activities');
  const { certNo = '' } = useParams();
  const navigate = useNavigate();
  const query = usePublicCertificate(certNo);
  const c = query.data;
  return (
    <Flex justify="center" style={{ minHeight: '100vh', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 520, alignSelf: 'flex-start', marginTop: 24 }}>
        <Typography.Title level={4} style={{ marginTop: 0, textAlign: 'center' }}>
          {t('verify.title')}
        </Typography.Title>
        <Input.Search
          defaultValue={certNo}
          placeholder={t('verify.placeholder')}
          enterButton={t('verify.search')}
          size="large"
          onSearch={(v) => v.trim() && navigate(`/verify/${encodeURIComponent(v.trim().toUpperCase())}`)}
          style={{ marginBottom: 16 }}
        />
        {query.isLoading ? (
          <Spin style={{ display: 'block', margin: 24 }} />
        ) : query.isError ? (
          <Result
            status={query.error instanceof ApiError && query.error.status === 404 ? 'warning' : 'error'}
            title={
              query.error instanceof ApiError && query.error.status === 404
                ? t('verify.notFound', { no: certNo })
                : query.error.message
            }
          />
        ) : c ? (
          <>
            <Flex justify="center" align="center" gap={8} style={{ marginBottom: 16, fontSize: 18 }}>
              {c.status === 'valid' ? (
                <>
                  <CheckCircleFilled style={{ color: '#389e0d' }} /> {t('verify.valid')}
                </>
              ) : (
                <>
                  <CloseCircleFilled style={{ color: '#cf1322' }} />{' '}
                  {t('verify.revoked', { date: c.revokedOn })}
                </>
              )}
            </Flex>
            <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('verify.certNo')}>
                <span className="ms-mono">{c.certNo}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('verify.name')}>{c.volunteerName}</Descriptions.Item>
              <Descriptions.Item label={t('verify.volunteerNo')}>{c.volunteerNo}</Descriptions.Item>
              <Descriptions.Item label={t('verify.issuer')}>{c.issuerName}</Descriptions.Item>
              <Descriptions.Item label={t('verify.hours')}>
                {t('hours', { h: hoursOf(c.totalMinutes) })}
              </Descriptions.Item>
              <Descriptions.Item label={t('verify.period')}>
                {c.periodFrom} ~ {c.periodTo}
              </Descriptions.Item>
              <Descriptions.Item label={t('verify.issuedOn')}>{c.issuedOn}</Descriptions.Item>
            </Descriptions>
          </>
        ) : null}
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t('verify.note')}
        </Typography.Paragraph>
      </Card>
    </Flex>
  );
}
