import {
  DeepPartial,
  EntityManager,
  EntityTarget,
  FindManyOptions,
  FindOneOptions,
  FindOptionsWhere,
  In,
  ObjectLiteral,
  Repository,
  SelectQueryBuilder,
} from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { PreparedStatement, runPrepared } from '../database/raw';

/**
 * Which tables hold patient data, read off the entity metadata once: a table with a `patient_id`
 * column is a patient table; the reference tables (organisations, staff, assignments, agreements,
 * rounds) are named by the composition root; every other table is the child of a patient table
 * (a SIP's goals, a message's receivers) and is reached only through a parent row opened in the
 * scope. The audit log belongs to audit/ alone.
 */
export class DataCatalogue {
  private readonly patientTables = new Set<string>();
  private readonly childTables = new Set<string>();
  private readonly mentions: RegExp;

  constructor(
    metadata: ReadonlyArray<{ tableName: string; columns: ReadonlyArray<{ databaseName: string }> }>,
    private readonly referenceTables: ReadonlySet<string>,
  ) {
    for (const m of metadata) {
      if (m.tableName === AUDIT_TABLE || m.tableName === PATIENT_TABLE || referenceTables.has(m.tableName)) continue;
      if (m.columns.some((c) => c.databaseName === 'patient_id')) this.patientTables.add(m.tableName);
      else this.childTables.add(m.tableName);
    }
    const names = [PATIENT_TABLE, ...this.patientTables, ...this.childTables, AUDIT_TABLE].sort((a, b) => b.length - a.length);
    this.mentions = new RegExp(`\\b(${names.join('|')})\\b`, 'i');
  }

  kindOf(table: string): 'root' | 'patient' | 'child' | 'reference' | 'audit' {
    if (table === AUDIT_TABLE) return 'audit';
    if (table === PATIENT_TABLE) return 'root';
    if (this.patientTables.has(table)) return 'patient';
    if (this.childTables.has(table)) return 'child';
    if (this.referenceTables.has(table)) return 'reference';
    throw new Error(`table ${table} is not in the data catalogue`);
  }

  /** The patient and child tables a SQL text names, if any. */
  patientTableIn(sql: string): string | null {
    return this.mentions.exec(sql)?.[1] ?? null;
  }

  get patientDataTables(): string[] {
    return [PATIENT_TABLE, ...this.patientTables, ...this.childTables].sort();
  }
}

export const AUDIT_TABLE = 'audit_log';
export const PATIENT_TABLE = 'patient';

/** A programming error: patient data reached outside the scope's patient. Never shown to a client. */
export class UnboundAccessError extends Error {}

/** The where clause, with the binding added to each alternative; a different value for the bound column is a programming error. */
function bindWhere<E>(
  where: FindOptionsWhere<E> | FindOptionsWhere<E>[] | undefined,
  property: string,
  value: string,
): FindOptionsWhere<E> | FindOptionsWhere<E>[] {
  const one = (w: FindOptionsWhere<E> | undefined) => {
    const given = (w as Record<string, unknown> | undefined)?.[property];
    if (given !== undefined && given !== value) throw new UnboundAccessError(`${property} outside the scope's binding`);
    return { ...(w ?? {}), [property]: value } as FindOptionsWhere<E>;
  };
  return Array.isArray(where) ? where.map(one) : one(where);
}

/**
 * A repository bound to one patient (or to one parent row of the patient): every read and change
 * is limited to that patient's rows, and a row of another patient cannot be written through it.
 * The same method names as TypeORM's Repository, so services read as before.
 */
export class BoundRepository<E extends ObjectLiteral> {
  constructor(
    private readonly repo: Repository<E>,
    private readonly property: string,
    private readonly value: string,
    private readonly note: (rows: readonly unknown[]) => void,
  ) {}

  create(plain: DeepPartial<E> = {} as DeepPartial<E>): E {
    return this.repo.create({ ...plain, [this.property]: this.value } as DeepPartial<E>);
  }

  private seen<T>(rows: T): T {
    this.note(Array.isArray(rows) ? rows : rows ? [rows] : []);
    return rows;
  }

