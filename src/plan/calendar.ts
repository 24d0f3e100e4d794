/**
 * The wave calendar: when each wave runs, from `--start`, `--wave-days` and
 * `--blackout FROM..TO` periods. A wave takes `waveDays` consecutive days and
 * never overlaps a blackout: one that would is pushed to the day after it.
 * Dates are ISO strings (UTC days), so comparing them as strings orders them.
 */
import type {WaveDates} from '../verify/verify.js'

export interface CalendarOptions {
  start: string
  waveDays: number
  blackouts: {from: string; to: string}[]
}

const DAY = 86_400_000

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)
}

export class Calendar {
  private readonly waves: WaveDates[] = []

  constructor(readonly options: CalendarOptions) {}

  /** Dates of wave k (1-based). */
  wave(k: number): WaveDates {
    while (this.waves.length < k) {
      let start = this.waves.length === 0 ? this.options.start : addDays(this.waves[this.waves.length - 1].end, 1)
      let end = addDays(start, this.options.waveDays - 1)
      for (let moved = true; moved; ) {
        moved = false
        for (const b of this.options.blackouts) {
          if (start <= b.to && end >= b.from) {
            start = addDays(b.to, 1)
            end = addDays(start, this.options.waveDays - 1)
            moved = true
          }
        }
      }
      this.waves.push({start, end})
    }
    return this.waves[k - 1]
  }

  /** The last wave that ends on or before `date` (0 when even wave 1 ends after it), up to `limit`. */
  lastWaveEndingBy(date: string, limit: number): number {
    let k = 0
    while (k < limit && this.wave(k + 1).end <= date) k++
    return k
  }

  dates(count: number): WaveDates[] {
    return Array.from({length: count}, (_, i) => this.wave(i + 1))
  }
}
