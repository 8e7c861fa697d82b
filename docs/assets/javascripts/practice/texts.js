/* The stories' texts, fetched: the Practice page carries each card's question and principles, and the build writes
   the four parts of every story (allow-listed HTML, as the other pages show them) into JSON files beside the page.
   A file is read only if it has that shape; a story whose four parts are not all strings is left out, and its card
   says its text could not be loaded rather than showing half a story. */

export const STAR_PARTS = ["situation", "task", "action", "result"];

/** The stories of a story-texts file (already parsed JSON), as a Map from story id to its four parts' HTML. */
export function readStoryTexts(document) {
  const stories = new Map();
  const entries = document !== null && typeof document === "object" ? document.stories : null;
  if (entries === null || typeof entries !== "object" || Array.isArray(entries)) {
    return stories;
  }
  for (const id of Object.keys(entries)) {
    const parts = entries[id];
    if (parts !== null && typeof parts === "object" && STAR_PARTS.every((part) => typeof parts[part] === "string")) {
      stories.set(id, Object.fromEntries(STAR_PARTS.map((part) => [part, parts[part]])));
    }
  }
  return stories;
}

/** The order to fetch the files in: `first` (the shown card's, when known), then the others in the page's order. */
export function fetchOrder(files, first) {
  const rest = files.filter((file) => file !== first);
  return files.indexOf(first) === -1 ? rest : [first, ...rest];
}
