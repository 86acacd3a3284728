import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rounds an organisation takes part in without being the organiser, found by a GIN index on
 * `participating_organisation_ids` (the organiser has ix_round_organiser). The joint follow-up's
 * rounds statement for one municipality and the `rounds` list read every round of the period and
 * filtered them by organisation (`org = ANY (…)` uses no index), which grew with the country's
 * rounds; with `participating_organisation_ids @> ARRAY[org]` the statement reads the
 * municipality's rounds alone (1,020 → 100 buffers for its year at 200,000 enrolled). Written by
 * hand: the entity marks the index synchronize: false.
 */
export class RoundParticipantIndex1797050000000 implements MigrationInterface {
  name = 'RoundParticipantIndex1797050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_round_participating" ON "round" USING gin ("participating_organisation_ids")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_round_participating"`);
  }
}
