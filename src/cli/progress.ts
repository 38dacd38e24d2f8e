/** A progress bar on stderr when it is a terminal; silent otherwise (logs and pipes stay clean). */
import cliProgress from 'cli-progress';

export interface Progress {
  /** `detail` is only worked out when the bar shows (formatting figures costs, the first time, ~20 ms). */
  update(share: number, detail: () => string): void;
  stop(): void;
}

export function progressBar(label: string, enabled = process.stderr.isTTY === true): Progress {
  if (!enabled) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label.padEnd(10)} [{bar}] {percentage}% | {detail}`, hideCursor: true, clearOnComplete: true, barsize: 30 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1000, 0, { detail: '' });
  return {
    update: (share, detail) => bar.update(Math.round(Math.min(1, share) * 1000), { detail: detail() }),
    stop: () => bar.stop(),
  };
}
