import { MigrationInterface, QueryRunner } from 'typeorm';

export class DischargeMessageSipLink1795383568969 implements MigrationInterface {
  name = 'DischargeMessageSipLink1795383568969';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "discharge_message" ADD CONSTRAINT "FK_8e8e505d211bde481f85b2b91c0" FOREIGN KEY ("sip_id") REFERENCES "care_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "discharge_message" DROP CONSTRAINT "FK_8e8e505d211bde481f85b2b91c0"`);
  }
}
