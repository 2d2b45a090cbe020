import type { RowError } from '../../typings/api';
import { parseCsv } from '../csv';
import { formatHundredths, parseHundredths } from '../money';

/**
 * The unit roster as the committee keeps it in a spreadsheet: 楼栋,房号,面积[,业主编号].
 * English headers (building,room,area,owner) work too. Area is in m² with at most two
 * decimals, read exactly as text (89.35 → 8935 hundredths). A file with any bad row is
 * refused whole, with every bad line listed.
 */
export interface RosterRow {
  line: number;
  building: string;
  room: string;
  areaCenti: number;
  /** Same key on several rows = one owner of several units (one head in Civil Code counts). */
  ownerKey: string;
}

export const MAX_ROSTER_ROWS = 20_000;
/** The largest plausible area of one unit, in hundredths of m² (10,000 m²). */
const MAX_AREA_CENTI = 1_000_000;
const MAX_LABEL = 20;

const HEADERS: Record<string, keyof Omit<RosterRow, 'line' | 'areaCenti'> | 'area'> = {
  楼栋: 'building',
  building: 'building',
  房号: 'room',
  room: 'room',
  unit: 'room',
  面积: 'area',
  area: 'area',
  '面积(㎡)': 'area',
  '面积（㎡）': 'area',
  业主编号: 'ownerKey',
  owner: 'ownerKey',
};

export function parseRoster(csv: string): { rows: RosterRow[]; errors: RowError[] } {
  const lines = parseCsv(csv);
  const errors: RowError[] = [];
  if (lines.length === 0) return { rows: [], errors: [{ line: 1, message: '文件是空的' }] };

  const [header, ...body] = lines;
  const columns = header.cells.map((c) => HEADERS[c.trim().toLowerCase()] ?? HEADERS[c.trim()]);
  const col = (name: string) => columns.indexOf(name as never);
  const missing = ['building', 'room', 'area'].filter((name) => col(name) < 0);
  if (missing.length > 0) {
    return {
      rows: [],
      errors: [
        { line: header.line, message: '第一行应为表头：楼栋,房号,面积,业主编号（业主编号可省略）' },
      ],
    };
  }
  if (body.length > MAX_ROSTER_ROWS) {
    return {
      rows: [],
      errors: [{ line: header.line, message: `一次最多导入 ${MAX_ROSTER_ROWS} 户` }],
    };
  }

  const rows: RosterRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of body) {
    const cell = (name: string) => (cells[col(name)] ?? '').trim();
    const building = cell('building');
    const room = cell('room');
    const areaText = cell('area');
    const problem = (message: string) => errors.push({ line, message });
    if (cells.length > columns.length) {
      problem(`列数多于表头（${cells.length} 列），请检查是否有多余的逗号`);
      continue;
    }
    if (!building) problem('楼栋不能为空');
    if (!room) problem('房号不能为空');
    if (building.length > MAX_LABEL || room.length > MAX_LABEL)
      problem(`楼栋和房号各不能超过 ${MAX_LABEL} 个字`);
    const areaCenti = areaText ? parseHundredths(areaText) : undefined;
    if (!areaText) problem('面积不能为空');
    else if (areaCenti === undefined)
      problem(`面积“${areaText.slice(0, 20)}”无效：应为正数，最多两位小数，如 89.35`);
    else if (areaCenti === 0) problem('面积必须大于 0');
    else if (areaCenti > MAX_AREA_CENTI)
      problem(`面积 ${formatHundredths(areaCenti)}㎡ 超出合理范围`);
    if (
      !building ||
      !room ||
      areaCenti === undefined ||
      areaCenti === 0 ||
      areaCenti > MAX_AREA_CENTI
    )
      continue;

    const key = `${building}|${room}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problem(`${building} ${room} 与第 ${first} 行重复`);
      continue;
    }
    seen.set(key, line);
    const ownerKey =
      col('ownerKey') >= 0 && cell('ownerKey') ? `owner:${cell('ownerKey')}` : `unit:${key}`;
    rows.push({ line, building, room, areaCenti, ownerKey });
  }
  if (rows.length === 0 && errors.length === 0)
    errors.push({ line: header.line, message: '名册里没有任何房屋' });
  return { rows: errors.length > 0 ? [] : rows, errors };
}

/** "1栋" + "1单元302" → "1栋1单元302": what residents call the unit. */
export const unitLabel = (building: string, room: string): string => `${building}${room}`;

/** Natural order for labels with numbers: 2栋 before 10栋. */
export const byLabel = (a: string, b: string): number =>
  a.localeCompare(b, 'zh-CN', { numeric: true });
