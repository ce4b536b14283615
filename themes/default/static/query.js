// What the search page sends to Pagefind for what the reader typed.
//
// Pagefind's Finnish stemmer does not bring every case form of a word to the
// same stem (pandemiasta ≠ pandemia), but Pagefind matches word prefixes. So
// on the Finnish site a case ending is taken off each query word, leaving a
// prefix that matches all forms of the word: pandemiasta → pandemia.
// Base forms hidden by consonant gradation (hallinnon → hallinto) and
// compound parts are handled at build time instead (generator/wordforms.py).

const FINNISH_ENDINGS = [
  "iltaan", "iltään", "issaan", "issään", "ineen",
  "istaan", "istään", "ihinsa", "ihinsä",
  "seen", "siin", "ista", "istä", "issa", "issä", "illa", "illä", "ilta", "iltä", "ille", "iksi", "tten",
  "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "hin", "iin", "jen", "ien", "ina", "inä",
  "na", "nä", "n", "t",
];
const MIN_STEM = 4;

function trimFinnish(word) {
  const lower = word.toLocaleLowerCase("fi");
  if (!/^[a-zåäö]+$/.test(lower)) return word; // names with digits, numbers, codes: as typed
  for (const ending of FINNISH_ENDINGS) {
    if (lower.endsWith(ending) && lower.length - ending.length >= MIN_STEM) {
      return lower.slice(0, lower.length - ending.length);
    }
  }
  return word;
}

export function searchTerm(query, lang) {
  if (lang !== "fi") return query;
  return query.split(/\s+/).filter(Boolean).map(trimFinnish).join(" ");
}
