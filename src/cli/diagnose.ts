/** `npm run diagnose -- <path> [<path> ...] [--json] [--lang zh-CN|en] [--kb KBnnnnnnn]`: diagnoses log
 * bundles offline and prints the report (or JSON). Exit 0 when it ran; 2 for a refused or unreadable input. */
import { diagnoseCase } from '../diagnosis/diagnose';
import { renderReport, type ReportLang } from '../diagnosis/report';
import { bundleErrorMessage, isBundleError } from '../diagnosis/bundle/index';
import { loadKnowledge, type Knowledge } from '../knowledge/index';

interface Args {
  paths: string[];
  json: boolean;
  lang: ReportLang;
  kb?: string;
}

const USAGE = {
  en: 'usage: npm run diagnose -- <path> [<path> ...] [--json] [--lang zh-CN|en] [--kb KBnnnnnnn]\n',
  'zh-CN': '用法：npm run diagnose -- <路径> [<路径> ...] [--json] [--lang zh-CN|en] [--kb KBnnnnnnn]\n',
};

const FAILED = {
  en: (m: string) => `Could not diagnose: ${m}\n`,
  'zh-CN': (m: string) => `无法完成分析：${m}\n`,
};

function parseArgs(argv: string[]): Args | string {
  const a: Args = { paths: [], json: false, lang: 'en' };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === '--json') a.json = true;
    else if (v === '--lang' || v.startsWith('--lang=')) {
      const l = v.includes('=') ? v.split('=')[1] : argv[++i];
      if (l !== 'en' && l?.toLowerCase() !== 'zh-cn') return `unknown language '${l ?? ''}'`;
      a.lang = l === 'en' ? 'en' : 'zh-CN';
    } else if (v === '--kb' || v.startsWith('--kb=')) {
      const k = v.includes('=') ? v.split('=')[1] : argv[++i];
      if (!k || !/^(KB)?\d{6,7}$/i.test(k)) return `--kb needs a KB number such as KB5011503`;
      a.kb = k.toUpperCase().startsWith('KB') ? k.toUpperCase() : `KB${k}`;
    } else if (v === '-h' || v === '--help') return '';
    else if (v.startsWith('--')) return `unknown option '${v}'`;
    else a.paths.push(v);
  }
  if (!a.paths.length) return 'no input given';
  return a;
}

async function main(argv: string[]): Promise<number> {
  const langHint: ReportLang = argv.some((v, i) => /^zh/i.test(v) && /^--lang/.test(argv[i - 1] ?? v))
    ? 'zh-CN'
    : 'en';
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write((args ? args + '\n' : '') + USAGE[langHint]);
    return args ? 64 : 0;
  }
  let knowledge: Knowledge | undefined;
  try {
    knowledge = loadKnowledge();
  } catch {
    knowledge = undefined;
  }
  try {
    const result = await diagnoseCase(args.paths, { kb: args.kb, knowledge: knowledge ?? null });
    if (args.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else process.stdout.write(renderReport(result, args.lang, knowledge));
    return 0;
  } catch (err) {
    if (isBundleError(err)) {
      process.stderr.write(FAILED[args.lang](bundleErrorMessage(err.code, args.lang, err.params)));
      return 2;
    }
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(FAILED[args.lang](code ? `${code}` : (err as Error).message));
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
