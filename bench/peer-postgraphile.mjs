// The peer: PostGraphile 5 serving the same tables, with the caseload as a SQL function so that it
// answers the same request (page of 50 by name, with enrollment, nurse and centre). No token check
// and no audit: PostGraphile would need those written by hand, so this is its best case.
// Node 20: PostGraphile 5 asks for Node 22 and uses Promise.withResolvers; supply it.
if (!Promise.withResolvers) {
  Promise.withResolvers = function withResolvers() {
    let resolve, reject;
    const promise = new Promise((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
}
const { postgraphile } = await import('postgraphile');
const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
const { makePgService } = await import('postgraphile/adaptors/pg');
const { grafserv } = await import('postgraphile/grafserv/node');
const { createServer } = await import('node:http');
const pg = (await import('pg')).default;

const [databaseUrl, port] = [process.argv[2], Number(process.argv[3])];
const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
let statements = 0;
const query = pool.query.bind(pool);
pool.query = (...args) => {
  statements++;
  return query(...args);
};
const connect = pool.connect.bind(pool);
pool.connect = async (...args) => {
  const client = await connect(...args);
  if (!client.__counted) {
    const q = client.query.bind(client);
    client.query = (...a) => {
      statements++;
      return q(...a);
    };
    client.__counted = true;
  }
  return client;
};

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ pool, schemas: ['public'] })],
  grafserv: { graphqlPath: '/graphql' },
  grafast: { explain: false },
});
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server);
// SQL statements sent so far, on the next port, for the statements-per-request column.
const stats = createServer((_req, res) => res.end(JSON.stringify({ statements })));
stats.listen(port + 1, '127.0.0.1');
server.listen(port, '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', async () => {
  server.close();
  stats.close();
  await pgl.release();
  process.exit(0);
});
