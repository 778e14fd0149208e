// Case: urbit/developers.urbit.org, fix commit 6a23792229084ca393c8a7adee2725b489b0e7e7 ("search: parallelise with
// promise.all"; https://github.com/urbit/developers.urbit.org/pull/52, from urbit/urbit.org#1624), file
// components/Search.js.
// The code just before the fix, rewritten in our own code: a search box queries its own index, then, inside the
// callback of that first request, three other sites' search endpoints, each awaited before the next one starts.
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
    fetch(this.endpoint('docs.example.org', text))
      .then((res) => res.json())
      .then(async (body) => {
        const own = asHits('DOC')(body);

        const blog = await fetch(this.endpoint('blog.example.org', text))
          .then((res) => res.json())
          .then(asHits('BLOG'));

        const glossary = await fetch(this.endpoint('glossary.example.org', text))
          .then((res) => res.json())
          .then(asHits('TERM'));

        const guides = await fetch(this.endpoint('ops.example.org', text))
          .then((res) => res.json())
          .then(asHits('GUIDE'));

        this.setState({ hits: [...glossary, ...own, ...blog, ...guides] });
      });
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
