// Case: elbywan/wretch, fix commit 687570b4547a57c3f2697d21006d79d905ce984b ("Clear pending timeout when request
// resolves / fails", issue https://github.com/elbywan/wretch/issues/50). Rewritten in our own code: a request chain's
// `timeout(ms)` arms a timer that aborts the request, and drops its handle; when the response (or an error) comes
// first, the timer keeps running until it fires and aborts a finished request.
export interface ResponseChain {
  timeout(ms: number, controller?: AbortController): ResponseChain;
  json<T>(): Promise<T>;
}

export function send(url: string, init: RequestInit = {}): ResponseChain {
  const controller = new AbortController();
  const request = fetch(url, { ...init, signal: init.signal ?? controller.signal });
  const checked = request.then((response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
    return response;
  });

  const chain: ResponseChain = {
    timeout(ms, abortWith = controller) {
      setTimeout(() => abortWith.abort(), ms);
      return chain;
    },
    json<T>() {
      return checked.then((response) => response.json() as Promise<T>);
    },
  };
  return chain;
}
