import { formatChina } from '../../miniprogram/shared/china-time';
import type { Stack } from '../stack';
import type { DemoEstate } from './estate';
import { actAs, payAs } from './invoke';
import { demoPhoto } from './photos';

const DAY = 86_400_000;

/**
 * 糖果甜蜜基金 and its campaign 寻回后山公园 (context/000): the hillside park outside the estate's
 * red line could not be paid from the maintenance fund, so residents raised the money in the
 * WeChat groups and on site. Made through the functions: online gifts paid with WeChat Pay
 * (the local CloudBase's; some anonymous, one left unpaid), cash and a transfer recorded by one
 * committee member and confirmed by another (one still waiting), and an expense for the tiles
 * of the hill path — submitted, approved by a second member, paid, with its receipt — plus one
 * waiting for approval. The ledger is published for 业账社审 (context/003).
 */
export async function seedFund(stack: Stack, demo: DemoEstate): Promise<void> {
  const [chair, second, third] = demo.committee.map((openid) => actAs(stack.runner, openid));
  const photo = (owner: number, path: string, ...lines: string[]) =>
    demoPhoto(stack, demo.committee[owner], path, lines);
  const { fundId } = await chair('fund', 'createFund', {
    estateId: demo.estateId,
    name: '糖果甜蜜基金',
    description:
      '居民自愿捐助的社区基金，专做小区红线外、不能动用维修资金和公共收益的公益小事。每一笔收支都记入公开账本，业账社审。',
  });
  const deadline = formatChina(Date.now() + 45 * DAY, 'YYYY-MM-DD');
  const { id: campaignId } = await chair('fund', 'createCampaign', {
    fundId,
    title: '寻回后山公园',
    purpose:
      '后山公园因疏于管理一度荒废、封闭，露土严重、人行道破损。公园不在小区红线内，不能使用维修基金。募捐用于修复人行道、用瓷砖铺设山间小路、用旧轮胎做花圃、补种绿化，让公园重新开放。',
    goalFen: 3_000_000,
    deadline,
  });

  // Online, through WeChat Pay, as residents give from the group-chat link.
  const gifts: Array<[fen: number, anonymous: boolean, name?: string]> = [
    [50_000, false, '冼女士'],
    [20_000, true],
    [100_000, false],
    [8_880, false, '3栋 陈伯'],
    [30_000, true],
    [200_000, false, '4栋 业主李先生'],
    [6_600, false],
    [52_000, true],
    [10_000, false],
    [120_000, false, '1栋 何姨一家'],
  ];
  const residents = demo.units.filter((u) => u.openid).map((u) => u.openid!);
  for (const [i, [amountFen, anonymous, name]] of gifts.entries()) {
    const openid = residents[5 + i * 3];
    const { payment } = await actAs(stack.runner, openid)('fund', 'donate', {
      campaignId,
      amountFen,
      anonymous,
      ...(name ? { name } : {}),
      idempotencyKey: `demo-fund-online-${i}`,
    });
    await payAs(stack.cloudbase, openid, payment);
  }
  // Opened the donate sheet, never paid: shows as 待支付 in that resident's records.
  await actAs(stack.runner, demo.residents[0])('fund', 'donate', {
    campaignId,
    amountFen: 5_000,
    anonymous: false,
    idempotencyKey: 'demo-fund-unpaid',
  });

  // On site: the donation box under block 4, and a bank transfer; B confirms what A recorded.
  const box = await chair('fund', 'recordOffline', {
    campaignId,
    amountFen: 123_650,
    channel: 'cash',
    anonymous: true,
    photos: [
      photo(0, 'donation-box-count', '4栋架空层募捐箱清点', '现金 ¥1,236.50', '清点人：两名委员'),
    ],
    note: '4栋架空层现场募捐箱，两名委员当场清点',
    idempotencyKey: 'demo-fund-box',
  });
  const transfer = await chair('fund', 'recordOffline', {
    campaignId,
    amountFen: 300_000,
    channel: 'transfer',
    donorName: '2栋 冯先生',
    anonymous: false,
    photos: [photo(0, 'transfer-screenshot', '转账成功', '收款：糖果甜蜜基金', '金额 ¥3,000.00')],
    idempotencyKey: 'demo-fund-transfer',
  });
  for (const record of [box, transfer])
    await second('fund', 'confirmOffline', { donationId: record.id });
  await second('fund', 'recordOffline', {
    campaignId,
    amountFen: 20_000,
    channel: 'cash',
    donorName: '2栋 陈阿姨',
    anonymous: false,
    photos: [photo(1, 'cash-chen', '收据', '2栋 陈阿姨 现金 ¥200.00')],
    idempotencyKey: 'demo-fund-chen',
  });

  // The tiles for the hill path: submitted, approved by another member, paid.
  const tiles = await chair('fund', 'submitExpense', {
    fundId,
    campaignId,
    amountFen: 486_000,
    payee: '里水镇建材店',
    purpose: '山间小路瓷砖及水泥砂浆',
    receipts: [
      photo(0, 'receipt-tiles', '里水镇建材店 销售单', '瓷砖及水泥砂浆', '合计 ¥4,860.00'),
    ],
    idempotencyKey: 'demo-fund-tiles',
  });
  await second('fund', 'approveExpense', { expenseId: tiles.id });
  await chair('fund', 'markPaid', {
    expenseId: tiles.id,
    proof: [photo(0, 'paid-tiles', '付款凭证', '收款方：里水镇建材店', '¥4,860.00')],
  });
  await third('fund', 'submitExpense', {
    fundId,
    campaignId,
    amountFen: 125_000,
    payee: '海南洲花木场',
    purpose: '轮胎花圃油漆与花苗',
    receipts: [photo(2, 'quote-flowers', '海南洲花木场 报价单', '油漆与花苗', '合计 ¥1,250.00')],
    idempotencyKey: 'demo-fund-flowers',
  });
}
