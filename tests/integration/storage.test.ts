/**
 * Evidence photos through the real path: the phone uploads to cloud storage (wx.cloud.uploadFile
 * against the local CloudBase), nobody reads storage directly, and the functions hand temporary
 * URLs only to those who may see the document holding the photo.
 */
import { startStack, type Stack } from '../../local/stack';
import { localFileId } from '../../local/storage';
import { snapshot, fundWorld, key, ok, refusal, type World } from './fund-support';

let stack: Stack;
let w: World;
beforeAll(async () => {
  stack = await startStack();
  w = await fundWorld(stack, 'storage', 20);
});
afterAll(() => stack.close());

const PHOTO = Buffer.from('a transfer screenshot, as bytes');

/** wx.cloud.uploadFile from the phone of `openid`. */
async function upload(openid: string, cloudPath: string, body = PHOTO) {
  const form = new FormData();
  form.append('cloudPath', cloudPath);
  form.append('file', new Blob([body]), cloudPath.split('/').pop());
  const res = await fetch(`${stack.cloudbase.url}/storage/upload`, {
    method: 'POST',
    headers: { 'x-dev-openid': openid },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as { fileID?: string; errMsg?: string } };
}

async function read(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

describe('offline gift evidence', () => {
  it('is uploaded by A, opened by B through a temporary URL, and by nobody directly', async () => {
    const up = await upload(w.a, 'fund/offline/transfer-1.jpg');
    expect(up.status).toBe(200);
    const fileID = up.body.fileID!;
    expect(fileID).toMatch(/^cloud:\/\/gongzhi-local\.[\w-]+\/fund\/offline\/transfer-1\.jpg$/);
    const record = ok(
      await w.as(w.a).call('fund', 'recordOffline', {
        campaignId: w.campaignId,
        amountFen: 3_000,
        channel: 'transfer',
        donorName: '2栋 冯先生',
        anonymous: false,
        photos: [fileID],
        idempotencyKey: key(),
      }),
    );

    // Storage itself lets nobody read it: not by its path, not with a made-up signature.
    const path = fileID.replace(/^cloud:\/\/[^/]+\//, '');
    expect((await read(`${stack.cloudbase.url}/storage/files/${path}`)).status).toBe(403);
    const forged = `${stack.cloudbase.url}/storage/files/${path}?t=9999999999&sign=${'0'.repeat(64)}`;
    expect((await read(forged)).status).toBe(403);

    // B, who must check it before confirming, gets a URL that shows the very bytes A uploaded.
    const { photos } = ok(await w.as(w.b).call('fund', 'offlinePhotos', { donationId: record.id }));
    expect(photos).toEqual([{ fileId: fileID, url: expect.stringContaining('/storage/files/') }]);
    const seen = await read(photos[0].url);
    expect(seen.status).toBe(200);
    expect(seen.body.equals(PHOTO)).toBe(true);

    // A resident may not see a donor's transfer screenshot.
    const refused = refusal(
      await w.as(w.resident).call('fund', 'offlinePhotos', { donationId: record.id }),
    );
    expect(refused.code).toBe('FORBIDDEN');
  });

  it("refuses a photo of another environment's storage, writing nothing", async () => {
    const before = await snapshot(stack);
    const answer = refusal(
      await w.as(w.a).call('fund', 'recordOffline', {
        campaignId: w.campaignId,
        amountFen: 3_000,
        channel: 'cash',
        anonymous: true,
        photos: ['cloud://someone-else-7f3a.6e6f-someone-else-7f3a-1250000000/fund/x.jpg'],
        idempotencyKey: key(),
      }),
    );
    expect(answer).toMatchObject({
      code: 'INVALID_INPUT',
      message: '照片不是在本小程序上传的，请重新上传',
    });
    expect(await snapshot(stack)).toBe(before);
  });

  it('lets only the owner replace a file, and needs a signed-in uploader', async () => {
    expect((await upload(w.a, 'fund/offline/mine.jpg')).status).toBe(200);
    expect((await upload(w.b, 'fund/offline/mine.jpg')).status).toBe(403);
    const res = await fetch(`${stack.cloudbase.url}/storage/upload`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect((await upload(w.a, '../escape.jpg')).status).toBe(400);
  });
});

describe('expense receipts', () => {
  it('are open to every member (业账社审), and to no stranger', async () => {
    const up = await upload(w.a, 'fund/receipts/tiles.jpg', Buffer.from('receipt'));
    const expense = ok(
      await w.as(w.a).call('fund', 'submitExpense', {
        fundId: w.fundId,
        amountFen: 100,
        payee: '五金店',
        purpose: '手套',
        receipts: [up.body.fileID!, localFileId('fund/receipts/never-uploaded.jpg')],
        idempotencyKey: key(),
      }),
    );
    const { photos } = ok(
      await w.as(w.resident).call('fund', 'expensePhotos', { expenseId: expense.id }),
    );
    // A file that never reached storage is left out rather than shown broken.
    expect(photos.map((p) => p.fileId)).toEqual([up.body.fileID]);
    expect((await read(photos[0].url)).body.toString()).toBe('receipt');
    expect(
      refusal(await w.as('a-stranger').call('fund', 'expensePhotos', { expenseId: expense.id }))
        .code,
    ).toBe('NOT_MEMBER');
  });
});

describe('proposal attachments', () => {
  it("are shown to members once published, and a draft's only to its author", async () => {
    const up = await upload(w.resident, 'proposals/park-gate.jpg', Buffer.from('gate'));
    const draft = ok(
      await w.as(w.resident).call('proposal', 'create', {
        estateId: w.estate.estateId,
        title: '后山公园大门开放时间',
        body: '建议后山公园大门每天 6:00–21:00 开放，方便老人晨练。',
        category: 'community',
        scope: { kind: 'estate' },
        attachments: [up.body.fileID!],
      }),
    );
    const mine = ok(await w.as(w.resident).call('proposal', 'photos', { proposalId: draft.id }));
    expect(mine.photos).toHaveLength(1);
    expect(
      refusal(await w.as(w.lead).call('proposal', 'photos', { proposalId: draft.id })).code,
    ).toBe('NOT_FOUND');
    ok(
      await w.as(w.resident).call('proposal', 'publish', {
        proposalId: draft.id,
        cosignDeadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      }),
    );
    const shown = ok(await w.as(w.lead).call('proposal', 'photos', { proposalId: draft.id }));
    expect((await read(shown.photos[0].url)).body.toString()).toBe('gate');
  });
});
