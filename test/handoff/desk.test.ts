/**
 * The engineers' desk's words (src/handoff/desk.ts): which thread messages are commands (in English or
 * Chinese) and which go to the user, and how file names are shown in the channel.
 */
import { parseCommand } from '../../src/handoff/commands';
import { fileName } from '../../src/handoff/desk';

it.each([
  ['take', { name: 'take' }],
  ['接手', { name: 'take' }],
  ['handback', { name: 'handback' }],
  ['交回机器人', { name: 'handback' }],
  ['close', { name: 'close' }],
  ['结案。', { name: 'close' }],
  ['timeline', { name: 'timeline' }],
  ['队列', { name: 'queue' }],
  ['files', { name: 'files' }],
  ['send file', { name: 'files' }],
  ['发送文件', { name: 'files' }],
  ['send UpdateReset', { name: 'send', fileId: 'update-reset' }],
  ['发送 收集工具', { name: 'send', fileId: 'collector-kit' }],
  ['note 用户说周五可以重启', { name: 'note', text: '用户说周五可以重启' }],
  ['备注：已远程确认', { name: 'note', text: '已远程确认' }],
  ['priority p1', { name: 'priority', priority: 'P1' }],
  ['优先级 P4', { name: 'priority', priority: 'P4' }],
])('reads %j as a command', (text, command) => {
  expect(parseCommand(text)).toEqual(command);
});

it.each([
  '请把 files 文件夹打包发给我',
  '您好，请先运行 DISM',
  'priority P5',
  'send something else',
  'take a look at the CBS log',
])('passes %j on to the user', (text) => {
  expect(parseCommand(text)).toBeUndefined();
});

it('shows a file name as text in channel Markdown, masked when asked', () => {
  expect(fileName('[点我](https://evil.example/x).png', false)).toBe(
    '\\[点我\\]\\(https://evil.example/x\\).png',
  );
  expect(fileName('CBS_persist*.log', false)).toBe('CBS\\_persist\\*.log');
  expect(fileName('张先生-13812345678.png', true)).not.toContain('13812345678');
  expect(fileName('张先生-13812345678.png', false)).toContain('13812345678');
});
