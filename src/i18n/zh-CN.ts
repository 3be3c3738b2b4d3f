/**
 * 简体中文消息。键与 en.ts 完全一致（类型 `Catalog` 由英文目录派生，缺少或多出的键都无法通过编译）。
 * 用语沿用真实案例：问题定义、问题范围、日志收集、上传、报错代码、组件库、案例。
 */
import type { Catalog } from './en';
import { zhCNClosure } from './zh-CN.closure';
import { zhCNDesk } from './zh-CN.desk';
import { zhCNEngineers } from './zh-CN.engineers';
import { zhCNReports } from './zh-CN.reports';
import { zhCNTimeline } from './zh-CN.timeline';
import { zhCNPlan } from './zh-CN.plan';

export const zhCN: Catalog = {
  ...zhCNClosure,
  ...zhCNDesk,
  ...zhCNEngineers,
  ...zhCNReports,
  ...zhCNTimeline,
  ...zhCNPlan,
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
    '下一步是日志收集（案例 {caseNumber}）。下面的卡片说明了如何在每台出问题的机器上收集日志，以及如何上传到本案例；上传不需要用户名或密码。',
  'logs.reminder':
    '当前步骤是日志收集：目前已收到 {received}/{expected} 台机器的日志。请按日志收集卡片操作：先重现安装失败，再以管理员身份运行 collect-logs.cmd，然后把 zip 作为附件发到这里，或通过上传链接上传。如有不清楚的地方，回复“帮助”即可。',
  'logs.faq.collector':
    '日志收集工具 collect-logs.cmd 的获取方法在下面日志收集卡片的第 2 步：一对一聊天中我会把它作为文件发给您（请点击接受）；如果被拦截，上传页面上也可以下载。每台出问题的机器都要运行一次，并上传它生成的 zip。',
  'logs.faq.password':
    '不需要用户名或密码。下面卡片上的上传链接只用于案例 {caseNumber}，打开即可上传（有效期写在卡片上）；也可以直接把 zip 作为附件发到这里。请不要在对话中发送任何密码。',
  'logs.faq.later': '好的，不着急。日志准备好后，用同一个链接上传或直接发到这里即可，我会在这里等您。',
  'logs.faq.laterSome':
    '好的，不着急。目前已收到 {received}/{expected} 台机器的日志，收到的会先分析；其余机器的日志准备好后，用同一个链接上传或直接发到这里即可。如果想先按已分析的机器处理，回复“先处理这一台”。',
  'logs.faq.analysisTime':
    '日志上传后通常几分钟内就会出分析结果，每台机器的结果我都会发到这里。目前已收到 {received}/{expected} 台机器的日志。',
  'logs.faq.kbApplies':
    '分析日志时我会核对 {kb} 是否适用于每台机器的 Windows 版本（内部版本号），结果写在分析结果卡片上。',
  'logs.faq.kbAppliesNoKb':
    '分析日志时我会核对补丁是否适用于每台机器的 Windows 版本（内部版本号），结果写在分析结果卡片上。',
  'logs.faq.ack': '好的。日志一到我就开始分析（目前已收到 {received}/{expected} 台机器的日志）。',
  'logs.contactNoted': '已更新案例的联系人：{contact}。',
  'stage.faq.scriptBlocked':
    '脚本被拦截时：我把它再发一次（在一对一聊天中请点击接受）；案例的上传页面上也有它的 .txt 副本，下载后把扩展名改为 .cmd 即可。“{title}”的操作步骤见上面的卡片。',
  'stage.faq.noScript': '“{title}”这一步不需要脚本，按上面卡片的操作步骤执行即可。',
  'stage.faq.impact':
    '“{title}”的影响写在上面卡片的“风险”部分（是否要重启、会不会删除应用或数据、大约多久）。请先按卡片做好备份，并安排在业务低峰期操作；如果仍有顾虑，可以回复“联系工程师”。',
  'stage.faq.working':
    '好的，等您的结果。“{title}”做完后告诉我“好了”或“还是失败”（有报错代码请一并发来），也可以直接上传新的日志。',
  'stage.otherKb':
    '您提到的 {kbs} 不是本案例的补丁。按问题范围，每个问题单独建立案例：本案例结束后回复“新案例”，我会为它另建案例（现在就要处理也可以联系工程师）。请先告诉我本案例的 {caseKb} 现在的情况：已经装上了请回复“好了”，仍然失败请回复“还是失败”。',
  'logs.faq.proceedNothing':
    '目前还没有收到任何一台机器的日志。请先上传至少一台机器的日志，分析出结果后就可以先按它处理。',
  'logs.proceeding':
    '好的，先按已分析的 {done} 台机器处理（原计划 {expected} 台）。其余机器的日志以后仍可用同一个链接上传，我会把它们加入本案例一起分析。',
  'logs.proceedNoted':
    '好的，已记下：不再等其余机器的日志。正在分析的日志（{reading} 份）一出结果，我就先按已分析的机器给出处理步骤，不用再说一遍。其余机器的日志以后仍可用同一个链接上传。',
  'logs.proceedingAsNoted':
    '日志分析完了。按您之前说的“先处理这一台”，先按已分析的 {done} 台机器处理（原计划 {expected} 台）。其余机器的日志以后仍可用同一个链接上传，我会把它们加入本案例一起分析。',
  'file.notYet': '已收到文件 {name}。我们先完成当前这一步，需要上传日志时我会告诉您。',
  'upload.fetching': '已收到文件 {name}，正在保存到案例中，完成后会通知您。',
  'file.forwarded': '已把 {name} 添加到您的案例中，供工程师查看。它不是日志包，所以我没有分析。',
  'file.kept':
    '已把 {name} 保存到您的案例中；如果之后需要工程师介入，他们能看到它。截图和文档我无法分析，请按日志收集卡片上传日志的 zip 包。',
  'upload.noUrl': '我看到了文件 {name}，但 Teams 没有提供下载方式。请通过日志收集卡片上的链接上传该文件。',
  'upload.received': '已收到上传的文件 {name}，正在分析，结果会发在这里。',
  'upload.duplicate':
    '这个文件（{name}）之前已经上传过，内容完全相同，没有新的内容需要分析。如果您想发送另一台机器的日志，请上传那台机器的 zip。',
  'upload.refused.case-full':
    '本案例的上传已达到 {limit} 的总量上限，因此没有接收 {name}。请只上传新的日志；如确需更多空间，请回复“工程师”。',
  'upload.refused.too-large':
    '{name} 超过了 {limitMb} MB 的上传上限。请只上传 collect-logs.cmd 在桌面生成的 zip。',
  'upload.refused.empty': '{name} 是空文件。请上传 collect-logs.cmd 在桌面生成的 zip。',
  'upload.refused.executable': '{name} 是程序或脚本，而不是日志，因此没有接收。请改为上传收集到的日志 zip。',
  'upload.refused.not-a-bundle':
    '{name} 不是日志包（日志的 .zip 或 .cab 压缩包，或 .log 文件）。请上传 collect-logs.cmd 在桌面生成的 zip。',
  'upload.refused.download-failed':
    '无法从 Teams 下载 {name}（{status}）。请重新发送附件，或使用日志收集卡片上的上传链接。',
  'upload.refused.expired-link':
    '上传 {name} 所用的链接已过期。我已在下面的日志收集卡片上提供了新链接，请用它重新上传。',
  'upload.refused.invalid-link':
    '上传 {name} 所用的链接无效。我已在下面的日志收集卡片上提供了新链接，请用它重新上传。',
  'upload.refused.revoked-link':
    '上传 {name} 所用的链接已被收回。我已在下面的日志收集卡片上提供了新链接，请用它重新上传。',
  'upload.refused.case-closed':
    '该链接所属的案例已经结束，因此没有接收 {name}。如果问题仍未解决，请在这里回复“重新打开”继续原案例；如果是新的问题，请回复“新案例”。',
  'upload.refused.other': '无法接收 {name}。请通过日志收集卡片上的链接重试；如果仍然失败，请在这里告诉我。',
  'diagnosis.failed.not-found': '已存储的文件 {name} 找不到了，请重新上传。',
  'diagnosis.failed.not-archive':
    '{name} 不是可读取的 .zip 或 .cab 压缩包。请上传 collect-logs.cmd 在桌面生成的 zip，或右键日志文件夹选择“发送到 > 压缩(zipped)文件夹”后上传。',
  'diagnosis.failed.empty': '{name} 中没有日志文件。请重新运行 collect-logs.cmd，并上传它生成的 zip。',
  'diagnosis.failed.too-many-entries':
    '{name} 中的文件数量远超一次日志收集的正常数量。请只上传 collect-logs.cmd 生成的 zip。',
  'diagnosis.failed.too-large': '{name} 解压后超过了日志的大小上限。请只上传 collect-logs.cmd 生成的 zip。',
  'diagnosis.failed.bomb':
    '{name} 解压后的大小远超正常日志（可能是压缩炸弹），因此没有打开。请上传 collect-logs.cmd 生成的 zip。',
  'diagnosis.failed.too-deep': '{name} 中的压缩包嵌套层数过多。请把日志放进一个 zip 后上传。',
  'diagnosis.failed.unsafe-name':
    '{name} 中含有指向压缩包以外位置的文件名，因此没有打开。请用 collect-logs.cmd 重新收集日志。',
  'diagnosis.failed.encrypted': '{name} 设置了密码。请去掉密码后上传；上传链接本身已保证文件只进入本案例。',
  'diagnosis.failed.truncated': '{name} 已损坏或不完整（可能上传被中断）。请重新上传。',
  'diagnosis.failed.executable': '{name} 中包含的是程序或脚本而不是日志。请上传收集到的日志 zip。',
  'diagnosis.failed.unsupported':
    '{name} 使用了无法读取的压缩方式。请用 Windows 的“发送到 > 压缩(zipped)文件夹”重新压缩后上传。',
  'diagnosis.failed.cab-unavailable':
    '服务器目前无法读取 .cab 文件 {name}。请改为上传 .log 文件，或 collect-logs.cmd 生成的 zip。',
  'diagnosis.failed.no-usable-logs':
    '在 {name} 中没有找到可用的日志，缺少：{missing}。请在该机器上重现安装失败，以管理员身份运行 collect-logs.cmd（它会收集这些日志），然后上传它在桌面生成的 zip。',
  'diagnosis.failed.other':
    '无法分析 {name}。请用 collect-logs.cmd 重新收集日志并上传新的 zip；如果仍然失败，可以要求工程师协助。',
  'diagnosing.inProgress': '日志还在分析中（{count} 个上传正在处理），每有一个结果我都会立即发在这里。',
  'diagnosis.progress':
    '已完成 {done}/{expected} 台机器的日志分析。其余机器的日志到齐后，我会告诉您它们的失败原因是否相同。',
  'diagnosis.complete':
    '案例 {caseNumber} 的日志分析已完成：上面的卡片列出了报错代码、原因、日志证据和建议的下一步。',
  'diagnosis.sameCause': '这 {count} 台机器的失败原因相同：{reason}',
  'diagnosis.differentCauses':
    '这 {count} 台机器的失败原因不同，请分别查看上面每张卡片中的原因和下一步建议。',
  'diagnosis.inconclusive':
    '在案例 {caseNumber} 的日志中没有找到可以确定原因的失败记录。请重现安装失败后补充上传日志，或要求工程师协助。',
  'diagnosed.reminder':
    '案例 {caseNumber} 的日志分析结果和建议的下一步在上面的卡片中。您可以随时补充上传日志（直接发送附件或点击“补充上传日志”），也可以点击“联系工程师”。',
  'engineer.noted':
    '已请技术支持工程师接手案例 {caseNumber}，目前的全部信息都会一并转交。工程师会加入这个对话；在此之前我会继续在这里协助您，您可以继续当前步骤或补充上传日志。',
  'engineer.autoEscalated':
    '我也已请技术支持工程师查看案例 {caseNumber}，工程师会加入这个对话。在此期间您可以补充上传日志，或继续在这里处理。',
  'engineer.joined':
    '技术支持工程师 {name} 已接手案例 {caseNumber} 并加入本对话。请像平时一样在这里回复：您的消息和文件都会转给 {name}。',
  'engineer.says': '{name}（工程师）：{text}',
  'engineer.continues': '好的，案例暂不归档，{name}（工程师）会继续与您一起处理。',
  'engineer.sentFile': '{name}（工程师）给您发送了一个文件：',
  'engineer.handedBack': '{name} 已将案例交回给我，我们从上次的步骤继续。',
  'engineer.closing': '{name} 建议结束本案例。',
  'withEngineer.cardIgnored': '目前由工程师（{name}）处理本案例，请直接在对话中回复，消息会转给工程师。',
  'case.resumed': '好的，我们继续处理案例 {caseNumber}。',
  'case.archived':
    '案例 {caseNumber} 已归档。归档并不代表支持结束，如有需要可以随时重新打开。现在我们来建立一个新的案例。',
  'language.switched': '好的，接下来我用中文和您沟通。',
  'nudge.problem':
    '打扰一下：上面的问题定义还在等您确认。如有需要修改的地方直接回复即可，您方便时再处理也没关系。',
  'nudge.scope':
    '打扰一下：问题范围还在等您确认。同意的话请点击卡片上的“同意，继续”；如有不同意见，请尽快告诉我们。',
  'nudge.logs':
    '打扰一下：案例 {caseNumber} 目前已收到 {received}/{expected} 台机器的日志。您方便时，请按日志收集卡片上的说明收集并上传日志。',
  'nudge.diagnosed':
    '打扰一下：案例 {caseNumber} 的日志中没有找到可以确定原因的失败记录。能否重现安装失败后重新上传日志？或者需要工程师来查看？',
  'nudge.remediation':
    '案例 {caseNumber} 有进展吗？我们目前在“{title}”这一步。请告诉我结果：已经好了、还是失败，或者这一步无法执行。',
  'nudge.verify': '案例 {caseNumber} 有进展吗？您可以上传重试后的新日志，由我来对比；也可以直接进行下一步。',
  'nudge.exhausted':
    '打扰一下：案例 {caseNumber} 已转给工程师处理。如果情况有变化（已经安装成功，或出现新的报错），请在这里告诉我。',
  'nudge.closing': '打扰一下：案例 {caseNumber} 可以归档了吗？请在上面的卡片中回复。',
  'nudge.monitoring':
    '案例 {caseNumber} 有新的情况吗？如果更新一直安装正常，告诉我即可归档案例；如果再次失败，也请告诉我。',
  'followUp.stillNeedHelp':
    '有一段时间没有收到您关于案例 {caseNumber} 的回复了。还需要帮助吗？直接在这里回复，我们从上次的步骤继续。',
  'followUp.archiveWarning':
    '案例 {caseNumber} 已经有一段时间没有回复了。如果您没有回复，我们将在 {days} 天后将案例归档。归档并不代表支持结束，您可以随时重新打开案例。',
  'followUp.archived':
    '由于一直没有收到回复，我们已将案例 {caseNumber} 归档。归档并不代表支持结束：随时回复“重新打开”，我们会从上次的步骤继续。',
  'remediation.intro':
    '针对案例 {caseNumber}，我建议按从轻到重的顺序分 {count} 步处理。下面是第一步。操作后请通过卡片上的按钮或直接用文字告诉我结果（例如“好了”“还是失败”“这一步做不了”）。',
  'remediation.skipped': '好的，跳过这一步。下面是下一步。',
  'remediation.reminder':
    '我们目前在“{title}”这一步。操作后请告诉我结果：“好了”、“还是失败”（如有报错代码请一并发给我）或“这一步做不了”。您也可以要求工程师协助。',
  'plan.sourceSaid.wsus': '已记下：这些终端走行内 WSUS 更新。下面的步骤按此调整。',
  'plan.sourceSaid.offline': '已记下：这些终端不能访问外网，也没有更新服务器（离线）。下面的步骤按此调整。',
  'plan.sourceSaid.internet': '已记下：这些终端直接从互联网上的 Windows Update 更新。下面的步骤按此调整。',
  'plan.logsSay.wsus':
    '谢谢。不过日志显示这些终端的更新策略是走 WSUS 服务器，所以步骤仍按日志给出。如果策略后来改过，请上传新日志，我会按新日志调整。',
  'plan.logsSay.offline':
    '谢谢。不过日志显示这些终端没有配置更新服务器（离线），所以步骤仍按日志给出。如果后来有变化，请上传新日志，我会按新日志调整。',
  'plan.logsSay.internet':
    '谢谢。不过日志显示这些终端的更新策略是直接从互联网上的 Windows Update 更新，所以步骤仍按日志给出。如果策略后来改过，请上传新日志，我会按新日志调整。',
  'plan.noMedia': '已记下：没有安装介质，{count, plural, other {第 {numbers} 步}}（{titles}）先跳过。',
  'plan.hasMedia': '已记下：有安装介质了，{count, plural, other {第 {numbers} 步}}（{titles}）重新放回计划。',
  'remediation.exhausted':
    '我能建议的步骤在案例 {caseNumber} 中都已经尝试过了。我已将案例连同目前的全部信息转给技术支持工程师，工程师会加入这个对话。在此期间如有任何变化，请在这里告诉我。',
  'exhausted.reminder':
    '案例目前由工程师处理。如果更新最终安装成功了，请回复“好了”；如果希望按现状结束案例，请回复“不”，我会发起归档。',
  'verify.ask':
    '很抱歉，问题仍然存在。为了确认变化，您可以上传重试后的新日志（同一个收集工具、同一个链接），我会与第一次的分析结果进行对比；也可以直接进行下一步。',
  'verify.differentCode':
    '谢谢。{code} 与第一次分析出的报错代码不同，失败的原因可能已经变化。请上传重试后的新日志以便分析，或者直接进行下一步。',
  'verify.sendLogs':
    '请重现安装失败，重新运行日志收集工具，然后通过下面的链接上传新的压缩包（或直接在这里发送附件）。我会将其与案例 {caseNumber} 第一次的分析结果进行对比。',
  'verify.reminder':
    '请在上面的卡片中选择：上传新日志进行对比、进行下一步，或联系工程师。如果现在已经正常了，直接告诉我即可。',
  'compare.clean': '好消息：{machine} 的新日志中已经没有更新失败的记录了。我们来确认一下是否可以归档案例。',
  'compare.lacking':
    '{machine} 的新日志中没有更新失败的记录，但其中没有 {log}，而之前的失败正是记录在 {log} 中，所以无法据此判断上一步是否有效。请在该机器上重试安装后用日志收集工具重新收集并上传，或直接告诉我结果。',
  'compare.noFailure':
    '{machine} 的日志中没有更新失败的记录，但之前分析过的日志中 {machine} 并没有失败，所以无法据此判断上一步是否有效。请告诉我出现失败的机器现在能否安装更新，或上传它们的新日志。',
  'compare.same':
    '{machine} 的新日志中仍然是 {code}，与之前的报错相同：上一步没有修复这个问题。我们继续下一步。',
  'compare.different':
    '{machine} 的新日志中出现了不同的报错：{after}（之前是 {before}）。失败的原因已经变化，我已相应调整了处理步骤。',
  'closure.archived':
    '谢谢。案例 {caseNumber} 已归档。归档并不代表支持结束，随时回复“重新打开”即可继续。能否花几秒钟为我们的支持打个分？',
  'closure.notYet': '好的，案例继续保持打开。可以归档时请告诉我；如果更新再次失败，也请告诉我。',
  'closing.reminder':
    '请在上面的卡片中回复：是否可以归档案例（“是”）或暂不归档（“不”）？如果再次失败，直接告诉我即可。',
  'survey.thanks': '感谢您的反馈！下面是本案例的案例总结。',
  'survey.thanksLow':
    '感谢您坦诚的反馈。我已转告技术支持工程师，他们会查看这个案例。下面是本案例的案例总结。',
  'survey.reminder': '请在卡片上选择 1 到 5 分（或直接回复数字），也可以回复“跳过”。',
  'case.closed': '案例 {caseNumber} 已按以上总结归档。如果问题再次出现，回复“重新打开”，我们从这里继续。',
  'case.cancelled':
    '案例 {caseNumber} 已取消并关闭。如需继续，请回复“重新打开”；如有其他问题，直接描述即可。',
  'case.paused': '好的，案例 {caseNumber} 已暂停，我不会再发送提醒。准备好后请回复“继续”。',
  'case.reopened': '案例 {caseNumber} 已重新打开，我们从上次的步骤继续。',
  'frozen.sentAgain': '这张卡片已在下方重新发送，请使用新的卡片。',
  'frozen.caseEnded': '案例 {caseNumber} 已结束，本对话已开始新的案例：这张卡片上的按钮已失效。',
  'card.otherCase':
    '这张卡片属于已结束的案例 {caseNumber}，上面的按钮已不再有效。我们现在处理的是案例 {current}。',
  'card.otherCaseNone':
    '这张卡片属于已结束的案例 {caseNumber}，上面的按钮已不再有效。如果问题又出现了，请直接在这里描述，我会新建案例（工程师可以凭案例号 {caseNumber} 查到之前的记录）。',
  'card.otherCaseReopen':
    '案例 {caseNumber} 已归档，而这个对话现在处理的是案例 {current}，所以无法从这张卡片重新打开 {caseNumber}。如果 {caseNumber} 的问题又出现了，请在案例 {current} 结束后描述该问题，或回复“转人工”由工程师处理（工程师可以凭案例号 {caseNumber} 查到之前的记录）。',
  'case.notArchived': '案例 {caseNumber} 目前是打开状态，无需重新打开。我们继续当前步骤。',
  'archived.hint':
    '案例 {caseNumber} 已归档。回复“重新打开”可继续处理；如有新的问题，直接描述即可建立新案例。',
  help: '我可以协助处理 Windows 更新/补丁安装失败的问题：整理问题定义、确认问题范围、指导日志收集和上传、分析日志，并按从轻到重的顺序分步给出修复建议，直到更新安装成功。任何时候都可以回复：“工程师”（转给技术支持工程师）、“总结”（查看案例进展）、“暂停”（不再提醒）、“继续”、“取消”（关闭案例）、“重新打开”、“新案例”，或回复“English”切换为英文。',
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
  'card.problem-definition.contactAskAddress':
    '您提供了联系人 {contact}，但没有电话或邮箱。如果工程师可能需要致电，请在这里补充，也可以直接在对话中发给我。',
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

  'card.log-collection.title': '日志收集',
  'card.log-collection.intro':
    '请在每台出现问题的机器上（本案例共 {machineCount} 台）按以下步骤操作，大约需要十分钟。',
  'card.log-collection.stepReproduce': '1. 重现一次故障：再安装一次该补丁，让它失败一次，之后保持机器现状。',
  'card.log-collection.stepGetCollector':
    '2. 获取日志收集工具：在一对一聊天中，我会在这张卡片之后发送它（请点击接受）；上传页面上也可以下载（“下载本案例的日志收集工具”）。请在出问题的机器上把它解压到同一个文件夹中。',
  'card.log-collection.stepRun':
    '3. 右键单击 collect-logs.cmd，选择“以管理员身份运行”。工具只读取信息，不会改动机器，完成后会在桌面生成一个以机器名和日期命名的 zip 文件。',
  'card.log-collection.stepUpload': '4. 用以下任一方式上传 zip：',
  'card.log-collection.uploadChat': '- 在与我的一对一聊天中：直接把 zip 作为附件发到这里。',
  'card.log-collection.uploadLink': '- 在频道中或使用世纪互联版 Teams 时：点击下面的按钮打开上传链接。',
  'card.log-collection.uploadCollector':
    '- 也可以让收集工具自动上传：双击工具包中的 collect-and-upload.cmd（在管理员提示中选择“是”），或在以管理员身份打开的命令提示符中这样运行：',
  'card.log-collection.linkExpiry':
    '该链接仅用于案例 {caseNumber}，有效期至 {uploadExpires}。上传不需要用户名或密码，请不要在对话中发送任何密码。',
  'card.log-collection.receivedLine': '已收到：{receivedCount}/{machineCount} 台机器的日志',
  'card.log-collection.statusReceived': '已收到，正在分析',
  'card.log-collection.statusDiagnosed': '已分析',
  'card.log-collection.statusFailed': '无法使用，请重新上传',
  'card.log-collection.openUpload': '打开上传链接',
  'card.log-collection.fallback':
    '案例 {caseNumber} 的日志收集：请先重现安装失败，以管理员身份运行 collect-logs.cmd，然后把 zip 作为附件发到这里，或通过链接 {uploadUrl} 上传（有效期至 {uploadExpires}）。',

  'card.diagnosis.title': '日志分析结果：{machine}',
  'card.diagnosis.decisiveError': '报错代码',
  'card.diagnosis.causeTitle': '原因',
  'card.diagnosis.evidenceTitle': '日志证据',
  'card.diagnosis.machine': '机器',
  'card.diagnosis.osBuild': 'OS 内部版本',
  'card.diagnosis.updateSource': '更新来源',
  'card.diagnosis.updateServer': '更新服务器',
  'card.diagnosis.sourceWsus': 'WSUS 服务器',
  'card.diagnosis.sourceWindowsUpdate': 'Windows 更新（互联网）',
  'card.diagnosis.sourceOffline': '离线（无更新服务器）',
  'card.diagnosis.kbTitle': '补丁 {kbNumber}',
  'card.diagnosis.kbWrongBuild': '{kbNumber} 不适用于这台机器的 Windows 版本。',
  'card.diagnosis.missingTitle': '上传内容中缺少的日志',
  'card.diagnosis.nextTitle': '建议的下一步',
  'card.diagnosis.noFailure': '在这些日志中没有找到可以确定原因的失败记录。',
  'card.diagnosis.noFailureHelp':
    '包含失败过程的日志最有帮助：请重现安装失败，重新收集日志后补充上传，或联系工程师。',
  'card.diagnosis.moreLogs': '补充上传日志',
  'card.diagnosis.engineer': '联系工程师',
  'card.diagnosis.fallback':
    '机器 {machine}（案例 {caseNumber}）的日志分析结果已出：包括报错代码、原因、日志证据和建议的下一步。回复“帮助”可查看可选操作。',

  'card.progress.title': '正在分析 {name}',
  'card.progress.stageReceived': '已收到，等待开始',
  'card.progress.stageUnpacking': '正在解压',
  'card.progress.stageParsing': '正在读取日志',
  'card.progress.stageDone': '分析完成',
  'card.progress.stageFailed': '分析失败',
  'card.progress.percent': '已完成 {percent}%',
  'card.progress.file': '正在读取 {file}',
  'card.progress.fallback': '正在分析案例 {caseNumber} 的 {name}：已完成 {percent}%。',

  // 机器人发送的文件（src/uploads/files.ts）：一对一聊天中用文件发送确认卡片，其他场合用替代方式。
  'file.collectorKit.description':
    '案例 {caseNumber} 的日志收集工具：解压后双击 collect-and-upload.cmd。它只读取更新日志并上传到本案例，不会修改系统。',
  'file.updateReset.description':
    'UpdateReset.cmd 用于重置 Windows 更新组件。请以管理员身份运行，完成后需要重启机器。',
  'file.collectorKit.sent':
    '这是 {name}。请在每台出问题的机器上把其中所有文件解压到同一个文件夹，然后双击 collect-and-upload.cmd（在管理员提示中选择“是”）：它会收集更新日志并上传到案例 {caseNumber}。',
  'file.updateReset.sent':
    '这是 {name}。请在出问题的机器上右键单击它，选择“以管理员身份运行”，运行完成后重启机器。',
  'file.collectorKit.fallback':
    '案例 {caseNumber} 的日志收集工具也可以在这里下载：[collect-logs-{caseNumber}.zip]({collectorUrl})\n\n请在每台出问题的机器上解压，然后双击 collect-and-upload.cmd。如果机器上已经有 collect-logs.cmd，也可以在它所在的文件夹中以管理员身份打开命令提示符，运行：\n```\ncollect-logs.cmd -UploadUrl "{apiUrl}" -CaseNumber {caseNumber}\n```',
  'file.updateReset.fallback':
    'UpdateReset.cmd 用于重置 Windows 更新组件。可以在这里下载它的文本副本：[UpdateReset.txt]({txtUrl})\n\n保存后把 UpdateReset.txt 重命名为 UpdateReset.cmd，然后右键单击它，选择“以管理员身份运行”，完成后重启机器。脚本内容如下，可供核对或复制：\n```\n{script}\n```',
  'file.shared.description': '{engineer}（工程师）为案例 {caseNumber} 发送的 {name}。',
  'file.shared.sent': '这是 {engineer} 发送的 {name}。',
  'file.shared.fallback': '{engineer}（工程师）为案例 {caseNumber} 给您发送了 {name}：[下载 {name}]({url})',
  'file.gone': '该文件已不可用。请让工程师重新发送。',
  'file.declined': '好的，我不会以文件形式发送 {name}。',
  'file.uploadFailed': '无法通过 Teams 发送 {name}。',

  // 上传页面和上传接口的回复（src/http/uploads.ts）。
  'uploadPage.title': '为案例 {caseNumber} 上传日志',
  'uploadPage.intro':
    '请把 collect-logs.cmd 在桌面上生成的压缩包（每台机器一个）拖到这里，或点击选择文件。无需账号或密码：此链接仅用于本案例。',
  'uploadPage.drop': '把文件拖到这里，或点击选择',
  'uploadPage.limit': '每个文件最大 {limitMb} MB',
  'uploadPage.expires': '此链接有效期至 {expires}。',
  'uploadPage.script': '通过脚本或日志收集工具上传：',
  'uploadPage.collector': '下载本案例的日志收集工具',
  'uploadPage.collectorHint':
    '在出现问题的机器上解压，双击 collect-and-upload.cmd：它会收集日志并上传到这里，不会修改系统。',
  'uploadPage.uploading': '正在上传……',
  'uploadPage.failed': '上传失败，请重试',
  'uploadPage.received': '已收到 {name}。分析结果会显示在您与机器人的 Teams 对话中。',
  'uploadPage.duplicate': '本案例已经有完全相同的文件（{name}），无需重复分析。',
  'uploadPage.unavailable': '无法上传',
  'uploadPage.error': '我们这边出了点问题。请几分钟后重试，或在 Teams 中告诉机器人。',
  'uploadPage.tooLarge': '超过了 {limitMb} MB 的上限',
  'uploadPage.expired': '此上传链接已过期。请在 Teams 中向机器人索取新链接：日志收集卡片上会显示新的链接。',
  'uploadPage.revoked': '此上传链接已被撤销。请在 Teams 中向机器人索取新链接。',
  'uploadPage.closed':
    '此链接所属的案例已结束。如果问题仍未解决，请在 Teams 中向机器人回复“重新打开”，原案例会从上次的步骤继续，并给出新的上传链接。',
  'uploadPage.invalid': '此上传链接无效。请按机器人发送的原样打开链接，或在 Teams 中向机器人索取新链接。',
};
