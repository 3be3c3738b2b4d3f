import { writtenLocale } from '../../src/i18n';

describe('the language a message is written in', () => {
  it.each([
    ['KB5011503 在两台终端上安装失败，报错 0x80073712', 'zh-CN'],
    ['补丁装不上', 'zh-CN'],
    ['KB5011503 fails on two terminals with 0x80073712', 'en'],
    ['the update does not install', 'en'],
  ])('%s -> %s', (text, locale) => {
    expect(writtenLocale(text)).toBe(locale);
  });

  it.each(['ok', 'KB5011503', '0x80073712', '好', 'hi there'])('says nothing about "%s"', (text) => {
    expect(writtenLocale(text)).toBeUndefined();
  });
});
