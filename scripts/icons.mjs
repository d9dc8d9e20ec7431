// Generates every platform icon from the one source image, resources/build/icon.svg:
//   icon.png (1024, macOS/electron-builder fallback), icons/<n>x<n>.png (Linux), icon.ico (Windows), icon.icns (macOS).
// Pure JS/WASM (resvg-wasm rasterises, png2icons encodes ICO/ICNS): no native addons, runs anywhere Node runs.
// Usage: node scripts/icons.mjs [--out DIR]   (default DIR: resources/build; the outputs are committed)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg, initWasm } from '@resvg/resvg-wasm';
import png2icons from 'png2icons';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Sizes electron-builder picks from for Linux desktop entries (it reads `<n>x<n>.png` from the folder). */
export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];

let wasmReady;
function ready() {
  wasmReady ??= readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')).then((wasm) => initWasm(wasm));
  return wasmReady;
}

/** Rasterises the SVG at `size` pixels wide (square source, so square output). */
export async function rasterise(svg, size) {
  await ready();
  // Render each size from the vector source rather than downscaling one bitmap: small sizes stay crisp.
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
}

export async function generateIcons(outDir, source = path.join(root, 'resources/build/icon.svg')) {
  const svg = await readFile(source, 'utf8');
  await mkdir(path.join(outDir, 'icons'), { recursive: true });
  const written = [];
  const write = async (rel, data) => {
    await writeFile(path.join(outDir, rel), data);
    written.push(rel);
  };
  const master = await rasterise(svg, 1024);
  await write('icon.png', master);
  for (const size of LINUX_SIZES) await write(`icons/${size}x${size}.png`, size === 1024 ? master : await rasterise(svg, size));
  // ICO: small sizes as BMP, large as PNG ("for Windows executables" mode) so the NSIS/exe icon renders everywhere.
  const ico = png2icons.createICO(master, png2icons.BICUBIC, 0, false, true);
  const icns = png2icons.createICNS(master, png2icons.BICUBIC, 0);
  if (!ico || !icns) throw new Error('png2icons could not encode the icon');
  await write('icon.ico', ico);
  await write('icon.icns', icns);
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const outDir = path.resolve(at > 0 && process.argv[at + 1] ? process.argv[at + 1] : path.join(root, 'resources/build'));
  const files = await generateIcons(outDir);
  console.log(`icons: wrote ${files.length} files to ${path.relative(process.cwd(), outDir) || '.'}`);
}
