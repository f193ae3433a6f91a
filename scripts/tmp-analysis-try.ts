import { analyze } from '../activities/analysis/analyze.js';
const ex = process.argv.slice(2).length ? process.argv.slice(2) : [
 'I love this phone, the camera is amazing!', 'Worst customer service ever. I want my money back.', 'The store opens at 9am on Monday.',
 'Absolutely terrible experience, never buying again 😡', 'Thank you so much, you guys are awesome ❤️', 'New version released today.',
 'المنتج رائع جدا وأنصح به الجميع 😍', 'خدمة سيئة جدا وما حد يرد علي، أسوأ شركة', 'يبدأ المؤتمر غدا في الساعة العاشرة صباحا',
 'الله يعطيكم العافية على الخدمة الممتازة', 'حسبي الله ونعم الوكيل فيكم سرقتوا فلوسي',
 'כל הכבוד, שירות מעולה ומהיר! תודה רבה', 'בושה וחרפה, השירות גרוע ואף אחד לא עונה', 'הפגישה תתקיים ביום שלישי בשעה עשר',
 'אוהבים אותך, בהצלחה!', 'מגעיל, פשוט מגעיל. שקרנים',
];
for (const t of ex) { const a = analyze({ text: t }); console.log(a.lang, a.sentiment, a.score, a.confidence, a.needs_reply, '|', t); }
