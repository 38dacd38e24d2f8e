/**
 * A chart's frame: title, legend, and export of the picture (SVG, PNG) and of its data (CSV). An
 * exported picture stands alone: it carries the title, the subtitle with units, the legend, and the
 * dataset and run it shows.
 */
import { type ReactNode, useRef } from 'react';
import type { Theme } from './model';
import { Legend, type LegendItem } from './Legend';

function download(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

interface Heading {
  title: string;
  subtitle?: string | undefined;
  legend?: readonly LegendItem[] | undefined;
  context?: string | undefined;
  theme: Theme;
}

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The chart inside a picture of its own: title and subtitle above, the legend, the chart, and what it shows below. */
export function standaloneSvg(svg: SVGSVGElement, h: Heading): { text: string; width: number; height: number } {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const { width, height } = svg.viewBox.baseVal;
  const font = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
  let y = 24;
  const parts = [`<text x="12" y="${y}" font-size="16" font-weight="600" fill="${h.theme.text}">${escape(h.title)}</text>`];
  if (h.subtitle) parts.push(`<text x="12" y="${(y += 18)}" font-size="12" fill="${h.theme.muted}">${escape(h.subtitle)}</text>`);
  if (h.legend?.length) {
    y += 20;
    let x = 12;
    for (const l of h.legend) {
      parts.push(`<rect x="${x}" y="${y - 9}" width="10" height="10" rx="2" fill="${l.color}"/><text x="${x + 14}" y="${y}" font-size="12" fill="${h.theme.text}">${escape(l.id)}</text>`);
      x += 28 + l.id.length * 7;
    }
  }
  const top = y + 10;
  clone.setAttribute('x', '0');
  clone.setAttribute('y', String(top));
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const footer = `Scorecast${h.context ? ` · ${h.context}` : ''}`;
  const total = top + height + 22;
  parts.push(new XMLSerializer().serializeToString(clone));
  parts.push(`<text x="12" y="${total - 8}" font-size="11" fill="${h.theme.muted}">${escape(footer)}</text>`);
  const text = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${total}" width="${width}" height="${total}" font-family="${font}"><rect width="100%" height="100%" fill="${h.theme.background}"/>${parts.join('')}</svg>`;
  return { text, width, height: total };
}

async function svgToPng(svg: SVGSVGElement, h: Heading): Promise<Blob> {
  const { text, width, height } = standaloneSvg(svg, h);
  const background = h.theme.background;
  const img = new Image();
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('could not render the chart as PNG'));
    img.src = url;
  });
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = height * scale;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  URL.revokeObjectURL(url);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png'));
}

export function ChartFrame({
  id,
  title,
  subtitle,
  legend,
  theme,
  context,
  csv,
  children,
}: {
  id: string;
  title: string;
  subtitle?: string;
  legend?: LegendItem[];
  theme: Theme;
  /** What the chart shows, for its exports: "dataset · run 3". */
  context?: string;
  csv: () => string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const svg = () => ref.current?.querySelector('svg') ?? null;
  const heading: Heading = { title, subtitle, legend, context, theme };
  return (
    <figure className="chart" data-chart={id} aria-labelledby={`${id}-title`}>
      <figcaption>
        <div>
          <h3 id={`${id}-title`}>{title}</h3>
          {subtitle && <p className="muted">{subtitle}</p>}
        </div>
        <div className="chart-actions">
          <button type="button" onClick={() => svg() && download(`${id}.svg`, new Blob([standaloneSvg(svg()!, heading).text], { type: 'image/svg+xml' }))} aria-label={`Export ${title} as SVG`}>
            SVG
          </button>
          <button type="button" onClick={() => void (svg() && svgToPng(svg()!, heading).then((b) => download(`${id}.png`, b)))} aria-label={`Export ${title} as PNG`}>
            PNG
          </button>
          <button type="button" onClick={() => download(`${id}.csv`, new Blob([csv()], { type: 'text/csv' }))} aria-label={`Export the data of ${title} as CSV`}>
            CSV
          </button>
        </div>
      </figcaption>
      {legend && <Legend items={legend} />}
      <div ref={ref}>{children}</div>
    </figure>
  );
}
