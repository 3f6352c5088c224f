/**
 * Issue text is written by anyone, and a reviewer reads it rendered: what the rendering hides
 * (HTML comments, invisible characters, hidden elements, alt text, link titles, unused link
 * definitions) is where instructions for the agent get smuggled. The sanitiser keeps what a
 * reader of the issue sees and removes the rest, before the text reaches the agent.
 *
 * It works on the Markdown source with the CommonMark grammar's own patterns and errs towards
 * removing: an HTML comment or hidden element is removed even inside a code block, where it
 * would have been visible, rather than guessing block structure the way GitHub might not.
 */

export interface Sanitized {
  text: string;
  /** How many characters (code points) were removed. */
  removed: number;
}

/**
 * Characters that render as nothing: zero-width space, non-joiner and joiner, word joiner, the
 * invisible math operators, BOM, Mongolian vowel separator, and the tag block (U+E0000–U+E007F,
 * which spells ASCII invisibly). Bidirectional controls reorder what is shown: embeddings and
 * overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C).
 * https://www.unicode.org/reports/tr9/#Explicit_Directional_Formatting_Characters
 */
const INVISIBLE =
  /[\u200B-\u200D\u2060-\u2064\uFEFF\u180E\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]|\u{E0000}|[\u{E0001}-\u{E007F}]/gu;

/** Character references (`&#8203;`, `&#x202E;`, `&zwj;`), which GitHub renders as the character. */
const CHARACTER_REFERENCE = /&#(?:[xX]([0-9a-fA-F]{1,6})|(\d{1,7}));/g;
const INVISIBLE_NAMED_REFERENCE =
  /&(?:ZeroWidthSpace|NegativeVeryThinSpace|NegativeThinSpace|NegativeMediumSpace|NegativeThickSpace|zwj|zwnj|lrm|rlm|NoBreak|InvisibleTimes|InvisibleComma|ApplyFunction|it|ic|af);/g;

function withoutInvisibleReferences(text: string): string {
  return text
    .replace(CHARACTER_REFERENCE, (reference, hex: string | undefined, decimal: string | undefined) => {
      const codePoint = hex ? Number.parseInt(hex, 16) : Number(decimal);
      const char = codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : "";
      return char && new RegExp(INVISIBLE.source, "u").test(char) ? "" : reference;
    })
    .replace(INVISIBLE_NAMED_REFERENCE, "");
}

/** An HTML comment, or one that is never closed (it hides the rest of the text). */
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

/** CommonMark's open tag: name, attributes (quoted values may hold `>`), optional `/`. */
const ATTRIBUTE = String.raw`\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>\x60]+))?`;
const OPEN_TAG = new RegExp(String.raw`<([A-Za-z][A-Za-z0-9-]*)((?:${ATTRIBUTE})*)\s*(/?)>`, "g");
const ONE_ATTRIBUTE = /([A-Za-z_:][\w.:-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

/** Elements that have no closing tag. */
const VOID_ELEMENTS = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
/** Elements whose content is never shown. */
const INVISIBLE_ELEMENTS = new Set(["script", "style", "template", "noscript"]);
/** Attributes whose value a reader can see or follow; every other attribute is unseen text. */
const VISIBLE_ATTRIBUTES = new Set(["href", "src", "open", "colspan", "rowspan", "align", "width", "height"]);

/** Removes from `text` everything its rendering would not show; counts what went. */
export function sanitizeMarkdown(text: string): Sanitized {
  let result = withoutInvisibleReferences(text).replace(INVISIBLE, "");
  result = result.replace(HTML_COMMENT, "");
  result = removeHiddenElements(result);
  result = result.replace(OPEN_TAG, (_tag, name: string, attributes: string, slash: string) => {
    return `<${name}${visibleAttributes(attributes)}${slash ? " /" : ""}>`;
  });
  result = removeImageAltText(result);
  result = removeLinkTitles(result);
  result = removeUnseenDefinitions(result);
  return { text: result, removed: codePoints(text) - codePoints(result) };
}

/**
 * What `[...text].length` gives (a lone surrogate counts as one), without making a string per
 * character: for a megabytes-long issue those fill the young generation, which stays grown.
 */
function codePoints(text: string): number {
  let count = text.length;
  for (let i = 1; i < text.length; i++) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xdc00 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800) count--;
  }
  return count;
}

