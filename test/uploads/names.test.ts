/**
 * File names from users and engineers are display text: one cleaning for every way a name comes in, and a
 * form for chat messages that cannot make Markdown in the bot's voice.
 */
import { MAX_NAME_LENGTH, chatName, cleanName } from '../../src/domain/names';

describe('cleanName', () => {
  it.each([
    ['TERM-01.zip', 'TERM-01.zip'],
    ['CBS_log (1).zip', 'CBS_log (1).zip'],
    ['C:\\Users\\li\\Desktop\\TERM-01.zip', 'TERM-01.zip'],
    ['../../etc/passwd', 'passwd'],
    ['终端一日志.zip', '终端一日志.zip'],
    // Bidirectional controls: 'a)\u202Efdp.exe' reads as 'a)exe.pdf'.
    ['a)\u202Efdp.exe', 'a)fdp.exe'],
    ['x\u200E\u200F\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069\u061Cy.zip', 'xy.zip'],
    ['line\r\nbreak\u0000\u0085.log', 'linebreak.log'],
    // What Windows does not allow in a name (and HTML and Markdown are made of) goes; brackets soften.
    ['<img src=x onerror=alert(1)>.zip', 'img src=x onerror=alert(1).zip'],
    ['[click here](evil.example).zip', '(click here)(evil.example).zip'],
    ['**urgent**.zip', 'urgent.zip'],
    ['`code`.zip', "'code'.zip"],
    ['a"b|c?d*e.zip', 'abcde.zip'],
    ['', 'upload'],
    ['  /  ', 'upload'],
  ])('cleans %j', (raw, expected) => {
    expect(cleanName(raw)).toBe(expected);
  });

  it('caps the length and keeps the extension', () => {
    const name = cleanName(`${'a'.repeat(500)}.zip`);
    expect(name).toHaveLength(MAX_NAME_LENGTH);
    expect(name.endsWith('.zip')).toBe(true);
    expect(cleanName('终'.repeat(300))).toBe('终'.repeat(MAX_NAME_LENGTH));
  });

  it('is idempotent', () => {
    for (const raw of ['a)\u202Efdp.exe', '[x](y).zip', `${'b'.repeat(300)}.cab`, 'C:\\a\\b.log']) {
      expect(cleanName(cleanName(raw))).toBe(cleanName(raw));
    }
  });
});

describe('chatName', () => {
  it('escapes what could open or close emphasis, and leaves ordinary names alone', () => {
    expect(chatName('CBS_log_2022.zip')).toBe('CBS_log_2022.zip');
    expect(chatName('TERM-01.zip')).toBe('TERM-01.zip');
    expect(chatName('_urgent_.zip')).toBe('\\_urgent\\_.zip');
    expect(chatName('~~gone~~.log')).toBe('\\~\\~gone\\~\\~.log');
    expect(chatName('# Title.zip')).toBe('\\# Title.zip');
    expect(chatName('[click](evil.example)')).toBe('(click)(evil.example)');
  });
});
