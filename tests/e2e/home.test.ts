/**
 * Journey 0: the demo estate's home page in the browser preview, clicked around as its members.
 */
import { demoEstate } from './support/session';
import { journey } from './support/journey';

const estate = demoEstate();

describe('home', () => {
  journey(
    'the home page shows the demo estate and my household, and clicking around works',
    async (s) => {
      const resident = estate.residents[0];
      const household = estate.units.find((u) => u.openid === resident)?.label ?? '';
      await s.as(resident);
      await s.open('/pages/home/home');
      await s.expectText(estate.name, { exact: true });
      await s.expectText(household);
      await s.expectText('小区正在进行');
      await s.step('home as a resident');

      await s.tapText('我的 ›');
      await s.expectText(household);
      await s.step('my page');
      await s.back();
      await s.expectText('小区正在进行');

      // Another member sees the same estate with their own household and role.
      const lead = estate.leads[0];
      await s.as(lead);
      await s.expectText(estate.units.find((u) => u.openid === lead)?.label ?? '');
      await s.expectText('楼长');
      await s.step('home as a building lead');

      // Someone who has not joined is asked to bind a household, and the button takes them there.
      await s.as('newcomer');
      await s.expectText('绑定房屋');
      await s.step('home as a newcomer');
      await s.tapText('绑定房屋');
      await s.expectText('扫码');
      await s.step('bind page');
    },
  );
});
