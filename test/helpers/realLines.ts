/** Every physical line (latin1, so bytes stay bytes) of the real logs the tests hold the parsers to: the
 * corpus (test/corpus/logs), the shared samples, and optionally the rules' fixtures. */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

export function realLines(opts: { fixtures?: boolean; ext?: RegExp } = {}): string[] {
  const ext = opts.ext ?? /\.(log|txt|xml|csv)$/i;
  const lines: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (ext.test(name)) lines.push(...fs.readFileSync(p, 'latin1').split(/\r?\n/));
    }
  };
  walk(path.join(ROOT, 'test', 'corpus', 'logs'));
  if (opts.fixtures) walk(path.join(ROOT, 'knowledge', 'rules'));
  walk(path.resolve(ROOT, '..', 'shared', 'samples', 'logs'));
  return lines;
}
