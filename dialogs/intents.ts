/**
 * Small, pure classifiers for what a short chat message asks for (greeting, language, yes/no, help,
 * new case, continue), in English and Chinese. One table of whole-message patterns per intent.
 */
import type { Locale } from './locale';

export type Intent = 'greeting' | 'help' | 'yes' | 'no' | 'newCase' | 'continue';

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
    /^(y|yes|yep|yeah|ok|okay|sure|correct|right|confirm|confirmed|agree|agreed|i agree|looks good|lgtm|that's right|好|好的|好滴|是|是的|对|对的|没错|没问题|确认|确定|同意|可以|行|嗯|嗯嗯|收到)$/,
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
    /^(continue|resume|go on|carry on|keep going|继续|继续吧|继续处理|接着来|接着处理|继续这个案例)$/,
  ],
];

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
