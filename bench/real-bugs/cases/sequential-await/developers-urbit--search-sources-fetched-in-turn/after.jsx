// Case: urbit/developers.urbit.org, fix commit 6a23792229084ca393c8a7adee2725b489b0e7e7 ("search: parallelise with
// promise.all"; https://github.com/urbit/developers.urbit.org/pull/52, from urbit/urbit.org#1624), file
// components/Search.js.
// The fixed code, rewritten in our own code: the four searches start together and are awaited as one.
import { Component } from 'react';

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

const asHits = (kind) => (body) => body.hits.map((hit) => ({ kind, hit }));

export default class SiteSearch extends Component {
  state = { hits: [] };

  endpoint(site, text) {
    return `https://${site}/api/search?q=${encodeURIComponent(text)}`;
  }

  onQuery = debounce(async (text) => {
    if (!text) return;
    const search = (site, kind) =>
      fetch(this.endpoint(site, text))
        .then((res) => res.json())
        .then(asHits(kind));

    const [own, blog, glossary, guides] = await Promise.all([
      search('docs.example.org', 'DOC'),
      search('blog.example.org', 'BLOG'),
      search('glossary.example.org', 'TERM'),
      search('ops.example.org', 'GUIDE'),
    ]);
    this.setState({ hits: [...glossary, ...own, ...blog, ...guides] });
  }, 250);

  render() {
    return (
      <div>
        <input onChange={(event) => this.onQuery(event.target.value)} />
        <ul>
          {this.state.hits.map(({ kind, hit }) => (
            <li key={`${kind}:${hit.url}`}>{hit.title}</li>
          ))}
        </ul>
      </div>
    );
  }
}
