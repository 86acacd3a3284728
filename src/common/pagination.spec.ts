import { AppError } from './errors';
import { exactInstant, keyset, KeyType } from './pagination';

const ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const ID2 = '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const cursor = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');
const refused = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('BAD_USER_INPUT');
    expect((e as AppError).extensions).toMatchObject({ fields: [{ field: 'after', message: 'is not a cursor returned by this list' }] });
    return;
  }
  throw new Error('not refused');
};

interface Task {
  id: string;
  dueDate: string;
}
const TASKS = keyset<Task>([
  { sql: 't.due_date', type: 'date', of: (t) => t.dueDate },
  { sql: 't.id', type: 'uuid', of: (t) => t.id },
]);

describe('keyset: the order and the condition', () => {
  it('writes one row comparison after the parameters already given, and the ORDER BY', () => {
    const params: unknown[] = ['OPEN'];
    expect(TASKS.where(cursor(['2026-11-22', ID]), params)).toBe('(t.due_date, t.id) > ($2::date, $3::uuid)');
    expect(params).toEqual(['OPEN', '2026-11-22', ID]);
    expect(TASKS.orderBy).toBe('t.due_date, t.id');
    expect(TASKS.order).toEqual({ 't.due_date': 'ASC', 't.id': 'ASC' });
  });
  it('is null without a cursor (an empty one included), adding no parameter', () => {
    const params: unknown[] = [];
    for (const none of [undefined, null, '']) expect(TASKS.where(none, params)).toBeNull();
    expect(params).toEqual([]);
  });
  it('compares with < for a descending order, one key without a row', () => {
    const newest = keyset<{ v: number }>([{ sql: 'p.plan_version', type: 'int', of: (p) => p.v }], 'desc');
    expect(newest.where(cursor([3]), [])).toBe('p.plan_version < $1::int');
    expect(newest.orderBy).toBe('p.plan_version DESC');
  });
  it('names its parameters for a QueryBuilder', () => {
    const named: Record<string, unknown> = {};
    const desc = keyset<{ at: Date; id: string }>(
      [
        { sql: 'p.admittedAt', type: 'timestamptz', of: (p) => p.at },
        { sql: 'p.id', type: 'uuid', of: (p) => p.id },
      ],
      'desc',
    );
    expect(desc.where(cursor(['2026-11-20T07:40:00.000Z', ID]), named)).toBe(
      '(p.admittedAt, p.id) < (CAST(:keyset_0 AS timestamptz), CAST(:keyset_1 AS uuid))',
    );
    expect(named).toEqual({ keyset_0: '2026-11-20T07:40:00.000Z', keyset_1: ID });
    expect(desc.order).toEqual({ 'p.admittedAt': 'DESC', 'p.id': 'DESC' });
  });
  it('spells out mixed directions key by key', () => {
    const mixed = keyset<{ a: string; b: number; id: string }>([
      { sql: 'x.a', type: 'text', of: (r) => r.a },
      { sql: 'x.b', type: 'int', of: (r) => r.b, direction: 'desc' },
      { sql: 'x.id', type: 'uuid', of: (r) => r.id },
    ]);
    expect(mixed.where(cursor(['k', 2, ID]), [])).toBe('(x.a > $1::text OR (x.a = $1::text AND (x.b < $2::int OR (x.b = $2::int AND x.id > $3::uuid))))');
    expect(mixed.orderBy).toBe('x.a, x.b DESC, x.id');
  });
  it('takes values already read from the cursor (after()) as well as the cursor', () => {
    const values = TASKS.after(cursor(['2026-11-22', ID.toUpperCase()]));
    expect(values).toEqual(['2026-11-22', ID]);
    expect(TASKS.where(values, [])).toBe('(t.due_date, t.id) > ($1::date, $2::uuid)');
  });
  it('checks a carried value, which neither orders nor places the page', () => {
    const log = keyset<{ at: Date; id: string }>(
      [
        { type: 'timestamptz', of: (r) => r.at },
        { sql: 'l.id', type: 'bigint', of: (r) => r.id },
      ],
      'desc',
    );
    const params: unknown[] = [];
    expect(log.where(cursor(['2026-11-22T10:00:00.000Z', '812']), params)).toBe('l.id < $1::bigint');
    expect(params).toEqual(['812']);
    expect(log.orderBy).toBe('l.id DESC');
    refused(() => log.after(cursor(['yesterday', '812'])));
  });
});

