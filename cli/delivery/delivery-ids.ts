/**
 * The X-GitHub-Delivery ids already acted on. A redelivery (by hand, or by a script, within
 * GitHub's three days: https://docs.github.com/en/webhooks/testing-and-troubleshooting-webhooks/redelivering-webhooks)
 * carries the same id and must do nothing the second time.
 */
export interface DeliveryIds {
  /** True the first time an id is seen, false every time after, within the retention. */
  firstTime(id: string): Promise<boolean>;
}

/** Ids are kept longer than GitHub's three-day redelivery window. */
export const DELIVERY_ID_RETENTION_MS = 4 * 24 * 3_600_000;

/** For `delivery serve`: ids in memory, forgotten after the retention (and on restart). */
export class MemoryDeliveryIds implements DeliveryIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly retentionMs = DELIVERY_ID_RETENTION_MS,
  ) {}

  async firstTime(id: string): Promise<boolean> {
    const now = this.now();
    for (const [known, expires] of this.seen) if (expires <= now) this.seen.delete(known);
    if (this.seen.has(id)) return false;
    this.seen.set(id, now + this.retentionMs);
    return true;
  }
}
