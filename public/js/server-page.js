// What every server-rendered page (/admin/…, /auth/account) runs: the shared top bar, and the metric
// chart where a page has one. Server pages carry no inline script (the Content-Security-Policy forbids it).
import { currentUser } from './api.js';
import { initTopbar } from './topbar.js';
import { drawMetricCharts } from './metric-chart.js';

const me = await currentUser();
if (me) initTopbar(me);
drawMetricCharts(document);
