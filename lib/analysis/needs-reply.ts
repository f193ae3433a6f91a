// Needs-a-reply: a question or complaint that asks the brand for something (a refund, help, an
// answer, an action), in English, Arabic and Hebrew. Two kinds of evidence:
//  - a request: refund / money back, help me, cancel, contact me / DM, nobody answers, my order
//    did not arrive, it does not work...: enough on its own;
//  - a question: "?" (or "؟") together with a question word or a "can you / is there" form,
//    or a clause of three words or more ending in a single "?" ("Does Nimbus Air have wifi on
//    the Rome flight?", "פרש קארט מקבלים מזומן?"): yes/no questions often have no question
//    word (rhetorical exclamations like "why?!" alone are not enough);
//  - a cry for help: "help!", "הצילו", "الحقوني".
// Patterns run on lower-cased text with Arabic letter variants folded (see normalizeArabic), so
// they are written in that folded spelling (ه for ة, ا for أ/إ/آ, ي for ى). Pure, never throws.
import { normalizeArabic, normalizeHebrew } from './normalize.js';

const B = '(?<![\\p{L}\\p{N}])'; // word start (works for every script)
const E = '(?![\\p{L}\\p{N}])'; // word end
// Hebrew words take one to three prefix letters (ו ה ב ל מ ש כ); Arabic ones و ف ب ل ك and ال.
const HE = '(?<![\\p{L}\\p{N}])(?:[והבלמשכ]{0,3})';
const AR = '(?<![\\p{L}\\p{N}])(?:[وفبلك]?(?:ال)?)';

const words = (prefix: string, list: string[]): string => `${prefix}(?:${list.join('|')})${E}`;

const REQUEST_EN = words(B, [
  'refund(?:ed|s)?', 'money back', 'reimburse(?:ment)?', 'charge ?back', 'charged (?:me )?twice', 'double charged',
  'help me', 'help us', 'please help', 'pls help', 'plz help', 'need (?:some )?help', 'need assistance', 'assist me',
  'customer (?:service|support|care)', 'contact me', 'call me back', 'get back to me', 'dm me', 'dm us', 'reply to me',
  'respond to me', 'answer me', 'no ?(?:one|body) (?:is |has |ever )?(?:answer|answers|answered|answering|respond|responds|responded|responding|reply|replies|replied|replying|help|helps|helped|helping|got back)',
  'no (?:reply|response|answer) (?:from|yet)', 'still waiting', 'waiting for (?:my|a|an|the) (?:refund|order|reply|response|answer|package|delivery)',
  "(?:haven't|hasn't|have not|has not|didn't|did not|never) (?:received|arrived|got|gotten|heard back|come)",
  "(?:where(?:'s| is) my|my) (?:order|package|parcel|refund|delivery)(?: (?:is|has|hasn't|never|still))?",
  'cancel my', 'want to cancel', 'fix (?:this|it|my)', "(?:doesn't|does not|isn't|is not|won't|can't|cannot) (?:work|working|load|open|log ?in|sign ?in)",
  'not working', 'stopped working', 'locked out', 'unacceptable', 'file a complaint', 'make a complaint', 'escalate',
]);
const QUESTION_EN = words(B, [
  'how', 'when', 'where', 'why', 'what', 'which', 'who', 'can (?:you|i|we|u|someone|anyone)', 'could (?:you|i|u|someone)',
  'would you', 'will (?:you|i|it|my)', 'is (?:there|it|this|my)', 'are (?:you|there)', 'do (?:you|i|u)', 'does (?:it|this|anyone)',
  'did (?:you|my)', 'any (?:update|news|idea)', 'anyone know',
]);

