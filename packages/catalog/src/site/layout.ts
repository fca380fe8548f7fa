import { html, type SafeHtml } from './html.js';

export interface PageOptions {
  title: string;
  /** Relative path from the page to the site root, e.g. `../../` (empty at the root). */
  root: string;
  body: SafeHtml;
  /** Script files relative to the root, loaded at the end of the body in this order. */
  scripts?: string[];
  /** Which top navigation entry is current. */
  current?: 'products' | 'domains';
}

/** The frame of every page: landmarks, skip link, top navigation. */
export const page = (o: PageOptions): string =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${o.title} · Meshkit catalog</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="${o.root}assets/style.css" />
      </head>
      <body data-root="${o.root}">
        <a class="skip" href="#main">Skip to content</a>
        <header class="top" role="banner">
          <a class="brand" href="${o.root}index.html">Meshkit catalog</a>
          <nav aria-label="Site">
            <ul>
              <li>
                <a
                  href="${o.root}index.html"
                  ${o.current === 'products' ? html` aria-current="page"` : ''}
                  >Products</a
                >
              </li>
              <li>
                <a
                  href="${o.root}domains.html"
                  ${o.current === 'domains' ? html` aria-current="page"` : ''}
                  >Domains</a
                >
              </li>
              <li><a href="${o.root}catalog.json">catalog.json</a></li>
            </ul>
          </nav>
        </header>
        <main id="main" tabindex="-1">${o.body}</main>
        <footer role="contentinfo">
          <p>Built by <code>mesh catalog build</code>.</p>
        </footer>
        ${(o.scripts ?? []).map((s) => html`<script src="${o.root}${s}"></script> `)}
      </body>
    </html> `.value;
