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
const EMOJI_POLARITY: ReadonlyMap<number, number> = new Map([
  ...POSITIVE.map((e) => [e.codePointAt(0)!, 1] as [number, number]),
  ...NEGATIVE.map((e) => [e.codePointAt(0)!, -1] as [number, number]),
]);

/** Counts positive and negative emoji in a string. */
export function emojiPolarity(s: string): { pos: number; neg: number } {
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x2600) continue; // below the first emoji of the lists
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) i++;
    const p = EMOJI_POLARITY.get(cp);
    if (p === 1) pos++;
    else if (p === -1) neg++;
  }
  return { pos, neg };
}
