import { describe, expect, it } from 'vitest';
import { needsReply } from '../../../lib/analysis/needs-reply.js';
import { cleanText } from '../../../lib/analysis/normalize.js';

const nr = (s: string): boolean => needsReply(cleanText(s));

// Per language: posts that ask the brand for something, and posts that do not.
const CASES: Record<string, { yes: string[]; no: string[] }> = {
  English: {
    yes: [
      'I want a refund for order 1234',
      '@AcmeHelp my package never arrived, still waiting since Monday',
      'How do I reset my password?',
      'Can you tell me when the store reopens?',
      'The app is not working since the update',
      'Nobody is answering the phone at customer service',
    ],
    // Praise, news, a rhetorical exclamation, a "?" inside a link.
    no: ['Love the new update, great job team!', 'Acme announces record quarterly earnings', 'Seriously?!', 'Check this out https://example.com/page?id=how'],
  },
  Arabic: {
    yes: ['أبي استرجاع فلوسي الطلب ما وصل', 'ساعدوني التطبيق ما يشتغل', 'متى يوصل الطلب؟', 'كيف أقدر ألغي الاشتراك؟', 'خدمة العملاء لا ترد على الاتصالات'],
    no: ['شكرا على الخدمة الممتازة', 'المنتج رائع جدا'],
  },
  Hebrew: {
    yes: ['אני רוצה החזר כספי על ההזמנה', 'אף אחד לא עונה בשירות הלקוחות', 'מתי המשלוח יגיע?', 'איך אפשר לבטל את המנוי?', 'האפליקציה לא עובדת מאז העדכון'],
    no: ['תודה רבה על השירות המעולה', 'הקניתי אתמול נעליים חדשות'],
  },
};

describe.each(Object.entries(CASES))('needsReply in %s', (_, { yes, no }) => {
  it.each(yes)('flags %s', (text) => expect(nr(text)).toBe(true));
  it.each(no)('does not flag %s', (text) => expect(nr(text)).toBe(false));
});

describe('needsReply', () => {
  it('is false for empty or symbol-only text', () => {
    expect(nr('')).toBe(false);
    expect(nr('???')).toBe(false);
    expect(nr('😡😡😡')).toBe(false);
  });
});
