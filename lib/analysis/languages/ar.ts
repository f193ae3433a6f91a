// Arabic: owns the Arabic script (Persian, Urdu and Kurdish share it: `identify` tells them
// apart); sentiment model models/ar.json. Word lists are in the model spelling (`normalize`):
// ه for ة, ا for أ/إ/آ, ي for ى/ئ, و for ؤ, no diacritics.
import model from '../models/ar.json' with { type: 'json' };
import type { ModelFile } from '../model-format.js';
import { longestPrefixStem, words, type LanguagePack } from './pack.js';

const DIACRITICS = '\u064B-\u065F\u0670'; // harakat, tanwin, shadda, sukun, superscript alef
const QURANIC_MARKS = '\u0610-\u061A\u06D6-\u06ED';
const TATWEEL = '\u0640';
const ALEF_HAMZA = '\u0622\u0623\u0625\u0671'; // آ أ إ ٱ
const ALEF_WAVY_HAMZA = '\u0672\u0673'; // ٲ ٳ (Kashmiri)
const ALEF_MAQSURA = '\u0649'; // ى
const YEH_FARSI_URDU = '\u06CC\u06D2'; // ی ے

// The model spelling folds every variant; the phrase finder only the Arabic ones (people read its
// phrases, and a Persian or Urdu word keeps its letters).
const MODEL_MARKS = new RegExp(`[${QURANIC_MARKS}${DIACRITICS}${TATWEEL}]`, 'g');
const MODEL_ALEF = new RegExp(`[${ALEF_HAMZA}${ALEF_WAVY_HAMZA}]`, 'g');
const MODEL_YEH = new RegExp(`[${ALEF_MAQSURA}${YEH_FARSI_URDU}]`, 'g');
const PHRASE_ALEF = new RegExp(`[${ALEF_HAMZA}]`, 'g');
const PHRASE_YEH = new RegExp(ALEF_MAQSURA, 'g');
const TEH_MARBUTA = /\u0629/g; // ة → ه
const WAW_HAMZA = /\u0624/g; // ؤ → و
const YEH_HAMZA = /\u0626/g; // ئ → ي
const KEHEH = /\u06A9/g; // ک → ك
const EASTERN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

// Letters Arabic does not use: only with them can a post in Arabic script be Persian, Urdu, Kurdish...
const NON_ARABIC_LETTERS = /[\u067E\u0686\u0698\u06AF\u0679\u0688\u0691\u06BA\u06BE\u06C1\u06D2\u06CC\u06A9\u06D5\u0695\u06B5\u06CE]/;

// The proclitics Arabic writes onto a word: the conjunctions و ف, the prepositions ب ك ل, then the
// article ال (ل + ال is written لل): "والخدمه", "بالزفت", "للشركه".
const PROCLITICS = ['و', 'ف', 'ب', 'ك', 'ل'];
const ARTICLE = 'ال';
const WITH_ARTICLE = PROCLITICS.map((p) => (p === 'ل' ? 'لل' : p + ARTICLE));
// The stemmers strip one whole prefix, the longest that leaves three letters. A bare ك or ل also
// begins many words (كان، كل، لكن، لعب): the lexicon leaves out bare ك, the model features bare ك
// and ل. Model-facing, both: every committed model was trained with these two lists, so making
// them one (or adding ك) waits for a retrain of all three.
const LEXICON_PREFIXES = [...WITH_ARTICLE, ARTICLE, 'و', 'ف', 'ب', 'ل'];
const MODEL_PREFIXES = LEXICON_PREFIXES.filter((p) => p !== 'ل');

