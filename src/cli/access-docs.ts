import fs from 'node:fs';
import path from 'node:path';
import { renderAccessTable } from '../access/access-table';
import { ACCESS } from '../app/registry';

const file = path.resolve(process.cwd(), 'docs/ACCESS.md');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, renderAccessTable(ACCESS));
process.stdout.write(`Wrote ${file}\n`);
