import {
  daysLeft,
  endOfChinaDay,
  progressPercent,
  statusLine,
  yuan,
  yuanPlain,
} from '../../core/fund/format';
import { requestId } from '../../core/fund/ids';
import { callbackAnswer } from '../../core/ports/payment';
import { fen, idempotencyKey, LIMITS, photos } from '../../core/fund/schemas';
import {
  parseWechatNotice,
  wechatPay,
  wechatPayment,
  type CloudPay,
} from '../../core/ports/wechat/pay';
import * as page from '../../miniprogram/pages/fund/present';

describe('money as people read it', () => {
  it.each([
    [0, '¥0', '0.00'],
    [1, '¥0.01', '0.01'],
    [100, '¥1', '1.00'],
    [1_234_550, '¥12,345.50', '12345.50'],
    [3_000_000, '¥30,000', '30000.00'],
    [100_000_000, '¥1,000,000', '1000000.00'],
    [-5_000, '-¥50', '-50.00'],
  ])('%d fen is %s (%s in CSV)', (value, shown, plain) => {
    expect(yuan(value)).toBe(shown);
    expect(yuanPlain(value)).toBe(plain);
  });

  it.each([
    [0, 3_000_000, 0],
    [1, 3_000_000, 0],
    [29_999, 30_000, 99],
    [30_000, 30_000, 100],
    [3_120_000, 3_000_000, 104],
  ])('%d of %d fen is %d%%, rounded down', (raised, goal, pct) => {
    expect(progressPercent(raised, goal)).toBe(pct);
  });

  it('is written the same way by the pages (which cannot import core)', () => {
    for (const fen of [0, 1, 99, 100, 1_234_550, 3_000_000, -486_000, 100_000_000])
      expect(page.yuan(fen)).toBe(yuan(fen));
  });

  it.each([
    ['50', 5_000],
    ['12.5', 1_250],
    ['0.05', 5],
    [' 8 ', 800],
    ['1234567.89', 123_456_789],
    ['12.345', undefined],
    ['-5', undefined],
    ['1e3', undefined],
    ['', undefined],
    ['１２', undefined],
  ])('the pages read "%s" yuan as %p fen, exactly', (text, fen) => {
    expect(page.yuanToFen(text)).toBe(fen);
  });

  it('writes the home-feed status line', () => {
    expect(statusLine(1_234_500, 3_000_000)).toBe('已筹 ¥12,345 / ¥30,000');
  });
});

describe('deadlines in China time', () => {
  it('ends a day at 23:59:59.999 in UTC+8', () => {
    expect(endOfChinaDay('2026-12-31')?.toISOString()).toBe('2026-12-31T15:59:59.999Z');
  });

  it.each(['2026-02-30', '2026-13-01', '26-1-1', '2026-1-01', 'tomorrow'])('refuses %s', (text) =>
    expect(endOfChinaDay(text)).toBeUndefined(),
  );

  it('counts calendar days in China, 0 on the last day and negative after it', () => {
    const deadline = endOfChinaDay('2026-11-10')!;
    // 23:30 UTC on the 9th is 07:30 on the 10th in China: the last day.
    expect(daysLeft(deadline, new Date('2026-11-09T23:30:00Z'))).toBe(0);
    expect(daysLeft(deadline, new Date('2026-11-09T15:00:00Z'))).toBe(1);
    expect(daysLeft(deadline, new Date('2026-11-10T16:00:00Z'))).toBe(-1);
  });
});