  async find(options: FindManyOptions<E> = {}): Promise<E[]> {
    return this.seen(await this.repo.find({ ...options, where: bindWhere(options.where, this.property, this.value) }));
  }
  async findBy(where: FindOptionsWhere<E> | FindOptionsWhere<E>[] = {}): Promise<E[]> {
    return this.seen(await this.repo.findBy(bindWhere(where, this.property, this.value)));
  }
  async findOne(options: FindOneOptions<E>): Promise<E | null> {
    return this.seen(await this.repo.findOne({ ...options, where: bindWhere(options.where, this.property, this.value) }));
  }
  async findOneBy(where: FindOptionsWhere<E> | FindOptionsWhere<E>[]): Promise<E | null> {
    return this.seen(await this.repo.findOneBy(bindWhere(where, this.property, this.value)));
  }
  async findOneOrFail(options: FindOneOptions<E>): Promise<E> {
    return this.seen(await this.repo.findOneOrFail({ ...options, where: bindWhere(options.where, this.property, this.value) }));
  }
  async findOneByOrFail(where: FindOptionsWhere<E> | FindOptionsWhere<E>[]): Promise<E> {
    return this.seen(await this.repo.findOneByOrFail(bindWhere(where, this.property, this.value)));
  }
  existsBy(where: FindOptionsWhere<E> | FindOptionsWhere<E>[]): Promise<boolean> {
    return this.repo.existsBy(bindWhere(where, this.property, this.value));
  }
  countBy(where: FindOptionsWhere<E> | FindOptionsWhere<E>[] = {}): Promise<number> {
    return this.repo.countBy(bindWhere(where, this.property, this.value));
  }

  private check(rows: readonly ObjectLiteral[]): void {
    for (const r of rows) {
      const v = r[this.property];
      if (v !== this.value) throw new UnboundAccessError(`write of a row outside the scope's binding (${this.property})`);
    }
  }

  async insert(values: QueryDeepPartialEntity<E> | QueryDeepPartialEntity<E>[]): Promise<void> {
    const rows = (Array.isArray(values) ? values : [values]).map((v) => ({ [this.property]: this.value, ...v }) as QueryDeepPartialEntity<E>);
    this.check(rows as ObjectLiteral[]);
    if (rows.length === 0) return;
    const result = await this.repo.insert(rows);
    this.note(result.identifiers);
  }

  async save<T extends DeepPartial<E>>(entity: T): Promise<T & E>;
  async save<T extends DeepPartial<E>>(entities: T[]): Promise<Array<T & E>>;
  async save<T extends DeepPartial<E>>(e: T | T[]): Promise<(T & E) | Array<T & E>> {
    const rows = Array.isArray(e) ? e : [e];
    this.check(rows as ObjectLiteral[]);
    const saved = await this.repo.save(rows as T[]);
    this.note(saved);
    return Array.isArray(e) ? saved : saved[0];
  }

  /** Inserts or updates by `conflictPaths`; every row must carry the binding. */
  async upsert(values: QueryDeepPartialEntity<E>[], conflictPaths: string[]): Promise<void> {
    const rows = values.map((v) => ({ [this.property]: this.value, ...v }) as QueryDeepPartialEntity<E>);
    this.check(rows as ObjectLiteral[]);
    if (rows.length === 0) return;
    await this.repo.upsert(rows, conflictPaths);
    this.note(rows as unknown as unknown[]);
  }

  private criteria(criteria: string | string[] | FindOptionsWhere<E>): FindOptionsWhere<E> {
    if (typeof criteria === 'string') return bindWhere({ id: criteria } as unknown as FindOptionsWhere<E>, this.property, this.value) as FindOptionsWhere<E>;
    if (Array.isArray(criteria)) return bindWhere({ id: In(criteria) } as unknown as FindOptionsWhere<E>, this.property, this.value) as FindOptionsWhere<E>;
    return bindWhere(criteria, this.property, this.value) as FindOptionsWhere<E>;
  }

