/** A chart legend: one swatch and label per series; the same in the app and in reports. */
export interface LegendItem {
  id: string;
  color: string;
}

export function Legend({ items }: { items: readonly LegendItem[] }) {
  return (
    <ul className="legend">
      {items.map((l) => (
        <li key={l.id}>
          <span className="swatch" style={{ background: l.color }} />
          {l.id}
        </li>
      ))}
    </ul>
  );
}
