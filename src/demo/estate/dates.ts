import { z } from 'zod';

/**
 * Estate dates: absolute ISO-8601, or relative to the fake's clock (`-120d`, `-6h`), so the demo's
 * ages (key age, days since last use) are the same on whatever day it runs.
 */

/** `-120d` counts back; `+200d` counts forward (a certificate's expiry). */
const RELATIVE = /^([-+])(\d+)([dh])$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const UNIT_MS = { d: 86_400_000, h: 3_600_000 } as const;

export function isDateSpec(text: string): boolean {
  if (RELATIVE.test(text)) return true;
  if (ISO_DATE.test(text) || ISO_DATETIME.test(text)) return !Number.isNaN(Date.parse(text));
  return false;
}

/**
 * The instant a spec denotes at `now`. Relative specs count back from the start of `now`'s UTC day, so
 * every request (and every run) on one day sees the same instants — an unchanged estate then yields
 * byte-identical observations all day — while the ages the checks measure stay the same on any day.
 */
export function resolveDate(spec: string, now: Date): Date {
  const relative = RELATIVE.exec(spec);
  if (relative) {
    const amount = Number(relative[2]) * (relative[1] === '-' ? -1 : 1);
    const unit = relative[3] as keyof typeof UNIT_MS;
    const dayStart = Math.floor(now.getTime() / UNIT_MS.d) * UNIT_MS.d;
    return new Date(dayStart + amount * UNIT_MS[unit]);
  }
  const parsed = Date.parse(spec);
  if (Number.isNaN(parsed)) throw new RangeError(`not an estate date: ${spec}`);
  return new Date(parsed);
}

/** A date field in an estate file: absolute ISO-8601 or relative (`-120d`). Shared by every estate schema. */
export const DateSpec = z.string().refine(isDateSpec, { message: 'a date: ISO-8601 or relative like -120d / -6h' });
