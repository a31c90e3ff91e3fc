import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Listing pages (most recently published first) read the first rows of this index instead of sorting every listing. */
export class ListingOrderIndex1733300000000 implements MigrationInterface {
  name = 'ListingOrderIndex1733300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX listing_status_order_idx ON listing (status, published_at DESC NULLS LAST, created_at DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS listing_status_order_idx`);
  }
}
