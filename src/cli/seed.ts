import 'reflect-metadata';
import { loadDemoData } from '../demo/load';
import { withDatabase } from './standalone';

withDatabase(async (ds) => {
  const created = await loadDemoData(ds);
  process.stdout.write(created ? 'Demo data loaded.\n' : 'Demo data already present; nothing to do.\n');
}).catch((e) => {
  process.stderr.write(`seed failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
