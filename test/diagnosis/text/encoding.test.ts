/** sniffEncoding on real bytes: BOMs, UTF-16LE without BOM (PowerShell 5.1 output), CP936 from cmd.exe, UTF-8. */
import iconv from 'iconv-lite';
import { sniffEncoding } from '../../../src/diagnosis/text';

const SYSTEMINFO_ZH =
  '\r\n主机名:           PC-01\r\nOS 名称:          Microsoft Windows 10 专业版\r\nOS 版本:          10.0.19045 暂缺 Build 19045\r\n';
const SYSTEMINFO_EN =
  '\r\nHost Name:                 PC-01\r\nOS Name:                   Microsoft Windows 10 Pro\r\n';

describe('sniffEncoding', () => {
  test('UTF-8 BOM (CBS.log, dism.log, Panther logs)', () => {
    expect(sniffEncoding(Buffer.from('\ufeff2023-05-17 08:24:08, Info  CBS', 'utf8'))).toBe('utf8');
  });

  test('UTF-16LE BOM (Windows PowerShell 5.1 Out-File)', () => {
    expect(
      sniffEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(SYSTEMINFO_ZH, 'utf16le')])),
    ).toBe('utf16le');
  });

  test('UTF-16LE without BOM, recognised by its NUL bytes', () => {
    expect(sniffEncoding(iconv.encode(SYSTEMINFO_EN, 'utf16le'))).toBe('utf16le');
    expect(sniffEncoding(iconv.encode(SYSTEMINFO_ZH, 'utf16le'))).toBe('utf16le');
  });

  test('CP936/GBK from cmd.exe on zh-CN', () => {
    expect(sniffEncoding(iconv.encode(SYSTEMINFO_ZH, 'gbk'))).toBe('gbk');
    expect(
      sniffEncoding(
        iconv.encode('当前的 WinHTTP 代理服务器设置:\r\n\r\n    直接访问(没有代理服务器)。\r\n', 'cp936'),
      ),
    ).toBe('gbk');
  });

  test('UTF-8 without BOM, ASCII, and a multi-byte character cut at the end of the sample', () => {
    expect(sniffEncoding(Buffer.from(SYSTEMINFO_ZH, 'utf8'))).toBe('utf8');
    expect(sniffEncoding(Buffer.from(SYSTEMINFO_EN, 'ascii'))).toBe('utf8');
    const zh = Buffer.from('OS 名称: Windows', 'utf8');
    expect(sniffEncoding(zh.subarray(0, 5))).toBe('utf8'); // "OS " + first byte of 名
    expect(sniffEncoding(Buffer.alloc(0))).toBe('utf8');
  });
});
