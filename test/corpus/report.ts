/** Prints the real-log corpus table (the README's) and every case the diagnosis does not get right.
 * Usage: npm run corpus */
import { evaluate, misses, table } from './corpus';

process.stdout.on('error', () => process.exit(0)); // e.g. piped into head

void (async () => {
  const outcomes = await evaluate();
  console.log(table(outcomes));
  const bad = misses(outcomes);
  if (bad.length) console.log('\nNot right:\n' + bad.map((b) => '  ' + b).join('\n'));
})();
