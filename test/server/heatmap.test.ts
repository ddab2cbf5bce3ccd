import { describe, expect, it } from 'vitest';
import { renderHeatmap } from '../../src/server/heatmap.js';

describe('renderHeatmap (pure: series in, HTML out)', () => {
  it('pads the first week to its weekday and draws each day with its status in words', () => {
    // 2026-12-02 is a Wednesday: two padding cells (Monday, Tuesday) come first.
    const html = renderHeatmap({
      label: 'iso27001-2022 A.5.33',
      days: [
        { day: '2026-12-02', status: 'pass' },
        { day: '2026-12-03', status: 'no_evidence', note: 'no sealed run on this day' },
        { day: '2026-12-04', status: 'fail' },
      ],
    });
    expect(html.match(/hm-pad/g)).toHaveLength(2);
    expect([...html.matchAll(/data-day="([^"]+)" data-status="([^"]+)"/g)].map((m) => [m[1], m[2]])).toEqual([
      ['2026-12-02', 'pass'],
      ['2026-12-03', 'no_evidence'],
      ['2026-12-04', 'fail'],
    ]);
    expect(html).toContain('title="2026-12-03: no evidence — no sealed run on this day"');
    expect(html).not.toMatch(/style=/);
  });

  it('escapes what it prints', () => {
    const html = renderHeatmap({ label: '<x> "A"', days: [{ day: '2026-12-07', status: 'error', note: '<script>' }] });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('aria-label="&#60;x&#62; &#34;A&#34;: daily status"');
  });
});
