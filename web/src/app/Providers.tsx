import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not change on retry; network hiccups and 5xx get one more try.
        retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 1,
      },
    },
  });
}

/** antd and dayjs follow the i18n language, so dates, pagers and pickers switch with the UI. */
function LocalisedAntd({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const isEn = i18n.language === 'en';
  useEffect(() => {
    dayjs.locale(isEn ? 'en' : 'zh-cn');
    document.documentElement.lang = isEn ? 'en' : 'zh-CN';
  }, [isEn]);
  return (
    <ConfigProvider
      locale={isEn ? enUS : zhCN}
      theme={{
        token: { colorPrimary: '#c62828', borderRadius: 4, fontSize: 14 },
        components: { Layout: { headerBg: '#fff', siderBg: '#fff', bodyBg: '#f5f6f8' } },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={client}>
      <LocalisedAntd>{children}</LocalisedAntd>
    </QueryClientProvider>
  );
}
