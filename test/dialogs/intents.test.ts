/** Short-message intents and language requests, in English and Chinese. */
import {
  classifyOutcome,
  classifyIntent,
  languageRequest,
  resolveLanguageRequest,
} from '../../dialogs/intents';

describe('classifyIntent', () => {
  it.each([
    ['hi', 'greeting'],
    ['Hello!', 'greeting'],
    ['你好', 'greeting'],
    ['您好！', 'greeting'],
    ['在吗？', 'greeting'],
    ['你好，我有个问题', 'greeting'],
    ['hi, I need help', 'greeting'],
    ['help', 'help'],
    ['？', 'help'],
    ['你能做什么', 'help'],
    ['yes', 'yes'],
    ['OK.', 'yes'],
    ['确认', 'yes'],
    ['确任', 'yes'], // the common pinyin-input slip for 确认
    ['好的', 'yes'],
    ['同意', 'yes'],
    ['no', 'no'],
    ['不对', 'no'],
    ['不同意', 'no'],
    ['new case', 'newCase'],
    ['新案例', 'newCase'],
    ['另一个问题', 'newCase'],
    ['continue', 'continue'],
    ['继续', 'continue'],
  ] as const)('reads "%s" as %s', (text, intent) => {
    expect(classifyIntent(text)).toBe(intent);
  });

  it.each([
    '你好，KB5011503 安装失败',
    'help me analyse KB5011503',
    '不对，是三台',
    'yes it fails on two machines',
    '继续报错 0x80073712',
  ])('does not mistake the problem statement "%s" for a short intent', (text) => {
    expect(classifyIntent(text)).toBeUndefined();
  });
});

describe('languageRequest', () => {
  it.each([
    ['English', 'en'],
    ['english please', 'en'],
    ['英文', 'en'],
    ['请用英文', 'en'],
    ['中文', 'zh-CN'],
    ['Chinese', 'zh-CN'],
    ['用中文', 'zh-CN'],
    ['switch language', 'toggle'],
    ['切换语言', 'toggle'],
  ] as const)('reads "%s" as %s', (text, request) => {
    expect(languageRequest(text)).toBe(request);
  });

  it.each(['English version of the error?', 'the Chinese language pack fails to install'])(
    'ignores "%s"',
    (text) => {
      expect(languageRequest(text)).toBeUndefined();
    },
  );

  it('toggles to the other locale', () => {
    expect(resolveLanguageRequest('toggle', 'en')).toBe('zh-CN');
    expect(resolveLanguageRequest('toggle', 'zh-CN')).toBe('en');
    expect(resolveLanguageRequest('en', 'en')).toBe('en');
  });
});

describe('classifyOutcome', () => {
  it.each([
    ['好了，可以装了', 'worked'],
    ['更新成功', 'worked'],
    ['it worked', 'worked'],
    ['fixed', 'worked'],
    ['还是不行', 'stillFails'],
    ['還是不行', 'stillFails'],
    ['不成功', 'stillFails'],
    ['没成功', 'stillFails'],
    ['还是老样子', 'stillFails'],
    ['没能解决', 'stillFails'],
    ['脚本运行成功了，重启后补丁还是报错', 'stillFails'],
    ['DISM 修复好了，但是补丁还是装不了', 'stillFails'],
    ['the script ran successfully but the update still shows the same error', 'stillFails'],
    ['the script ran successfully, but it still fails', 'stillFails'],
    ['没有介质，这步做不了', 'cannot'],
    ['修好了，不过装补丁的时候又出现了别的错误', 'stillFails'],
    ['DISM fixed the store but now the update fails with a different error', 'stillFails'],
    ['还没好', 'stillFails'],
    ['更新失败', 'stillFails'],
    ['The script failed with access denied', 'stillFails'],
  ] as const)('reads "%s" as %s', (text, outcome) => {
    expect(classifyOutcome(text)).toBe(outcome);
  });

  it.each(['成功了吗？', '好了吗', 'fixed?', 'did it work', '我们明天再试'])(
    'reads no outcome in "%s"',
    (text) => {
      expect(classifyOutcome(text)).toBeUndefined();
    },
  );
});

describe('cancelling', () => {
  it.each(['取消', '取消案例', 'cancel the case'])('"%s" cancels', (text) => {
    expect(classifyIntent(text)).toBe('cancel');
  });

  // The natural answer to "有需要修改的地方吗？" must not close the case.
  it.each(['不用了', '不需要了'])('"%s" does not cancel', (text) => {
    expect(classifyIntent(text)).not.toBe('cancel');
  });
});

describe('asking for the status or for a person, as people put it', () => {
  it.each([
    "what's the status",
    'what is the status',
    '现在什么进度',
    '进度怎么样了',
    '进展怎么样',
    '到哪一步了',
  ])('"%s" asks for the summary', (text) => {
    expect(classifyIntent(text)).toBe('summary');
  });

  it.each(['我要找人工', '转工程师吧', '转人工吧', '找真人', '请转人工', 'I want a human'])(
    '"%s" asks for an engineer',
    (text) => {
      expect(classifyIntent(text)).toBe('engineer');
    },
  );
});

describe('going on to the next stage', () => {
  it.each(['下一步', '好的，下一步吧', 'next stage please', 'ok, next'])(
    '"%s" asks for the next stage',
    (text) => {
      expect(classifyIntent(text)).toBe('next');
    },
  );
});