  async update(criteria: string | string[] | FindOptionsWhere<E>, partial: QueryDeepPartialEntity<E>): Promise<number> {
    if ((partial as ObjectLiteral)[this.property] !== undefined && (partial as ObjectLiteral)[this.property] !== this.value) {
      throw new UnboundAccessError(`update moving a row outside the scope's binding (${this.property})`);
    }
    return (await this.repo.update(this.criteria(criteria), partial)).affected ?? 0;
  }

  async delete(criteria: string | string[] | FindOptionsWhere<E>): Promise<number> {
    return (await this.repo.delete(this.criteria(criteria))).affected ?? 0;
  }

  /**
   * A query builder that starts with the binding. `where` and `orWhere` would replace or widen it
   * and are refused; add conditions with `andWhere`.
   */
  createQueryBuilder(alias: string): SelectQueryBuilder<E> {
    // The binding's parameter has a name of its own per builder, and cannot be replaced.
    const key = `bound_${(boundBuilders = (boundBuilders + 1) % 1_000_000_000)}`;
    const qb = this.repo.createQueryBuilder(alias).where(`${alias}.${this.property} = :${key}`, { [key]: this.value });
    const refuse = () => {
      throw new UnboundAccessError('a bound query builder takes andWhere only');
    };
    const setParameter = qb.setParameter.bind(qb);
    const setParameters = qb.setParameters.bind(qb);
    return Object.assign(qb, {
      where: refuse,
      orWhere: refuse,
      setParameter: (name: string, value: unknown) => (name === key && value !== this.value ? refuse() : setParameter(name, value)),
      setParameters: (params: ObjectLiteral) => (key in params && params[key] !== this.value ? refuse() : setParameters(params)),
    });
  }
}

let boundBuilders = 0;

/** Reference data (organisations, staff, assignments): read only. */
export interface ReferenceReader<E extends ObjectLiteral> {
  find(options?: FindManyOptions<E>): Promise<E[]>;
  findBy(where: FindOptionsWhere<E> | FindOptionsWhere<E>[]): Promise<E[]>;
  findOne(options: FindOneOptions<E>): Promise<E | null>;
  findOneBy(where: FindOptionsWhere<E> | FindOptionsWhere<E>[]): Promise<E | null>;
  findOneByOrFail(where: FindOptionsWhere<E> | FindOptionsWhere<E>[]): Promise<E>;
  findOneOrFail(options: FindOneOptions<E>): Promise<E>;
  existsBy(where: FindOptionsWhere<E> | FindOptionsWhere<E>[]): Promise<boolean>;
  countBy(where: FindOptionsWhere<E> | FindOptionsWhere<E>[]): Promise<number>;
}

function containsId(value: unknown, ids: ReadonlySet<string>): boolean {
  if (typeof value === 'string') return ids.has(value);
  if (Array.isArray(value)) return value.some((v) => containsId(v, ids));
  return false;
}

/**
 * What a capability works with inside a granted scope: finders bound to the one patient the gate
 * decided on, inside the gate's transaction, never an unrestricted connection.
 *
 * - `repo(Entity)`: a patient table, bound to the patient.
 * - `children(Entity, key, parentId)`: a child table (a SIP's goals, a message's receivers),
 *   bound to a parent row read or written through this scope.
 * - `reference(Entity)`, `referenceQuery(sql)`: reference data, read only; a statement naming a
 *   patient table is refused.
 * - `query(sql, params)`, `prepared(st, params)`: hand-written SQL, which must take the patient's
 *   id (or the id of a row opened in this scope) among its parameters.
 *
 * A breach of these is a programming error (UnboundAccessError, answered as INTERNAL); tests and
 * the authorization matrix would meet it.
 */
export class PatientTx {
  private readonly opened = new Set<string>();

  constructor(
    private readonly m: EntityManager,
    readonly patientId: string,
    private readonly catalogue: DataCatalogue,
  ) {
    this.opened.add(patientId);
  }

  private tableOf(entity: EntityTarget<ObjectLiteral>): string {
    return this.m.connection.getMetadata(entity).tableName;
  }

  private readonly note = (rows: readonly unknown[]) => {
    for (const r of rows) {
      const id = (r as { id?: unknown } | null)?.id;
      if (typeof id === 'string') this.opened.add(id);
    }
  };

