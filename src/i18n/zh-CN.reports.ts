/** 用户报告补救操作的简体中文文本：确认消息、追问卡片、总结和时间线中的表述。键与 en.reports.ts 完全一致。 */
import type { enReports } from './en.reports';

export const zhCNReports: { readonly [K in keyof typeof enReports]: string } = {
  'report.fixedOn': '已记录：“{title}”之后，{machines} 已恢复正常。',
  'report.failedOn': '已记录：“{title}”之后，{machines} 仍然失败{code}。',
  'report.skippedOn': '已记录：{machines} 无法执行“{title}”。',
  'report.stillOpen': '仍未解决：{machines}。有进展请告诉我，或在上面的卡片中选择下一步。',

  // 卡片：用户的描述还缺少信息时的追问
  'card.report-question.title': '请确认一下',
  'card.report-question.caseLine': '案例 {caseNumber}',
  'card.report-question.askResult': '{machines} 做了“{title}”之后，更新现在能正常安装了吗？',
  'card.report-question.askMachines': '请问是哪一台？（“{title}”）',
  'card.report-question.answered': '已记录，谢谢。',
  'card.report-question.fixed': '已经正常了',
  'card.report-question.failed': '还是失败',
  'card.report-question.skipped': '没能执行',
  'card.report-question.all': '全部',
  'card.report-question.fallback':
    '案例 {caseNumber}：关于“{title}”（{machines}），请告诉我是哪一台，以及更新现在是否能正常安装。',

  // 总结和时间线中的一次操作
  'summary.attempt.stage': '第 {number} 步“{title}”{backup}：{results}。',
  'summary.attempt.action': '计划之外，用户{title}{backup}：{results}。',
  'summary.attempt.backup': '（事先备份了数据）',
  'summary.results.both': '两台（{machines}）均',
  'summary.results.all': '全部 {count} 台（{machines}）均',
  'summary.results.fixed': '{who}已解决',
  'summary.results.failed': '{who}失败',
  'summary.results.failedWithCode': '{who}失败（{code}）',
  'summary.results.skipped': '{who}无法执行',
  'summary.results.kb': '，已安装 {kb}',
  'summary.fixedByAttempt': '通过“{title}”解决：{who}。',

  // 时间线事件
  'timeline.event.caseOpened': '根据用户的首次描述建立案例：{description}',
  'timeline.event.problemConfirmed': '确认了问题定义。',
  'timeline.event.scopeAccepted': '同意了问题范围。',
  'timeline.event.scopeCorrected': '修改了问题范围：{text}',
  'timeline.event.uploaded': '上传了 {name}（{size} 字节，上传编号 {uploadId}）。',
  'timeline.event.diagnosisFailed': '无法分析 {name}（上传编号 {uploadId}）：{code}。',
  'timeline.event.diagnosed': '已分析 {machine}（上传编号 {uploadId}）：{verdict}{missing}。',
  'timeline.event.diagnosedClean':
    '已分析 {machine}（上传编号 {uploadId}）：日志中没有可以确定原因的失败记录{missing}。',
  'timeline.event.missingLogs': '；缺少日志：{logs}',
  'timeline.event.engineerRequested': '要求联系工程师。',
  'timeline.event.archivedForNewCase': '为建立新案例归档了本案例。',
  'timeline.event.archivedNoReply': '多次提醒均未收到回复，已归档。',
  'timeline.event.cancelled': '撤销了本案例。',
  'timeline.event.reopened': '重新打开了案例。',
  'timeline.event.remediationProposed': '建议分 {count} 步处理：{plan}。',
  'timeline.event.comparedLacking':
    '{machine} 的新日志：没有失败记录，但缺少之前记录失败的 {log}；上一步的结果仍待确认。',
  'timeline.event.comparedNoFailure': '{machine} 的新日志：没有失败记录，之前也没有；上一步的结果仍待确认。',
  'timeline.event.comparedNoFailureNew':
    '{machine}（之前未分析过的机器）的新日志：没有失败记录；上一步的结果仍待确认。',
  'timeline.event.comparedClean': '{machine} 的新日志：已经没有失败记录（之前为 {before}）。',
  'timeline.event.comparedSame': '{machine} 的新日志：仍然是 {code}。',
  'timeline.event.comparedDifferent': '{machine} 的新日志：现在是 {after}（之前为 {before}）。',
  'timeline.event.outOfStages': '所有补救步骤均已尝试或跳过，已转交工程师。',
  'timeline.event.sourceSaid.wsus': '说明终端走行内更新服务器更新；步骤按此给出。',
  'timeline.event.sourceSaid.offline': '说明终端离线（不能上外网，也没有更新服务器）；步骤按此给出。',
  'timeline.event.sourceSaid.internet': '说明终端直接从互联网连微软更新；步骤按此给出。',
  'timeline.event.sourceContradicted.wsus':
    '说明的更新来源与日志不同，日志显示走行内更新服务器；步骤仍按日志给出。',
  'timeline.event.sourceContradicted.offline':
    '说明的更新来源与日志不同，日志显示没有更新服务器（离线）；步骤仍按日志给出。',
  'timeline.event.sourceContradicted.internet':
    '说明的更新来源与日志不同，日志显示直接从互联网连微软更新；步骤仍按日志给出。',
  'timeline.event.noMediaSaid': '说明没有安装介质；第 {number} 步“{title}”跳过。',
  'timeline.event.mediaAtHand': '现在有安装介质了；第 {number} 步“{title}”重新放回计划。',
  'timeline.event.archiveConsent': '同意归档案例。',
  'timeline.event.survey': '调查问卷：{score}/5{comment}',
  'timeline.event.handedToEngineers': '已转交工程师（{reason}）。',
  'timeline.event.toEngineer': '发给工程师：{text}',
  'timeline.event.closureDeclined': '不同意关闭案例，继续由工程师处理。',
};
