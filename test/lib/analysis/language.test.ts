import { describe, expect, it } from 'vitest';
import { countScripts, detectLanguage } from '../../../lib/analysis/language.js';
import { cleanText } from '../../../lib/analysis/normalize.js';

const lang = (s: string, hint?: string): string => detectLanguage(cleanText(s), hint);

describe('detectLanguage', () => {
  it('tells the three main languages', () => {
    expect(lang('The delivery was late again and nobody answered my emails')).toBe('en');
    expect(lang('الخدمة سيئة جدا والطلب لم يصل حتى الآن')).toBe('ar');
    expect(lang('השירות היה מצוין והמשלוח הגיע בזמן')).toBe('he');
  });

  it('labels other languages as themselves, never as one of the three', () => {
    expect(lang("Le service client ne répond jamais, c'est vraiment inadmissible")).toBe('fr');
    expect(lang('El pedido llegó tarde y nadie me contesta, qué vergüenza')).toBe('es');
    expect(lang('Доставка опять опоздала, никто не отвечает на письма')).toBe('ru');
    expect(lang('Die Lieferung kam wieder zu spät und niemand antwortet')).toBe('de');
    expect(lang('این محصول واقعا عالی است و من خیلی راضی هستم')).toBe('fa');
  });

  it('gives a mixed-script post its dominant language', () => {
    expect(lang('האפליקציה של Acme Bank קורסת כל פעם שאני מנסה להתחבר, ממש מעצבן')).toBe('he');
    expect(lang('I ordered from them last week and the package never came شكرا')).toBe('en');
    expect(lang('طلبت من Amazon والشحنة ما وصلت لحد الآن والدعم ما يرد')).toBe('ar');
  });

  it('ignores URLs and @handles when counting letters', () => {
    expect(lang('@someverylongenglishhandle https://example.com/some/long/english/path שירות גרוע')).toBe('he');
  });

  it('uses the declared language only when the text cannot tell', () => {
    expect(lang('😍😍😍', 'he')).toBe('he');
    expect(lang('Merci', 'fr')).toBe('fr');
    expect(lang('השירות היה מצוין', 'en')).toBe('he');
  });

  it('returns und when there is nothing to tell', () => {
    expect(lang('')).toBe('und');
    expect(lang('😍🔥👍')).toBe('und');
    expect(lang('https://t.co/abc123')).toBe('und');
    expect(lang('12345 !!! ???')).toBe('und');
    expect(lang('<b>x</b>'.repeat(200))).toBe('und');
    expect(lang('a'.repeat(5000))).toBe('und');
  });

  it('calls short English posts English', () => {
    expect(lang('thanks!')).toBe('en');
    expect(lang('worst app ever')).toBe('en');
  });
});

describe('countScripts', () => {
  it('counts letters per script, ignoring emoji and digits', () => {
    expect(countScripts('abc שלום مرحبا 😀 123')).toEqual({ latin: 3, hebrew: 4, arabic: 5, cyrillic: 0, other: 0 });
  });
});
