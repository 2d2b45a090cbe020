import { AppError } from '../../core/errors';
import { array, boolean, id, int, object, oneOf, optional, string } from '../../core/validate';

const refusal = (fn: () => unknown): { field?: string; message: string } => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError && err.code === 'INVALID_INPUT')
      return { field: err.field, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('validate', () => {
  const proposal = object({
    title: string('标题', { min: 4, max: 10 }),
    share: int('比例', { min: 1, max: 100 }),
    anonymous: optional(boolean('匿名')),
    options: array('选项', string('选项', { max: 5 }), { min: 2, max: 3 }),
    scope: oneOf('范围', ['all', 'buildings'] as const),
  });

  it('accepts a good payload, trims text and drops absent optionals', () => {
    expect(
      proposal.parse(
        { title: '  更换电梯  ', share: 10, options: ['赞成', '反对'], scope: 'all' },
        '',
      ),
    ).toEqual({
      title: '更换电梯',
      share: 10,
      options: ['赞成', '反对'],
      scope: 'all',
    });
  });

  it('counts characters, not UTF-16 units: four emoji are four characters', () => {
    expect(string('标题', { min: 4, max: 4 }).parse('🏠🏠🏠🏠', 't')).toBe('🏠🏠🏠🏠');
  });

  it('keeps emoji joined by zero-width joiners, and right-to-left scripts', () => {
    expect(string('名称', { max: 20 }).parse('👨‍👩‍👧 一家', 't')).toBe('👨‍👩‍👧 一家');
    expect(string('名称', { max: 20 }).parse('مرحبا', 't')).toBe('مرحبا');
  });

  it.each([
    [{ title: '短', share: 10, options: ['a', 'b'], scope: 'all' }, 'title', '标题至少 4 个字'],
    [
      { title: '更换电梯', share: 10.5, options: ['a', 'b'], scope: 'all' },
      'share',
      '比例必须是整数',
    ],
    [
      { title: '更换电梯', share: Infinity, options: ['a', 'b'], scope: 'all' },
      'share',
      '比例必须是整数',
    ],
    [
      { title: '更换电梯', share: 0, options: ['a', 'b'], scope: 'all' },
      'share',
      '比例应在 1 到 100 之间',
    ],
    [{ title: '更换电梯', share: 10, options: ['a'], scope: 'all' }, 'options', '选项至少 2 项'],
    [
      { title: '更换电梯', share: 10, options: ['a', 'toolong'], scope: 'all' },
      'options[1]',
      '选项不能超过 5 个字',
    ],
    [
      { title: '更换电梯', share: 10, options: ['a', 'b'], scope: 'moon' },
      'scope',
      '范围不在可选范围内',
    ],
    [
      { title: '更换电梯', share: 10, options: ['a', 'b'], scope: 'all', anonymous: 'yes' },
      'anonymous',
      '匿名必须是是或否',
    ],
    [
      { title: { $gt: '' }, share: 10, options: ['a', 'b'], scope: 'all' },
      'title',
      '标题必须是文字',
    ],
    [
      { title: '更换\u0000电梯', share: 10, options: ['a', 'b'], scope: 'all' },
      'title',
      '标题含有不可见的控制字符',
    ],
    // Found by the fuzz suite: text that shows nothing, reads backwards, or is half an emoji.
    [
      { title: '\u200b\u200b\u200b\u200b\u200b', share: 10, options: ['a', 'b'], scope: 'all' },
      'title',
      '标题至少 4 个字',
    ],
    [
      { title: '更换\u202e梯电', share: 10, options: ['a', 'b'], scope: 'all' },
      'title',
      '标题含有不可见的控制字符',
    ],
    [
      { title: '更换电梯\ud83c', share: 10, options: ['a', 'b'], scope: 'all' },
      'title',
      '标题含有无法识别的字符',
    ],
    [
      { title: '更换电梯', share: 10, options: ['\udc00', 'b'], scope: 'all' },
      'options[0]',
      '选项含有无法识别的字符',
    ],
  ])('refuses %j at %s', (payload, field, message) => {
    expect(refusal(() => proposal.parse(payload, ''))).toEqual({ field, message });
  });

  it('refuses unknown keys, including prototype-pollution keys from JSON', () => {
    const polluted = JSON.parse(
      '{"title":"更换电梯","share":10,"options":["a","b"],"scope":"all","__proto__":{"admin":true}}',
    );
    expect(refusal(() => proposal.parse(polluted, ''))).toEqual({
      field: '__proto__',
      message: '不认识的参数：__proto__',
    });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('quotes an unknown key safely: 40 characters, never half an emoji, nothing invisible', () => {
    const long = JSON.parse(`{"${'k'.repeat(39)}🏠":1}`);
    expect(refusal(() => object({}).parse(long, ''))).toEqual({
      field: `${'k'.repeat(39)}🏠`,
      message: `不认识的参数：${'k'.repeat(39)}🏠`,
    });
    const longer = JSON.parse(`{"${'k'.repeat(50)}":1}`);
    expect(refusal(() => object({}).parse(longer, '')).message).toBe(
      `不认识的参数：${'k'.repeat(40)}`,
    );
    expect(refusal(() => object({}).parse({ '\u202e键\ud800': 1 }, '')).message).toBe(
      '不认识的参数：?键?',
    );
  });

  it('refuses non-objects and arrays where an object is expected', () => {
    for (const bad of [null, 3, 'x', [], true])
      expect(refusal(() => proposal.parse(bad, '')).message).toBe('参数格式不正确');
  });

  it('describes what it accepts, for payload generators (the fuzz suite)', () => {
    expect(proposal.shape).toEqual({
      kind: 'object',
      fields: {
        title: { kind: 'string', min: 4, max: 10, pattern: undefined },
        share: { kind: 'int', min: 1, max: 100 },
        anonymous: { kind: 'optional', inner: { kind: 'boolean' } },
        options: {
          kind: 'array',
          item: { kind: 'string', min: 1, max: 5, pattern: undefined },
          min: 2,
          max: 3,
        },
        scope: { kind: 'oneOf', values: ['all', 'buildings'] },
      },
    });
    expect(id('小区').shape).toMatchObject({ kind: 'string', pattern: /^[A-Za-z0-9_:-]+$/ });
  });

  it('ids are plain tokens, never operators or paths', () => {
    expect(id('小区').parse('tangguo-yueyuan', 'estateId')).toBe('tangguo-yueyuan');
    for (const bad of ['$where', 'a.b', 'a/b', '', 'x'.repeat(129)])
      expect(() => id('小区').parse(bad, 'estateId')).toThrow(AppError);
  });
});
