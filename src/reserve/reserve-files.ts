import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that a reader only ever sees the old content or the new, never half of it: the
 * content goes to a temporary file in the same directory (owner read/write only: it holds patient
 * data), is flushed to disk, and is renamed over the target, which replaces it atomically on the
 * same file system; the directory is then flushed so the rename survives a crash. A failed write
 * leaves the old file as it was and removes the temporary one.
 */
export async function writeFileAtomically(dir: string, name: string, content: Buffer): Promise<string> {
  if (name !== path.basename(name) || name.startsWith('.')) throw new Error(`not a plain file name: ${name}`);
  const target = path.join(dir, name);
  const temp = path.join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (e) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dir);
  return target;
}

/** Flushes a directory's entries (the rename) to disk; best effort where the platform cannot. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or sync a directory; the rename is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Makes sure the directory exists (created owner-only when it does not) and can be written,
 * answering why not in words that name the setting: the service refuses to start otherwise.
 */
export async function ensureWritableDirectory(dir: string, setting: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    await fs.access(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(`${setting}: ${dir} cannot be used as the directory for the reserve snapshot files (${code})`, { cause: e });
  }
}
