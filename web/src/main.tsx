import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { App } from './App';
import './app.css';
import { hashForPath } from './lib/router';

// /reports/19 typed without '#': go to #/reports/19 (an unknown path shows 页面不存在, not the list).
const moved = hashForPath(window.location);
if (moved) history.replaceState(null, '', `/${moved}`);

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <ConfigProvider
        locale={zhCN}
        theme={{ token: { borderRadius: 4, fontFamily: 'system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif' } }}
      >
        <AntApp>
          <App />
        </AntApp>
      </ConfigProvider>
    </StrictMode>,
  );
