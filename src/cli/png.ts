/**
 * SVG → PNG with @resvg/resvg-js (native, Node only). Fonts: DejaVu Sans, present on Debian.
 * @module
 */
import { Resvg } from '@resvg/resvg-js';

/** Renders an SVG string to PNG bytes at `scale`× its size. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return r.render().asPng();
}
