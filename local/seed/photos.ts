import type { Stack } from '../stack';

/**
 * A demo evidence photo, uploaded to the local CloudBase's storage as its owner's phone would:
 * a card with what the photo shows written on it (a receipt's payee and amount, a counted box),
 * so the preview's evidence viewer has something to show. Answers the file id.
 */
export function demoPhoto(stack: Stack, owner: string, path: string, lines: string[]): string {
  const text = lines
    .map((line, i) => `<text x="24" y="${64 + i * 40}" font-size="26">${escape(line)}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="${96 + lines.length * 40}"><rect width="100%" height="100%" fill="#fffdf3" stroke="#c9b98f" stroke-width="4"/>${text}</svg>`;
  const stored = stack.cloudbase.storage.upload(`demo/${path}.svg`, Buffer.from(svg), owner);
  if ('status' in stored) throw new Error(`demo photo ${path}: ${stored.message}`);
  return stored.fileID;
}

const escape = (s: string): string =>
  s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
