// SVG → PNG. resvg (its prebuilt binary comes inside the npm package) draws the pixels on libuv's
// thread pool, off the event loop; the map's text is already outlines, so no font is loaded and
// system fonts are never consulted: the same SVG gives the same pixels on every machine.
// The PNG is written here rather than by resvg: opaque RGB with the Sub filter and zlib level 2
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

/** One image's opaque RGBA pixels as whole pixels (little-endian: red in the low byte). */
function pixelWords(rgba: Uint8Array, count: number): Uint32Array {
  return rgba.byteOffset % 4 === 0
    ? new Uint32Array(rgba.buffer, rgba.byteOffset, count)
    : new Uint32Array(Uint8Array.from(rgba).buffer);
}

/** Images side by side, each the full height, as one picture's rows. */
interface Strip {
  pixels: Uint8Array;
  width: number;
}

/**
 * Opaque RGBA pixels, from strips side by side, as PNG scanlines: RGB, each row with the Sub filter (a
 * byte minus the one to its left).
 */
function filterScanlines(strips: readonly Strip[], width: number, height: number, into?: Buffer): Buffer {
  const rowLength = width * 3 + 1;
  const size = rowLength * height;
  const scanlines = into && into.length >= size ? into.subarray(0, size) : Buffer.allocUnsafe(size);
  const words = strips.map((strip) => pixelWords(strip.pixels, strip.width * height));
  let out = 0;
  for (let y = 0; y < height; y++) {
    scanlines[out++] = 1;
    let left = 0;
    for (let index = 0; index < strips.length; index++) {
      const pixels = words[index] as Uint32Array;
      const stripWidth = (strips[index] as Strip).width;
      // Three stores per pixel.
      for (let from = y * stripWidth, end = from + stripWidth; from < end; from++) {
        const pixel = pixels[from] as number;
        scanlines[out++] = (pixel - left) & 255;
        scanlines[out++] = ((pixel >>> 8) - (left >>> 8)) & 255;
        scanlines[out++] = ((pixel >>> 16) - (left >>> 16)) & 255;
        left = pixel;
      }
    }
  }
  return scanlines;
}

/** A PNG (8-bit RGB) from opaque RGBA pixels, given as strips side by side. */
async function encodePng(strips: readonly Strip[], width: number, height: number): Promise<Buffer> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // colour type: RGB
  const spare = spareScanlines.pop();
  const scanlines = filterScanlines(strips, width, height, spare);
  let compressed: Buffer;
  try {
    // Level 2: measured on the maps, 15% less time than level 3 for 1–2% more bytes (largest ~197 KB).
    compressed = await deflateAsync(scanlines, { level: 2, memLevel: 9 });
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

/**
 * SVG text buffers kept between maps. A map's SVG is 300–400 KB; joined into one JavaScript string it
 * would be V8 large-object memory, fresh pages every time (measured: 3 ms for a 240 KB join here,
 * against 25 µs for 120 KB), so the pieces are written into a reused buffer instead.
 */
const spareSvgBuffers: Buffer[] = [];
const svgBufferBytes = 1 << 20;

/** The pieces as UTF-8 in `into` (grown if they do not fit), and how many bytes they take. */
function svgBytes(parts: readonly string[], into: Buffer | undefined): { buffer: Buffer; length: number } {
  let buffer = into ?? Buffer.allocUnsafe(svgBufferBytes);
  let length = 0;
  for (const part of parts) {
    // A UTF-16 unit takes at most three bytes in UTF-8: count exactly only when it might not fit.
    if (buffer.length - length < part.length * 3) {
      const needed = length + Buffer.byteLength(part);
      if (needed > buffer.length) {
        const grown = Buffer.allocUnsafe(Math.max(buffer.length * 2, needed));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
    }
    length += buffer.write(part, length);
  }
  return { buffer, length };
}

/** Rasterises an SVG given whole or in pieces and encodes it as a PNG. */
export async function rasteriseSvg(svg: string | readonly string[]): Promise<RasterImage> {
  let image: Awaited<ReturnType<typeof renderAsync>>;
  if (typeof svg === 'string') image = await renderAsync(svg, options);
  else {
    const { buffer, length } = svgBytes(svg, spareSvgBuffers.pop());
    try {
      image = await renderAsync(buffer.subarray(0, length), options);
    } finally {
      if (spareSvgBuffers.length < 4) spareSvgBuffers.push(buffer);
    }
  }
  const { width, height } = image;
  return { png: await encodePng([{ pixels: image.pixels, width }], width, height), width, height };
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Part of a canvas, its full height, with the SVG pieces drawn there (in canvas coordinates). */
export interface RasterColumn {
  box: Box;
  parts: readonly string[];
}

/**
 * A canvas drawn as columns side by side (each in front of nothing the others draw), rasterised at
 * once on the thread pool and joined row by row into one PNG: on two cores, a map takes the time of its
 * slower half. The same pixels as the whole SVG, since each column keeps the canvas's coordinates.
 */
export async function rasteriseColumns(
  columns: readonly RasterColumn[],
  canvas: { width: number; height: number },
): Promise<RasterImage> {
  const sorted = [...columns].sort((a, b) => a.box.x - b.box.x);
  let right = 0;
  for (const { box } of sorted) {
    if (box.x !== right || box.y !== 0 || box.height !== canvas.height)
      throw new Error('map columns must tile the canvas side by side');
    right += box.width;
  }
  if (right !== canvas.width) throw new Error('map columns must tile the canvas side by side');
  const buffers = sorted.map(() => spareSvgBuffers.pop());
  let strips: Strip[];
  try {
    const images = await Promise.all(
      sorted.map(({ box, parts }, index) => {
        const { x, y, width, height } = box;
        const opening = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${x} ${y} ${width} ${height}">`;
        const { buffer, length } = svgBytes([opening, ...parts, '</svg>'], buffers[index]);
        buffers[index] = buffer;
        return renderAsync(buffer.subarray(0, length), options);
      }),
    );
    strips = images.map((image, index) => {
      if (image.width !== sorted[index]?.box.width || image.height !== canvas.height)
        throw new Error(`map column ${index} rasterised at ${image.width}×${image.height}`);
      return { pixels: image.pixels, width: image.width };
    });
  } finally {
    for (const buffer of buffers) if (buffer && spareSvgBuffers.length < 4) spareSvgBuffers.push(buffer);
  }
  const { width, height } = canvas;
  return { png: await encodePng(strips, width, height), width, height };
}
