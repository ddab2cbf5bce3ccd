/**
 * Wraps free text (a reason, a title) to `width` columns: on spaces, and inside a word only when the word
 * alone is longer than the line. cli-table3 would cut such a word with "…" instead — fine for prose, fatal
 * for an ARN someone must paste into an exception — so table cells get text already wrapped here and the
 * table sizes itself to it. `width` undefined: no wrapping.
 */
export function wrapText(text: string, width: number | undefined): string {
  if (width === undefined || width < 1) return text;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      let rest = word;
      while (rest.length > width) {
        if (line) lines.push(line), (line = '');
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
      if (!line) line = rest;
      else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
      else lines.push(line), (line = rest);
    }
    lines.push(line);
  }
  return lines.join('\n');
}
