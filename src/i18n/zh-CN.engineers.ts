/** 工程师一侧（工程师频道中的案例卡片、频道回复、时间线）的简体中文文本。键与 en.engineers.ts 完全一致。 */
import type { enEngineers } from './en.engineers';

export const zhCNEngineers: { readonly [K in keyof typeof enEngineers]: string } = {
  // 卡片：转交工程师的案例
  'card.escalation.title': '案例 {caseNumber} 需要工程师处理',
  'card.escalation.priority': '优先级',
  'card.escalation.status': '状态',
  'card.escalation.language': '案例语言',
  'card.escalation.reason': '转交原因',
  'card.escalation.opened': '建立日期',
  'card.escalation.lastActivity': '最近动态',
  'card.escalation.problemTitle': '问题定义',
  'card.escalation.diagnosisTitle': '日志分析',
  'card.escalation.noFindings': '本案例尚未分析任何日志。',
  'card.escalation.osBuild': '系统版本号',
  'card.escalation.noFailure': '日志中没有找到明确的失败原因。',
  'card.escalation.meaning': '含义',
  'card.escalation.cause': '原因',
  'card.escalation.evidence': '证据',
  'card.escalation.stagesTitle': '已尝试的处理步骤',
  'card.escalation.noStages': '尚未尝试任何处理步骤。',
  'card.escalation.messagesTitle': '用户最近的消息',
  'card.escalation.take': '接手',
  'card.escalation.timeline': '查看时间线',
  'card.escalation.fallback':
    '案例 {caseNumber}（{priority}）需要工程师处理。{reasonText}{stateText}。请在 Teams 中打开卡片接手案例或查看时间线。',
  // 由数据构建函数组合的用语（原因、状态、语言、时长）
  'card.escalation.reason.user-request': '用户要求工程师介入。',
  'card.escalation.reason.out-of-stages': '机器人已没有可推荐的处理步骤。',
  'card.escalation.reason.inconclusive': '日志分析没有得出明确结论。',
  'card.escalation.reason.low-survey': '用户在调查问卷中给出了 1 或 2 分（满分 5 分）。',
  'card.escalation.reason.rule': '诊断规则要求由工程师处理。',
  'card.escalation.reason.other': '已转交工程师（{reason}）。',
  'card.escalation.state.waiting': '已等待 {duration}',
  'card.escalation.state.taken': '已由 {name} 于 {time} 接手',
  'card.escalation.state.closed': '已于 {time} 关闭',
  'card.escalation.state.handed-back': '已于 {time} 交还给机器人',
  'card.escalation.languageName.en': '英文',
  'card.escalation.languageName.zh-CN': '简体中文',
  'card.escalation.duration.minutes': '{minutes} 分钟',
  'card.escalation.duration.hours': '{hours} 小时 {minutes} 分钟',
  'card.escalation.duration.days': '{days} 天 {hours} 小时',

  // 时间线文本（工程师频道、`npm run case -- show`）
  'timeline.title': '案例 {caseNumber} 的时间线',
  'timeline.zone': '时间为北京时间（UTC+8）。',
  'timeline.asOf': '时间为北京时间（UTC+8），截至 {time}。',
  'timeline.empty': '时间线上还没有记录。',
  'timeline.actor.user': '用户',
  'timeline.actor.bot': '机器人',
  'timeline.actor.engineer': '工程师',
  'timeline.actor.system': '系统',

  // 案例文件文本（`npm run case -- show`）
  'caseFiles.title': '案例 {caseNumber} 的文件',
  'caseFiles.empty': '没有文件。',
  'caseFiles.upload': '日志上传',
  'caseFiles.from-user': '用户发送',
  'caseFiles.to-user': '由 {by} 发给用户',
  'caseFiles.stored': '存放位置',
};
