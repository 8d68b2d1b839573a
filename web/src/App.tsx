import { ROUTES } from '../../src/server/routes';
import { Layout, Menu, Result, Button, Spin } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { getJson, UNAUTHORIZED_EVENT, type Me } from './lib/api';
import { LoginPage, UserBadge } from './components/Login';
import { parseHash, useHash, href } from './lib/router';
import { ReportListPage } from './pages/ReportListPage';
import { ReportPage } from './pages/ReportPage';
import { CoveragePage } from './pages/CoveragePage';
import { UnitsPage } from './pages/UnitsPage';

// The compare and analyse pages load when first opened (they are not needed to review a report).
const UnitPage = lazy(() => import('./pages/UnitPage').then((m) => ({ default: m.UnitPage })));
const ComparePage = lazy(() => import('./pages/ComparePage').then((m) => ({ default: m.ComparePage })));
const AnalysisPage = lazy(() => import('./pages/AnalysisPage').then((m) => ({ default: m.AnalysisPage })));
const RegisterPage = lazy(() => import('./pages/RegisterPage').then((m) => ({ default: m.RegisterPage })));
const EditorPage = lazy(() => import('./pages/EditorPage').then((m) => ({ default: m.EditorPage })));
const QueuePage = lazy(() => import('./pages/QueuePage').then((m) => ({ default: m.QueuePage })));

const MENU = [
  { key: 'list', label: <a href={href('/')}>报告列表</a> },
  { key: 'coverage', label: <a href={href('/coverage')}>报送情况</a> },
  { key: 'units', label: <a href={href('/units')}>单位</a> },
  { key: 'compare', label: <a href={href('/compare')}>比较</a> },
  { key: 'analysis', label: <a href={href('/analysis')}>分析</a> },
  { key: 'register', label: <a href={href('/register')}>台账</a> },
  { key: 'editor', label: <a href={href('/editor')}>填报</a> },
  { key: 'queue', label: <a href={href('/queue')}>处理进度</a> },
];

/** The user (undefined while asking, null when not logged in); asks again when any request meets a 401. */
function useMe(): { user: Me['user'] | null | undefined; reload: () => void } {
  const [user, setUser] = useState<Me['user'] | null | undefined>(undefined);
  const reload = useCallback(() => {
    getJson<Me>(ROUTES.me.path())
      .then((m) => setUser(m.user))
      .catch(() => setUser(null));
  }, []);
  useEffect(() => {
    reload();
    window.addEventListener(UNAUTHORIZED_EVENT, reload);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, reload);
  }, [reload]);
  return { user, reload };
}

export function App() {
  const route = parseHash(useHash());
  const selected = route.page === 'report' ? 'list' : route.page === 'unit' ? 'units' : route.page;
  const me = useMe();
  if (me.user === undefined) return <Spin fullscreen />;
  // Not logged in (or the session ended): the login form; after it, the page asked for.
  if (me.user === null) return <LoginPage onLogin={me.reload} />;
  return (
    <Layout className="app">
      <Layout.Header className="app-header">
        <a className="app-title" href={href('/')}>
          政府信息公开年报审核
        </a>
        <Menu theme="dark" mode="horizontal" selectedKeys={[selected]} items={MENU} className="app-menu" />
        <UserBadge me={me.user} onLogout={me.reload} />
      </Layout.Header>
      <Layout.Content className={route.page === 'report' ? 'app-content app-content-wide' : 'app-content'}>
        {route.page === 'list' && <ReportListPage params={route.params} />}
        {route.page === 'report' && <ReportPage key={route.id} id={route.id} params={route.params} />}
        {route.page === 'coverage' && <CoveragePage params={route.params} />}
        {route.page === 'units' && <UnitsPage params={route.params} />}
        <Suspense fallback={<Spin className="page-loading" size="large" />}>
          {route.page === 'unit' && <UnitPage key={route.id} id={route.id} params={route.params} />}
          {route.page === 'compare' && <ComparePage params={route.params} />}
          {route.page === 'analysis' && <AnalysisPage params={route.params} />}
          {route.page === 'register' && <RegisterPage params={route.params} ownUnit={me.user.scopeUnitId} />}
          {route.page === 'editor' && <EditorPage params={route.params} me={me.user} />}
          {route.page === 'queue' && <QueuePage />}
        </Suspense>
        {route.page === 'notFound' && (
          <Result
            status="404"
            title="页面不存在"
            subTitle={`没有「${route.path}」这个页面`}
            extra={
              <Button type="primary" href={href('/')}>
                回到报告列表
              </Button>
            }
          />
        )}
      </Layout.Content>
    </Layout>
  );
}
