/**
 * 简体中文消息。键与 en.ts 完全一致（类型 `Catalog` 由英文目录派生，缺少或多出的键都无法通过编译）。
 * 用语沿用真实案例：问题定义、问题范围、日志收集、上传、报错代码、组件库、案例。
 */
import type { Catalog } from './en';

export const zhCN: Catalog = {
  welcome:
    '您好！我是 Windows 更新技术支持助手，专门协助处理 Windows 更新/补丁安装失败的问题：我们一起完成问题定义，然后进行日志收集和上传，由我分析日志并分步给出建议操作，全程都在这个对话中完成。',
  'problem.ask':
    '请描述一下您遇到的问题，最好包括：哪个补丁（KB 编号）安装失败、报错代码、受影响的机器数量、操作系统版本，以及从什么时候开始出现。',
  'problem.needDetails':
    '为了建立案例，我还需要多一点信息，例如补丁的 KB 编号、报错代码（如 0x80073712）以及受影响的机器数量。',
  'case.opened':
    '已为您建立案例 {caseNumber}，并根据您的描述整理了问题定义。请核对下面的卡片，修改或补充后点击“确认”。',
  'problem.updated': '问题定义已更新，请您再核对一下。',
  'problem.askCorrection': '请告诉我需要修改哪里，也可以直接在卡片上修改后点击“确认”。',
  'problem.confirmed': '谢谢，问题定义已确认。下面是本案例的问题范围，请您确认。',
  'scope.accepted': '谢谢，问题范围已确认。',
  'scope.correctionNoted': '已记录您的意见并更新了问题范围，请您再看一下。',
  'scope.askCorrection': '请告诉我问题范围需要如何调整，可以直接回复，也可以写在卡片的意见栏里。',
  'logs.instructions':
    '下一步是日志收集。请在一台出现问题的机器上重现一次安装失败（再安装一次该补丁），之后保持机器现状。日志收集工具和案例 {caseNumber} 专用的上传链接我会在这里提供给您；工具会为每台机器生成一个压缩包，上传不需要共享账号密码。',
  'logs.reminder':
    '当前步骤是日志收集：请先在出问题的机器上重现安装失败，然后按说明收集并上传日志。如有不清楚的地方，回复“帮助”即可。',
  'logs.fileNoted':
    '已收到文件 {name}。目前还无法在对话中直接分析上传的日志，请先保留该文件，稍后我会告诉您如何提交。',
  'file.notYet': '已收到文件 {name}。我们先完成当前这一步，需要上传日志时我会告诉您。',
  'case.resumed': '好的，我们继续处理案例 {caseNumber}。',
  'case.archived':
    '案例 {caseNumber} 已归档。归档并不代表支持结束，如有需要可以随时重新打开。现在我们来建立一个新的案例。',
  'language.switched': '好的，接下来我用中文和您沟通。',
  'nudge.problem':
    '打扰一下：上面的问题定义还在等您确认。如有需要修改的地方直接回复即可，您方便时再处理也没关系。',
  'nudge.scope':
    '打扰一下：问题范围还在等您确认。同意的话请点击卡片上的“同意，继续”；如有不同意见，请尽快告诉我们。',
  help: '我可以协助处理 Windows 更新/补丁安装失败的问题：整理问题定义、确认问题范围、指导日志收集和上传、分析日志，并按从轻到重的顺序给出修复建议。回复“English”可切换为英文，回复“新案例”可建立新的案例。',
  notUnderstood: '抱歉，这句话我没有完全理解。下面是我们当前的步骤；回复“帮助”可查看我能做什么。',
  'card.expired': '这张卡片对应的步骤已经完成了。请使用最新的卡片，或直接在对话中回复。',

  'system.reset': '抱歉，由于机器人升级，之前的对话进度无法恢复，我们需要从头开始。您的案例记录不受影响。',
  'system.error':
    '抱歉，处理您的消息时出现了问题。请稍后再试；如果问题持续出现，请把参考编号 {reference} 提供给工程师。',

  'card.common.caseLine': '案例编号：{caseNumber}',
  'card.common.os': '操作系统/产品',
  'card.common.kbNumbers': '补丁（KB）',
  'card.common.errorCodes': '报错代码',
  'card.common.machineCount': '受影响机器数量',
  'card.common.since': '开始时间',
  'card.common.impact': '业务影响',
  'card.common.contact': '联系人',
  'card.common.description': '问题描述',

  'card.greeting.title': '欢迎回来',
  'card.greeting.text': '您有一个尚未结束的案例 {caseNumber}。要继续处理这个案例，还是建立一个新案例？',
  'card.greeting.continue': '继续这个案例',
  'card.greeting.new': '建立新案例',
  'card.greeting.fallback':
    '您有一个尚未结束的案例 {caseNumber}。回复“继续”继续处理，或回复“新案例”建立新的案例。',

  'card.problem-definition.title': '问题定义',
  'card.problem-definition.intro': '我根据您的描述整理了问题定义，请逐项核对，补充缺少的信息后点击“确认”。',
  'card.problem-definition.confirmedNote': '已确认的问题定义：',
  'card.problem-definition.osPlaceholder': '例如：Windows 10 企业版 LTSC 2019（1809）',
  'card.problem-definition.kbPlaceholder': '例如：KB5011503',
  'card.problem-definition.errorPlaceholder': '例如：0x80073712',
  'card.problem-definition.machinePlaceholder': '机器数量',
  'card.problem-definition.sincePlaceholder': '例如：从昨天开始，或 2022-05-19',
  'card.problem-definition.impactPlaceholder': '例如：网点两台柜面终端无法使用',
  'card.problem-definition.contactPlaceholder': '姓名及电话或邮箱',
  'card.problem-definition.descriptionPlaceholder': '用您自己的话描述问题现象',
  'card.problem-definition.confirm': '确认',
  'card.problem-definition.fallback':
    '案例 {caseNumber} 的问题定义：回复“确认”即可确认，或直接写出需要修改的地方。',

  'card.scope.title': '问题范围',
  'card.scope.intro': '本案例处理以下问题：',
  'card.scope.statementHelp': '我们将协助您分析这个问题。',
  'card.scope.statementClose': '如果问题得到解决、确认为产品设计如此，或涉及第三方产品，我们将结束本案例。',
  'card.scope.statementSplit': '如果出现多个问题，我们会为每个问题分别建立案例。',
  'card.scope.statementDisagree': '如果您对上述问题范围有不同意见，请尽快告诉我们。',
  'card.scope.correctionsTitle': '您已提出的修改意见：',
  'card.scope.acceptedNote': '您已同意此问题范围。',
  'card.scope.commentLabel': '有需要修改的地方吗？',
  'card.scope.commentPlaceholder': '例如：是三台终端，不是两台',
  'card.scope.accept': '同意，继续',
  'card.scope.correct': '提交修改意见',
  'card.scope.fallback':
    '案例 {caseNumber} 的问题范围：我们将协助您分析这个问题；如果问题得到解决、确认为产品设计如此或涉及第三方，我们将结束案例；多个问题将分别建立案例。回复“同意”确认，或直接写出您的修改意见。',
};
