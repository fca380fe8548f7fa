import type {
  Catalog,
  CatalogPort,
  CatalogProduct,
  FieldNode,
  PortVersion,
} from '../model/catalog-model.js';
import { flattenFields } from '../model/field-tree.js';
import { describeChange } from '../model/schema-changes.js';
import { html, jsonForScript, raw, type SafeHtml } from './html.js';
import { page } from './layout.js';
import { domainPath, productPath } from './paths.js';
import { badge } from './render-index.js';

const ROOT = '../../';

const portKey = (port: CatalogPort): string => `${port.name}-v${port.major}`;

const showDefault = (v: unknown): string => JSON.stringify(v) ?? 'undefined';

const fieldLine = (f: FieldNode): SafeHtml =>
  html`<span class="fname">${f.name}</span>
    <code class="ftype">${f.type}</code>
    ${f.pii ? html` <span class="badge pii" title="personal data">PII</span>` : ''}${f.nullable ? html` <span class="badge soft">nullable</span>` : ''}${f.logicalType && !f.type.startsWith(f.logicalType) ? html` <span class="badge soft">${f.logicalType}</span>` : ''}${f.hasDefault ? html` <span class="default">default <code>${showDefault(f.default)}</code></span>` : ''}${f.symbols ? html` <span class="symbols">${f.symbols.join(' | ')}</span>` : ''}${f.doc ? html`<span class="doc">${f.doc}</span>` : ''}`;

const fieldTree = (fields: readonly FieldNode[], top: boolean): SafeHtml =>
  html`<ul class="tree" ${top ? html` role="list"` : ''}>
    ${fields.map((f) =>
      f.children && f.children.length > 0
        ? html`<li>
            <details open>
              <summary>${fieldLine(f)}</summary>
              ${fieldTree(f.children, false)}
            </details>
          </li>`
        : html`<li><div class="leaf">${fieldLine(f)}</div></li>`,
    )}
  </ul>`;

const slaTable = (port: CatalogPort): SafeHtml =>
  port.slas.length === 0
    ? html`<p>No SLAs declared.</p>`
    : html`<table>
        <caption>
          Service levels of ${port.name} v${port.major}
        </caption>
        <thead>
          <tr>
            <th scope="col">SLA</th>
            <th scope="col">Target</th>
            <th scope="col">Status</th>
            <th scope="col">Measured</th>
          </tr>
        </thead>
        <tbody>
          ${port.slas.map(
            (s) =>
              html`<tr>
                <th scope="row">${s.kind}</th>
                <td>${s.target}</td>
                <td>${badge('sla', s.status)}</td>
                <td>
                  ${s.measured ?? '–'}${s.measuredAt ? html` <span class="when">(${s.measuredAt})</span>` : ''}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`;

/** Pass ratio per run as a sparkline; the same figures are in the table beside it. */
const trend = (port: CatalogPort): SafeHtml => {
  const h = port.quality.history;
  if (h.length < 2) return html``;
  const w = 160;
  const step = w / (h.length - 1);
  const pts = h.map((r, i) => {
    const total = r.passed + r.failed;
    const ratio = total === 0 ? 1 : r.passed / total;
    return `${(i * step).toFixed(1)},${(30 - ratio * 28).toFixed(1)}`;
  });
  const last = h.at(-1)!;
  const label = `pass rate over the last ${h.length} runs; latest ${last.passed} passed, ${last.failed} failed`;
  return html`<figure class="trend">
    <svg role="img" aria-label="${label}" width="${w}" height="32" viewBox="0 -1 ${w} 33">
      <polyline fill="none" stroke="currentColor" stroke-width="2" points="${pts.join(' ')}" />
    </svg>
    <figcaption>${label}</figcaption>
  </figure>`;
};

const qualitySection = (port: CatalogPort): SafeHtml => {
  const q = port.quality;
  if (q.rules.length === 0) return html`<p>No quality rules declared.</p>`;
  const latest = q.latest;
  return html`<p>
      Status
      ${badge('quality', q.status)}${latest ? html` · last run <time>${latest.at}</time>` : html` · no results yet (run <code>mesh quality</code>)`}
    </p>
    ${trend(port)}
    <table>
      <caption>
        Quality rules of ${port.name} v${port.major}
      </caption>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Expectation</th>
          <th scope="col">Severity</th>
          <th scope="col">Latest</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        ${q.rules.map((r) => {
          const res = latest?.results.find((x) => x.rule === r.name);
          return html`<tr>
            <th scope="row">
              ${r.name}${r.description ? html`<span class="doc">${r.description}</span>` : ''}
            </th>
            <td><code>${r.expectation}</code></td>
            <td>${r.severity}</td>
            <td>${res ? badge('quality', res.passed ? 'passing' : 'failing') : '–'}</td>
            <td>
              ${res?.value ?? ''}${res?.message ? html`<span class="doc">${res.message}</span>` : ''}
            </td>
          </tr>`;
        })}
      </tbody>
    </table>`;
};

const consume = (product: CatalogProduct, port: CatalogPort): SafeHtml => {
  const n = port.names;
  const ts = `import { Kafka } from 'kafkajs';
import { AvroDeserializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';

const registry = new SchemaRegistryClient({ baseURLs: ['http://127.0.0.1:8081'] });
const avro = new AvroDeserializer(registry, SerdeType.VALUE, {});
const consumer = new Kafka({ brokers: ['127.0.0.1:9092'] }).consumer({ groupId: '<your-team>.${product.name}' });
await consumer.subscribe({ topics: ['${n.topic}'] });
await consumer.run({
  eachMessage: async ({ message }) => {
    const record = await avro.deserialize('${n.topic}', message.value!);
  },
});`;
  const yaml = `inputPorts:\n  - { product: ${product.id}, port: ${port.name}, major: ${port.major} }`;
  const sql = `-- DuckDB, on the lake\nSELECT * FROM read_parquet('.mesh/lake/${n.lakePath}/**/*.parquet') LIMIT 10;\n-- Athena, through Glue\nSELECT * FROM "${n.glueDatabase}"."${n.glueTable}" LIMIT 10;`;
  return html`<dl class="facts">
      <dt>Kafka topic</dt>
      <dd><code>${n.topic}</code></dd>
      <dt>Registry subject</dt>
      <dd><code>${n.subject}</code> (${port.compatibility})</dd>
      <dt>Glue table</dt>
      <dd><code>${n.glueDatabase}.${n.glueTable}</code></dd>
      <dt>Lake path</dt>
      <dd><code>${n.lakePath}</code></dd>
    </dl>
    <p>Declare the dependency in your <code>product.yaml</code>:</p>
    <pre><code>${yaml}</code></pre>
    <p>Read the stream (TypeScript):</p>
    <pre><code>${ts}</code></pre>
    <p>Query the data:</p>
    <pre><code>${sql}</code></pre>`;
};

const versionLabel = (v: PortVersion, i: number): string =>
  `${v.version ?? '?'} · ${v.commit ? v.commit.slice(0, 8) : 'working tree'}${v.date ? ` · ${v.date.slice(0, 10)}` : ''}${i === 0 ? ' (current)' : ''}`;

const history = (port: CatalogPort): SafeHtml => {
  const key = portKey(port);
  const vs = port.versions;
  const rows = vs.map(
    (v, i) =>
      html`<tr>
        <th scope="row">${v.version ?? '?'}</th>
        <td>
          ${v.commit ? html`<code title="${v.commit}">${v.commit.slice(0, 8)}</code>` : 'working tree'}
        </td>
        <td>${v.date ? html`<time>${v.date.slice(0, 10)}</time>` : ''}</td>
        <td>${v.author ?? ''}</td>
        <td>${v.subject ?? ''}</td>
        <td>
          ${
            v.changes.length === 0
              ? i === vs.length - 1
                ? 'first version'
                : 'no field changes'
              : html`<ul class="changes">
                  ${v.changes.slice(0, 12).map((c) => html`<li class="${c.kind}">${describeChange(c)}</li>`)}${v.changes.length > 12 ? html`<li>… ${v.changes.length - 12} more</li>` : ''}
                </ul>`
          }
        </td>
        <td>
          ${
            v.compatibility
              ? html`${v.compatibility.backward === undefined ? '' : badge('compat', v.compatibility.backward ? 'backward' : 'not-backward')}
                ${v.compatibility.forward === undefined ? '' : badge('compat', v.compatibility.forward ? 'forward' : 'not-forward')}${
                  v.compatibility.messages.length > 0
                    ? html`<ul class="changes">
                        ${v.compatibility.messages.slice(0, 5).map((m) => html`<li>${m}</li>`)}
                      </ul>`
                    : ''
                }`
              : '–'
          }
        </td>
      </tr>`,
  );
  const options = (selected: number) =>
    vs.map(
      (v, i) =>
        html`<option value="${i}" ${i === selected ? raw(' selected') : ''}>
          ${versionLabel(v, i)}
        </option>`,
    );
  return html`<table>
      <caption>
        Versions of ${port.name} v${port.major}, newest first
      </caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Commit</th>
          <th scope="col">Date</th>
          <th scope="col">Author</th>
          <th scope="col">Message</th>
          <th scope="col">Changes from the previous</th>
          <th scope="col">Compatibility</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    ${
      vs.length < 2
        ? html`<p>Only one version: nothing to compare yet.</p>`
        : html`<form class="diff" data-port="${key}" aria-labelledby="diff-h-${key}">
            <h4 id="diff-h-${key}">Compare two versions</h4>
            <div class="diff-pick">
              <label for="diff-a-${key}">Older (left)</label>
              <select id="diff-a-${key}" name="a">
                ${options(1)}
              </select>
              <label for="diff-b-${key}">Newer (right)</label>
              <select id="diff-b-${key}" name="b">
                ${options(0)}
              </select>
            </div>
            <div class="diff-output" aria-live="polite"></div>
          </form>`
    }`;
};

const portSection = (product: CatalogProduct, port: CatalogPort): SafeHtml => {
  const key = portKey(port);
  return html`<section class="port" id="port-${key}" aria-labelledby="port-h-${key}">
    <h2 id="port-h-${key}">Port ${port.name} <span class="major">v${port.major}</span></h2>
    <p class="meta">
      version ${port.version} · ${port.compatibility} ·
      ${port.format}${port.partitionBy.length > 0 ? html` · partitioned by ${port.partitionBy.join(', ')}` : ''}${port.lifecycle ? html` · ${badge('lifecycle', port.lifecycle)}` : ''}${port.sunset ? html` · sunset ${port.sunset}` : ''}
    </p>
    ${port.description ? html`<p class="desc">${port.description}</p>` : ''}
    <section aria-labelledby="schema-h-${key}">
      <h3 id="schema-h-${key}">Schema</h3>
      <p class="meta">
        record
        <code>${port.schema.namespace ? `${port.schema.namespace}.` : ''}${port.schema.name}</code>
        · ${flattenFields(port.schema.fields).length} fields ·
        <a href="${ROOT}catalog.json">contract ${port.contractFile}</a>
      </p>
      ${port.schema.doc ? html`<p class="desc">${port.schema.doc}</p>` : ''}
      <div class="schema">${fieldTree(port.schema.fields, true)}</div>
    </section>
    <section aria-labelledby="sla-h-${key}">
      <h3 id="sla-h-${key}">SLAs</h3>
      ${slaTable(port)}
    </section>
    <section aria-labelledby="quality-h-${key}">
      <h3 id="quality-h-${key}">Quality</h3>
      ${qualitySection(port)}
    </section>
    <section aria-labelledby="consume-h-${key}">
      <h3 id="consume-h-${key}">How to consume</h3>
      ${consume(product, port)}
    </section>
    <section aria-labelledby="history-h-${key}">
      <h3 id="history-h-${key}">Version history</h3>
      ${history(port)}
    </section>
  </section>`;
};

const lineage = (catalog: Catalog, product: CatalogProduct): SafeHtml => {
  const link = (id: string) => html`<a href="${ROOT}${productPath(id)}">${id}</a>`;
  const upstream = catalog.lineage.filter((e) => e.to === product.id);
  const downstream = catalog.lineage.filter((e) => e.from === product.id);
  return html`<section id="lineage" aria-labelledby="lineage-h">
    <h2 id="lineage-h">Lineage</h2>
    <div class="lineage">
      <div>
        <h3 id="up-h">Upstream</h3>
        ${
          upstream.length === 0
            ? html`<p>No input ports.</p>`
            : html`<ul aria-labelledby="up-h">
                ${upstream.map((e) => html`<li>${link(e.from)} <span class="meta">${e.port} v${e.major}</span></li>`)}
              </ul>`
        }
      </div>
      <div class="self" aria-hidden="true">
        <span>→</span> <strong>${product.id}</strong> <span>→</span>
      </div>
      <div>
        <h3 id="down-h">Downstream</h3>
        ${
          downstream.length === 0
            ? html`<p>No consumers.</p>`
            : html`<ul aria-labelledby="down-h">
                ${downstream.map((e) => html`<li>${link(e.to)} <span class="meta">reads ${e.port} v${e.major}</span></li>`)}
              </ul>`
        }
      </div>
    </div>
  </section>`;
};

/** The data the page's script needs for diffs: every version's flattened fields per port. */
const pageData = (product: CatalogProduct) => ({
  ports: Object.fromEntries(
    product.ports.map((port) => [
      portKey(port),
      port.versions.map((v, i) => ({
        label: versionLabel(v, i),
        fields: flattenFields(v.schema.fields).map((f) => [
          f.path,
          f.type,
          f.hasDefault ? showDefault(f.default) : null,
          f.doc ?? null,
        ]),
      })),
    ]),
  ),
});

export const renderProduct = (catalog: Catalog, product: CatalogProduct): string => {
  const p = product;
  const body = html`<nav aria-label="Breadcrumb" class="crumbs">
      <ol>
        <li><a href="${ROOT}domains.html">Domains</a></li>
        <li><a href="${ROOT}${domainPath(p.domain)}">${p.domain}</a></li>
        <li aria-current="page">${p.name}</li>
      </ol>
    </nav>
    <h1>${p.title} <span class="id">${p.id}</span></h1>
    <p class="meta">
      ${badge('lifecycle', p.lifecycle)}${p.sunset ? html` sunset ${p.sunset}` : ''}
      ${badge('quality', p.qualityStatus)}${p.gate ? html` ${badge('gate', p.gate.status)}` : ''}
    </p>
    ${p.description ? html`<p class="desc" id="description">${p.description}</p>` : ''}
    <dl class="facts">
      <dt>Owner</dt>
      <dd>
        ${p.owner.team}${p.owner.email ? html` · <a href="mailto:${p.owner.email}">${p.owner.email}</a>` : ''}${p.owner.slack ? html` · Slack ${p.owner.slack}` : ''}
      </dd>
      <dt>Domain</dt>
      <dd><a href="${ROOT}${domainPath(p.domain)}">${p.domain}</a></dd>
      ${
        p.tags.length > 0
          ? html`<dt>Tags</dt>
              <dd>${p.tags.map((t) => html`<span class="tag">${t}</span> `)}</dd>`
          : ''
      }
      <dt>Descriptor</dt>
      <dd><code>${p.file}</code></dd>
    </dl>
    <nav aria-label="On this page" class="toc">
      <ul>
        ${p.ports.map((port) => html`<li><a href="#port-${portKey(port)}">Port ${port.name} v${port.major}</a></li>`)}
        <li><a href="#lineage">Lineage</a></li>
      </ul>
    </nav>
    ${p.ports.map((port) => portSection(p, port))} ${lineage(catalog, p)}
    <script type="application/json" id="product-data">
      ${raw(jsonForScript(pageData(p)))}
    </script>`;
  return page({
    title: p.title,
    root: ROOT,
    body,
    scripts: ['assets/product.js'],
    current: 'products',
  });
};
