/**
 * Conversion of local wall-clock fields to UTC in a declared source time zone, memoised per quarter
 * hour of local time. Apart from the timestamp parser because it loads the Temporal polyfill, which
 * an import from UTC never needs.
 */
import { localToEpoch } from '../time';
import { UTC_CONVERTER, type ZoneConverter, isUtcZone } from './timestamp';

const QUARTER_HOUR_MS = 900_000;

/**
 * Offsets only change at DST transitions, which the tz database places on quarter hours, so one
 * Temporal resolution per local quarter hour serves every timestamp in it.
 */
export function zoneConverter(zone: string): ZoneConverter {
  if (isUtcZone(zone)) return UTC_CONVERTER;
  const offsetByQuarter = new Map<number, number>();
  return {
    toUtc(y, mo, d, h, mi, s, ms) {
      const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
      const quarter = Math.floor(local / QUARTER_HOUR_MS);
      let offset = offsetByQuarter.get(quarter);
      if (offset === undefined) {
        const qStart = quarter * QUARTER_HOUR_MS;
        const f = new Date(qStart);
        offset = qStart - localToEpoch(zone, f.getUTCFullYear(), f.getUTCMonth() + 1, f.getUTCDate(), f.getUTCHours(), f.getUTCMinutes(), 0, 0);
        offsetByQuarter.set(quarter, offset);
      }
      return local - offset;
    },
  };
}
