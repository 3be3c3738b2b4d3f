/** Renders a case diagnosis for people, in English or Simplified Chinese: the decisive error in plain words,
 * its cause, the log lines that prove it, machine facts, KB applicability, missing logs and the first step. */
import type { Knowledge } from '../knowledge/index';
import type { LogFormat } from './types';
import type { RankedFinding } from './engine';
import type { CaseResult, MachineResult } from './diagnose';

export type ReportLang = 'en' | 'zh-CN';

const T = {
  en: {
    title: (n: number) => `Diagnosis of ${n} machine${n === 1 ? '' : 's'}`,
    common: 'Common cause',
    onMachines: 'on',
    noCommon: 'The machines do not share one decisive cause.',
    machine: 'Machine',
    host: 'host',
    windows: 'Windows',
    build: 'build',
    unknownBuild: 'OS build unknown',
    source: 'Update source',
    sources: { wsus: 'WSUS', 'windows-update': 'Windows Update', offline: 'offline', unknown: 'unknown' },
    proxyDirect: 'WinHTTP proxy: direct access',
    proxy: 'WinHTTP proxy',
    decisive: 'Decisive error',
    noCode: '(no error code)',
    meaning: 'Meaning',
    cause: 'Cause',
    rule: 'Rule',
    confidence: 'confidence',
    lines: (n: number) => `${n} matching line${n === 1 ? '' : 's'}`,
    evidence: 'Evidence',
    details: 'Details',
    alsoFound: 'Also found',
    earlier: 'Earlier logs of this host',
    earlierNone: 'no decisive error',
    kb: 'Update',
    verdicts: {
      applies: 'applies to this machine',
      'wrong-build': 'is for a different Windows version',
      unknown: 'applicability unknown',
    },
    kbFrom: { option: 'named by the user', logs: 'named in the logs' },
    missing: 'Logs not in the bundle',
    firstStep: 'Suggested first step',
    nothing: 'Nothing conclusive was found in the logs.',
    suspicious: 'Most suspicious error lines',
    times: (n: number) => `(${n}×)`,
    files: 'Files read',
    logNames: {
      cbs: 'CBS.log',
      windowsupdate: 'WindowsUpdate.log',
      'windowsupdate-classic': 'WindowsUpdate.log',
      dism: 'dism.log',
      eventlog: 'event logs (System, Setup)',
      systeminfo: 'systeminfo output',
      reportingevents: 'ReportingEvents.log',
      panther: 'Panther setupact.log / setuperr.log',
      gpresult: 'gpresult',
      ipconfig: 'ipconfig /all',
      'winhttp-proxy': 'netsh winhttp show proxy',
      hotfixes: 'installed updates list',
      unknown: 'other',
    } as Record<LogFormat, string>,
  },
  'zh-CN': {
    title: (n: number) => `日志分析：共 ${n} 台机器`,
    common: '共同原因',
    onMachines: '涉及',
    noCommon: '这些机器没有同一个决定性原因。',
    machine: '机器',
    host: '主机名',
    windows: 'Windows',
    build: '版本号',
    unknownBuild: 'OS 内部版本未知',
    source: '更新来源',
    sources: { wsus: 'WSUS', 'windows-update': 'Windows 更新', offline: '离线', unknown: '未知' },
    proxyDirect: 'WinHTTP 代理：直接访问',
    proxy: 'WinHTTP 代理',
    decisive: '报错代码',
    noCode: '（无错误代码）',
    meaning: '含义',
    cause: '原因',
    rule: '规则',
    confidence: '置信度',
    lines: (n: number) => `${n} 行匹配`,
    evidence: '日志证据',
    details: '细节',
    alsoFound: '其他发现',
    earlier: '该主机较早的日志',
    earlierNone: '无决定性错误',
    kb: '更新',
    verdicts: {
      applies: '适用于这台机器',
      'wrong-build': '不适用于这台机器的 Windows 版本',
      unknown: '无法确定是否适用',
    },
    kbFrom: { option: '用户提供', logs: '日志中出现' },
    missing: '缺少的日志',
    firstStep: '建议的第一步',
    nothing: '日志中没有找到可以确定原因的错误。',
    suspicious: '最可疑的错误行',
    times: (n: number) => `（${n} 次）`,
    files: '已读取的文件',
    logNames: {
      cbs: 'CBS.log',
      windowsupdate: 'WindowsUpdate.log',
      'windowsupdate-classic': 'WindowsUpdate.log',
      dism: 'dism.log',
      eventlog: '事件日志（系统、安装）',
      systeminfo: 'systeminfo 输出',
      reportingevents: 'ReportingEvents.log',
      panther: 'Panther setupact.log / setuperr.log',
      gpresult: 'gpresult',
      ipconfig: 'ipconfig /all',
      'winhttp-proxy': 'netsh winhttp show proxy',
      hotfixes: '已安装更新列表',
      unknown: '其他',
    } as Record<LogFormat, string>,
  },
};

/** An evidence line for people: the log line without the timestamp the report prints anyway, and without
 * the column padding. */
function lineText(e: { timestamp?: string; text: string }): string {
  let t = e.text;
  if (e.timestamp && t.startsWith(e.timestamp)) t = t.slice(e.timestamp.length).replace(/^,?\s*/, '');
  return t.replace(/ {3,}/g, '  ');
}

