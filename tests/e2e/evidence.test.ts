/**
 * Evidence in the preview: committee member A records a bank transfer with its screenshot (the
 * photo goes to the local CloudBase's cloud storage), and member B, checking it before
 * confirming, opens the photo — through the temporary URL the fund hands to the committee.
 */
import { deflateSync, crc32 } from 'node:zlib';
import type { FundOverview } from '../../typings/fund';
import { journey } from './support/journey';
import { demoEstate, gateway } from './support/session';

const estate = demoEstate();

/** A real PNG (a small green square), as a phone's screenshot would be. */
function png(size = 8): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, Buffer.from([7, 193, 96]))]);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array(size).fill(row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('evidence photos', () => {
  journey(
    'A records a transfer with its screenshot; B opens the photo before confirming',
    async (s) => {
      const [a, b] = estate.committee;
      const { fund } = await gateway<FundOverview>('fund', { action: 'fund' }, a);
      const page = `/pages/fund-offline/fund-offline?fundId=${fund.id}`;

      await s.as(a);
      await s.open(page);
      await s.fill('元', '66');
      await s.fill('姓名或房号', '2栋 冯先生');
      await s.chooseFile('添加凭证照片', {
        name: 'transfer.png',
        mimeType: 'image/png',
        buffer: png(),
      });
      await s.expectText('已添加 1 张');
      await s.tapText('登记，交另一位委员复核');
      await s.expectText('你登记的，等待其他委员复核');
      await s.step('A recorded it with the screenshot');

      await s.as(b);
      await s.open(page);
      await s.tapText('查看凭证（1 张）');
      const photo = s.page.locator('[data-testid=image-viewer] img');
      await photo.waitFor({ state: 'visible' });
      await s.step('B opens the screenshot');
      // The picture really arrived: served by storage through the signed, expiring URL.
      await s.page.waitForFunction(() => {
        const img = document.querySelector('[data-testid=image-viewer] img');
        return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
      });
      expect(await photo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(8);
      expect(await photo.getAttribute('src')).toMatch(
        /\/storage\/files\/fund\/offline\/.+\?t=\d+&sign=/,
      );
    },
    120_000,
  );
});
