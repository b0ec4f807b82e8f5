// Which characters a word holds, as bits: a cheap lower bound on the edits between two words, so
// fuzzy matching can skip the edit-distance table for words that cannot be close.

/**
 * Which characters a text holds, in two 32-bit masks: `latin` has a bit per letter a-z (and shares
 * bits 26-31 among every other character that is not Cyrillic), `cyrillic` a bit per letter а-я (and
 * shares them among the other Cyrillic letters: і, ї, є, ґ). A bit missing from a candidate's masks
 * is a character it lacks for certain; characters that share a bit are never counted twice, so the
 * missing bits never number more than the characters missing.
 */
export interface LetterMask {
  latin: number;
  cyrillic: number;
}

const isLatinLower = (code: number) => code >= 97 && code <= 122;
const isCyrillic = (code: number) => code >= 0x0400 && code <= 0x04ff;

export function letterMask(text: string): LetterMask {
  let latin = 0;
  let cyrillic = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isCyrillic(code)) cyrillic |= 1 << (code >= 0x0430 && code <= 0x044f ? code - 0x0430 : code & 31);
    else if (isLatinLower(code)) latin |= 1 << (code - 97);
    else latin |= 1 << (26 + (code % 6));
  }
  return { latin, cyrillic };
}

/** How many letters of a word are Latin (either case) and how many Cyrillic. */
export function lettersByAlphabet(word: string): { latin: number; cyrillic: number } {
  let latin = 0;
  let cyrillic = 0;
  for (let index = 0; index < word.length; index++) {
    const code = word.charCodeAt(index);
    if (isLatinLower(code | 0x20)) latin++;
    else if (isCyrillic(code)) cyrillic++;
  }
  return { latin, cyrillic };
}

function bitCount(value: number): number {
  let bits = value - ((value >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (((bits + (bits >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** At least how many edits turn `word` into `other`: the characters of `word` that `other` lacks. */
export function missingLetters(word: LetterMask, other: LetterMask): number {
  return bitCount(word.latin & ~other.latin) + bitCount(word.cyrillic & ~other.cyrillic);
}
