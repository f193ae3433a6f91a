// Needs-a-reply: a question or complaint that asks the brand for something (a refund, help, an
// answer, an action), in every language with a pack (languages/). Two kinds of evidence:
//  - a request: refund / money back, help me, cancel, contact me / DM, nobody answers, my order
//    did not arrive, it does not work...: enough on its own;
//  - a question: "?" (or a pack's own mark: "؟") together with a question word or a "can you /
//    is there" form, or a clause of three words or more ending in a single "?" ("Does Nimbus Air
//    have wifi on the Rome flight?"): yes/no questions often have no question word (rhetorical
//    exclamations like "why?!" alone are not enough);
//  - a cry for help closing the post: "help!", "הצילו", "الحقوني" (each pack's `helpCry`).
// The cues are each pack's `replyCues`; they run on lower-cased text in the model spelling
// (normalizeScripts), so they are written in it. Pure, never throws.
import { LANGUAGES, type LanguagePack } from './languages/index.js';
import { normalizeScripts } from './normalize.js';

const B = '(?<![\\p{L}\\p{N}])'; // word start (works for every script)
const E = '(?![\\p{L}\\p{N}])'; // word end

/** One pack's cues as whole words, behind the prefixes the language glues onto them. */
function cues(p: LanguagePack, list: readonly string[]): string | undefined {
  if (list.length === 0) return undefined;
  const prefix = p.prefixes ? `(?:${p.prefixes.pattern})` : '';
  return `${B}${prefix}(?:${list.join('|')})${E}`;
}
const anyCue = (pick: (p: LanguagePack) => readonly string[]): RegExp =>
  new RegExp(LANGUAGES.map((p) => cues(p, pick(p))).filter((c) => c !== undefined).join('|') || '(?!)', 'u');

const REQUEST = anyCue((p) => [...p.replyCues.request, ...(p.replyCues.helpCry ?? [])]);
const QUESTION_WORD = anyCue((p) => p.replyCues.question);
const MARKS = `?${LANGUAGES.map((p) => p.replyCues.questionMarks ?? '').join('')}`;
const QUESTION_MARK = new RegExp(`[${MARKS}]`);
// A clause of at least three words that ends in one question mark not joined to "!" or another.
const PLAIN_QUESTION = new RegExp(`(?:^|[.!${MARKS}\\n]\\s*)(?:[^\\s.!${MARKS}]+\\s+){2,}[^\\s.!${MARKS}]+\\s*[${MARKS}](?![!${MARKS}])`, 'u');

/** True when a post asks the brand for something: a request, or a real question. */
export function needsReply(clean: string): boolean {
  if (!clean) return false;
  let s = normalizeScripts(clean.toLowerCase());
  // Masks links (their paths often contain "?"), @handles and #hashtags keep their words.
  s = s.replace(/\b(?:https?:\/\/|www\.)\S+/g, ' ').replace(/\s+/g, ' ');
  if (REQUEST.test(s)) return true;
  return QUESTION_MARK.test(s) && (QUESTION_WORD.test(s) || PLAIN_QUESTION.test(s));
}