describe('input bounds', () => {
  const online = fen('捐款金额', LIMITS.donationMinFen, LIMITS.onlineMaxFen);

  it.each([99, 5_000_001, 1.5, '100', Number.NaN, null])('refuses a gift of %p fen', (v) => {
    expect(() => online.parse(v, 'amountFen')).toThrow(/捐款金额/);
  });

  it.each([100, 5_000_000])('accepts a gift of %d fen', (v) => {
    expect(online.parse(v, 'amountFen')).toBe(v);
  });

  it('speaks yuan in its refusal', () => {
    expect(() => online.parse(50, 'amountFen')).toThrow('捐款金额应在 ¥1 到 ¥50,000 之间');
  });

  it('takes idempotency keys of 8 to 64 safe characters', () => {
    expect(idempotencyKey.parse('abc-123_XYZ', 'k')).toBe('abc-123_XYZ');
    for (const bad of ['short', 'x'.repeat(65), 'has space1', '$ne:12345'])
      expect(() => idempotencyKey.parse(bad, 'k')).toThrow();
  });

  it("takes only files uploaded to this environment's cloud storage as photos", () => {
    const receipts = photos('票据照片', 1);
    const mine = ['cloud://env-1.656e-env-1-1250000000/fund/r1.jpg', 'cloud://env-1.abc/r2.jpg'];
    expect(receipts.parse(mine, 'p', { envId: 'env-1' })).toEqual(mine);
    for (const bad of [
      [],
      ['http://evil/x.jpg'],
      ['cloud://a b'],
      ['local://r2.jpg'],
      ['cloud://env-1.abc/../x.jpg'],
      Array(10).fill(mine[0]),
    ])
      expect(() => receipts.parse(bad, 'p', { envId: 'env-1' })).toThrow();
    // Another environment's file is not ours to show, whatever its shape.
    expect(() =>
      receipts.parse(['cloud://env-2.abc/fund/r1.jpg'], 'p', { envId: 'env-1' }),
    ).toThrow('照片不是在本小程序上传的，请重新上传');
  });

  it('derives request ids of 32 safe characters: same request, same id', () => {
    const a = requestId('d', 'c_1', 'openid-1', 'key-0001');
    expect(a).toMatch(/^d[0-9a-f]{31}$/);
    expect(requestId('d', 'c_1', 'openid-1', 'key-0001')).toBe(a);
    expect(requestId('d', 'c_1', 'openid-2', 'key-0001')).not.toBe(a);
  });
});

describe('the payment port', () => {
  it('answers the callback protocol: 0 when handled (repeats too), non-zero to be sent again', () => {
    expect(callbackAnswer({ ok: true, data: {} })).toEqual({ errcode: 0, errmsg: '' });
    expect(callbackAnswer({ ok: false, code: 'CONFLICT', message: '忙' })).toEqual({
      errcode: 1,
      errmsg: '忙',
    });
  });

  it('refuses online giving, saying what to set up, when the merchant id is not set', async () => {
    for (const env of [
      { SCF_NAMESPACE: 'gongzhi-prod-1a2b' },
      { WXPAY_SUB_MCH_ID: '  ', SCF_NAMESPACE: 'e' },
    ]) {
      const port = wechatPayment(env);
      expect(port.provider).toBe('none');
      await expect(
        port.createOrder({ orderId: 'd1', amountFen: 100, description: 'x' }),
      ).rejects.toMatchObject({
        code: 'NOT_SET_UP',
        message: expect.stringMatching(
          /^在线捐款暂未开通：尚未设置微信支付子商户号（WXPAY_SUB_MCH_ID）.*登记现金或转账捐款。$/,
        ),
      });
      expect(port.isNotice({ outTradeNo: 'd1', returnCode: 'SUCCESS' })).toBe(false);
    }
    expect(wechatPayment({ WXPAY_SUB_MCH_ID: '1900000109', SCF_NAMESPACE: 'e' }).provider).toBe(
      'wechatpay',
    );
    expect(wechatPayment.settings).toEqual(['WXPAY_SUB_MCH_ID']);
  });
});

