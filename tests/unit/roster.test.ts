import { parseRoster } from '../../core/community/roster';

describe('parseRoster', () => {
  it('reads a roster with Chinese headers, a BOM, CRLF and quoted cells, areas exactly', () => {
    const csv =
      '\ufeff楼栋,房号,面积,业主编号\r\n1栋,1单元302,89.35,A1\r\n1栋,"1单元303",105.6,A1\r\n2栋,101,120,\r\n';
    const { rows, errors } = parseRoster(csv);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, building: '1栋', room: '1单元302', areaCenti: 8935, ownerKey: 'owner:A1' },
      { line: 3, building: '1栋', room: '1单元303', areaCenti: 10560, ownerKey: 'owner:A1' },
      { line: 4, building: '2栋', room: '101', areaCenti: 12000, ownerKey: 'unit:2栋|101' },
    ]);
  });

  it('accepts English headers in any order', () => {
    const { rows } = parseRoster('area,room,building\n0.01,101,A\n');
    expect(rows).toEqual([
      { line: 2, building: 'A', room: '101', areaCenti: 1, ownerKey: 'unit:A|101' },
    ]);
  });

  it('refuses the whole file and names every bad line', () => {
    const csv = [
      '楼栋,房号,面积',
      '1栋,101,89.35',
      '1栋,102,', // missing area
      '1栋,103,-5', // negative
      '1栋,101,90.00', // duplicate of line 2
      '1栋,104,89.355', // three decimals
      ',105,80', // no building
      '1栋,106,0', // zero
    ].join('\n');
    const { rows, errors } = parseRoster(csv);
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { line: 3, message: '面积不能为空' },
      { line: 4, message: '面积“-5”无效：应为正数，最多两位小数，如 89.35' },
      { line: 5, message: '1栋 101 与第 2 行重复' },
      { line: 6, message: '面积“89.355”无效：应为正数，最多两位小数，如 89.35' },
      { line: 7, message: '楼栋不能为空' },
      { line: 8, message: '面积必须大于 0' },
    ]);
  });

  it('counts lines as a spreadsheet shows them, skipping blank lines', () => {
    const { errors } = parseRoster('楼栋,房号,面积\n\n1栋,101,abc\n');
    expect(errors).toEqual([
      { line: 3, message: '面积“abc”无效：应为正数，最多两位小数，如 89.35' },
    ]);
  });

  it('refuses a file without the header, an empty file and a header-only file', () => {
    expect(parseRoster('1栋,101,89.35\n').errors[0]).toMatchObject({ line: 1 });
    expect(parseRoster('').errors).toEqual([{ line: 1, message: '文件是空的' }]);
    expect(parseRoster('楼栋,房号,面积\n').errors).toEqual([
      { line: 1, message: '名册里没有任何房屋' },
    ]);
  });
});