export const ar: LanguagePack = {
  code: 'ar',
  name: 'Arabic',
  script: {
    name: 'arabic',
    block: [0x0600, 0x06ff],
    letters: [
      [0x0620, 0x064a],
      [0x066e, 0x06d3],
      [0x06fa, 0x06ff],
      [0x0750, 0x077f],
      [0x08a0, 0x08ff],
      // Presentation forms A and B, and between them U+FE00..FE6F (variation selectors, small and
      // vertical forms), which are not Arabic: "❤️" counts one Arabic letter. Kept for now, see
      // docs/decisions.md.
      [0xfb50, 0xfefc],
    ],
    presentationForms: [
      [0xfb50, 0xfdff],
      [0xfe70, 0xfefc],
    ],
    alphabet: [0x0621, 0x064a],
    rtl: true,
    openingFeature: 22,
    identify(text, letters, eld) {
      if (letters < 20 || !NON_ARABIC_LETTERS.test(text)) return 'ar';
      const lang = eld(text);
      return lang === 'und' || lang === 'he' ? 'ar' : lang;
    },
  },
  spelling: {
    normalize: (s) =>
      s
        .replace(MODEL_MARKS, '')
        .replace(MODEL_ALEF, '\u0627')
        .replace(MODEL_YEH, '\u064A')
        .replace(TEH_MARBUTA, '\u0647')
        .replace(WAW_HAMZA, '\u0648')
        .replace(YEH_HAMZA, '\u064A')
        .replace(KEHEH, '\u0643')
        .replace(EASTERN_DIGITS, (d) => String((d.charCodeAt(0) - (d.charCodeAt(0) >= 0x06f0 ? 0x06f0 : 0x0660)) % 10)),
    // Brand queries and phrases keep Quranic annotation marks (a difference kept from before).
    matchMarks: `${DIACRITICS}${TATWEEL}`,
    phraseFold: (s) => s.replace(PHRASE_ALEF, '\u0627').replace(PHRASE_YEH, '\u064A'),
  },
  prefixes: {
    // Matchers accept any one proclitic, then the article.
    pattern: `[${PROCLITICS.join('')}]?(?:${ARTICLE})?`,
    modelStems: (w) => longestPrefixStem(w, MODEL_PREFIXES, 3),
    lexiconStems: (w) => longestPrefixStem(w, LEXICON_PREFIXES, 3),
  },
  lexicon: {
    positive: words(
      'جميل جميله رايع رايعه ممتاز ممتازه حلو حلوه حلوين احب احبك احبكم احبه احبها حب شكرا شكر مشكور مشكورين افضل احسن ' +
      'روعه مبدع مبدعين ابداع ناجح نجاح سعيد سعيده سعاده مبسوط مبسوطه فرحان فرحانه فرح يسلمو يسلموا العافيه عظيم عظيمه ' +
      'مميز مميزه فخم فخمه تحفه جيد جيده اسطوره مبروك تهانينا موفق موفقين التوفيق يوفقكم يوفقك انصح سريع سريعه لذيذ لذيذه ' +
      'نظيف راقي خيالي خرافي هايل واو يجنن رهيب رهيبه ماشاءالله ماشاالله تبارك الحمدلله حبيبي حبيبتي اهنيكم فخور فخر ' +
      'يستاهل تستاهل كفو بطل ابطال ابدعتم ابدعت متميز متميزه اعجبني عجبني يعجبني رضا راضي جمال الجميل اجمل ' +
      'ممتازين رايعين روعتك روووعه تسلم تسلمي تسلمون يسعدك يسعدكم يحفظك يحفظكم برافو احسنت احسنتم عافاك ' +
      'انجاز انتصار فوز فاز مبروووك فرحه سعيده مبهج مريح مرتاح ارتحت حبيت حبيته عشق اعشق ابدااع ' +
      'محترم محترمه محترمين احترام شكراا ممنون ممنونين صادق صادقه امين رحمه رحيم طيب طيبه كريم كرم جزاك جزاكم',
    ),
    negative: words(
      'سيء سيي سييه اسوا زفت قرف مقرف مقرفه فاشل فاشله فاشلين فشل خايس خايسه تعبان متخلف متخلفين حرامي حراميه حراميه نصب ' +
      'نصابين نصاب سرقه سرقتوا سرقه كذب كذابين كذاب كذابه غش غشاشين مخيب خيبه زعلان زعلانه ضعيف ضعيفه بطيء بطيي تاخير ' +
      'متاخر مشكله مشاكل عطل خربان معطل حسبي حسبنا ينتقم لعنه يلعن تبا مزعج ازعاج غالي سخيف سخيفه تافه تافهه ' +
      'حقير حقيره خسيس ظلم ظالم ظالمين مهزله فضيحه عار وسخ وسخه ردي رديء رديي كارثه كارثي مصيبه مقهور قهر زباله خرا ' +
      'ندمت ندم خساره اهمال مهمل مهملين استغلال مستغلين حرام عيب للاسف الاسف وسخين غبي اغبياء حمار حيوان خنزير كلب ' +
      'كلاب جبان خاين خونه خيانه فساد فاسد فاسدين ارهاب ارهابي قتل قتلي دمار حزين حزن ' +
      'سييين تعيس تعيسه ممل مملل ملل زهقت زهق طفش طفشت قرفت قرفتونا خيبتوا مخيبه فشلتوا فاشلون مهزوم هزيمه ' +
      'خسر خسرت غبيه غباء تخلف جهل جاهل جهله منافق منافقين نفاق كذبه كذبوا يكذب حراميه لصوص لص سرقوا نصبوا ' +
      'ظلمتوا مظلوم قهرتونا اسفه وقاحه وقح مستفز استفزاز حقد حاقد كريه بشع بشعه مرعب رعب ' +
      'مخزي خزي ذل اهانه مهين تعبنا زعل غاضب غضب مقاطعه قاطعوا',
    ),
    // Elongation is collapsed to two letters ("ممتاااز" → "ممتااز") and Arabic posts elongate a lot.
    undouble: true,
  },
  negators: [
    'لا', 'ما', 'مش', 'مو', 'ليس', 'لم', 'لن', 'مب', 'موب', 'مافي', 'بدون', 'ولا', 'غير', 'مهو', 'ماهو', 'مابي',
  ],
  givenNames: words(
    'محمد احمد محمود مصطفي علي حسن حسين عمر عثمان خالد عبدالله عبدالرحمن عبدالعزيز ابراهيم يوسف سعد سعيد فهد فيصل سلطان ناصر ' +
    'ماجد طارق سامي هاني وليد ياسر عادل كريم نور فاطمه عايشه مريم سارة ساره ليلي هند امل ريم نوره دانه منى مني هدي رنا لينا',
  ),
  vocatives: ['يا'],
  replyCues: {
    helpCry: ['الحقوني', 'النجده'],
    request: [
    'استرجاع', 'استرداد', 'ارجاع (?:ال)?(?:مبلغ|فلوس)', 'فلوسي', 'مبلغي', 'رجعوا (?:لي )?فلوسي', 'تعويض',
    'ساعدوني', 'ساعدني', 'ساعدونا', 'محتاج مساعده', 'احتاج مساعده', 'ابي مساعده', 'ابغي مساعده',
    'خدمه (?:ال)?عملاء', 'دعم (?:ال)?فني', 'تواصلوا معي', 'تواصل معي', 'كلموني', 'ردوا علي', 'رد علي', 'ردو علي',
    'محد (?:يرد|رد|رد علي)', 'ما حد (?:يرد|رد)', 'ولا احد يرد', 'لا احد يرد', 'بدون رد', 'ما في رد', 'مافي رد',
    'ما وصل', 'ما وصلني', 'ماوصلني', 'لم يصل', 'لم يصلني', 'لم استلم', 'ما استلمت', 'طلبي', 'شحنتي',
    'الغاء (?:ال)?(?:طلب|اشتراك)', 'ابي الغي', 'ابغي الغي', 'شكوي', 'اشتكي', 'ما يشتغل', 'مايشتغل', 'لا يعمل',
    'عطلان', 'معطل', 'خربان', 'حلوا (?:ال)?مشكله', 'حل (?:ال)?مشكله', 'لو سمحت', 'لو سمحتوا', 'من فضلك', 'من فضلكم', 'ارجو',
    'نرجو', 'ياريت', 'يا ريت',
  ],
    question: [
    'كيف', 'كيفيه', 'متي', 'وين', 'فين', 'اين', 'ليش', 'ليه', 'لماذا', 'لم', 'هل', 'ممكن', 'شلون', 'ايش', 'شو', 'ماذا',
    'كم', 'مين', 'من وين', 'امتي', 'ايمتي', 'فيه', 'في احد', 'اقدر', 'نقدر', 'تقدرون',
  ],
    questionMarks: '؟',
  },
  stopwords: words(
    'في من على إلى الى عن مع هذا هذه ذلك تلك هو هي هم هن أنا انا نحن أنت انت أنتم انتم كان كانت يكون تكون قد لقد ما ' +
    'ماذا متى أين اين كيف لماذا الذي التي الذين اللذين أو او ثم بل لكن حتى إذا اذا إن ان أن كل بعض أي اي عند عندي ' +
    'لدى لي له لها لهم به بها فيه فيها منه منها عليه عليها هنا هناك يا ايضا أيضا جدا كما اللي ده دي',
  ),
  model: model as unknown as ModelFile,
};
