/**
 * Roster files as people have them: whatever the spreadsheet saved, the page sends the bytes
 * (base64) and the server decides the encoding. GBK test files are made by a real encoder
 * (iconv-lite, a test-only dependency); the server decodes with Node's own TextDecoder.
 */
import iconv from 'iconv-lite';
import { parseRoster } from '../../core/community/roster';
import { textFile } from '../../core/validate';
import { ROSTER_FILE_MAX_BYTES } from '../../miniprogram/shared/limits';

const ROSTER = '楼栋,房号,面积,业主编号\r\n1栋,1单元101,89.35,冼A1\r\n2栋,1单元102,95.20,\r\n';
const schema = textFile('名册文件', { maxBytes: ROSTER_FILE_MAX_BYTES });
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const parse = (bytes: Uint8Array) => schema.parse(base64(bytes), 'file');
const NEITHER = '名册文件不是 UTF-8 或 GBK 编码的文本';

describe('a roster file decoded on the server', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(parse(Buffer.from(ROSTER, 'utf8'))).toBe(ROSTER.trim());
  });

  it('reads UTF-8 with a BOM (Excel "CSV UTF-8"), dropping the BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ROSTER, 'utf8')]);
    expect(parse(bytes)).toBe(ROSTER.trim());
  });

  it('reads GBK (Excel "CSV" on Chinese Windows), which is no valid UTF-8', () => {
    const gbk = iconv.encode(ROSTER, 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    const text = parse(gbk);
    expect(text).toBe(ROSTER.trim());
    expect(parseRoster(text).rows.map((r) => `${r.building}${r.room}`)).toEqual([
      '1栋1单元101',
      '2栋1单元102',
    ]);
  });

  it('reads GB18030 characters beyond GBK (rare name characters, four bytes each)', () => {
    const csv = '楼栋,房号,面积,业主编号\n𠀀栋,䶮101,80.00,\n';
    expect(parse(iconv.encode(csv, 'gb18030'))).toBe(csv.trim());
  });

  it.each([
    [
      'UTF-16 with a BOM (Excel "Unicode text")',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ROSTER, 'utf16le')]),
    ],
    ['UTF-16 without a BOM', Buffer.from(ROSTER, 'utf16le')],
    [
      'a workbook (.xlsx is a zip)',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0xff, 0xd8, 0x80]),
    ],
    ['Latin-1 text', Buffer.from('building,room,area\r\nCafé,101,80\r\n', 'latin1')],
    ['bytes that are no text', Buffer.from([0xff, 0xfe, 0xfd, 0x81, 0x30])],
  ])('refuses %s, saying what to do', (_, bytes) => {
    expect(() => parse(bytes)).toThrow(NEITHER);
    expect(() => parse(bytes)).toThrow('另存为');
  });

  it('takes a file of exactly the limit and refuses one byte more', () => {
    const fill = (n: number) => Buffer.alloc(n, 'a');
    expect(parse(fill(ROSTER_FILE_MAX_BYTES))).toHaveLength(ROSTER_FILE_MAX_BYTES);
    expect(() => parse(fill(ROSTER_FILE_MAX_BYTES + 1))).toThrow('名册文件不能超过 700 KB');
  });

  it('refuses an empty file', () => {
    expect(() => parse(Buffer.alloc(0))).toThrow('名册文件是空的');
    expect(() => parse(Buffer.from(' \r\n'))).toThrow('名册文件是空的');
  });

  it.each([
    ['not base64', '楼栋,房号'],
    ['base64 cut short', 'YWJj\nZA'],
    ['url-safe base64', '-_-_'],
    ['no text at all', 42],
  ])('refuses %s as no file', (_, value) => {
    expect(() => schema.parse(value, 'file')).toThrow('名册文件格式不正确');
  });

  it('refuses base64 longer than the largest file before decoding it', () => {
    const tooLong = 'A'.repeat(4 * Math.ceil(ROSTER_FILE_MAX_BYTES / 3) + 4);
    expect(() => schema.parse(tooLong, 'file')).toThrow('名册文件不能超过 700 KB');
  });

  it('keeps the checks every text gets: no control characters', () => {
    expect(() => parse(Buffer.from('楼栋,房号,面积\n1栋,\u0007101,80\n'))).toThrow('控制字符');
  });
});

describe('the roster file limit', () => {
  it('fits the gateway: the largest file, as base64 in a request, stays under 1 MB', () => {
    const event = {
      action: 'importRoster',
      estateId: 'e'.repeat(128),
      file: base64(Buffer.alloc(ROSTER_FILE_MAX_BYTES, 0xe6)),
    };
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(1 << 20);
  });
});
