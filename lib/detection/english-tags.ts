// English words and their parts of speech, for the phrases of "what is spreading": wink-nlp's
// tokeniser (contractions split, "n't" read as "not", hashtags, emoji and punctuation told apart)
// and its part-of-speech tagger (Universal POS tags), with the English lite model that npm installs
// as a package (nothing is fetched at run time). The model loads on the first English text
// (about 0.1 to 0.3 s), not when the module is imported.
import winkNLP, { type PartOfSpeech, type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface TaggedWord {
  /** The word as written (lower case), or what a contraction's part stands for ("n't" -> "not", "ca" -> "can"). */
  word: string;
  pos: PartOfSpeech | 'HASHTAG';
}

let nlp: WinkMethods | undefined;

/**
 * The words of a lower-cased English text in order; `null` for what is not a word and ends a
 * phrase (punctuation, numbers, emoji, URLs, @mentions...). A hashtag is one word without its `#`.
 * The tagger reads lower-cased text: posts use capitals for shouting and headlines, which it
 * would otherwise take for proper nouns.
 */
export function tagEnglish(lowerCased: string): (TaggedWord | null)[] {
  nlp ??= winkNLP(model, ['pos']);
  const its = nlp.its;
  const tokens = nlp.readDoc(lowerCased).tokens();
  const types = tokens.out(its.type);
  const values = tokens.out(its.value);
  const normals = tokens.out(its.normal);
  const contracted = tokens.out(its.contractionFlag) as unknown as boolean[];
  const tags = tokens.out(its.pos) as PartOfSpeech[];
  return types.map((type, i) => {
    if (type === 'hashtag') return { word: values[i].slice(1), pos: 'HASHTAG' };
    if (type !== 'word') return null;
    // The value keeps the writer's spelling ("cancelled"); the normal form also respells words.
    return { word: contracted[i] ? normals[i] : values[i], pos: tags[i] };
  });
}
