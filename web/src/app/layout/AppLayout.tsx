import { Layout, Menu } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate, useSearchParams } from 'react-router';
import { isAreaFiltered } from '../area-filter.ts';
import { useAuth } from '../auth.tsx';
import { NAV_ITEMS } from '../nav.tsx';
import { PageSpinner } from '../PageSpinner.tsx';
import { AppHeader, HEADER_HEIGHT } from './AppHeader.tsx';
import { AreaPicker } from './AreaPicker.tsx';

const SIDER_WIDTH = 248;
const COLLAPSED_KEY = 'minsheng.sider.collapsed';

export function AppLayout() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [collapsed, setCollapsed] = useState(() => {
    const saved = localStorage.getItem(COLLAPSED_KEY);
    return saved === null ? window.innerWidth < 1100 : saved === '1';
  });
  const toggle = () =>
    setCollapsed((c) => {
      localStorage.setItem(COLLAPSED_KEY, c ? '0' : '1');
      return !c;
    });
  const items = NAV_ITEMS.filter((n) => can(n.permission));
  const selected = items.find(
    (n) => location.pathname === n.path || location.pathname.startsWith(`${n.path}/`),
  );
  const onFilteredList = isAreaFiltered(location.pathname);
  const areaParam = params.get('area');
  // The chosen area follows the user from one list to the next, also across other pages.
  const [lastArea, setLastArea] = useState<string | null>(areaParam);
  useEffect(() => {
    if (onFilteredList) setLastArea(areaParam);
  }, [onFilteredList, areaParam]);
  const showPicker = !collapsed && onFilteredList;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppHeader collapsed={collapsed} onToggle={toggle} />
      <Layout hasSider>
        <Layout.Sider
          theme="light"
          width={SIDER_WIDTH}
          collapsedWidth={56}
          collapsed={collapsed}
          trigger={null}
          style={{
            position: 'sticky',
            top: HEADER_HEIGHT,
            height: `calc(100vh - ${HEADER_HEIGHT}px)`,
            borderRight: '1px solid #f0f0f0',
          }}
        >
          <nav style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
            <Menu
              mode="inline"
              inlineCollapsed={collapsed}
              selectedKeys={selected ? [selected.path] : []}
              style={{ borderInlineEnd: 'none', flex: 'none' }}
              items={items.map((n) => ({ key: n.path, icon: n.icon, label: t(n.label) }))}
              onClick={({ key }) => {
                const keep = lastArea && isAreaFiltered(key) ? `?area=${lastArea}` : '';
                navigate(`${key}${keep}`);
              }}
            />
            {showPicker && (
              <div
                style={{
                  borderTop: '1px solid #f0f0f0',
                  display: 'flex',
                  flexDirection: 'column',
                  flex: 1,
                  minHeight: 0,
                }}
              >
                <AreaPicker />
              </div>
            )}
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
