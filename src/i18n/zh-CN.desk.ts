/** 工程师频道中工程师工作台的简体中文回复（`desk.*`）。键与 en.desk.ts 完全一致。 */
import type { enDesk } from './en.desk';

export const zhCNDesk: { readonly [K in keyof typeof enDesk]: string } = {
  'desk.relay.text': '**客户：** {text}',
  'desk.undeliverable': '机器人多次尝试后仍无法把消息送达客户（{what}）。请通过其他方式联系客户。',
  'desk.relay.file': '客户发送了文件：{name}，正在获取到案例中。',
  'desk.relay.upload': '案例收到新的上传：{name}（[下载]({link})），正在分析。',
  'desk.filesNotRelayed':
    '无法读取在这里附加的文件（{names}）：这些文件保存在团队的 SharePoint 中。请把文件拖到案例页面上，我会发送给用户：[案例 {caseNumber} 的文件]({link})（有效期至 {expires}）。粘贴的截图会直接发给用户。',
  'desk.filesWaiting':
    '本案例有用户上传的 {uploads} 个日志包和 {files} 个其他文件：[案例 {caseNumber} 的文件]({link})（有效期至 {expires}）。',
  'desk.caseFiles':
    '案例 {caseNumber} 的页面：[文件]({link})（有效期至 {expires}）。可以在那里下载用户上传的文件，或拖入文件发送给用户。',
  'desk.sharedSent': '已把 {name} 发送给用户。',
  'desk.fileSent': '已发送给用户（在一对一聊天中作为文件，无法发送文件时提供下载链接）。',
  'desk.relay.userFile': '客户给您发送了 {name}：[下载]({link})。',
  'desk.relay.diagnosis': '{machine} 新日志的分析结果：{error}。',
  'desk.relay.closureDeclined': '客户不同意结案：案例仍由您处理。',
  'desk.notThisTeam':
    '感谢您添加我。我只为指定的工程师团队处理支持案例，本团队不在其列，因此我不会在这里发言。如果您遇到 Windows 更新失败的问题，请直接与我私聊，或联系您的 IT 支持团队。',
  'desk.installed':
    '各位工程师好！需要工程师处理的案例会发布在这里。点击案例卡片上的“接手”即可接手案例，然后在卡片的回复中与用户沟通。每条回复请以 {mention} 开头：除非本团队允许我读取频道中的所有消息，否则 Teams 不会把没有 @提及 的回复转给我。回复 `帮助` 查看命令。',
  'desk.help':
    '案例回复中的命令：`接手`、`交回`（由机器人继续处理）、`结案`（请用户确认归档、填写调查问卷并生成总结）、`备注 <内容>`（内部备注，只记入时间线）、`优先级 P1`–`P4`、`时间线`、`发送 UpdateReset` / `发送 收集工具`（把文件发给用户）、`文件`（案例页面：下载用户上传的文件，或发送文件给用户；粘贴的截图会直接发给用户）。频道中任意位置：`队列`（未关闭的升级案例）。在您负责的案例回复中输入的其他内容都会转给用户。除非本团队允许我读取频道中的所有消息，否则每条回复请以 {mention} 开头（不然 Teams 不会把消息转给我）。',
  'desk.notEngineer': '抱歉 {name}，只有工程师可以处理案例（名单中的工程师；没有名单时为本团队的成员）。',
  'desk.noCaseHere': '找不到与此回复对应的案例。请在案例卡片下的回复中操作。',
  'desk.noCaseThread':
    '这个回复串不属于任何案例，这里的内容不会转给用户。处理案例请在案例卡片下的回复中操作（`队列` 可列出未关闭的案例）；要找我，请以 {mention} 开头。',
  'desk.mentionMe': '@提及我',
  'desk.mentionBot': '@提及机器人',
  'desk.noted': '已记入时间线（内部备注，用户看不到）。',
  'desk.priority': '优先级已设为 {priority}。',
  'desk.stillWaiting': '仍在等待工程师：案例 {caseNumber}，已等待 {waiting}。',
  'desk.alreadyTaken': '案例 {caseNumber} 已由 {name} 接手。',
  'desk.ended': '案例 {caseNumber} 已不在工程师处理中（已交回或已结案）。',
  'desk.taken':
    '{name} 已接手案例 {caseNumber}，已通知用户。在此回复中即可与用户沟通，每条回复请以 {mention} 开头（除非本团队允许我读取频道中的所有消息，否则 Teams 不会把没有 @提及 的回复转给我）。',
  'desk.endedReply':
    '案例 {caseNumber} 已不在工程师处理中（已交回或已结案）：这条消息没有转给用户。如果用户再次需要工程师，可以在其聊天中提出，案例会重新发布到这里。',
  'desk.notTakenReply':
    '案例 {caseNumber} 还没有人接手，所以这条消息没有转给用户。请先接手（卡片上的“接手”或 `接手`），再发送消息。',
  'desk.handedBack': '案例 {caseNumber} 已交回机器人，将从原来的步骤继续。',
  'desk.closing': '已请用户确认结束案例 {caseNumber}（归档确认、调查问卷），结案总结稍后会发在这里。',
  'desk.takeFirst': '案例 {caseNumber} 还没有人接手，请先接手。',
  'desk.notOwner': '此案例由 {name} 负责，只有其消息会转给用户。',
  'desk.queueEmpty': '目前没有未关闭的升级案例。',
  'desk.queueTitle': '未关闭的升级案例（{count}）：',
  'desk.queueWaiting': '{caseNumber} · {priority} · 已等待 {waiting} · {reason}',
  'desk.queueTaken': '{caseNumber} · {priority} · 由 {name} 处理 · {reason}',

  // 工程师的案例页面（src/http/engineer.ts），使用工程师的语言。
  'casePage.title': '案例 {caseNumber}：文件',
  'casePage.uploads': '用户上传的文件',
  'casePage.noUploads': '还没有上传。',
  'casePage.shared': '已发送给用户',
  'casePage.noneShared': '还没有发送任何文件。',
  'casePage.send': '给用户发送文件',
  'casePage.sendIntro':
    '拖到这里的文件会以 {name} 的名义发到用户的 Teams 聊天中：一对一聊天中作为文件发送，其他场合提供下载链接。',
  'casePage.takeFirst': '案例 {caseNumber} 还没有人接手：请先在 Teams 中接手，再发送文件。',
  'casePage.sent': '已把 {name} 发送给用户。',
  'casePage.tooLarge': '{name} 超过了 {limitMb} MB 的上限。',
  'casePage.empty': '{name} 是空文件。',
  'casePage.expires': '此链接有效期至 {expires}。在案例回复中输入 `文件` 可获取新链接。',
  'casePage.expired': '此链接已过期。请在 Teams 的案例回复中输入 `文件` 获取新链接。',
  'casePage.closed': '此案例已不在工程师处理中（已交回机器人或已结案）。',
  'casePage.invalid': '此链接无效。请在 Teams 的案例回复中输入 `文件` 获取新链接。',
};
