/** Form fields that show the scenario's validation error for their own JSON path, where it is typed. */
import { type ChangeEvent, createContext, useContext } from 'react';

export function num(e: ChangeEvent<HTMLInputElement>): number {
  return e.target.value === '' ? Number.NaN : Number(e.target.value);
}

/** The scenario's validation errors, so that each field shows its own where it is typed. */
export const Errors = createContext<readonly string[]>([]);

/** The message for a JSON path ("strategies[2].debounceMinutes"), without the path. */
export function errorAt(errors: readonly string[], path: string | undefined): string | undefined {
  if (!path) return undefined;
  const hit = errors.find((e) => e.startsWith(`${path}: `));
  return hit?.slice(path.length + 2);
}

export function Num({ label, value, onChange, step = 'any', path, hint }: { label: string; value: number | undefined; onChange: (v: number) => void; step?: string; path?: string; hint?: string }) {
  const error = errorAt(useContext(Errors), path);
  const id = path ? `field-${path.replace(/[^A-Za-z0-9]/g, '-')}` : undefined;
  return (
    <label className={error ? 'invalid' : ''}>
      <span>{label}</span>
      <input
        type="number"
        step={step}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-note` : undefined}
        value={value === undefined || Number.isNaN(value) ? '' : value}
        onChange={(e) => onChange(num(e))}
      />
      {(error || hint) && (
        <span id={`${id}-note`} className={error ? 'field-error' : 'warn small'} role={error ? 'alert' : undefined}>
          {error ?? hint}
        </span>
      )}
    </label>
  );
}



/** A list of dated presets (pricing, integration) to apply one of; it returns to its prompt after each choice. */
export function PresetPicker({ label, prompt, presets, onApply }: { label: string; prompt: string; presets: readonly { id: string; name: string; asOf: string }[]; onApply: (id: string) => void }) {
  return (
    <select aria-label={label} value="" onChange={(e) => e.target.value && onApply(e.target.value)}>
      <option value="">{prompt}</option>
      {presets.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name} (as of {p.asOf})
        </option>
      ))}
    </select>
  );
}
