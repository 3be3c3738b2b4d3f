/**
 * Transcript tests: every `*.yaml` in this folder is a conversation with the real bot (HTTP server,
 * conversation runner, SQLite, schedulers, upload routes) through the local Teams connector. The format
 * and the matching rule are documented at the top of runner.ts. The second block checks the runner
 * itself: each kind of expectation fails, with a report of what the bot actually sent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadTranscript, parseTranscript, runTranscript, TranscriptError } from './runner';

// A diagnosis on a loaded 2-core machine can take seconds; a whole transcript well under a minute.
jest.setTimeout(120_000);

const files = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('transcripts', () => {
  it('are there', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'reference-case.zh-CN.yaml',
        'fixed-by-reset-script.en.yaml',
        'silent-user-archived.yaml',
        'engineer-mid-diagnosis.yaml',
      ]),
    );
  });

  // TRANSCRIPT_TRACE=1 prints each step and everything the bot sends (cards in full) as it happens.
  const trace = process.env.TRANSCRIPT_TRACE
    ? (line: string) => process.stdout.write(`${line}\n`)
    : undefined;

  it.each(files)('%s', async (file) => {
    await runTranscript(loadTranscript(path.join(__dirname, file)), { trace });
  });
});

/** A short English start of a case: the problem, its card, and (optionally) more steps. */
function transcript(steps: string): string {
  return `title: runner check
timeout: 3s
steps:
  - user: KB5011503 fails to install on one terminal with error 0x80073712
  - bot:
      - text: I've opened case {case}
      - card: problem-definition
        contains: [KB5011503, 0x80073712]
${steps}`;
}

async function failureOf(source: string): Promise<string> {
  try {
    await runTranscript(parseTranscript(source, 'check.yaml'));
  } catch (err) {
    if (err instanceof TranscriptError) return err.message;
    throw err;
  }
  throw new Error('the transcript passed, but it should have failed');
}

