/**
 * Small, pure classifiers for what a short chat message asks for (greeting, language, yes/no, help,
 * new case, continue), in English and Chinese. One table of whole-message patterns per intent.
 */
import type { Locale } from '../src/domain/locale';

export type Intent =
  | 'greeting'
  | 'help'
  | 'yes'
  | 'no'
  | 'newCase'
  | 'continue'
  | 'engineer'
  | 'pause'
  | 'cancel'
  | 'summary'
  | 'reopen'
  | 'next'
  | 'skip';

/**
 * Patterns match the whole normalised message (see `normalise`), never a substring: "帮助我分析
 * KB5011503 的报错" is a problem description, not a request for help.
 */
const INTENT_PATTERNS: ReadonlyArray<readonly [Intent, RegExp]> = [
  [
    'greeting',
    /^(hi|hello|hey|hiya|hi there|hello there|good (morning|afternoon|evening)|你好|您好|你们好|嗨|哈喽|哈啰|早|早上好|上午好|下午好|晚上好|在吗|在么|在不在)$/,
  ],
  [
    'help',
    /^(help|help me|i need help|need help|\?+|？+|what can you do|how does (this|it) work|帮助|帮帮我|求助|我需要帮助|需要帮助|怎么用|如何使用|你能做什么|你可以做什么|有问题|我有问题|我有个问题|我有一个问题)$/,
  ],
  [
    'yes',
    /^(y|yes|yep|yeah|ok|okay|sure|correct|right|confirm|confirmed|agree|agreed|i agree|looks good|lgtm|that's right|好|好的|好滴|是|是的|对|对的|没错|没问题|确认|确任|确认了|确定|同意|可以|行|嗯|嗯嗯|收到)$/,
  ],
  [
    'no',
    /^(n|no|nope|not really|not correct|incorrect|wrong|disagree|i disagree|不|不是|不对|不对的|不同意|有误|错了|不正确|不行|不可以)$/,
  ],
  [
    'newCase',
    /^(new|new case|new problem|new issue|another (problem|issue|case)|start (over|a new case)|open a new case|新案例|新建案例|新的案例|开新案例|新问题|新的问题|另一个问题|另外一个问题|重新开始|新开一个案例)$/,
  ],
  [
    'continue',
    /^(continue|resume|go on|carry on|keep going|unpause|继续|继续吧|继续处理|接着来|接着处理|继续这个案例)$/,
  ],
  [
    'engineer',
    /^((i want to |i'd like to |can i |please let me |let me )?(talk|speak|chat) (to|with) (an? )?(engineer|human|person|agent|support engineer)( please)?|(an? )?(engineer|human|agent)( please)?|escalate|转人工|人工|人工服务|找工程师|我要找工程师|联系工程师|转工程师|转工程师吧|工程师|请工程师处理|我要人工|找人工|我要找人工|转人工吧|请转人工|请转工程师|人工客服|我要找人|找个人|找真人|i want (a|an) (human|person|engineer)|(a )?human please|get me (a|an) (human|engineer))$/,
  ],
  [
    'pause',
    /^(pause|pause the case|hold|on hold|wait|not now|later|暂停|先暂停|暂停一下|稍后再说|先等等|等一下)$/,
  ],
  [
    'cancel',
    /^(cancel|cancel (the|this|my) case|close (the|this|my) case|withdraw|取消|取消案例|撤销案例|关闭案例)$/,
  ],
  [
    'summary',
    /^(summary|case summary|show (the )?(case )?summary|status|case status|(what's|what is) the status|any (news|progress|update)|where are we|总结|案例总结|查看总结|案例进展|进展|进度|案例状态|现在什么进度|现在进度如何|进度如何|进展如何|进度怎么样了?|进展怎么样了?|现在怎么样了|到哪一步了)$/,
  ],
  ['reopen', /^(reopen|re-open|reopen (the|this|my) case|重新打开|重开|重新打开案例|重开案例)$/],
  [
    'next',
    /^((ok|okay|好|好的|行)[,， ]*)?(next|next stage|next step|next (stage|step|one) please|go on to the next (stage|step)|下一步|下一步吧|下一个|下一阶段|继续下一步|进行下一步)$/,
  ],
  ['skip', /^(skip|skip it|skip this( stage)?|跳过|跳过这一步|跳过吧)$/],
];

/** What a user says about the outcome of a repair: it worked, it still fails, or they cannot do it. */
export type Outcome = 'worked' | 'stillFails' | 'cannot';

/**
 * Outcome phrases, matched anywhere in a short message ("试了，还是不行，报错 0x800f081f"). Order matters:
 * negated phrases ("没有解决", "not fixed") are checked before the positive ones they contain.
 */
const OUTCOME_PATTERNS: ReadonlyArray<readonly [Outcome, RegExp]> = [
  [
    'cannot',
    /(can't do|cannot do|can not do|unable to (do|run)|not possible|not allowed|no (installation )?media|做不了|无法执行|不能执行|没法做|没办法做|不允许|没有权限|没有安装介质|没有介质)/,
  ],
  [
    'stillFails',
    /(别的错误|其他错误|其它错误|新的错误|另一个错误|又出现|还没好|没好|更新失败|安装失败|(different|another|a new|new) error|(script|update|install|installation|it) failed|still (fail|fails|failing|failed|broken|not working|doesn't work|the same)|didn't (work|help|fix)|did not (work|help|fix)|not (fixed|solved|resolved|working|installed|successful)|unsuccessful|won't install|doesn't install|isn't installed|same (error|code)|error again|failed again|fails again|still (shows|reports|gives|gets|getting|throws|returns|has|errors?)|but .*\bstill\b|还是不行|還是不行|还是失败|仍然失败|依然失败|依旧失败|还是报|仍然报|依然报|依旧报|照样报|又报|还报|还是一样|老样子|没有解决|没解决|沒解決|没能解决|未解决|没用|不管用|不好使|没有效果|又失败|装不上|装不了|不成功|没成功|没有成功|仍然无法安装|还是安装失败|不行)/,
  ],
  [
    'worked',
    /(it worked|that worked|worked|it's fixed|fixed|solved|resolved|installed( successfully)?|success(ful)?|it works|好了|可以了|成功了|解决了|已解决|装上了|安装成功|更新成功|修好了|没问题了|正常了)/,
  ],
];

/** "成功了吗？", "fixed?": a question about the outcome, not a report of it. */
const QUESTION = /([?？]|[吗么嘛][?？]?)$|^(did|does|is|has|was|were) /;

/**
 * The outcome a message reports, if it is short enough to be an answer rather than a new story. Saying
 * it failed outweighs saying something worked ("DISM 修复好了，但是补丁还是装不了"), and a question
 * reports nothing worked.
 */
export function classifyOutcome(text: string): Outcome | undefined {
  const whole = normalise(text);
  if (whole.length > 120) return undefined;
  const found = matchTable(OUTCOME_PATTERNS, whole);
  if (found === 'worked' && QUESTION.test(text.trim().toLowerCase())) return undefined;
  return found;
}

/** What a language request asks for: a locale, or the other one ("switch language"). */
export type LanguageRequest = Locale | 'toggle';

const LANGUAGE_PATTERNS: ReadonlyArray<readonly [LanguageRequest, RegExp]> = [
  [
    'en',
    /^((in |use |speak |reply in |switch to )?english( please)?|英文|英语|用英文|用英语|请用英文|请用英语|说英文|说英语|切换到英文|切换成英文|换成英文)$/,
  ],
  [
    'zh-CN',
    /^((in |use |speak |reply in |switch to )?(chinese|mandarin)( please)?|中文|汉语|简体中文|用中文|请用中文|说中文|切换到中文|切换成中文|换成中文)$/,
  ],
  ['toggle', /^(switch language|change language|language|切换语言|更换语言|换语言|语言)$/],
];

// Punctuation that decorates short chat replies ("好的！", "OK.").
const DECORATION = /^[\s,，.。!！~～、]+|[\s,，.。!！~～、]+$/g;

/** Lower-case, trimmed, without the punctuation and filler that decorate short chat replies. */
export function normalise(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(DECORATION, '')
    .replace(/(?<=[^?？\s])[?？]+$/, '') // "在吗？" is "在吗"; a lone "?" stays a question
    .replace(DECORATION, '')
    .replace(/\s+/g, ' ');
}

/** Strips a leading greeting ("你好，" / "hi,") so that "你好，我有个问题" still reads as help. */
const LEADING_GREETING =
  /^(hi|hello|hey|hi there|hello there|good (morning|afternoon|evening)|你好|您好|嗨|哈喽|早上好|下午好|晚上好)[\s,，.。!！~～、]+/;

/** The intent of a short message, or `undefined` when the message is something else. */
export function classifyIntent(text: string): Intent | undefined {
  const whole = normalise(text);
  const found = matchTable(INTENT_PATTERNS, whole);
  if (found) return found;
  // "hi, I need help" is a greeting: answer it with the welcome, which says what the bot can do.
  const rest = normalise(whole.replace(LEADING_GREETING, ''));
  if (rest !== whole && (rest === '' || matchTable(INTENT_PATTERNS, rest) === 'help')) return 'greeting';
  return undefined;
}

/** "不用了", "没有", "no changes": the answer to "anything to change?" when nothing needs changing. */
export function needsNoChanges(text: string): boolean {
  return /^(没有|没|不用|不用了|不需要|不需要了|不用改|不需要改|不需要修改|无需修改|没有要改的|没有需要修改的|no changes?|nothing to change|none|all good)$/.test(
    normalise(text),
  );
}

/** A request to speak another language, or `undefined`. */
export function languageRequest(text: string): LanguageRequest | undefined {
  return matchTable(LANGUAGE_PATTERNS, normalise(text));
}

/** The locale a language request leads to from `current`. */
export function resolveLanguageRequest(request: LanguageRequest, current: Locale): Locale {
  if (request !== 'toggle') return request;
  return current === 'en' ? 'zh-CN' : 'en';
}

function matchTable<T>(table: ReadonlyArray<readonly [T, RegExp]>, text: string): T | undefined {
  for (const [name, pattern] of table) {
    if (pattern.test(text)) return name;
  }
  return undefined;
}