  /** The patient's own row (table `patient`). */
  self<E extends ObjectLiteral & { id: string }>(entity: EntityTarget<E>): BoundRepository<E> {
    if (this.catalogue.kindOf(this.tableOf(entity)) !== 'root') throw new UnboundAccessError('self() is the patient row');
    return new BoundRepository(this.m.getRepository(entity), 'id', this.patientId, this.note);
  }

  /** A patient table's rows of this patient. */
  repo<E extends ObjectLiteral & { patientId: string }>(entity: EntityTarget<E>): BoundRepository<E> {
    const table = this.tableOf(entity);
    if (this.catalogue.kindOf(table) !== 'patient') throw new UnboundAccessError(`${table} is not a patient table; use children() or reference()`);
    return new BoundRepository(this.m.getRepository(entity), 'patientId', this.patientId, this.note);
  }

  /** A child table's rows under one parent row that was read or written through this scope. */
  children<E extends ObjectLiteral>(entity: EntityTarget<E>, key: keyof E & string, parentId: string): BoundRepository<E> {
    const table = this.tableOf(entity);
    if (this.catalogue.kindOf(table) !== 'child') throw new UnboundAccessError(`${table} is not a child table`);
    if (!this.opened.has(parentId)) throw new UnboundAccessError(`${table}: parent ${key} was not opened in this scope`);
    return new BoundRepository(this.m.getRepository(entity), key, parentId, this.note);
  }

  /** Reference data, read only. */
  reference<E extends ObjectLiteral>(entity: EntityTarget<E>): ReferenceReader<E> {
    const table = this.tableOf(entity);
    if (this.catalogue.kindOf(table) !== 'reference') throw new UnboundAccessError(`${table} is not reference data`);
    const r = this.m.getRepository(entity);
    return {
      find: (o) => r.find(o),
      findBy: (w) => r.findBy(w),
      findOne: (o) => r.findOne(o),
      findOneBy: (w) => r.findOneBy(w),
      findOneByOrFail: (w) => r.findOneByOrFail(w),
      findOneOrFail: (o) => r.findOneOrFail(o),
      existsBy: (w) => r.existsBy(w),
      countBy: (w) => r.countBy(w),
    };
  }

  private bound(params: readonly unknown[], what: string): void {
    if (!containsId(params, this.opened))
      throw new UnboundAccessError(`${what}: a statement in a patient scope must take the patient (or a row opened in the scope) as a parameter`);
  }

  /** Hand-written SQL about this patient: its parameters include the patient's id or an opened row's id. */
  query<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
    this.bound(params, 'query');
    return this.m.query(sql, params);
  }

  prepared<T = Record<string, unknown>>(st: PreparedStatement, params: unknown[]): Promise<T[]> {
    this.bound(params, st.name);
    return runPrepared<T>(this.m, st, params);
  }

  /**
   * A statement that counts over several patients' rows (an agenda's next position): it must
   * answer one row of numbers, never a row of anyone's data.
   */
  async aggregate<T extends Record<string, number | null>>(sql: string, params: unknown[]): Promise<T> {
    const rows = await this.m.query(sql, params);
    const row = rows[0] as Record<string, unknown> | undefined;
    if (
      rows.length !== 1 ||
      !row ||
      !Object.values(row).every((v) => v === null || typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)))
    ) {
      throw new UnboundAccessError('aggregate() answers one row of numbers');
    }
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : Number(v)])) as T;
  }

  /** SQL over reference data only (assignments, organisations); a statement naming a patient table is refused. */
  referenceQuery<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]> {
    const table = this.catalogue.patientTableIn(sql);
    if (table) throw new UnboundAccessError(`referenceQuery names the patient table ${table}`);
    return this.m.query(sql, params);
  }

  /** Serialises changes to one series of this patient's records (e.g. 'care_plan') within the transaction. */
  async lockSeries(series: string): Promise<void> {
    await this.m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${series}:${this.patientId}`]);
  }

  /** Whether a row id was read or written through this scope (for helpers that take ids). */
  hasOpened(id: string): boolean {
    return this.opened.has(id);
  }
}