describe('the transcript runner', () => {
  it('passes a transcript that matches', async () => {
    await runTranscript(parseTranscript(transcript(''), 'check.yaml'));
  });

  it('fails on a phrase the bot did not say, showing what it said', async () => {
    const message = await failureOf(
      transcript(`  - press: problem-definition.confirm
  - bot:
      - updated: problem-definition
      - text: the problem definition is rejected
`),
    );
    expect(message).toContain('check.yaml:10 (step 4, bot)');
    expect(message).toContain('✓ 1. updated problem-definition');
    expect(message).toContain('✗ 2. text "the problem definition is rejected"');
    expect(message).toMatch(/#\d+ text: "Thank you, the problem definition is confirmed\..*\[UNEXPECTED\]/);
  });

  it('fails on a card of another template, and on a missing phrase in the right one', async () => {
    const wrongCard = await failureOf(
      transcript(`  - press: problem-definition.confirm
  - bot:
      - updated: problem-definition
      - text: the problem definition is confirmed
      - card: log-collection
`),
    );
    expect(wrongCard).toMatch(/✗ 3\. card log-collection/);
    expect(wrongCard).toMatch(/#\d+ card scope: ".*\[UNEXPECTED\]/);

    const missingPhrase = await failureOf(
      transcript(`  - press: problem-definition.confirm
  - bot:
      - updated: problem-definition
      - text: the problem definition is confirmed
      - card: scope
        contains: five terminals
`),
    );
    expect(missingPhrase).toMatch(/✗ 3\. card scope containing "five terminals"/);
    expect(missingPhrase).toMatch(/\(scope\) reads:\n {4}\| Scope of this case/);
  });

  it('fails on a message no step expects, before the next user step and at the end', async () => {
    const skipped = await failureOf(
      transcript(`  - press: problem-definition.confirm
  - bot:
      - updated: problem-definition
      - text: the problem definition is confirmed
  - press: scope.accept
`),
    );
    expect(skipped).toMatch(
      /check\.yaml:13 \(step 5, press: "scope\.accept"\): before this step the bot sent/,
    );
    expect(skipped).toMatch(/#\d+ card scope/);

    const atTheEnd = await failureOf(
      transcript(`  - press: problem-definition.confirm
  - bot:
      - updated: problem-definition
      - text: the problem definition is confirmed
`),
    );
    expect(atTheEnd).toMatch(
      /after the last step \(check\.yaml\): expected no message for 1000 ms, but the bot sent:\n {2}#\d+ card scope/,
    );
  });

  it('fails when an expected update or message never comes', async () => {
    const message = await failureOf(
      transcript(`  - bot:
      - updated: problem-definition
    timeout: 1s
`),
    );
    expect(message).toContain('not every expectation was met within 1000 ms');
  });

  it('fails on a case record that does not match, showing the record', async () => {
    const message = await failureOf(
      transcript(`  - store:
      status: awaiting-engineer
      timeline: [Asked to talk to an engineer]
`),
    );
    expect(message).toContain('✗ status is "open", expected "awaiting-engineer"');
    expect(message).toContain('✗ no timeline entry contains "Asked to talk to an engineer"');
    expect(message).toMatch(/\[bot\] Case opened from the user's first description/);
  });

  // Each expectation of a correct step, changed in one place, must fail that step.
  const AFTER_SCOPE = `  - press: problem-definition.confirm
  - bot:
      - updated: problem-definition
      - text: the problem definition is confirmed
      - card: scope
  - press: scope.accept
`;
  const RIGHT = `  - bot:
      - text: the scope is confirmed
      - updated: scope
        contains: You accepted this scope.
      - text: "Next step: log collection"
      - card: log-collection
        contains: Log collection
        not_contains: Reset this PC
        actions: []
      - file: collect-logs-{case}.zip
`;
  it.each([
    ['a text', 'text: the scope is confirmed', 'text: the scope is rejected', /UNEXPECTED/],
    ['a card id', 'card: log-collection', 'card: greeting', /✗ 4\. card greeting/],
    ['a card phrase', 'contains: Log collection', 'contains: Log destruction', /✗ 4\. card log-collection/],
    ['a phrase the card must not have', 'not_contains: Reset this PC', 'not_contains: upload', /✗ 4\./],
    ['the card actions', 'actions: []', 'actions: [scope.accept]', /✗ 4\. .*with actions/],
    ['an update', 'contains: You accepted this scope.', 'contains: You rejected it.', /✗ 2\. updated scope/],
    ['a file', 'file: collect-logs-{case}.zip', 'file: UpdateReset.cmd', /✗ 5\. file UpdateReset\.cmd/],
    ['a regular expression', 'contains: Log collection', String.raw`contains: /Case CAS-\d{4}-/`, /✗ 4\./],
  ])('fails on %s that does not match', async (_what, right, wrong, report) => {
    expect(RIGHT).toContain(right);
    await runTranscript(parseTranscript(transcript(AFTER_SCOPE + RIGHT), 'check.yaml'));
    expect(await failureOf(transcript(AFTER_SCOPE + RIGHT.replace(right, wrong)))).toMatch(report);
  });

  it('fails on a message a group in any order does not expect, or one that never comes', async () => {
    const extra = await failureOf(
      transcript(`${AFTER_SCOPE}  - bot_any_order:
      - card: log-collection
      - text: the scope is confirmed
      - file: collect-logs-{case}.zip
`),
    );
    expect(extra).toMatch(/#\d+ text: "Next step: log collection.*\[UNEXPECTED\]/);
    const missing = await failureOf(
      transcript(`${AFTER_SCOPE}  - bot_any_order:
      - card: log-collection
      - text: the scope is confirmed
      - text: "Next step: log collection"
      - file: collect-logs-{case}.zip
      - file: UpdateReset.cmd
`),
    );
    expect(missing).toContain('not every expectation was met within 3000 ms');
    expect(missing).toContain('✗ 5. file UpdateReset.cmd');
  });

  it('fails a quiet step when the bot speaks, and a known bug that is fixed', async () => {
    expect(await failureOf(transcript(`${AFTER_SCOPE}  - quiet: 2s\n`))).toMatch(
      /expected no message for 2000 ms, but the bot sent:\n {2}#\d+ text: "Thank you, the scope is confirmed\."/,
    );
    expect(
      await failureOf(transcript(`  - store: { status: open }\n    known_bug: the case is not open\n`)),
    ).toContain('this step passes now, but it is marked as a known bug ("the case is not open")');
  });

  it('refuses a transcript with an unknown key or card id, naming the line', () => {
    expect(() => parseTranscript(transcript('  - bot: {card: scope, contain: x}\n'), 'bad.yaml')).toThrow(
      /bad\.yaml:9: unknown key "contain"/,
    );
    expect(() => parseTranscript(transcript('  - bot: {card: scopes}\n'), 'bad.yaml')).toThrow(
      /bad\.yaml:9: unknown card id "scopes"/,
    );
    expect(() => parseTranscript(transcript('  - wait: soon\n'), 'bad.yaml')).toThrow(
      /bad\.yaml:9: wait must be a duration/,
    );
  });
});
