// SVG → PNG. resvg (its prebuilt binary comes inside the npm package) draws the pixels on libuv's
// thread pool, off the event loop; the map's text is already outlines, so no font is loaded and
// system fonts are never consulted: the same SVG gives the same pixels on every machine.
// The PNG is written here rather than by resvg: opaque RGB with the Sub filter and zlib level 3
// compresses a flat-coloured map as well as resvg's encoder does in a third of the time, and the
// compression runs on the thread pool too.
import { promisify } from 'node:util';
import { crc32, deflate } from 'node:zlib';
import type { ResvgRenderOptions } from '@resvg/resvg-js';

// resvg's allocator (mimalloc) gives freed pages back to the system 10 ms after they are freed, so
// each map's pixmap (3.8 MB, and a copy) would come back as fresh pages: on a virtual machine whose
// host backs pages lazily, touching them was half of a map's time (25 ms of page faults). Kept for a
// second, maps drawn close together reuse them (a blank 1200×800 then costs 1.3 ms, not 25), and the
// pages still go back when drawing stops. mimalloc reads the setting when the native module loads, so
// it is set before the import; an operator's own MIMALLOC_PURGE_DELAY wins.
process.env.MIMALLOC_PURGE_DELAY ??= '1000';
const { renderAsync } = await import('@resvg/resvg-js');

const deflateAsync = promisify(deflate);

const options: ResvgRenderOptions = {
  fitTo: { mode: 'original' },
  font: { loadSystemFonts: false },
  shapeRendering: 2,
  background: '#ffffff',
  logLevel: 'off',
};

export interface RasterImage {
  png: Buffer;
  width: number;
  height: number;
}

const pngSignature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/**
 * Scanline buffers kept between maps: fresh memory is what a map costs most on some virtual machines
 * (a first touch of each page), and 2.9 MB reused is never touched fresh again.
 */
const spareScanlines: Buffer[] = [];

/** Opaque RGBA pixels as PNG scanlines: RGB, each row with the Sub filter (a byte minus the one to its left). */
function filterScanlines(rgba: Uint8Array, width: number, height: number, into?: Buffer): Buffer {
  const rowLength = width * 3 + 1;
  const size = rowLength * height;
  const scanlines = into && into.length >= size ? into.subarray(0, size) : Buffer.allocUnsafe(size);
  // Whole pixels read at once (little-endian: red in the low byte), three stores per pixel.
  const pixels =
    rgba.byteOffset % 4 === 0
      ? new Uint32Array(rgba.buffer, rgba.byteOffset, width * height)
      : new Uint32Array(Uint8Array.from(rgba).buffer);
  let out = 0;
  let from = 0;
  for (let y = 0; y < height; y++) {
    scanlines[out++] = 1;
    let left = 0;
    for (let x = 0; x < width; x++, from++) {
      const pixel = pixels[from] as number;
      scanlines[out++] = (pixel - left) & 255;
      scanlines[out++] = ((pixel >>> 8) - (left >>> 8)) & 255;
      scanlines[out++] = ((pixel >>> 16) - (left >>> 16)) & 255;
      left = pixel;
    }
  }
  return scanlines;
}

/** A PNG (8-bit RGB) from opaque RGBA pixels. */
async function encodePng(rgba: Uint8Array, width: number, height: number): Promise<Buffer> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // colour type: RGB
  const spare = spareScanlines.pop();
  const scanlines = filterScanlines(rgba, width, height, spare);
  let compressed: Buffer;
  try {
    compressed = await deflateAsync(scanlines, { level: 3, memLevel: 9 });
  } finally {
    // Two kept at most: maps are drawn one at a time, a second covers a direct caller meanwhile.
    if (spareScanlines.length < 2)
      spareScanlines.push(spare && spare.length >= scanlines.length ? spare : scanlines);
  }
  return Buffer.concat([
    pngSignature,
    pngChunk('IHDR', header),
    pngChunk('IDAT', compressed),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export async function rasteriseSvg(svg: string): Promise<RasterImage> {
  const image = await renderAsync(svg, options);
  const { width, height } = image;
  return { png: await encodePng(image.pixels, width, height), width, height };
}
