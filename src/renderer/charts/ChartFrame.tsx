/** A chart's frame: title, legend, and export of the picture (SVG, PNG) and of its data (CSV). */
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

function svgText(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return new XMLSerializer().serializeToString(clone);
}

async function svgToPng(svg: SVGSVGElement, background: string): Promise<Blob> {
  const { width, height } = svg.viewBox.baseVal;
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
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

export function ChartFrame({ id, title, subtitle, legend, theme, csv, children }: { id: string; title: string; subtitle?: string; legend?: LegendItem[]; theme: Theme; csv: () => string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const svg = () => ref.current?.querySelector('svg') ?? null;
  return (
    <figure className="chart" data-chart={id} aria-labelledby={`${id}-title`}>
      <figcaption>
        <div>
          <h3 id={`${id}-title`}>{title}</h3>
          {subtitle && <p className="muted">{subtitle}</p>}
        </div>
        <div className="chart-actions">
          <button type="button" onClick={() => svg() && download(`${id}.svg`, new Blob([svgText(svg()!)], { type: 'image/svg+xml' }))} aria-label={`Export ${title} as SVG`}>
            SVG
          </button>
          <button type="button" onClick={() => void (svg() && svgToPng(svg()!, theme.background).then((b) => download(`${id}.png`, b)))} aria-label={`Export ${title} as PNG`}>
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