describe('the WeChat Pay adapter', () => {
  // The shape the platform delivers to the callback function (camelCase, extra fields).
  const notice = {
    returnCode: 'SUCCESS',
    appid: 'wxd2565e6a04246fd1',
    mchId: '1800780001',
    subMchId: '1712734762',
    nonceStr: 'f6444fd22de27b16',
    resultCode: 'SUCCESS',
    openid: 'oPoo341Im-roYxAd3WD3D_6J-4bA',
    tradeType: 'JSAPI',
    bankType: 'OTHERS',
    totalFee: 10_000,
    feeType: 'CNY',
    cashFee: 10_000,
    transactionId: '4200004561202203217657282768',
    outTradeNo: 'd098ba9d25d9a40b98ff1b107bfcda9c',
    timeEnd: '20261103132007',
  };

  it('reads a payment notice, ignoring the fields it does not use', () => {
    expect(parseWechatNotice(notice)).toEqual({
      orderId: notice.outTradeNo,
      paid: true,
      amountFen: 10_000,
      providerRef: notice.transactionId,
    });
    expect(parseWechatNotice({ ...notice, resultCode: 'FAIL' }).paid).toBe(false);
  });

  it.each([
    { returnCode: 'FAIL' },
    { outTradeNo: '../../etc' },
    { outTradeNo: { $ne: 1 } },
    { totalFee: '10000' },
  ])('refuses a malformed notice %p', (patch) => {
    expect(() => parseWechatNotice({ ...notice, ...patch })).toThrow();
  });

  it('tells payment notices, refund notices and action calls apart', () => {
    const port = wechatPay({ subMchId: '1712734762', envId: 'gongzhi-prod-1a2b' }, () => {
      throw new Error('not used');
    });
    expect(port.isNotice(notice)).toBe('payment');
    expect(port.isNotice({ returnCode: 'SUCCESS', reqInfo: 'encrypted' })).toBe('acknowledge');
    expect(port.isNotice({ action: 'donate' })).toBe(false);
  });

  it('orders through cloud pay with the order id as out_trade_no and this function as callback', async () => {
    const calls: Array<Record<string, unknown>> = [];
    const payment = {
      timeStamp: '1',
      nonceStr: 'n',
      package: 'prepay_id=wx1',
      signType: 'MD5',
      paySign: 's',
    };
    const cloudPay: CloudPay = {
      unifiedOrder: async (req) => {
        calls.push(req);
        return { returnCode: 'SUCCESS', resultCode: 'SUCCESS', payment };
      },
      refund: async (req) => {
        calls.push(req);
        return { returnCode: 'SUCCESS', resultCode: 'SUCCESS' };
      },
      queryOrder: async () => ({ returnCode: 'SUCCESS', resultCode: 'SUCCESS' }),
    };
    const port = wechatPay({ subMchId: '1712734762', envId: 'gongzhi-prod-1a2b' }, () => cloudPay);
    const order = {
      orderId: 'd098ba9d25d9a40b98ff1b107bfcda9c',
      amountFen: 10_000,
      description: '寻回后山公园-捐款',
    };
    expect(await port.createOrder(order)).toEqual({ provider: 'wechatpay', params: payment });
    expect(calls[0]).toMatchObject({
      outTradeNo: order.orderId,
      totalFee: 10_000,
      subMchId: '1712734762',
      envId: 'gongzhi-prod-1a2b',
      functionName: 'fund',
      tradeType: 'JSAPI',
    });
    await port.refund(order, '捐款人要求退回');
    expect(calls[1]).toMatchObject({
      outTradeNo: order.orderId,
      outRefundNo: 'r098ba9d25d9a40b98ff1b107bfcda9c',
      refundFee: 10_000,
    });
  });

  it.each([
    ['declined', { tradeState: 'PAYERROR' }, { paid: false, amountFen: 10_000 }],
    ['paid less', { tradeState: 'SUCCESS', totalFee: 1 }, { paid: true, amountFen: 1 }],
    ['refunded', { tradeState: 'REFUND', totalFee: 10_000 }, { paid: true, amountFen: 10_000 }],
    [
      'paid',
      { tradeState: 'SUCCESS', totalFee: 10_000, transactionId: '4200001' },
      { paid: true, amountFen: 10_000, providerRef: '4200001' },
    ],
  ])(
    'believes WeChat Pay, not the notice: an order WeChat says is %s',
    async (_, answer, expected) => {
      const asked: Array<Record<string, unknown>> = [];
      const port = wechatPay({ subMchId: '1712734762', envId: 'e' }, () => ({
        unifiedOrder: async () => ({}),
        refund: async () => ({}),
        queryOrder: async (req) => {
          asked.push(req);
          return { returnCode: 'SUCCESS', resultCode: 'SUCCESS', ...answer };
        },
      }));
      // A forged or stale callback claiming the full amount was paid.
      const claimed = { orderId: 'd1', paid: true, amountFen: 10_000, providerRef: 'forged' };
      expect(await port.confirm(claimed)).toMatchObject({ orderId: 'd1', ...expected });
      expect(asked).toEqual([
        expect.objectContaining({ outTradeNo: 'd1', subMchId: '1712734762' }),
      ]);
    },
  );

  it.each(['NOTPAY', 'USERPAYING'])(
    'changes nothing on a notice for an order WeChat Pay says is %s: no result yet',
    async (tradeState) => {
      const port = wechatPay({ subMchId: '1712734762', envId: 'e' }, () => ({
        unifiedOrder: async () => ({}),
        refund: async () => ({}),
        queryOrder: async () => ({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', tradeState }),
      }));
      const claimed = { orderId: 'd1', paid: true, amountFen: 10_000, providerRef: 'forged' };
      await expect(port.confirm(claimed)).rejects.toMatchObject({
        code: 'CONFLICT',
        message: '微信支付尚未收到这笔付款',
      });
    },
  );

  it('turns a refused order into a message fit to show', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const port = wechatPay({ subMchId: '1', envId: 'e' }, () => ({
      unifiedOrder: async () => ({
        returnCode: 'SUCCESS',
        resultCode: 'FAIL',
        errCodeDes: '商户号异常',
      }),
      refund: async () => ({}),
      queryOrder: async () => ({}),
    }));
    await expect(
      port.createOrder({ orderId: 'd1', amountFen: 100, description: 'x' }),
    ).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining('商户号异常'),
    });
  });
});
