/**
 * The cards of a conversation by slot ("problem", "stage:1", "summary"): the activity that shows each,
 * and, for a card whose buttons still act, the card itself and the case it belongs to. Kept in the
 * conversation's card slots (one JSON map) so that one live card per question survives restarts: a card
 * asked again freezes the older copy in place, and a case that ends for a new one freezes its cards.
 */

/** Where a live card's content and case are kept beside its slot. */
const LIVE_PREFIX = 'live:';

/** The card-slot entry that keeps a live card beside `slot`: its key and value (null: none is live). */
export function liveEntry(
  slot: string,
  card: object,
  caseNumber: string,
  live: boolean,
): [string, string | null] {
  return [LIVE_PREFIX + slot, live ? JSON.stringify({ caseNumber, card }) : null];
}

export interface LiveCard {
  slot: string;
  activityId: string;
  /** The case the card belongs to ('' when it names none). */
  caseNumber: string;
  card: object;
}

export class CardSlots {
  private readonly slots: Record<string, string>;
  private dirty = false;

  constructor(stored: Readonly<Record<string, string>>) {
    this.slots = { ...stored };
  }

  get changed(): boolean {
    return this.dirty;
  }

  toRecord(): Record<string, string> {
    return { ...this.slots };
  }

  activityOf(slot: string): string | undefined {
    return this.slots[slot];
  }

  /** The card in `slot` if its buttons still act. */
  live(slot: string): LiveCard | undefined {
    const activityId = this.slots[slot];
    const raw = this.slots[LIVE_PREFIX + slot];
    if (!activityId || !raw) return undefined;
    try {
      const { caseNumber, card } = JSON.parse(raw) as { caseNumber: string; card: object };
      return { slot, activityId, caseNumber, card };
    } catch {
      return undefined;
    }
  }

  /** Every live card of `caseNumber`. */
  liveOf(caseNumber: string): LiveCard[] {
    return Object.keys(this.slots)
      .filter((key) => key.startsWith(LIVE_PREFIX))
      .map((key) => this.live(key.slice(LIVE_PREFIX.length)))
      .filter((card): card is LiveCard => card !== undefined && card.caseNumber === caseNumber);
  }

  /** `slot` now shows `activityId`, with `card` (kept while `live`). */
  shows(slot: string, activityId: string, card: object, caseNumber: string, live: boolean): void {
    this.slots[slot] = activityId;
    this.dirty = true;
    if (live) this.slots[LIVE_PREFIX + slot] = JSON.stringify({ caseNumber, card });
    else delete this.slots[LIVE_PREFIX + slot];
  }

  /** The card in `slot` no longer acts (frozen, or answered in place). */
  settle(slot: string): void {
    if (this.slots[LIVE_PREFIX + slot] === undefined) return;
    delete this.slots[LIVE_PREFIX + slot];
    this.dirty = true;
  }
}
