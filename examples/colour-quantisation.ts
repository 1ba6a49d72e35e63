/**
 * Colour quantisation: k-means on the pixels of an image.
 *
 * Every pixel is a point in RGB space; k-means with k = 8 finds the 8 colours that represent the image best
 * (least squared error), and each pixel is redrawn with its cluster's mean colour — the classic palette
 * reduction of GIF encoders. The picture is drawn here from an SVG scene (gradients, shapes) and rasterised with
 * resvg, so the example needs no image file; `before.png` and `after.png` are written side by side, encoded with
 * fast-png.
 *
 * Run: `npx tsx examples/colour-quantisation.ts [outDir]`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { KMeans, toMatrix } from 'clusterkit';
import { encode } from 'fast-png';
import { outDir } from './rng.js';

const width = 320;
const height = 200;
const scene = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1d4e89"/><stop offset="1" stop-color="#f7b267"/>
    </linearGradient>
    <radialGradient id="sun"><stop offset="0" stop-color="#fff3b0"/><stop offset="1" stop-color="#f4845f"/></radialGradient>
  </defs>
  <rect width="${width}" height="${height}" fill="url(#sky)"/>
  <circle cx="230" cy="95" r="38" fill="url(#sun)"/>
  <path d="M0 150 L70 95 L130 140 L200 85 L320 150 L320 200 L0 200 Z" fill="#3a5a40"/>
  <path d="M0 175 Q80 150 160 172 T320 168 L320 200 L0 200 Z" fill="#588157"/>
</svg>`;
const image = new Resvg(scene).render();
const rgba = image.pixels;

// n × 3 matrix of the pixels' RGB values.
const n = width * height;
const pixels = new Float64Array(n * 3);
for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) pixels[i * 3 + c] = rgba[i * 4 + c];
const X = toMatrix({ data: pixels, rows: n, cols: 3 });

const k = 8;
const km = new KMeans({ nClusters: k, nInit: 3, seed: 0 }).fit(X);
const palette = km.clusterCenters.data;
const quantised = new Uint8Array(n * 4);
for (let i = 0; i < n; i++) {
  const l = km.labels[i];
  for (let c = 0; c < 3; c++) quantised[i * 4 + c] = Math.round(palette[l * 3 + c]);
  quantised[i * 4 + 3] = 255;
}

let squaredError = 0;
for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) squaredError += (rgba[i * 4 + c] - quantised[i * 4 + c]) ** 2;
const hex = (l: number) =>
  `#${[0, 1, 2]
    .map((c) =>
      Math.round(palette[l * 3 + c])
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
console.log(`${n} pixels → ${k} colours: ${Array.from({ length: k }, (_, l) => hex(l)).join(' ')}`);
console.log(`root-mean-square error per channel: ${Math.sqrt(squaredError / (3 * n)).toFixed(2)} (of 255)`);

const dir = outDir();
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'before.png'), image.asPng());
writeFileSync(join(dir, 'after.png'), encode({ width, height, data: quantised, channels: 4, depth: 8 }));
console.log(`wrote ${join(dir, 'before.png')} and ${join(dir, 'after.png')}`);