function isHidden(name: string, attributes: string): boolean {
  if (INVISIBLE_ELEMENTS.has(name.toLowerCase())) return true;
  for (const [, key, raw] of attributes.matchAll(ONE_ATTRIBUTE)) {
    const attribute = key!.toLowerCase();
    const value = unquote(raw ?? "").toLowerCase();
    if (attribute === "hidden") return true;
    if (attribute === "style" && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/.test(value))
      return true;
  }
  return false;
}

/**
 * Removes each hidden element with its content, up to its matching closing tag (same-name tags
 * nest). An element never closed hides the rest of the text; a void one is just the tag.
 */
function removeHiddenElements(text: string): string {
  const tags = new RegExp(OPEN_TAG.source, "g");
  let result = "";
  let kept = 0;
  for (let tag = tags.exec(text); tag; tag = tags.exec(text)) {
    if (!isHidden(tag[1]!, tag[2] ?? "")) continue;
    const name = tag[1]!.toLowerCase();
    const afterOpen = tag.index + tag[0].length;
    const end = tag[3] || VOID_ELEMENTS.has(name) ? afterOpen : closingEnd(text, name, afterOpen);
    result += text.slice(kept, tag.index);
    kept = end;
    tags.lastIndex = end;
  }
  return result + text.slice(kept);
}

/** Where the element opened before `from` ends: after its matching `</name>`, or the text's end. */
function closingEnd(text: string, name: string, from: number): number {
  const tags = new RegExp(String.raw`<(/?)${name}(?=[\s/>])(?:${ATTRIBUTE})*\s*(/?)>`, "gi");
  tags.lastIndex = from;
  let depth = 1;
  for (let tag = tags.exec(text); tag; tag = tags.exec(text)) {
    if (tag[1]) depth--;
    else if (!tag[2]) depth++;
    if (depth === 0) return tag.index + tag[0].length;
  }
  return text.length;
}

function visibleAttributes(attributes: string): string {
  const kept: string[] = [];
  for (const [whole, key] of attributes.matchAll(ONE_ATTRIBUTE)) {
    if (VISIBLE_ATTRIBUTES.has(key!.toLowerCase())) kept.push(whole);
  }
  return kept.map((attribute) => ` ${attribute}`).join("");
}

function unquote(value: string): string {
  return /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value;
}

/** Link text in brackets: escapes and one level of nested brackets, as people write them. */
const BRACKETED = String.raw`\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]`;

/** `![alt](src)` and `![alt][ref]` become `![](src)` and `![][ref]`: alt text is never shown. */
function removeImageAltText(text: string): string {
  return text.replace(new RegExp(`!${BRACKETED}(?=[(\\[])`, "g"), "![]");
}

/** A link destination: `<…>` or a run without spaces whose parentheses balance one level deep. */
const DESTINATION = String.raw`<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+`;
const TITLE = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)`;

/** `[text](url "title")` becomes `[text](url)`: a title only shows on hover. */
function removeLinkTitles(text: string): string {
  const inline = new RegExp(String.raw`\]\(\s*(${DESTINATION})\s+(?:${TITLE})\s*\)`, "g");
  return text.replace(inline, (_match, destination: string) => `](${destination})`);
}

/**
 * Link reference definitions (`[label]: url "title"`) render as nothing. A definition that a
 * link uses keeps its label and destination; its title and every unused definition go (that
 * also removes the `[//]: # (comment)` idiom).
 */
function removeUnseenDefinitions(text: string): string {
  const definition = new RegExp(
    String.raw`^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:[ \t]*(${DESTINATION})(?:[ \t]+(?:${TITLE}))?[ \t]*$`,
    "gm",
  );
  const definitions = [...text.matchAll(definition)];
  if (definitions.length === 0) return text;
  const used = referencedLabels(text.replace(definition, ""));
  return text.replace(definition, (_line, label: string, destination: string) =>
    used.has(normalizeLabel(label)) ? `[${label}]: ${destination}` : "",
  );
}

/** Labels used by `[text][label]`, `[label][]` and `[label]`, normalised as CommonMark does. */
function referencedLabels(text: string): Set<string> {
  const labels = new Set<string>();
  for (const match of text.matchAll(new RegExp(`${BRACKETED}(?:${BRACKETED})?`, "g"))) {
    const label = match[2] ? match[2] : match[1]!;
    labels.add(normalizeLabel(label));
  }
  return labels;
}

function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, " ").toLowerCase();
}
