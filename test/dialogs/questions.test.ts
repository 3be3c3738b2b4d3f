/**
 * The questions and acknowledgements read while logs are awaited (dialogs/understanding/questions.json):
 * every entry's own examples in both languages, and the readings that must not be confused — a report with
 * "好的" in it is no bare acknowledgement, a question about DISM's duration is not about the analysis.
 */
import { examplesFailing } from '../../dialogs/phrases';
import {
  logQuestionOf,
  QUESTION_TABLE,
  QUESTIONS,
  STAGE_QUESTION_TABLE,
  STAGE_QUESTIONS,
  stageQuestionOf,
} from '../../dialogs/questions';

it('every entry classifies its own examples in both languages', () => {
  expect(examplesFailing('questions', QUESTION_TABLE, logQuestionOf)).toEqual([]);
  expect(examplesFailing('stageQuestions', STAGE_QUESTION_TABLE, stageQuestionOf)).toEqual([]);
});

it('has one entry per question the log phase and the stage answer', () => {
  expect(QUESTION_TABLE.map((e) => e.id).sort()).toEqual([...QUESTIONS].sort());
  expect(STAGE_QUESTION_TABLE.map((e) => e.id).sort()).toEqual([...STAGE_QUESTIONS].sort());
});

it.each([
  ['脚本收不到，被邮件系统拦截了', 'scriptBlocked'],
  ['这个脚本会不会影响业务？数据会丢吗', 'impact'],
  ['脚本跑完了，正在重启，等下告诉你结果', 'working'],
  ['好的', 'ack'],
  ['重启后还是失败，报0x80073712', undefined],
  ['rebooted, still failing', undefined],
] as const)('at a stage reads %j as %s', (text, expected) => {
  expect(stageQuestionOf(text)).toBe(expected);
});

it.each([
  ['好的，两台的日志都已经传了', undefined],
  ['OK, both zips are uploaded', undefined],
  ['收到，工具在哪里下载？', 'collector'],
  ['Thanks — do I need a password for the upload page?', 'password'],
  ['KB5011503 在两台终端上安装失败，报错 0x80073712', undefined],
  ['DISM 要跑多久', undefined],
  ['', undefined],
] as const)('reads %j as %s', (text, expected) => {
  expect(logQuestionOf(text)).toBe(expected);
});

it('takes a long message for a story, not a question (even one full of acknowledgements)', () => {
  expect(logQuestionOf('收到'.repeat(150))).toBeUndefined();
});
