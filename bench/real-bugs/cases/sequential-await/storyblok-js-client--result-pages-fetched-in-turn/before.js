// Case: storyblok/storyblok-js-client, fix commit 57bc42bfd2af133c92be1250d2f9b3856ccd4f29 ("feat(client): improve
// parallelism in get-all method"; https://github.com/storyblok/storyblok-js-client/issues/72, PR #78).
// The code just before the fix, rewritten in our own code: a CMS client lists every entry of a collection by asking
// for the first page (which says how many there are) and then for each further page in turn, though once the number
// of pages is known no page request needs another's answer.
const responseCache = new Map();

const pageOptions = (options, perPage, page) => ({ ...options, per_page: perPage, page });

class ContentClient {
  constructor(http, options = {}) {
    this.http = http;
    this.defaultVersion = options.version || 'published';
  }

  withDefaults(params) {
    return { version: this.defaultVersion, ...params };
  }

  async cachedGet(url, params) {
    const key = `${url}?${JSON.stringify(params)}`;
    const hit = responseCache.get(key);
    if (hit !== undefined) return hit;
    const reply = await this.http.get(url, { params });
    const response = { data: reply.data, total: Number(reply.headers.total) };
    responseCache.set(key, response);
    return response;
  }

  pageRequest(url, params, perPage, page) {
    return this.cachedGet(url, this.withDefaults(pageOptions(params, perPage, page)));
  }

  async listAll(slug, params = {}, kind) {
    const perPage = params.per_page || 25;
    let page = 1;
    const url = `/${slug}`;
    kind = kind || url.split('/').pop();

    let response = await this.pageRequest(url, params, perPage, page);
    let entries = Object.values(response.data[kind]);
    const lastPage = Math.ceil(response.total / perPage);

    while (page < lastPage) {
      page++;
      response = await this.pageRequest(url, params, perPage, page);
      entries = [...entries, ...Object.values(response.data[kind])];
    }

    return entries;
  }
}

module.exports = ContentClient;
