/* The address bar is input: whatever follows "#" may be anything a link or a person typed (malformed percent
   escapes, 100 KB, any Unicode). Practice only ever needs to know whether it names one of the page's stories. */

/** The text after "#", percent-decoded when it decodes; never throws. */
export function readAnchor(hash) {
  const raw = hash.charAt(0) === "#" ? hash.slice(1) : hash;
  try {
    return decodeURIComponent(raw);
  } catch (error) {
    return raw; // "#%" or a cut escape: kept as typed, it names nothing
  }
}

/** The story the address names, if it is one of `storyIds` (a Set); null otherwise. */
export function linkedStory(hash, storyIds) {
  const anchor = readAnchor(hash);
  return storyIds.has(anchor) ? anchor : null;
}
