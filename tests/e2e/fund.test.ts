/**
 * Journey 3: a resident gives to the 寻回后山公园 campaign of the sweet fund, anonymously, pays
 * on WeChat Pay's sheet (the local CloudBase's), and the public ledger shows the entry with its
 * running balance; the ledger still verifies.
 */
import { yuan } from '../../core/fund/format';
import type { FundOverview } from '../../typings/fund';
import { journey } from './support/journey';
import { demoEstate, gateway } from './support/session';

const estate = demoEstate();
const AMOUNT_FEN = 8_880;

describe('the sweet fund', () => {
  journey(
    'a donor gives to the sweet fund and the ledger shows it',
    async (s) => {
      const donor = estate.residents[7];
      const before = await gateway<FundOverview>('fund', { action: 'fund' }, donor);

      await s.as(donor);
      await s.open('/pages/home/home');
      await s.tapText('社区基金');
      await s.expectText('糖果甜蜜基金');
      await s.expectText(yuan(before.fund.balanceFen), { exact: true });
      await s.step('the fund');

      await s.tapText('寻回后山公园');
      await s.tapText('我要捐款');
      await s.fill('输入金额（元）', '88.8');
      // 匿名: the switch beside "匿名捐款" (its classes carry exparser's prefix in the preview).
      await s.screen.locator('[class*="t-switch__body"]').first().click();
      await s.step('the donate sheet');
      await s.tapText('确认捐款');
      // WeChat Pay's sheet, as the local CloudBase plays it; WeChat then calls the fund back.
      await s.expectText('微信支付（本地，不会扣款）');
      await s.tapText('支付成功');
      await s.expectText(`已筹 ${yuan(before.campaigns[0].raisedFen + AMOUNT_FEN)}`);
      await s.expectText(yuan(AMOUNT_FEN), { exact: true }); // in the donors list, as 匿名
      await s.step('donated');

      await s.back();
      const balance = yuan(before.fund.balanceFen + AMOUNT_FEN);
      await s.expectText(balance, { exact: true });
      await s.expectText(`+${yuan(AMOUNT_FEN)}｜余额 ${balance}`);
      await s.tapText('核验账本');
      await s.expectText('账本完整');
      await s.step('the ledger shows it and verifies');

      // Credited once, and the donor's name is nowhere in the public list.
      const after = await gateway<FundOverview>('fund', { action: 'fund' }, estate.residents[0]);
      expect(after.fund.balanceFen).toBe(before.fund.balanceFen + AMOUNT_FEN);
      expect(after.recent[0]).toMatchObject({ amountFen: AMOUNT_FEN, counterparty: '匿名' });
      expect(JSON.stringify(after.recent[0])).not.toContain(
        estate.units.find((u) => u.openid === donor)!.label,
      );
    },
    120_000,
  );
});
