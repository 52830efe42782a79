import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, HashRouter } from 'react-router-dom';
import { ConfigProvider, App as AntApp } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { App } from './App';
import { activateSignInConfig, loadSignInConfig } from './signin';
import './styles.css';

dayjs.locale('zh-cn');

// System fonts only: nothing is fetched from outside the app's origin.
const FONTS = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", sans-serif';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
// /config.json first: it decides the sign-in, the claims roles are read from, and the routing
// (hash routes where the CDN cannot answer portal paths with index.html, as in AWS China).
void loadSignInConfig().then((config) => {
  activateSignInConfig(config);
  const Router = config.routing === 'hash' ? HashRouter : BrowserRouter;
  createRoot(root).render(
    <StrictMode>
      <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#a8071a', fontFamily: FONTS } }}>
        <AntApp>
          <Router>
            <App />
          </Router>
        </AntApp>
      </ConfigProvider>
    </StrictMode>,
  );
});
