/** The page's stylesheet: plain, print-friendly, numbers in tabular figures. */
export const REPORT_CSS = `
:root {
  --ink: #1f2933; --muted: #5f6b7a; --line: #e3e7ed; --paper: #ffffff; --ground: #f4f6f9;
  --accent: #3a6ea5; --accent-soft: #eaf1f9; --mark: #fff6e0;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--ground); color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
main { max-width: 1680px; margin: 0 auto; padding: 28px 24px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 4px; }
h3 { font-size: 15px; margin: 0 0 6px; }
p.note, .caption { color: var(--muted); margin: 4px 0 12px; font-size: 13px; }
section, header.card {
  background: var(--paper); border: 1px solid var(--line); border-radius: 10px;
  padding: 18px 20px; margin: 0 0 18px; box-shadow: 0 1px 2px rgba(16, 24, 40, 0.04);
}
dl.meta {
  display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr));
  gap: 8px 24px; margin: 14px 0 0;
}
dl.meta div { min-width: 0; }
dl.meta dt {
  color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em;
}
dl.meta dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.picks { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px; }
.pick { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.pick .figure { font-size: 26px; font-weight: 700; color: var(--accent); }
.pick .label { color: var(--muted); font-size: 12px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { padding: 5px 7px; border-bottom: 1px solid var(--line); text-align: left; }
th { background: #f8fafc; font-weight: 600; white-space: nowrap; }
thead tr:first-child th { border-top: 1px solid var(--line); }
th.group { text-align: center; border-left: 1px solid var(--line); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.start, th.start { border-left: 1px solid var(--line); }
td.sel, th.sel { background: var(--accent-soft); font-weight: 600; }
table.dense th, table.dense td { padding: 4px 5px; font-size: 12px; }
tbody tr:hover td { background: #f2f5f9; }
tr.measured td { background: var(--mark); }
tr.best td:first-child { box-shadow: inset 3px 0 0 var(--accent); }
td.id, span.id {
  font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px;
  white-space: nowrap;
}
span.sd { color: var(--muted); font-size: 11px; font-weight: 400; margin-left: 3px; }
.factor {
  display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 6fr); gap: 24px;
  align-items: start; border-top: 1px solid var(--line); padding: 16px 0 4px;
}
.factor:first-child { border-top: none; padding-top: 4px; }
@media (max-width: 900px) { .factor { grid-template-columns: minmax(0, 1fr); } }
.chart { width: 100%; }
.chart-block + .chart-block { margin-top: 20px; }
footer { color: var(--muted); font-size: 12px; text-align: center; }
@media print { body { background: white; } section, header.card { box-shadow: none; } }
`;
