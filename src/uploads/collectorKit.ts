/**
 * The collector kit a user downloads from the case's upload page: collect-logs.cmd/.ps1 plus a
 * `collect-and-upload.cmd` that runs them with this case's upload link, so collection and upload are
 * one double-click. Built per request (small); the scripts themselves live in knowledge/scripts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yazl from 'yazl';

export const SCRIPTS_DIR = path.resolve(__dirname, '../../knowledge/scripts');

const README = (caseNumber: string) =>
  [
    `Case ${caseNumber} / 案例 ${caseNumber}`,
    '',
    'EN: Unzip all files into one folder, reproduce the failed update once, then double-click',
    '    collect-and-upload.cmd and accept the administrator prompt. It collects the update logs of',
    '    this machine into <host>-<date>.zip on the desktop and uploads it to the case. It changes nothing',
    '    on the machine. Without network access to the bot, run collect-logs.cmd and upload the zip by hand.',
    '',
    'ZH: 请把所有文件解压到同一个文件夹，先重现一次补丁安装失败，然后双击 collect-and-upload.cmd 并在',
    '    管理员提示中选择“是”。工具会把本机的更新日志收集为桌面上的 <主机名>-<日期>.zip 并上传到本案例，',
    '    不会修改系统。如果这台机器无法访问机器人，请运行 collect-logs.cmd，再手动上传压缩包。',
    '',
  ].join('\r\n');

/** A batch line is parsed by cmd.exe: the link is quoted and must not carry cmd metacharacters. */
function batchSafe(value: string): string {
  if (!/^[A-Za-z0-9:/._~?=&%+-]+$/.test(value))
    throw new Error('upload link contains characters unsafe for a batch file');
  return value.replace(/%/g, '%%');
}

export function collectorKit(caseNumber: string, apiUrl: string): Readable {
  const zip = new yazl.ZipFile();
  for (const name of ['collect-logs.cmd', 'collect-logs.ps1'])
    zip.addFile(path.join(SCRIPTS_DIR, name), name);
  const launcher = [
    '@echo off',
    `rem Collects this machine's update logs and uploads them to case ${caseNumber}.`,
    `call "%~dp0collect-logs.cmd" -UploadUrl "${batchSafe(apiUrl)}" -CaseNumber ${caseNumber}`,
    '',
  ].join('\r\n');
  zip.addBuffer(Buffer.from(launcher, 'ascii'), 'collect-and-upload.cmd');
  // BOM so that Notepad on a Chinese Windows shows the Chinese half correctly.
  zip.addBuffer(
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(README(caseNumber), 'utf8')]),
    'README.txt',
  );
  zip.end();
  return zip.outputStream as unknown as Readable;
}

export function collectorScriptsPresent(): boolean {
  return ['collect-logs.cmd', 'collect-logs.ps1'].every((n) => fs.existsSync(path.join(SCRIPTS_DIR, n)));
}
