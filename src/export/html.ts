/** Escapes text for HTML element content and attribute values. */
export function esc(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The shared inline style of the HTML outputs (no external asset: the files open offline). */
export const BASE_CSS = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1b1f24;max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}h3{font-size:1rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}pre{background:#f6f8fa;padding:.75rem;overflow:auto}
.s-pass{color:#1a7f37}.s-fail{color:#cf222e;font-weight:600}.s-error{color:#9a6700;font-weight:600}.s-excepted{color:#8250df}.s-no_evidence{color:#57606a;font-weight:600}
.verdict-ok{color:#1a7f37;font-weight:600}.verdict-note{color:#cf222e;font-weight:600}.legend span{display:inline-block;margin-right:1rem}`;
