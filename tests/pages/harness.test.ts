/**
 * The page harness proving itself on a throwaway page (harness/fixtures/demo-page): real
 * tdesign rendering, taps reaching page methods, and wx.cloud.callFunction reaching an HTTP
 * server that stands in for the local gateway.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { currentPages, loadPage, setIdentity, waitFor, wxApi, wxLog } from './harness';

const DEMO_PAGE = path.join(__dirname, 'harness/fixtures/demo-page/demo-page');

interface Received {
  url?: string;
  openid?: string;
  body: unknown;
}

/** Answers POST /fn/echo like local/server.ts's gateway: 200 `{ result }`; others are a 404. */
function startGateway(received: Received[]): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const openid = req.headers['x-dev-openid'] as string | undefined;
      received.push({ url: req.url, openid, body: JSON.parse(Buffer.concat(chunks).toString()) });
      if (req.method !== 'POST' || req.url !== '/fn/echo') {
        const error = { errCode: -501000, errMsg: 'FunctionName parameter could not be found' };
        res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify(error));
        return;
      }
      const result = { ok: true, data: { message: `hello ${openid}` } };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ result }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('page harness', () => {
  const received: Received[] = [];
  let server: http.Server;

  beforeAll(async () => {
    server = await startGateway(received);
    process.env.GONGZHI_GATEWAY_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    delete process.env.GONGZHI_GATEWAY_URL;
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    received.length = 0;
  });

  it('renders the page with real tdesign markup', async () => {
    const demo = loadPage(DEMO_PAGE);
    await demo.callOnLoad({ name: 'Ann' });

    expect(demo.text('.demo__title')).toBe('Hello, Ann');
    // t-button is virtualHost: the `.t-button` element lives inside it.
    const button = demo.find('#ask >>> .t-button');
    expect(button.dom?.tagName).toBe('WX-BUTTON');
    expect(demo.text(button)).toBe('Ask the server');
    expect(demo.text('#greeting')).toContain('Greeting');
    expect(currentPages()).toEqual([demo.page]);
    expect(demo.page.route).toBe(
      path.relative(path.join(__dirname, '../../miniprogram'), DEMO_PAGE),
    );
  });

  it('routes a tap on a tdesign button to the page method, once', async () => {
    const demo = loadPage(DEMO_PAGE);
    await demo.tap('#next');

    expect(wxLog.navigations).toEqual([{ api: 'navigateTo', url: '/pages/home/home?from=demo' }]);
  });

  it('types into a tdesign input (its inner native input)', async () => {
    const demo = loadPage(DEMO_PAGE);
    await demo.input('#name', 'Bo');

    expect(demo.comp.data.name).toBe('Bo');
    expect(demo.text('.demo__title')).toBe('Hello, Bo');
  });

  it('calls the cloud function through the gateway as the current user and shows the result', async () => {
    setIdentity('o-alice');
    const demo = loadPage(DEMO_PAGE);
    await demo.callOnLoad({});

    await demo.tap('#ask');
    await waitFor(() => demo.text('#greeting').includes('hello o-alice'));

    expect(received).toEqual([{ url: '/fn/echo', openid: 'o-alice', body: { action: 'greet' } }]);
    expect(demo.comp.data.taps).toBe(1);
    expect(wxLog.cloudCalls).toEqual([
      { name: 'echo', data: { action: 'greet' }, openid: 'o-alice' },
    ]);
    await waitFor(() => wxLog.toasts.length === 1);
    expect(wxLog.toasts[0]).toMatchObject({ title: 'Done', icon: 'success' });
  });

  it('rejects like WeChat when the gateway answers an HTTP error', async () => {
    const demo = loadPage(DEMO_PAGE);
    await demo.callOnLoad({ fn: 'missing' });

    await demo.tap('#ask');
    await waitFor(() => demo.text('.demo__error'));

    expect(demo.text('.demo__error')).toBe(
      'cloud.callFunction:fail Error: errCode: -501000 | errMsg: FunctionName parameter could not be found',
    );
    expect(received[0].openid).toBe('o-page-test-user');
  });

  it('loads the same page twice in one file (fresh modules per load)', async () => {
    const first = loadPage(DEMO_PAGE);
    const second = loadPage(DEMO_PAGE);
    await first.callOnLoad({ name: 'one' });
    await second.callOnLoad({ name: 'two' });

    expect([first.text('.demo__title'), second.text('.demo__title')]).toEqual([
      'Hello, one',
      'Hello, two',
    ]);
    expect(currentPages()).toHaveLength(2);
    expect(second.find('#ask >>> .t-button')).toBeDefined();
  });

  it("runs beforeLoad in the page's module registry", async () => {
    const demo = loadPage(DEMO_PAGE, {
      beforeLoad: () => {
        // The same module instance the page imports (each load gets fresh ones).
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('./harness/fixtures/demo-page/labels').ASK_LABEL = 'Ask again';
      },
    });
    expect(demo.text('#ask')).toBe('Ask again');
    expect(loadPage(DEMO_PAGE).text('#ask')).toBe('Ask the server');
  });

  it('keeps storage in memory and serialized, like WeChat', () => {
    const value = { a: 1 };
    wxApi('setStorageSync')('k', value);
    value.a = 2;
    expect(wxApi('getStorageSync')('k')).toEqual({ a: 1 });
    expect(wxApi('getStorageSync')('missing')).toBe('');
  });
});
