// A small emoji polarity lexicon. The trained models learn each emoji's weight from the data;
// this list adds a shared "positive emoji" / "negative emoji" signal for emoji too rare to be
// learned, and it is the whole text signal for languages without a model.

const POSITIVE = [
  '😀', '😃', '😄', '😁', '😆', '😊', '☺', '🙂', '😍', '🥰', '😘', '😗', '😙', '😚', '😋', '😎', '🤩', '🥳', '😇',
  '🤗', '👍', '👏', '🙌', '💪', '🎉', '🎊', '✨', '🌟', '⭐', '💯', '🔥', '❤', '♥', '💖', '💗', '💓', '💕', '💞',
  '💘', '💝', '💙', '💚', '💛', '💜', '🧡', '🤍', '🖤', '🤎', '😻', '👌', '✌', '🌹', '🌷', '🌸', '💐', '🏆', '🥇',
  '✅', '🆒', '😌', '🤤', '🫶', '🤝', '🙏',
];
const NEGATIVE = [
  '😠', '😡', '🤬', '😤', '👎', '💔', '😢', '😭', '😞', '😔', '😟', '😕', '🙁', '☹', '😣', '😖', '😫', '😩', '🥺',
  '😒', '🙄', '😑', '😐', '🤢', '🤮', '😷', '🤒', '😨', '😰', '😱', '😓', '😥', '💩', '🖕', '❌', '⛔', '🚫',
  '😬', '🤦', '🤥', '😪', '😿', '🥀', '⚠',
];

/** +1 positive, -1 negative, by code point (variation selectors do not matter). */
export const EMOJI_POLARITY: ReadonlyMap<number, number> = new Map([
  ...POSITIVE.map((e) => [e.codePointAt(0)!, 1] as [number, number]),
  ...NEGATIVE.map((e) => [e.codePointAt(0)!, -1] as [number, number]),
]);

/** True for code points in the main emoji and pictograph blocks. */
export function isEmojiCodePoint(cp: number): boolean {
  return (
    (cp >= 0x1f300 && cp <= 0x1faff) || // pictographs, emoticons, transport, supplemental
    (cp >= 0x2600 && cp <= 0x27bf) || // misc symbols, dingbats
    (cp >= 0x2b00 && cp <= 0x2bff) || // stars, arrows
    (cp >= 0x1f000 && cp <= 0x1f2ff) || // mahjong, cards, enclosed
    cp === 0x2764 || cp === 0x2665 || cp === 0x263a
  );
}

/** Counts positive and negative emoji in a string. */
export function emojiPolarity(s: string): { pos: number; neg: number; any: number } {
  let pos = 0;
  let neg = 0;
  let any = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x2600) continue;
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (!isEmojiCodePoint(cp)) continue;
    any++;
    const p = EMOJI_POLARITY.get(cp);
    if (p === 1) pos++;
    else if (p === -1) neg++;
  }
  return { pos, neg, any };
}
