import { describe, expect, it } from 'vitest';
import { needsReply } from '../../../lib/analysis/needs-reply.js';
import { cleanText } from '../../../lib/analysis/normalize.js';

const nr = (s: string): boolean => needsReply(cleanText(s));

describe('needsReply', () => {
  it('flags English requests and real questions', () => {
    expect(nr('I want a refund for order 1234')).toBe(true);
    expect(nr('@AcmeHelp my package never arrived, still waiting since Monday')).toBe(true);
    expect(nr('How do I reset my password?')).toBe(true);
    expect(nr('Can you tell me when the store reopens?')).toBe(true);
    expect(nr('The app is not working since the update')).toBe(true);
    expect(nr('Nobody is answering the phone at customer service')).toBe(true);
  });

  it('does not flag English praise, news or rhetorical exclamations', () => {
    expect(nr('Love the new update, great job team!')).toBe(false);
    expect(nr('Acme announces record quarterly earnings')).toBe(false);
    expect(nr('Seriously?!')).toBe(false);
    expect(nr('Check this out https://example.com/page?id=how')).toBe(false);
  });

  it('flags Arabic requests and questions', () => {
    expect(nr('أبي استرجاع فلوسي الطلب ما وصل')).toBe(true);
    expect(nr('ساعدوني التطبيق ما يشتغل')).toBe(true);
    expect(nr('متى يوصل الطلب؟')).toBe(true);
    expect(nr('كيف أقدر ألغي الاشتراك؟')).toBe(true);
    expect(nr('خدمة العملاء لا ترد على الاتصالات')).toBe(true);
  });

  it('does not flag Arabic praise or statements', () => {
    expect(nr('شكرا على الخدمة الممتازة')).toBe(false);
    expect(nr('المنتج رائع جدا')).toBe(false);
  });

  it('flags Hebrew requests and questions', () => {
    expect(nr('אני רוצה החזר כספי על ההזמנה')).toBe(true);
    expect(nr('אף אחד לא עונה בשירות הלקוחות')).toBe(true);
    expect(nr('מתי המשלוח יגיע?')).toBe(true);
    expect(nr('איך אפשר לבטל את המנוי?')).toBe(true);
    expect(nr('האפליקציה לא עובדת מאז העדכון')).toBe(true);
  });

  it('does not flag Hebrew praise or statements', () => {
    expect(nr('תודה רבה על השירות המעולה')).toBe(false);
    expect(nr('הקניתי אתמול נעליים חדשות')).toBe(false);
  });

  it('is false for empty or symbol-only text', () => {
    expect(nr('')).toBe(false);
    expect(nr('???')).toBe(false);
    expect(nr('😡😡😡')).toBe(false);
  });
});
