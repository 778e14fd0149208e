// Case: storyblok/storyblok-js-client, fix commit 57bc42bfd2af133c92be1250d2f9b3856ccd4f29 ("feat(client): improve
// parallelism in get-all method"; https://github.com/storyblok/storyblok-js-client/issues/72, PR #78).
// The fixed code, rewritten in our own code: once the first page says how many pages there are, the others are
// requested together.
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
    const url = `/${slug}`;
    kind = kind || url.split('/').pop();

    const first = await this.pageRequest(url, params, perPage, 1);
    const lastPage = Math.ceil(first.total / perPage);
    const pages = Array.from({ length: Math.max(lastPage - 1, 0) }, (_, index) => index + 2);
    const rest = await Promise.all(pages.map((page) => this.pageRequest(url, params, perPage, page)));

    return [first, ...rest].flatMap((response) => Object.values(response.data[kind]));
  }
}

module.exports = ContentClient;
