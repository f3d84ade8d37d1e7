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

/** The one DynamoDB call DynamoDeliveryIds makes, so a test can stand in for DynamoDB. */
export interface ConditionalPut {
  /** Puts the item unless one with its key exists; resolves false when it existed. */
  putIfAbsent(table: string, id: string, expiresAtSeconds: number): Promise<boolean>;
}

/**
 * For the Lambda: ids in a DynamoDB table, written with a conditional put (the first writer wins
 * however many containers receive the same delivery at once) and an expiry DynamoDB's TTL deletes
 * after (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html). TTL deletion
 * lags by up to a few days, which only keeps ids longer.
 */
export class TableDeliveryIds implements DeliveryIds {
  constructor(
    private readonly table: string,
    private readonly put: ConditionalPut,
    private readonly now: () => number = Date.now,
    private readonly retentionMs = DELIVERY_ID_RETENTION_MS,
  ) {}

  firstTime(id: string): Promise<boolean> {
    return this.put.putIfAbsent(this.table, id, Math.ceil((this.now() + this.retentionMs) / 1000));
  }
}

/** The ids of one cluster, for a receiver that acts on several: each cluster acts once per delivery. */
export function perCluster(ids: DeliveryIds, cluster: string): DeliveryIds {
  return { firstTime: (id) => ids.firstTime(`${cluster}/${id}`) };
}
