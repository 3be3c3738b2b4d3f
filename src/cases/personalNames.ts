/**
 * Personal names where they show up in support cases: in the names of uploaded files (collectors and
 * admins name bundles after the person and the terminal: `zhangsan_13812345678_TERM-0231.zip`,
 * `张三-TERM-0231.zip`), and after words that introduce a person (联系人：张三, 我是李四, contact: Li Wei).
 * Names in running text without such a word are not guessed at: too many ordinary words start with a
 * character that is also a surname.
 */

/** The most common Chinese surnames (a name in a file name starts with one of them). */
const SURNAMES = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
]);

/** Pinyin syllables without tones: a word made only of them (2 or more) reads as a romanised name. */
const SYLLABLES = new Set(
  (
    'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ' +
    'ceng cha chai chan chang chao che chen cheng chi chong chou chu chuai chuan chuang chui chun chuo ci cong ' +
    'cou cu cuan cui cun cuo da dai dan dang dao de deng di dian diao die ding diu dong dou du duan dui dun duo ' +
    'e en er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan ' +
    'guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia ' +
    'jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke ken keng kong kou ku kua kuai ' +
    'kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu long lou lu ' +
    'lv luan lve lun luo ma mai man mang mao mei men meng mi mian miao mie min ming miu mo mou mu na nai nan ' +
    'nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nv nuan nve nuo ou pa pai pan ' +
    'pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu ' +
    'quan que qun ran rang rao re ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao se sen seng sha ' +
    'shai shan shang shao she shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan ' +
    'sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang ' +
    'wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ' +
    'ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen ' +
    'zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo'
  ).split(' '),
);

/** English words (in log and file names) that happen to split into pinyin syllables. */
const ENGLISH = new Set(
  'change changes china machine machines mobile engine manage pending ping long hang bang gang angle shine online'.split(
    ' ',
  ),
);

/** Whether `word` splits entirely into at least two pinyin syllables ("zhangsan", "LiWei", "ouyangxiu"). */
export function isPinyinName(word: string): boolean {
  const w = word.toLowerCase();
  if (!/^[a-z]{4,20}$/.test(w) || ENGLISH.has(w)) return false;
  // Most syllables found ending at each position, to require at least two.
  const best: number[] = new Array<number>(w.length + 1).fill(0);
  const reach: boolean[] = new Array<boolean>(w.length + 1).fill(false);
  reach[0] = true;
  for (let i = 0; i < w.length; i++) {
    if (!reach[i]) continue;
    for (let len = 1; len <= 6 && i + len <= w.length; len++) {
      if (!SYLLABLES.has(w.slice(i, i + len))) continue;
      reach[i + len] = true;
      best[i + len] = Math.max(best[i + len], best[i] + 1);
    }
  }
  return reach[w.length] && best[w.length] >= 2;
}

/** A surname with a form of address (张先生, 李工, 王经理): names nobody in particular; kept. */
const ADDRESS = /^.(?:先生|女士|小姐|工|经理|老师|总|师傅|主任|行长)$/;

/** A Chinese name: 2–3 Han characters starting with a common surname (张三, 李小龙), not 张先生 or 李工. */
export function isHanName(word: string): boolean {
  return /^[\u4e00-\u9fff]{2,3}$/.test(word) && SURNAMES.has(word[0]) && !ADDRESS.test(word);
}

/** A Chinese mobile or landline number written as one run of digits (13812345678, 01012345678). */
const PHONE_DIGITS = /^(?:(?:\+?86)?1[3-9]\d{9}|0\d{9,11})$/;

/**
 * A file name with the people in it masked: each part between `_`, `-`, `.`, spaces and brackets that is
 * a phone number, a Chinese name or a romanised one. Terminal names (TERM-0231), dates, log names and the
 * extension stay.
 */
export function maskFileName(name: string): string {
  return name.replace(/[^_\-.\s()（）[\]【】]+/g, (part) => {
    if (PHONE_DIGITS.test(part)) return '<phone>';
    if (isHanName(part)) return '<name>';
    if (isPinyinName(part) && !/^[A-Z]+$/.test(part)) return '<name>';
    return part;
  });
}
