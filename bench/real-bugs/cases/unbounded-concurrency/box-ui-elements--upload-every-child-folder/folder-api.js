// The content API's folder endpoint, as far as the case uses it (a request per call).
export default class FolderApi {
  constructor(options) {
    this.options = options;
  }

  create(parentId, name, onSuccess, onError) {
    fetch(`${this.options.apiHost}/2.0/folders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.options.token}` },
      body: JSON.stringify({ name, parent: { id: parentId } }),
    })
      .then((response) => (response.ok ? response.json() : Promise.reject(response)))
      .then(onSuccess, onError);
  }
}
