// A page's text as UTF-8 bytes, about twice as fast as Buffer.from() on Node 20: Buffer.from() first
// walks the whole string to count its bytes, then encodes it. Here the text is encoded into a scratch
// buffer big enough for any text of its length (three bytes per UTF-16 unit at most), then copied out.
// Only synchronous code touches the scratch buffer, so it is never in use twice.

let scratch = Buffer.allocUnsafe(256 * 1024);

export function utf8Bytes(text: string): Buffer {
  const most = text.length * 3;
  if (most > scratch.length) scratch = Buffer.allocUnsafe(most);
  const length = scratch.write(text, 0, 'utf8');
  const bytes = Buffer.allocUnsafe(length);
  scratch.copy(bytes, 0, 0, length);
  return bytes;
}