const REQUEST_AR = words(AR, [
  'استرجاع', 'استرداد', 'ارجاع (?:ال)?(?:مبلغ|فلوس)', 'فلوسي', 'مبلغي', 'رجعوا (?:لي )?فلوسي', 'تعويض',
  'ساعدوني', 'ساعدني', 'ساعدونا', 'محتاج مساعده', 'احتاج مساعده', 'ابي مساعده', 'ابغي مساعده',
  'خدمه (?:ال)?عملاء', 'دعم (?:ال)?فني', 'تواصلوا معي', 'تواصل معي', 'كلموني', 'ردوا علي', 'رد علي', 'ردو علي',
  'محد (?:يرد|رد|رد علي)', 'ما حد (?:يرد|رد)', 'ولا احد يرد', 'لا احد يرد', 'بدون رد', 'ما في رد', 'مافي رد',
  'ما وصل', 'ما وصلني', 'ماوصلني', 'لم يصل', 'لم يصلني', 'لم استلم', 'ما استلمت', 'طلبي', 'شحنتي',
  'الغاء (?:ال)?(?:طلب|اشتراك)', 'ابي الغي', 'ابغي الغي', 'شكوي', 'اشتكي', 'ما يشتغل', 'مايشتغل', 'لا يعمل',
  'عطلان', 'معطل', 'خربان', 'حلوا (?:ال)?مشكله', 'حل (?:ال)?مشكله', 'لو سمحت', 'لو سمحتوا', 'من فضلك', 'من فضلكم', 'ارجو',
  'نرجو', 'ياريت', 'يا ريت',
]);
const QUESTION_AR = words(AR, [
  'كيف', 'كيفيه', 'متي', 'وين', 'فين', 'اين', 'ليش', 'ليه', 'لماذا', 'لم', 'هل', 'ممكن', 'شلون', 'ايش', 'شو', 'ماذا',
  'كم', 'مين', 'من وين', 'امتي', 'ايمتي', 'فيه', 'في احد', 'اقدر', 'نقدر', 'تقدرون',
]);

const REQUEST_HE = words(HE, [
  'החזר(?: כספי)?', 'החזרים', 'תחזירו(?: לי)?', 'זיכוי', 'פיצוי', 'הכסף שלי', 'עזרה', 'תעזרו(?: לי)?', 'עזרו לי',
  'צריך עזרה', 'צריכה עזרה', 'שירות(?: ה)?לקוחות', 'תמיכה', 'תחזרו אליי', 'תחזרו אלי', 'תענו(?: לי)?', 'תתקשרו',
  'צרו קשר', 'אף אחד לא (?:עונה|עונים|חוזר|חזר)', 'אין מענה', 'בלי מענה', 'לא עונים', 'לא חזרו',
  'לא (?:קיבלתי|הגיע|הגיעה)', 'ההזמנה שלי', 'המשלוח שלי', 'לבטל', 'ביטול', 'תלונה', 'להתלונן', 'לא עובד', 'לא עובדת',
  'תקוע', 'תקולה', 'תקלה', 'תתקנו', 'בבקשה', 'מבקש', 'מבקשת',
]);
const QUESTION_HE = words(HE, [
  'איך', 'מתי', 'איפה', 'למה', 'מדוע', 'האם', 'אפשר', 'ניתן', 'יש', 'מה', 'כמה', 'מי', 'איזה', 'אתם', 'תוכלו', 'אוכל',
]);

// "help!" / "help" closing the post, and the same cry in Arabic and Hebrew.
const HELP_CRY = `${B}(?:help|sos)(?:\\s*!+|\\s*$)|${B}(?:الحقوني|النجده)${E}|${HE}הצילו${E}`;

const REQUEST = new RegExp(`${REQUEST_EN}|${REQUEST_AR}|${REQUEST_HE}|${HELP_CRY}`, 'u');
const QUESTION_WORD = new RegExp(`${QUESTION_EN}|${QUESTION_AR}|${QUESTION_HE}`, 'u');
const QUESTION_MARK = /[?؟]/;
// A clause of at least three words that ends in one "?" not joined to "!" or another "?".
const PLAIN_QUESTION = /(?:^|[.!?؟\n]\s*)(?:[^\s.!?؟]+\s+){2,}[^\s.!?؟]+\s*[?؟](?![!?؟])/u;

/** True when a post asks the brand for something: a request, or a real question. */
export function needsReply(clean: string): boolean {
  if (!clean) return false;
  let s = clean.toLowerCase();
  if (/[\u0600-\u06FF]/.test(s)) s = normalizeArabic(s);
  if (/[\u0590-\u05FF]/.test(s)) s = normalizeHebrew(s);
  // Masks links (their paths often contain "?"), @handles and #hashtags keep their words.
  s = s.replace(/\b(?:https?:\/\/|www\.)\S+/g, ' ').replace(/\s+/g, ' ');
  if (REQUEST.test(s)) return true;
  return QUESTION_MARK.test(s) && (QUESTION_WORD.test(s) || PLAIN_QUESTION.test(s));
}
