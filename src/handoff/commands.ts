/** The engineers' commands in a case's thread, in English or Chinese (take, hand back, close, note …). */
import type { FileId } from '../domain/caseRecord';
import type { Priority } from '../storage/ports';

export type Command =
  | { name: 'take' | 'handback' | 'close' | 'timeline' | 'queue' | 'help' | 'files' }
  | { name: 'send'; fileId: FileId }
  | { name: 'note'; text: string }
  | { name: 'priority'; priority: Priority };

/** Engineer commands in the channel, in English or Chinese; anything else in a thread is a reply to the user. */
export function parseCommand(text: string): Command | undefined {
  const t = text.trim();
  const note = /^(?:note|备注)[\s:：]+([\s\S]+)$/i.exec(t);
  if (note) return { name: 'note', text: note[1].trim() };
  const priority = /^(?:priority|优先级)[\s:：]*(p[1-4])$/i.exec(t);
  if (priority) return { name: 'priority', priority: priority[1].toUpperCase() as Priority };
  const word = t.toLowerCase().replace(/[.!。！]+$/, '');
  const send = /^(?:send|发送)\s+(.+)$/.exec(word);
  if (send) {
    const what = send[1].trim();
    if (/^(updatereset(\.cmd|\.txt)?|update-reset|reset script|重置脚本)$/.test(what))
      return { name: 'send', fileId: 'update-reset' };
    if (/^(collector|collector kit|collect-logs(\.zip)?|collector-kit|收集工具|日志收集工具)$/.test(what))
      return { name: 'send', fileId: 'collector-kit' };
  }
  if (/^(files|send (a )?file|文件|发送文件)$/.test(word)) return { name: 'files' };
  if (/^(take|take over|接手|接管)$/.test(word)) return { name: 'take' };
  if (/^(hand ?back|hand back to (the )?bot|交回|交回机器人)$/.test(word)) return { name: 'handback' };
  if (/^(close|close (the )?case|结案|关闭案例)$/.test(word)) return { name: 'close' };
  if (/^(timeline|时间线)$/.test(word)) return { name: 'timeline' };
  if (/^(queue|list|队列|待处理)$/.test(word)) return { name: 'queue' };
  if (/^(help|帮助|\?)$/.test(word)) return { name: 'help' };
  return undefined;
}
