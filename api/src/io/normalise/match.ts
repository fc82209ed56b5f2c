import { cleanText } from './thai.js';

/**
 * A matching key: what is left of a label once case, whitespace, punctuation and Thai digits no
 * longer matter. Thai vowel and tone marks are combining marks (\p{M}) and must be kept: without
 * them ใช้งานได้ and ใชงานได would collide.
 */
export function keyOf(s: string): string {
  let k = keys.get(s);
  if (k === undefined) {
    k = cleanText(s).toLowerCase().replace(/[^\p{L}\p{M}\p{N}]/gu, '');
    // Enum and header cells repeat a lot: a bounded cache makes their matching nearly free.
    if (keys.size >= 20_000) keys.clear();
    keys.set(s, k);
  }
  return k;
}
const keys = new Map<string, string>();

/** Levenshtein distance over code points (Thai characters count one each). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/**
 * The candidate closest to `input` (both already keys), or undefined when none is close: within an
 * edit distance of a third of the longer word (rounded up), or one containing the other when the
 * shorter has at least 2 characters. Ties go to the first candidate.
 */
export function closest<T>(input: string, candidates: Iterable<[key: string, value: T]>): T | undefined {
  let best: { score: number; value: T } | undefined;
  for (const [key, value] of candidates) {
    if (key === '' || input === '') continue;
    const d = editDistance(input, key);
    const limit = Math.max(1, Math.ceil(Math.max([...input].length, [...key].length) / 3));
    let score = d <= limit ? d : Infinity;
    const shorter = Math.min([...input].length, [...key].length);
    // A containment match ranks after any edit within the limit but before nothing.
    if (score === Infinity && shorter >= 2 && (input.includes(key) || key.includes(input))) score = 1000 + d;
    if (score < (best?.score ?? Infinity)) best = { score, value };
  }
  return best?.value;
}
