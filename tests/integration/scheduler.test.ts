import { startStack, type Stack } from '../../local/stack';
import { postFn } from '../support/gateway';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('scheduler', () => {
  it('runs on a timer event (no action, no caller)', async () => {
    const { result } = await postFn(stack.cloudbase.url, 'scheduler', {
      Type: 'Timer',
      TriggerName: 'everyMinute',
      Time: '2026-11-22T08:00:00Z',
    });
    expect(result).toEqual({
      ok: true,
      data: { at: expect.any(String), done: expect.any(Object) },
    });
  });

  it('refuses any person, so a resident cannot force votes closed or proposals expired', async () => {
    const { result } = await postFn(
      stack.cloudbase.url,
      'scheduler',
      { action: 'tick' },
      { openid: 'a-resident' },
    );
    expect(result).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '该操作只能由系统定时任务执行',
    });
  });
});
