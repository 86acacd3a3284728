import { UnboundAccessError } from '../src/access/patient-tx';
import { seedTx } from '../src/app/registry';
import { CarePlanGoal } from '../src/care-plans/care-plan.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { Patient } from '../src/patients/patient.entity';
import { Task } from '../src/tasks/task.entity';
import { patientId } from './helpers/patients';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * The finders a capability gets inside a granted scope are bound to that one patient: they read
 * only its rows, refuse to write another patient's, and refuse hand-written SQL that does not take
 * the patient (or a row opened in the scope) as a parameter. Against the real database.
 */
let t: TestApp;
let esther: string;
let gunnar: string;
beforeAll(async () => {
  t = await startTestApp();
  esther = await patientId(t, 'esther');
  gunnar = await patientId(t, 'gunnar');
  const [org] = await t.sql(`SELECT id FROM organisation LIMIT 1`);
  const [staff] = await t.sql(`SELECT id FROM staff LIMIT 1`);
  await t.sql(
    `INSERT INTO task (patient_id, title, assignee_organisation_id, assignee_staff_id, due_date, created_by_staff_id, created_by_organisation_id) VALUES ($1, 'Gunnars uppgift', $2, $3, current_date, $3, $2)`,
    [gunnar, org.id, staff.id],
  );
});
afterAll(() => t.close());

describe('a patient scope', () => {
  it('reads only its patient’s rows', async () => {
    const tx = seedTx(t.ds.manager, esther);
    const tasks = await tx.repo(Task).find();
    expect(tasks.length).toBe((await t.sql(`SELECT count(*)::int AS n FROM task WHERE patient_id = $1`, [esther]))[0].n);
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((x) => x.patientId === esther)).toBe(true);
    expect((await tx.self(Patient).findOneByOrFail({})).givenName).toBe('Esther');
    const [other] = await t.sql(`SELECT id FROM task WHERE patient_id <> $1 LIMIT 1`, [esther]);
    expect(await tx.repo(Task).findOneBy({ id: other.id })).toBeNull();
  });

  it('refuses to name, write or move another patient’s row', async () => {
    const tx = seedTx(t.ds.manager, esther);
    await expect(tx.repo(Task).findOneBy({ patientId: gunnar })).rejects.toThrow(UnboundAccessError);
    const [theirs] = await t.ds.getRepository(Task).findBy({ patientId: gunnar });
    await expect(tx.repo(Task).save({ ...theirs, title: 'x' })).rejects.toThrow(UnboundAccessError);
    await expect(tx.repo(Task).insert({ patientId: gunnar, title: 'x' } as never)).rejects.toThrow(UnboundAccessError);
    const [mine] = await tx.repo(Task).find({ take: 1 });
    await expect(tx.repo(Task).update(mine.id, { patientId: gunnar } as never)).rejects.toThrow(UnboundAccessError);
    expect((await t.sql(`SELECT title, patient_id FROM task WHERE id = $1`, [theirs.id]))[0]).toEqual({ title: theirs.title, patient_id: gunnar });
    // An update or delete by another patient's row id touches nothing.
    expect(await tx.repo(Task).update(theirs.id, { title: 'x' })).toBe(0);
    expect(await tx.repo(Task).delete(theirs.id)).toBe(0);
  });

  it('keeps the binding of a query builder: no where/orWhere, no other patient in its parameter', async () => {
    const tx = seedTx(t.ds.manager, esther);
    const qb = tx.repo(Task).createQueryBuilder('t');
    expect(() => qb.where('1 = 1')).toThrow(UnboundAccessError);
    expect(() => qb.orWhere('1 = 1')).toThrow(UnboundAccessError);
    const [key] = Object.keys(qb.getParameters());
    expect(() => qb.setParameter(key, gunnar)).toThrow(UnboundAccessError);
    expect(() => qb.setParameters({ [key]: gunnar })).toThrow(UnboundAccessError);
    const rows = await qb.andWhere('t.status = :s', { s: 'OPEN' }).getMany();
    expect(rows.every((x) => x.patientId === esther)).toBe(true);
  });

  it('takes hand-written SQL only with the patient (or a row opened in the scope) as a parameter', async () => {
    const tx = seedTx(t.ds.manager, esther);
    expect(() => tx.query('SELECT id FROM task', [])).toThrow(UnboundAccessError);
    expect(() => tx.query('SELECT id FROM task WHERE patient_id = $1', [gunnar])).toThrow(UnboundAccessError);
    expect((await tx.query('SELECT count(*)::int AS n FROM task WHERE patient_id = $1', [esther]))[0]).toEqual({ n: expect.any(Number) });
    expect(() => tx.referenceQuery('SELECT given_name FROM patient', [])).toThrow(UnboundAccessError);
    expect(() => tx.referenceQuery('SELECT * FROM audit_log', [])).toThrow(UnboundAccessError);
    expect((await tx.referenceQuery('SELECT count(*)::int AS n FROM organisation', [])).length).toBe(1);
    await expect(tx.aggregate('SELECT id, title FROM task LIMIT 1', [])).rejects.toThrow(UnboundAccessError);
    expect(await tx.aggregate('SELECT count(*)::int AS n FROM task', [])).toEqual({ n: expect.any(Number) });
  });

  it('reaches child rows only under a parent opened in the scope, and reference data only read', async () => {
    const tx = seedTx(t.ds.manager, esther);
    const [gunnarsPlan] = await t.sql(`SELECT id FROM care_plan WHERE patient_id <> $1 LIMIT 1`, [esther]);
    if (gunnarsPlan) expect(() => tx.children(CarePlanGoal, 'carePlanId', gunnarsPlan.id)).toThrow(UnboundAccessError);
    expect(() => tx.children(CarePlanGoal, 'carePlanId', '00000000-0000-4000-8000-000000000000')).toThrow(UnboundAccessError);
    expect(() => tx.reference(Task)).toThrow(UnboundAccessError);
    expect(() => tx.repo(Organisation as never)).toThrow(UnboundAccessError);
    expect((await tx.reference(Organisation).countBy({})) > 0).toBe(true);
    expect('save' in tx.reference(Organisation)).toBe(false);
  });
});
