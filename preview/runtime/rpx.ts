/**
 * rpx → px. 750rpx fill the screen: the preview's phone is SCREEN_WIDTH px wide, so 1rpx is
 * 0.5px. Shared by the style build (node) and the runtime (inline `style` attributes).
 */
export const SCREEN_WIDTH = 375;

const RPX = /(-?\d*\.?\d+)rpx\b/g;

export function rpxToPx(value: string): string {
  return value.replace(
    RPX,
    (_, n: string) => `${+((Number(n) * SCREEN_WIDTH) / 750).toFixed(3)}px`,
  );
}