/** The human report for a case. The catalogue, when given, turns codes and cause ids into words. */
export function renderReport(result: CaseResult, lang: ReportLang = 'en', knowledge?: Knowledge): string {
  const t = T[lang];
  const out: string[] = [t.title(result.machines.length)];
  if (result.commonCause) {
    const c = result.commonCause;
    const name = c.errorCode ? (knowledge?.code(c.errorCode)?.name ?? '') : '';
    const cause = knowledge?.causes.get(c.causeId)?.title[lang] ?? c.causeId;
    out.push(
      `${t.common}: ${[c.errorCode, name].filter(Boolean).join(' ')} — ${cause} (${t.onMachines} ${c.machines.join(', ')})`,
    );
  } else if (result.machines.length > 1) out.push(t.noCommon);
  for (const m of result.machines) out.push('', ...renderMachine(m, lang, knowledge));
  return out.join('\n') + '\n';
}

function codeLabel(f: RankedFinding, knowledge?: Knowledge): string {
  const name = f.symbolicName ?? (f.errorCode ? knowledge?.code(f.errorCode)?.name : undefined);
  return [f.errorCode, name].filter(Boolean).join(' ');
}

function renderMachine(m: MachineResult, lang: ReportLang, knowledge?: Knowledge): string[] {
  const t = T[lang];
  const out: string[] = [];
  out.push(
    `== ${t.machine} ${m.machine}${m.hostName && m.hostName !== m.machine ? ` (${t.host} ${m.hostName})` : ''} ==`,
  );
  // The same host uploaded before: what its older logs said (this result is its newer logs).
  for (const e of m.earlier ?? []) {
    const cause = e.causeId ? (knowledge?.causes.get(e.causeId)?.title[lang] ?? e.causeId) : undefined;
    out.push(
      `${t.earlier}: ${e.source} — ${[e.errorCode, cause].filter(Boolean).join(' ') || t.earlierNone}`,
    );
  }
  const build = m.osBuild ? /^(\d{5})/.exec(m.osBuild) : null;
  const family = build ? knowledge?.families.get(Number(build[1]))?.name[lang] : undefined;
  out.push(
    `${t.windows}: ${m.osBuild ? `${family ? family + ', ' : ''}${t.build} ${m.osBuild}` : t.unknownBuild}` +
      (m.facts.updateSource
        ? `   ${t.source}: ${t.sources[m.facts.updateSource.kind]}${m.facts.updateSource.url ? ' ' + m.facts.updateSource.url : ''}`
        : '') +
      (m.facts.proxy
        ? `   ${m.facts.proxy.direct ? t.proxyDirect : `${t.proxy}: ${m.facts.proxy.server ?? ''}`}`
        : ''),
  );
  const p = m.primary;
  if (p) {
    const entry = p.errorCode ? knowledge?.code(p.errorCode) : undefined;
    out.push(`${t.decisive}: ${codeLabel(p, knowledge) || t.noCode}`);
    if (entry) out.push(`  ${t.meaning}: ${entry.meaning[lang]}`);
    const cause = knowledge?.causes.get(p.causeId);
    out.push(
      `  ${t.cause}: ${cause ? `${cause.title[lang]} — ${cause.explanation[lang].trim()}` : p.causeId}`,
    );
    out.push(
      `  ${t.rule}: ${p.ruleId} — ${p.title} (${t.confidence} ${p.confidence.toFixed(2)}, ${t.lines(p.count)})`,
    );
    out.push(`  ${t.evidence}:`);
    for (const e of p.evidence) out.push(`    ${e.file}:${e.line}  ${e.timestamp ?? ''}  ${lineText(e)}`);
    const support = m.findings.filter((f) => f !== p && f.causeId === p.causeId);
    for (const f of support)
      for (const e of f.evidence.slice(-2))
        out.push(`    ${e.file}:${e.line}  ${e.timestamp ?? ''}  ${lineText(e)}`);
    const details = Object.entries(p.details).filter(([k]) => k !== 'session');
    if (details.length) out.push(`  ${t.details}: ${details.map(([k, v]) => `${k}: ${v}`).join('; ')}`);
    const others = m.findings.filter((f) => f !== p && f.causeId !== p.causeId);
    if (others.length) {
      out.push(`  ${t.alsoFound}:`);
      for (const f of others.slice(0, 6)) {
        const ev = f.evidence[f.evidence.length - 1];
        out.push(
          `    ${codeLabel(f, knowledge) || f.ruleId} — ${f.title} (${ev.file}:${ev.line}, ${t.lines(f.count)})`,
        );
      }
    }
  } else {
    out.push(t.nothing);
    if (m.suspicious.length) {
      out.push(`  ${t.suspicious}:`);
      for (const s of m.suspicious)
        out.push(
          `    ${s.file}:${s.line}  ${s.timestamp ?? ''}  ${lineText(s)}${s.count > 1 ? ' ' + t.times(s.count) : ''}`,
        );
    }
  }
  if (m.kb) {
    const a = m.kb.applicability;
    out.push(
      `${t.kb} ${m.kb.kb} (${t.kbFrom[m.kb.from]}): ${a ? `${t.verdicts[a.verdict]} — ${a.note[lang]}` : t.verdicts.unknown}`,
    );
  }
  if (m.missingLogs.length) out.push(`${t.missing}: ${m.missingLogs.map((f) => t.logNames[f]).join(', ')}`);
  if (p) {
    const playbook = knowledge?.causes.get(p.causeId)?.playbooks[0];
    const title = playbook ? knowledge?.playbooks.get(playbook)?.title[lang] : undefined;
    if (title) out.push(`${t.firstStep}: ${title}`);
  }
  const read = m.files.filter((f) => f.format !== 'unknown').map((f) => f.path);
  if (read.length) out.push(`${t.files}: ${read.join(', ')}`);
  return out;
}
