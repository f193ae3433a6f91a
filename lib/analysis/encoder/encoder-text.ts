// What the encoder reads: the cleaned text (`cleanText`) with links and @handles replaced by one
// short placeholder each, so a t.co link does not spend ten word pieces of the window. The
// same function prepares training rows (scripts/train-encoder.ts) and live mentions.
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
const HANDLE_RE = /(^|[^\p{L}\p{N}_])@[\p{L}\p{N}_]{1,50}/gu;

export function encoderText(clean: string): string {
  let s = clean;
  if (s.indexOf('http') !== -1 || s.indexOf('www.') !== -1) s = s.replace(URL_RE, 'http');
  if (s.indexOf('@') !== -1) s = s.replace(HANDLE_RE, '$1@user');
  return s.replace(/\s+/g, ' ').trim();
}
