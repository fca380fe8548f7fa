import type { Catalog } from '../model/catalog-model.js';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';
import { domainPath, productPath } from './paths.js';

const BADGE_LABELS: Record<string, string> = { quality: 'quality ', gate: 'gate ', sla: '' };

/** A status pill; its text says what it is about, so colour is never the only signal. */
export const badge = (kind: string, value: string): SafeHtml =>
  html`<span class="badge ${kind}-${value.replace(/[^a-z-]/g, '')}"
    >${BADGE_LABELS[kind] ?? ''}${value}</span
  >`;

/**
 * The index: search box, facets and the product list. The list is rendered here as well, so the
 * page is usable before (or without) the script, which then takes it over.
 */
export const renderIndex = (catalog: Catalog): string => {
  const body = html`<h1>Data products</h1>
    <p class="lead">
      ${catalog.products.length} products in ${catalog.domains.length}
      domains${catalog.gate ? html`; ${badge('gate', catalog.gate.status)}` : ''}.
    </p>
    <search class="searchbar" role="search">
      <label for="q">Search products, ports, fields and docs</label>
      <input
        id="q"
        type="search"
        autocomplete="off"
        spellcheck="false"
        aria-controls="results"
        aria-describedby="count search-help"
        placeholder="e.g. customer_email"
      />
      <p id="search-help" class="help">
        Every word must match the start of a name or word. Press <kbd>/</kbd> to jump here.
      </p>
    </search>
    <div class="with-sidebar">
      <aside aria-labelledby="filters-h">
        <h2 id="filters-h">Filters</h2>
        <form id="facets" aria-describedby="facets-help">
          <p id="facets-help" class="help">Narrow the list; counts follow the search.</p>
        </form>
        <button type="button" id="clear" class="linklike">Clear search and filters</button>
      </aside>
      <section aria-labelledby="results-h" class="results">
        <h2 id="results-h">Results</h2>
        <p id="count" role="status" aria-live="polite">${catalog.products.length} products</p>
        <ol id="results" class="cards">
          ${catalog.products.map(
            (p) =>
              html`<li>
                <h3><a href="${productPath(p.id)}">${p.title}</a></h3>
                <p class="meta">
                  <span>${p.id}</span> · <span>${p.owner.team}</span> ·
                  ${badge('lifecycle', p.lifecycle)} ${badge('quality', p.qualityStatus)}
                </p>
                ${p.description ? html`<p class="desc">${p.description.slice(0, 240)}</p>` : ''}
              </li> `,
          )}
        </ol>
      </section>
    </div>`;
  return page({
    title: 'Data products',
    root: '',
    body,
    scripts: ['assets/search-data.js', 'assets/search.js'],
    current: 'products',
  });
};

export const renderDomainsIndex = (catalog: Catalog): string => {
  const body = html`<h1>Domains</h1>
    <ul class="cards">
      ${catalog.domains.map(
        (d) =>
          html`<li>
            <h2><a href="${domainPath(d.name)}">${d.title}</a></h2>
            <p class="meta">
              ${d.name}${d.owner ? html` · ${d.owner.team}` : ''} · ${d.products.length} products
            </p>
            ${d.description ? html`<p class="desc">${d.description}</p>` : ''}
          </li> `,
      )}
    </ul>`;
  return page({ title: 'Domains', root: '', body, current: 'domains' });
};

export const renderDomain = (catalog: Catalog, name: string): string => {
  const d = catalog.domains.find((x) => x.name === name)!;
  const products = catalog.products.filter((p) => p.domain === name);
  const ids = new Set(d.products);
  const incoming = catalog.lineage.filter((e) => ids.has(e.to) && !ids.has(e.from));
  const outgoing = catalog.lineage.filter((e) => ids.has(e.from) && !ids.has(e.to));
  const root = '../';
  const link = (id: string) => html`<a href="${root}${productPath(id)}">${id}</a>`;
  const body = html`<nav aria-label="Breadcrumb" class="crumbs">
      <ol>
        <li><a href="${root}domains.html">Domains</a></li>
        <li aria-current="page">${d.title}</li>
      </ol>
    </nav>
    <h1>${d.title}</h1>
    ${d.description ? html`<p class="desc">${d.description}</p>` : ''}
    <dl class="facts">
      ${
        d.owner
          ? html`<dt>Owner</dt>
              <dd>
                ${d.owner.team}${d.owner.email ? html` · <a href="mailto:${d.owner.email}">${d.owner.email}</a>` : ''}
              </dd>`
          : ''
      }
      ${
        d.tags.length > 0
          ? html`<dt>Tags</dt>
              <dd>${d.tags.map((t) => html`<span class="tag">${t}</span> `)}</dd>`
          : ''
      }
    </dl>
    <section aria-labelledby="products-h">
      <h2 id="products-h">Products (${products.length})</h2>
      <ul class="cards">
        ${products.map(
          (p) =>
            html`<li>
              <h3>${link(p.id)}</h3>
              <p class="meta">
                ${p.title} · ${p.owner.team} · ${badge('lifecycle', p.lifecycle)}
                ${badge('quality', p.qualityStatus)}
              </p>
              ${p.description ? html`<p class="desc">${p.description.slice(0, 240)}</p>` : ''}
            </li> `,
        )}
      </ul>
    </section>
    <section aria-labelledby="lineage-h">
      <h2 id="lineage-h">Lineage across the domain boundary</h2>
      <h3>Read from other domains</h3>
      ${
        incoming.length === 0
          ? html`<p>None.</p>`
          : html`<ul>
              ${incoming.map((e) => html`<li>${link(e.from)} / ${e.port} v${e.major} → ${link(e.to)}</li>`)}
            </ul>`
      }
      <h3>Read by other domains</h3>
      ${
        outgoing.length === 0
          ? html`<p>None.</p>`
          : html`<ul>
              ${outgoing.map((e) => html`<li>${link(e.from)} / ${e.port} v${e.major} → ${link(e.to)}</li>`)}
            </ul>`
      }
    </section>`;
  return page({ title: d.title, root, body, current: 'domains' });
};