describe('keyset: a cursor it did not make is BAD_USER_INPUT naming `after`', () => {
  const one = (type: KeyType) => keyset<{ v: string }>([{ sql: 'v', type, of: (r) => r.v }]);
  it('refuses what is not a cursor at all, or has the wrong number of values', () => {
    for (const bad of ['garbage', 'bm9wZQ', cursor({ a: 1 }), cursor(['2026-11-22']), cursor(['2026-11-22', ID, 'x'])]) refused(() => TASKS.where(bad, []));
  });
  it('checks each value against its type', () => {
    const bad: Array<[KeyType, unknown]> = [
      ['uuid', 'not-a-uuid'],
      ['uuid', 7],
      ['date', '2026-02-30'],
      ['date', '2026-1-1'],
      ['timestamptz', 'yesterday'],
      ['timestamptz', '2026-02-30T10:00:00.000Z'],
      ['timestamptz', '2026-11-22T25:00:00.000Z'],
      ['timestamptz', '2026-11-22T10:00:00.1234567Z'],
      ['timestamptz', '2026-11-22 10:00:00+01'],
      ['int', 1.5],
      ['int', '1'],
      ['int', 2 ** 31],
      ['bigint', 12],
      ['bigint', '99999999999999999999'],
      ['bigint', '1e3'],
      ['text', 5],
      ['varchar', null],
    ];
    for (const [type, v] of bad) refused(() => one(type).after(cursor([v])));
    const good: Array<[KeyType, unknown]> = [
      ['uuid', ID],
      ['date', '2028-02-29'],
      ['timestamptz', '2026-11-22T10:00:00.123Z'],
      ['timestamptz', '2026-11-22T10:00:00.123456Z'],
      ['timestamptz', '2026-11-22T10:00:00Z'],
      ['int', -3],
      ['bigint', '9223372036854775807'],
      ['text', ''],
      ['varchar', 'Åsa'],
    ];
    for (const [type, v] of good) expect(one(type).after(cursor([v]))).toEqual([v]);
  });
  it('applies a narrower check a key declares', () => {
    const flag = keyset<{ done: number }>([{ sql: 'done', type: 'int', of: (r) => r.done, accepts: (v) => v === 0 || v === 1 }]);
    expect(flag.after(cursor([1]))).toEqual([1]);
    refused(() => flag.after(cursor([2])));
  });
});

describe('keyset: cursors and pages', () => {
  const rows: Task[] = [
    { dueDate: '2026-11-20', id: ID },
    { dueDate: '2026-11-21', id: ID2 },
    { dueDate: '2026-11-22', id: ID },
  ];
  it('reads its own cursors back', () => {
    expect(TASKS.after(TASKS.cursorOf(rows[1]))).toEqual(['2026-11-21', ID2]);
  });
  it('pages rows read with LIMIT first + 1', () => {
    const page = TASKS.page(rows, 2, (t) => t.dueDate);
    expect(page.edges.map((e) => e.node)).toEqual(['2026-11-20', '2026-11-21']);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: TASKS.cursorOf(rows[1]) });
    expect(TASKS.page(rows, 3).pageInfo).toEqual({ hasNextPage: false, endCursor: TASKS.cursorOf(rows[2]) });
    expect(TASKS.page([], 3).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
  it('continues after the last row read, even when the answer leaves it out', () => {
    const page = TASKS.pageOf(rows.slice(0, 2), true, [{ row: rows[0], node: 'shown' }]);
    expect(page.edges).toEqual([{ node: 'shown', cursor: TASKS.cursorOf(rows[0]) }]);
    expect(page.pageInfo.endCursor).toBe(TASKS.cursorOf(rows[1]));
    expect(TASKS.pageOf(rows.slice(0, 2), false).edges.map((e) => e.node)).toEqual(rows.slice(0, 2));
  });
  it('keeps an instant to the microsecond when it has them, and writes a whole millisecond as a Date does', () => {
    const byAt = keyset<{ at: Date | string }>([{ sql: 'c.added_at', type: 'timestamptz', of: (r) => r.at }], 'desc');
    const values = (c: string) => JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    expect(values(byAt.cursorOf({ at: '2026-11-22T10:00:00.123456Z' }))).toEqual(['2026-11-22T10:00:00.123456Z']);
    expect(values(byAt.cursorOf({ at: '2026-11-22T10:00:00.123000Z' }))).toEqual(['2026-11-22T10:00:00.123Z']);
    expect(values(byAt.cursorOf({ at: new Date('2026-11-22T10:00:00.123Z') }))).toEqual(['2026-11-22T10:00:00.123Z']);
    expect(exactInstant('c.added_at')).toBe(`to_char(c.added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
  });
  it('refuses to make a cursor of a row whose key is missing (a programming error)', () => {
    expect(() => TASKS.cursorOf({ id: ID } as Task)).toThrow(/t\.due_date/);
  });
});
