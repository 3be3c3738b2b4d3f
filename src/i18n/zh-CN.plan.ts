/**
 * 为 #13 遗留问题新增的中文消息：补救过程中用户说的、不改变计划但需要回应的话，因没有安装介质而做不了的步骤，
 * 案例之外的机器或未写主机名的新日志，以及相应的时间线事件。并入中文目录（zh-CN.ts）。
 */
import type { enPlan } from './en.plan';

export const zhCNPlan: Record<keyof typeof enPlan, string> = {
  'plan.sourceAgrees.wsus': '已记下：这些终端走行内 WSUS 更新。当前的步骤已经是按 WSUS 给出的，计划不变。',
  'plan.sourceAgrees.offline':
    '已记下：这些终端离线（不能上外网，也没有更新服务器）。当前的步骤已经是按离线环境给出的，计划不变。',
  'plan.sourceAgrees.internet':
    '已记下：这些终端直接从互联网上的 Windows Update 更新。当前的步骤已经是按此给出的，计划不变。',
  'plan.noMediaNeedless': '已记下：没有安装介质。剩下的步骤都不需要安装介质，计划不变。',
  'remediation.skippedForMedia':
    '好的，没有安装介质，这一步先跳过。拿到与系统版本对应的安装介质后告诉我（例如“拿到安装盘了”），我们再回到这一步。下面是下一步。',
  'timeline.event.noMediaNoted': '说明没有安装介质；剩下的步骤都不需要。',
  'compare.newMachine':
    '这些新日志来自 {machine}，它原来不在本案例的终端中，报错 {after}。我已把 {machine} 加入案例，它的结果单独记录；其他终端仍在第 {number} 步。请在 {machine} 上也执行第 {number} 步，然后告诉我结果。',
  'closure.withdrawnNewMachine':
    '{machine} 的新日志显示更新仍然失败（{after}），它原来不在本案例的终端中。我已把 {machine} 加入案例，并撤回了归档的提议：其他终端已经通过第 {number} 步“{title}”解决，请在 {machine} 上也执行这一步（见下面的卡片），然后告诉我结果。',
  'timeline.event.comparedNewMachine': '{machine}（原来不在案例中的机器）的日志：{after}；已加入案例。',
  'desk.relay.planResumed':
    '客户说：“{text}”。第 {number} 步“{title}”又可以做了，机器人已把案例带回这一步，继续与客户处理。案例仍在工程师队列中，如需亲自跟进请接手。',
  'cli.purged': '{caseNumber}：已删除 {removed} 个上传的日志包；上传链接已作废；分析结果保留',
  'logsMachine.unclear':
    '我没能看出这些日志来自哪台终端。请在下面的卡片中选择，或直接回复它的计算机名或名称末尾的编号（例如“{example}”）；本案例的终端是 {machines}。如果来自案例之外的机器，请回复“另一台”。',
  'logsMachine.unknown':
    '“{said}”对不上本案例的某一台终端（{machines}）。请在下面的卡片中选择，或直接回复它的计算机名或名称末尾的编号（例如“{example}”）；如果日志来自案例之外的机器，请回复“另一台”。',
  'card.logs-machine.title': '这些日志来自哪台终端？',
  'card.logs-machine.caseLine': '案例 {caseNumber}',
  'card.logs-machine.ask':
    '新上传的日志（{name}）里没有写明计算机名，而本案例有 {machines}。请选择这些日志来自哪台终端，我会与它之前的日志对比。',
  'card.logs-machine.other': '另一台机器',
  'card.logs-machine.answeredMachine': '来自 {chosen}：已与它之前的日志对比。',
  'card.logs-machine.answeredOther': '来自案例之外的另一台机器：已作为单独的一台记录。',
  'card.logs-machine.fallback':
    '案例 {caseNumber}：新上传的日志（{name}）没有写明计算机名。请告诉我它来自哪台终端（{machines}，或另一台机器）。',
};
