/** The site's one stylesheet. Colours keep a 4.5:1 contrast; focus is always visible. */
export const STYLE_CSS = `
:root { --fg:#1b1f24; --muted:#4d5561; --bg:#fff; --panel:#f4f6f8; --line:#d5dae0; --accent:#0b5cad;
  --ok:#1a7f37; --bad:#b42318; --warn:#8a5a00; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
body { margin:0; color:var(--fg); background:var(--bg); line-height:1.5; }
a { color:var(--accent); }
:focus-visible { outline:3px solid #f59e0b; outline-offset:2px; }
.skip { position:absolute; left:-999px; top:0; background:#fff; padding:.5rem; z-index:10; }
.skip:focus { left:.5rem; }
.top { display:flex; gap:2rem; align-items:center; padding:.6rem 1.5rem; background:#102a43; }
.top a { color:#fff; }
.brand { font-weight:700; text-decoration:none; }
.top ul { display:flex; gap:1.2rem; list-style:none; margin:0; padding:0; }
.top a[aria-current=page] { text-decoration:underline 3px; }
main { max-width:1200px; margin:0 auto; padding:1rem 1.5rem 3rem; }
main:focus { outline:none; }
footer { color:var(--muted); text-align:center; font-size:.85rem; padding:1rem; }
h1 .id { font-size:1rem; color:var(--muted); font-weight:400; }
.meta, .help, .when { color:var(--muted); font-size:.9rem; }
.desc { white-space:pre-wrap; }
.lead { font-size:1.05rem; }
.searchbar { display:block; margin:1rem 0; }
.searchbar label { display:block; font-weight:600; }
.searchbar input { width:100%; font-size:1.1rem; padding:.5rem .7rem; border:2px solid var(--line); border-radius:6px; }
.with-sidebar { display:grid; grid-template-columns: 240px 1fr; gap:1.5rem; }
@media (max-width: 800px) { .with-sidebar { grid-template-columns: 1fr; } }
aside fieldset { border:1px solid var(--line); border-radius:6px; margin:0 0 .8rem; padding:.4rem .6rem; max-height:16rem; overflow:auto; }
aside legend { font-weight:600; }
aside label { display:flex; gap:.4rem; align-items:baseline; font-size:.9rem; }
aside label .n { margin-left:auto; color:var(--muted); }
.linklike { background:none; border:none; color:var(--accent); text-decoration:underline; cursor:pointer; padding:0; font:inherit; }
.cards { list-style:none; padding:0; margin:0; }
.cards li { border-bottom:1px solid var(--line); padding:.6rem 0; }
.cards h2, .cards h3 { margin:0; font-size:1.1rem; }
.cards p { margin:.15rem 0; }
.badge { display:inline-block; font-size:.75rem; padding:0 .45rem; border-radius:999px; border:1px solid currentColor; white-space:nowrap; }
.quality-passing, .sla-met, .gate-passed, .compat-backward, .compat-forward, .lifecycle-active { color:var(--ok); }
.quality-failing, .sla-violated, .gate-failed, .compat-not-backward, .compat-not-forward, .lifecycle-retired { color:var(--bad); }
.lifecycle-deprecated, .lifecycle-experimental { color:var(--warn); }
.quality-unknown, .sla-unknown, .soft { color:var(--muted); }
.pii { color:#fff; background:var(--bad); border-color:var(--bad); }
.tag { display:inline-block; background:var(--panel); border:1px solid var(--line); border-radius:4px; padding:0 .35rem; font-size:.85rem; }
.facts { display:grid; grid-template-columns:max-content 1fr; gap:.2rem 1rem; }
.facts dt { font-weight:600; }
.facts dd { margin:0; }
.toc ul { display:flex; flex-wrap:wrap; gap:1rem; list-style:none; padding:0; }
.port { border-top:3px solid var(--line); margin-top:2rem; }
.tree { list-style:none; padding-left:1.2rem; margin:.2rem 0; border-left:1px dotted var(--line); }
.schema > .tree { padding-left:0; border:none; }
.tree summary { cursor:pointer; }
.fname { font-weight:600; }
.ftype { color:#6f2da8; }
.doc { display:block; color:var(--muted); font-size:.88rem; white-space:pre-wrap; }
.symbols, .default { font-size:.85rem; color:var(--muted); }
table { border-collapse:collapse; width:100%; margin:.5rem 0 1rem; font-size:.92rem; }
caption { text-align:left; font-weight:600; padding:.3rem 0; }
th, td { text-align:left; vertical-align:top; border-bottom:1px solid var(--line); padding:.3rem .5rem; }
pre { background:var(--panel); border:1px solid var(--line); border-radius:6px; padding:.7rem; overflow:auto; font-size:.85rem; }
.changes { margin:0; padding-left:1rem; }
.changes .field-added { color:var(--ok); }
.changes .field-removed { color:var(--bad); }
.lineage { display:grid; grid-template-columns:1fr auto 1fr; gap:1rem; align-items:start; }
.lineage .self { align-self:center; padding:1rem; background:var(--panel); border-radius:6px; }
.diff-pick { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:center; }
.diff-output table td { font-family: ui-monospace, monospace; font-size:.85rem; }
tr.added td.b, tr.added th { background:#e6f4ea; }
tr.removed td.a, tr.removed th { background:#fdecea; }
tr.changed td { background:#fff4d6; }
.trend { margin:.3rem 0; color:var(--accent); }
.trend figcaption { font-size:.8rem; color:var(--muted); }
.crumbs ol { list-style:none; display:flex; gap:.5rem; padding:0; margin:.3rem 0; font-size:.9rem; }
.crumbs li + li::before { content:"/"; margin-right:.5rem; color:var(--muted); }
kbd { border:1px solid var(--line); border-radius:3px; padding:0 .25rem; font-size:.85em; }
`;
