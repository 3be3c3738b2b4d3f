/** What the hold-out corpus group `i` (test/corpus/labels/i.json, gathered blind after group h's fixes) showed
 * the diagnosis did not read: DISM's console output when something else prints it — chef indenting it behind
 * '    STDOUT: ', a build pipeline prefixing each line with its own clock, a forum post with the user's
 * 'Result: ' in front — and in Spanish or German, without the English banner, or with the log path's
 * backslashes lost. Each file is handed to the real diagnosis under a neutral upload name. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnoseBundle } from '../../src/diagnosis/diagnose';
import { detectFormat } from '../../src/diagnosis/detect';
import { loadKnowledge } from '../../src/knowledge/index';

const CORPUS = path.join(__dirname, '../corpus/logs');
const knowledge = loadKnowledge();
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'holdout-i-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The verbatim text of a corpus case's one file. */
function corpusText(id: string): string {
  const dir = path.join(CORPUS, id);
  return fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]), 'utf8');
}

async function primaryCode(name: string, text: string): Promise<string | null> {
  const dir = fs.mkdtempSync(path.join(tmp, 'case-'));
  fs.writeFileSync(path.join(dir, name), text);
  const [m] = await diagnoseBundle(path.join(dir, name), { knowledge });
  return m?.primary?.errorCode ?? null;
}

const WRAPPED: Array<[string, string, string]> = [
  [
    'indented behind chef’s STDOUT, hard-wrapped at 80 columns',
    'i-02-chef-wrapped-netfx3-console-0x800f0906',
    '0x800f0906',
  ],
  [
    'each line behind a pipeline’s clock, in Spanish mojibake',
    'i-03-pipeline-spanish-netfx3-0x800f0950',
    '0x800f0950',
  ],
  ['Spanish, pasted without the banner', 'i-06-spanish-restorehealth-0x800f0915', '0x800f0915'],
  ['in a forum post after the user’s "Result: "', 'i-09-forum-scanhealth-0x8000ffff', '0x8000ffff'],
  [
    'German, bulleted, the log path without backslashes',
    'i-15-pastebin-german-restorehealth-0x800f0906',
    '0x800f0906',
  ],
];

describe('DISM console output that another program printed, or in another language', () => {
  it.each(WRAPPED)('is read as DISM when %s', (_how, id) => {
    expect(detectFormat('output.txt', corpusText(id))).toBe('dism');
  });

  it.each(WRAPPED)('names the error it ends with when %s', async (_how, id, code) => {
    expect(await primaryCode('output.txt', corpusText(id))).toBe(code);
  });

  it('the "Fehler:" line alone is the German exit code', async () => {
    const german = corpusText('i-15-pastebin-german-restorehealth-0x800f0906').split('\n');
    const fehler = german.find((l) => l.includes('Fehler:'))!;
    const pathLine = german.find((l) => l.includes('DISM-Protokolldatei'))!;
    expect(await primaryCode('output.txt', [fehler, pathLine].join('\n'))).toBe('0x800f0906');
  });

  it('an "Error:" line without any sign of DISM is not taken for DISM', async () => {
    const first = corpusText('i-09-forum-scanhealth-0x8000ffff').split('\n')[0];
    expect(first).toBe('Result: Error: 0x8000ffff');
    expect(detectFormat('output.txt', first)).toBe('unknown');
    expect(await primaryCode('output.txt', first)).toBeNull();
  });

  it('a setupact.log that quotes the console’s log-path line keeps its own format', () => {
    const setup = corpusText('i-08-setupdiag-quoted-disk-full-0x80070070').trimEnd().split('\n');
    const pathLine = corpusText('i-06-spanish-restorehealth-0x800f0915').trimEnd().split('\n').pop()!;
    expect(pathLine).toMatch(/Logs\\DISM\\dism\.log$/);
    expect(detectFormat('upload.txt', [...setup, pathLine].join('\n'))).toBe('panther');
  });

  it('a successful console run names nothing', async () => {
    // the same console, up to the progress bar of an operation that then completed (h-12's first run)
    const ok = fs
      .readFileSync(path.join(CORPUS, 'h-12-lcu-integrate-console', 'dism-output.txt'), 'utf8')
      .split('\n')
      .slice(0, 12)
      .join('\n');
    expect(ok).toMatch(/The operation completed successfully/);
    expect(detectFormat('output.txt', ok)).toBe('dism');
    expect(await primaryCode('output.txt', ok)).toBeNull();
  });
});

describe('an exit error retyped above a pasted dism.log', () => {
  const text = corpusText('i-25-pastebin-user-summary-restorehealth-0x800f081f');

  it('names the summary line "Error 0x800f081f" (pastebin numbering taken off)', async () => {
    expect(text.split('\n')[3]).toBe('  4. Error 0x800f081f');
    expect(await primaryCode('dism.log', text)).toBe('0x800f081f');
  });

  it('but not an "error 0x…" inside a DISM message', async () => {
    // the same paste's log lines, with the summary's code moved into the middle of a sentence
    const logLines = text.split('\n').slice(12).join('\n');
    expect(await primaryCode('dism.log', logLines)).toBeNull();
    const inSentence = logLines.replace(
      'Version 10.0.10240.16384 - DismInitializeInternal',
      'Version 10.0.10240.16384 failed with error 0x800f081f',
    );
    expect(inSentence).not.toBe(logLines);
    expect(await primaryCode('dism.log', inSentence)).toBeNull();
  });
});

describe('the codes group i named are in the catalogue', () => {
  it.each(['0x800f0915', '0x80070667', '0xc1420117', '0xc1420134'])('%s, in both languages', (code) => {
    const entry = knowledge.code(code);
    expect(entry?.meaning.en).toMatch(/\w/);
    expect(entry?.meaning['zh-CN']).toMatch(/[\u3400-\u9fff]/);
  });
});
