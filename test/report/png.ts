/** Minimal PNG decoder for the screenshot check: 8-bit RGB/RGBA, non-interlaced (what Chromium writes). */
import { inflateSync } from 'node:zlib';

export interface Pixels {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

export function decodePng(buf: Buffer): Pixels {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0,
    height = 0,
    depth = 0,
    colorType = 0,
    interlace = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      depth = body[8]!;
      colorType = body[9]!;
      interlace = body[12]!;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  if (depth !== 8 || (colorType !== 2 && colorType !== 6) || interlace !== 0)
    throw new Error(`unsupported PNG (depth ${depth}, color type ${colorType}, interlace ${interlace})`);
  const channels = colorType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? data[out + x - channels]! : 0;
      const b = y > 0 ? data[out - stride + x]! : 0;
      const c = x >= channels && y > 0 ? data[out - stride + x - channels]! : 0;
      const r = raw[src + x]!;
      let v: number;
      switch (filter) {
        case 0:
          v = r;
          break;
        case 1:
          v = r + a;
          break;
        case 2:
          v = r + b;
          break;
        case 3:
          v = r + ((a + b) >> 1);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a),
            pb = Math.abs(p - b),
            pc = Math.abs(p - c);
          v = r + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new Error(`bad PNG filter ${filter}`);
      }
      data[out + x] = v & 0xff;
    }
  }
  return { width, height, channels, data };
}

/** Distinct RGB colours and the share of pixels that are not the most common colour. */
export function pixelStats(p: Pixels): { colors: number; nonBackground: number } {
  const counts = new Map<number, number>();
  for (let i = 0; i < p.data.length; i += p.channels) {
    const key = (p.data[i]! << 16) | (p.data[i + 1]! << 8) | p.data[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = p.width * p.height;
  const top = Math.max(...counts.values());
  return { colors: counts.size, nonBackground: (total - top) / total };
}
